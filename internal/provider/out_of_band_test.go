package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Out-of-band edits show as drift, and apply restores the configuration.

// editBodyOutOfBand edits an approved template's body as WhatsApp Manager would.
func (tg *target) editBodyOutOfBand(name, body string) {
	tg.t.Helper()
	ctx := context.Background()
	found, err := tg.client().FindMessageTemplate(ctx, tg.seed.BusinessAccountID, name, "en_US")
	if err != nil || found == nil {
		tg.t.Fatalf("template not found: %v", err)
	}
	content := graph.MessageTemplateContent{Category: found.Category, ParameterFormat: found.ParameterFormat, Components: found.Components}
	for i, c := range content.Components {
		if c.Type == "BODY" {
			content.Components[i].Text = body
		}
	}
	if err := tg.client().EditMessageTemplate(ctx, found.ID, content); err != nil {
		tg.t.Fatal(err)
	}
}

// A template's content edited in WhatsApp Manager shows in the plan as an edit back to the
// configuration.
func TestAccMessageTemplate_editedOutOfBandIsDrift(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := templateName("oob_drift")
	const body = "Hi {{1}}, your order {{2}} has shipped."
	config := tg.provider() + utilityTemplate(name, body, "wait_for_review = true")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED"))},
			},
			{
				PreConfig:          func() { tg.editBodyOutOfBand(name, strings.Replace(body, "has shipped", "is on its way", 1)) },
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(tplAddr, tfjsonpath.New("body").AtMapKey("text"), knownvalue.StringExact(body)),
				}},
			},
		},
	})
}

// A template's content edited in WhatsApp Manager: once Meta allows another edit, apply edits it
// back.
func TestAccMessageTemplate_editedOutOfBand(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a day passes between two edits")
	name := templateName("oob_edit")
	const body = "Hi {{1}}, your order {{2}} has shipped."
	config := tg.provider() + utilityTemplate(name, body, "wait_for_review = true")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED"))},
			},
			{
				PreConfig: func() {
					tg.editBodyOutOfBand(name, strings.Replace(body, "has shipped", "is on its way", 1))
					// Meta allows one edit of an approved template a day: let the review end and
					// the day pass before Terraform edits it back.
					tg.emu.Advance(25 * time.Hour)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(tplAddr, tfjsonpath.New("body").AtMapKey("text"), knownvalue.StringExact(body)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("body").AtMapKey("text"), knownvalue.StringExact(body)),
				},
			},
		},
	})
}

// A number's callback override replaced in WhatsApp Manager: the plan sets it back.
func TestAccPhoneNumberWebhook_changedOutOfBand(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's webhook override")
	tg.needsLocalCallbacks()
	ep := newCallbackEndpoint(t, "tok")
	phone := tg.seed.PhoneNumberID
	config := hookConfig(tg, phone, ep.URL+"/mine", `verify_token_wo = "tok"`, "verify_token_wo_version = 1")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := tg.client().SetPhoneCallbackOverride(context.Background(), phone, ep.URL+"/theirs", "tok"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(phoneHookAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(phoneHookAddr, tfjsonpath.New("callback_url"), knownvalue.StringExact(ep.URL+"/mine")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectVerified(ep, "/mine", "/theirs", "/mine"),
			},
		},
	})
}

// Meta declining a requested display name is reported, and plans nothing: applying again would
// only submit the same name.
func TestAccPhoneNumber_displayNameDeclined(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta's review outcome")
	var id string
	renamed := strings.Replace(phoneConfig(tg, "register = false"), `"Jasper's Market"`, `"Jasper's Market & Deli"`, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: phoneConfig(tg, "register = false"), ConfigStateChecks: []statecheck.StateCheck{recordPhoneNumberID(phoneAddr, &id)}},
			{
				PreConfig: func() {
					if err := tg.emu.ReviewDisplayName(id, "APPROVED"); err != nil {
						t.Fatal(err)
					}
				},
				Config:            renamed,
				ConfigStateChecks: []statecheck.StateCheck{expectPhone("new_name_status", knownvalue.StringExact("PENDING_REVIEW"))},
			},
			{
				PreConfig: func() {
					if err := tg.emu.ReviewDisplayName(id, "DECLINED"); err != nil {
						t.Fatal(err)
					}
				},
				Config:           renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectPhone("display_name", knownvalue.StringExact("Jasper's Market & Deli")),
					expectPhone("verified_name", knownvalue.StringExact("Jasper's Market")),
					expectPhone("new_name_status", knownvalue.StringExact("DECLINED")),
				},
			},
		},
	})
}
