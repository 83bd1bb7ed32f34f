package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const wabaAddr = "whatsapp_business_account.main"

// wabaResource renders whatsapp_business_account.main adopting id, with extra attributes.
func wabaResource(id string, attrs ...string) string {
	return fmt.Sprintf("resource \"whatsapp_business_account\" \"main\" {\n  id = %q\n  %s\n}\n", id, strings.Join(attrs, "\n  "))
}

func TestAccBusinessAccount_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	id := tg.seed.BusinessAccountID
	orig := tg.keepWABASettings(id)
	name := acctest.RandomWithPrefix("tfacc-waba")
	tz := "7"
	if tg.emu == nil {
		tz = string(orig.TimezoneID) // a real account's billing day is not ours to move
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// Destroying the resource leaves the account at Meta.
			_, err := tg.client().GetWABA(context.Background(), id)
			return err
		},
		Steps: []resource.TestStep{
			{
				// Adopting without name or time zone changes nothing at Meta and reports Meta's values.
				Config: tg.provider() + wabaResource(id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("name"), knownvalue.StringExact(orig.Name)),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("timezone_id"), knownvalue.StringExact(string(orig.TimezoneID))),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("message_template_namespace"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f_]{20,}$`))),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("currency"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Z]{3}$`))),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("owner_business").AtMapKey("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`))),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("health_status").AtMapKey("can_send_message"), knownvalue.StringRegexp(regexp.MustCompile(`^(AVAILABLE|LIMITED|BLOCKED)$`))),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if tg.emu == nil {
						return nil
					}
					if posts := tg.calls(http.MethodPost, "/"+id+"$"); len(posts) != 0 {
						return fmt.Errorf("adopting without settings updated the account: %+v", posts)
					}
					return nil
				},
			},
			{
				Config: tg.provider() + wabaResource(id, fmt.Sprintf("name = %q", name), fmt.Sprintf("timezone_id = %q", tz)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(wabaAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("timezone_id"), knownvalue.StringExact(tz)),
				},
			},
			{ResourceName: wabaAddr, ImportState: true, ImportStateVerify: true, ImportStateId: id},
			{
				// Adopting with an import block and generated configuration plans no change.
				Config:          tg.provider(),
				ResourceName:    wabaAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   id,
				GenerateConfig:  true,
			},
			{
				// A rename in WhatsApp Manager is drift, and apply puts the configured name back.
				PreConfig: func() {
					other := name + "-elsewhere"
					if err := tg.client().UpdateWABA(context.Background(), id, graph.WABAUpdate{Name: &other}); err != nil {
						t.Fatal(err)
					}
				},
				Config: tg.provider() + wabaResource(id, fmt.Sprintf("name = %q", name), fmt.Sprintf("timezone_id = %q", tz)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(wabaAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				},
			},
			{
				// No longer configuring the name leaves Meta's value alone.
				Config:           tg.provider() + wabaResource(id),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
				},
			},
		},
	})
	t.Run("identity", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			TerraformVersionChecks:   identitySince,
			Steps: []resource.TestStep{
				{
					// The identity is the account id.
					Config: tg.provider() + wabaResource(id),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectIdentity(wabaAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}),
					},
				},
				// An import block naming the identity adopts the same account and plans no change.
				{ResourceName: wabaAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			},
		})
	})
}

func TestAccBusinessAccount_metaSideStatus(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("an account's review status Meta decides")
	id := tg.emu.AddWABA("Status account")
	config := tg.provider() + wabaResource(id)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("account_review_status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("health_status").AtMapKey("can_send_message"), knownvalue.StringExact("AVAILABLE")),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("health_status").AtMapKey("entities"), knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("ownership_type"), knownvalue.StringExact("SELF_OWNED")),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("owner_business").AtMapKey("id"), knownvalue.StringExact(tg.seed.BusinessID)),
				},
			},
			{
				// Meta restricting the account shows in state without planning any change.
				PreConfig: func() {
					if err := tg.emu.SetWABAStatus(id, emulator.WABAStatus{AccountReviewStatus: "RESTRICTED", BusinessVerificationStatus: "UNVERIFIED"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("account_review_status"), knownvalue.StringExact("RESTRICTED")),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("business_verification_status"), knownvalue.StringExact("UNVERIFIED")),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("health_status").AtMapKey("can_send_message"), knownvalue.StringExact("BLOCKED")),
					statecheck.ExpectKnownValue(wabaAddr, tfjsonpath.New("health_status").AtMapKey("entities").AtSliceIndex(0).AtMapKey("errors").AtSliceIndex(0).AtMapKey("code"), knownvalue.Int64Exact(141014)),
				},
			},
		},
	})
}

func TestAccBusinessAccount_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("an account removed, which Meta cannot do")
	id := tg.emu.AddWABA("Short-lived account")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + wabaResource(id, `name = "Short-lived account"`),
			Check: func(*terraform.State) error {
				if !tg.emu.RemoveWABA(id) {
					return fmt.Errorf("account %s was not there to remove", id)
				}
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(wabaAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

func TestAccBusinessAccount_notFound(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tg.provider() + wabaResource("100000000000001"),
			ExpectError: regexp.MustCompile(`WhatsApp Business Account not found(?s).*adopts\s+an\s+account\s+that\s+already\s+exists`),
		}},
	})
}

// Invalid settings fail at plan time, naming the attribute and the rule, before any Graph call.
func TestAccBusinessAccount_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	id := tg.seed.BusinessAccountID
	cases := map[string]struct {
		config string
		want   string
	}{
		"empty name":       {wabaResource(id, `name = ""`), `(?s)name.*length must be between 1 and 100`},
		"blank name":       {wabaResource(id, `name = "   "`), `(?s)name.*must not be blank`},
		"long name":        {wabaResource(id, fmt.Sprintf("name = %q", strings.Repeat("n", 101))), `(?s)name.*length must be between 1 and 100`},
		"textual timezone": {wabaResource(id, `timezone_id = "Europe/Berlin"`), `(?s)timezone_id.*numeric time zone id`},
		"textual id":       {wabaResource("my-waba"), `(?s)id.*numeric Graph object id`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tg.provider() + tc.config,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}
