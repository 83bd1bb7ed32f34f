package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const tplAddr = "whatsapp_message_template.t"

var compareSame = compare.ValuesSame()

var importIgnore = []string{"wait_for_review", "timeouts", "allow_category_change"}

func TestAccMessageTemplate_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := templateName("lifecycle")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkTemplateGone(name),
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", "wait_for_review = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(tplAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("rejected_reason"), knownvalue.StringExact("NONE")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("meta_category"), knownvalue.StringExact("UTILITY")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("parameter_format"), knownvalue.StringExact("POSITIONAL")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("buttons").AtSliceIndex(0).AtMapKey("type"), knownvalue.StringExact("URL")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// An edit keeps the template (same id) and goes through review again.
				Config: tg.provider() + utilityTemplate(name, "Hello {{1}}, your order {{2}} is on its way.", "wait_for_review = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(tplAddr, tfjsonpath.New("status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(tplAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("body").AtMapKey("text"), knownvalue.StringExact("Hello {{1}}, your order {{2}} is on its way.")),
				},
			},
			{
				// Changing only how apply behaves sends nothing to Meta and keeps Meta's values.
				Config: tg.provider() + utilityTemplate(name, "Hello {{1}}, your order {{2}} is on its way."),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
				}},
			},
			{ResourceName: tplAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: importIgnore, ImportStateIdFunc: importID(false)},
			{ResourceName: tplAddr, ImportState: true, ImportStateVerify: true, ImportStateVerifyIgnore: importIgnore, ImportStateIdFunc: importID(true)},
		},
	})
	if tg.emu != nil {
		pinned := graph.DefaultAPIVersion
		if v := os.Getenv(envAPIVersion); v != "" {
			pinned = v
		}
		for _, r := range tg.requests() {
			if r.Unversioned || !strings.HasPrefix(r.Path, "/"+pinned+"/") {
				t.Errorf("call not pinned to %s: %s %s", pinned, r.Method, r.Path)
			}
		}
	}
}

// importID builds "<waba>/<id>" or "<waba>/<name>/<language>" from state.
func importID(byName bool) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[tplAddr]
		if !ok {
			return "", fmt.Errorf("%s not in state", tplAddr)
		}
		a := rs.Primary.Attributes
		if byName {
			return a["business_account_id"] + "/" + a["name"] + "/" + a["language"], nil
		}
		return a["business_account_id"] + "/" + a["id"], nil
	}
}

func TestAccMessageTemplate_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := templateName("disappears")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped."),
			Check: func(s *terraform.State) error {
				a := s.RootModule().Resources[tplAddr].Primary.Attributes
				return tg.client().DeleteMessageTemplate(context.Background(), a["business_account_id"], a["name"], a["id"])
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

func TestAccMessageTemplate_rejectedThenFixed(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta's review outcome")
	name := templateName("rejected")
	var rejectedID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "^" + name + "$", Status: "REJECTED", Reason: "INVALID_FORMAT"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:      tg.provider() + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", "wait_for_review = true"),
				ExpectError: regexp.MustCompile(`(?s)Meta rejected the message template.*INVALID_FORMAT.*Fix the content and apply again`),
			},
			{
				PreConfig: func() {
					found, err := tg.client().FindMessageTemplate(context.Background(), tg.seed.BusinessAccountID, name, "en_US")
					if err != nil || found == nil || found.Status != "REJECTED" {
						t.Fatalf("rejected template not kept at Meta: %+v %v", found, err)
					}
					rejectedID = found.ID
					if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "^" + name + "$", Status: "APPROVED"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: tg.provider() + utilityTemplate(name, "Hello {{1}}, your order {{2}} is on its way.", "wait_for_review = true"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
				},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[tplAddr].Primary.ID; id != rejectedID {
						return fmt.Errorf("fixing the template created %s instead of editing rejected template %s", id, rejectedID)
					}
					if d := tg.calls(http.MethodDelete, "/message_templates$"); len(d) != 0 {
						return fmt.Errorf("the rejected template was deleted: %+v", d)
					}
					return nil
				},
			},
		},
	})
}

func TestAccMessageTemplate_waitTimeoutKeepsPending(t *testing.T) {
	// Meta's review takes longer than a second; the emulators review templates named so for an
	// hour (the standalone one by its seed file's review rule).
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Hour})
	name := templateName("slowreview")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", "wait_for_review = true", `timeouts = { create = "1s" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("PENDING")),
			},
			// Not tainted: the next plan is empty rather than a replacement.
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

func TestAccMessageTemplate_metaSideChanges(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta's review outcome")
	name := templateName("metaside")
	config := tg.provider() + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", "wait_for_review = true")
	review := func(rule emulator.ReviewRule) func() {
		return func() {
			rule.NameRegex = "^" + name + "$"
			if n, err := tg.emu.Review(rule); err != nil || n != 1 {
				t.Fatalf("review rule matched %d templates: %v", n, err)
			}
		}
	}
	var editsBefore int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// Meta pauses the template: state shows it, the plan stays empty.
				PreConfig:        review(emulator.ReviewRule{Status: "PAUSED", QualityScore: "RED"}),
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("PAUSED")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("quality_score"), knownvalue.StringExact("RED")),
				},
			},
			{
				// Meta recategorises it: meta_category shows the change, category keeps the intent, no diff.
				PreConfig:        review(emulator.ReviewRule{Category: "MARKETING", Status: "APPROVED", ApplyToExisting: true}),
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("category"), knownvalue.StringExact("UTILITY")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("meta_category"), knownvalue.StringExact("MARKETING")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("previous_category"), knownvalue.StringExact("UTILITY")),
				},
			},
			{
				// Acknowledging Meta's category sends no edit and spends no edit quota.
				PreConfig: func() { editsBefore = len(tg.calls(http.MethodPost, `^/v[0-9.]+/[0-9]+$`)) },
				Config:    strings.Replace(config, `category = "UTILITY"`, `category = "MARKETING"`, 1),
				Check: func(*terraform.State) error {
					if n := len(tg.calls(http.MethodPost, `^/v[0-9.]+/[0-9]+$`)); n != editsBefore {
						return fmt.Errorf("acknowledging the category sent %d edits", n-editsBefore)
					}
					return nil
				},
			},
			{
				// Changing an approved template's category is refused at plan time.
				Config:      config,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Meta does not allow changing an approved template's category`),
			},
		},
	})
}

func TestAccMessageTemplate_editQuota(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := templateName("quota")
	body := func(s string) string {
		return tg.provider() + utilityTemplate(name, s+" {{1}}, your order {{2}} has shipped.", "wait_for_review = true")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: body("Hi")},
			{Config: body("Hello")},
			{
				// The second edit of an approved template within 24 hours is refused before any call.
				Config:      body("Hey"),
				ExpectError: regexp.MustCompile(`(?s)Approved template edit limit reached.*per\s+24\s+hours`),
			},
		},
	})
}

func TestAccMessageTemplate_editQuotaEnforcedByMeta(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := templateName("metaquota")
	body := func(s string) string {
		return tg.provider() + utilityTemplate(name, s+" {{1}}, your order {{2}} has shipped.", "wait_for_review = true")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: body("Hi"),
				Check: func(s *terraform.State) error {
					// Someone edits the approved template in WhatsApp Manager.
					id := s.RootModule().Resources[tplAddr].Primary.ID
					var m messageTemplateModel
					current, err := tg.client().GetMessageTemplate(context.Background(), id)
					if err != nil {
						return err
					}
					m.applyRemote(current, nil)
					m.Footer.Text = types.StringValue("Edited in WhatsApp Manager")
					if err := tg.client().EditMessageTemplate(context.Background(), id, m.content()); err != nil {
						return err
					}
					// The review of the edit ends (approved again), within the day of the edit.
					tg.awaitReview(func() bool {
						current, err := tg.client().GetMessageTemplate(context.Background(), id)
						return err == nil && current.Status != "PENDING"
					})
					return nil
				},
				ExpectNonEmptyPlan: true,
			},
			{
				Config:      body("Hello"),
				ExpectError: regexp.MustCompile(`(?is)Cannot edit message template.*edit`),
			},
		},
	})
}

func TestAccMessageTemplate_lostCreateResponse(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a fault in Meta's answers")
	name := templateName("lost")
	tg.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: "/message_templates$", LoseResponse: true, Times: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped."),
			Check: func(*terraform.State) error {
				posts := tg.calls(http.MethodPost, "/message_templates$")
				if len(posts) != 1 || !posts[0].LostResponse {
					return fmt.Errorf("want exactly one create, whose response was lost; got %+v", posts)
				}
				all, err := tg.client().ListMessageTemplates(context.Background(), tg.seed.BusinessAccountID, graph.TemplateFilter{Name: name})
				if err != nil || len(all) != 1 {
					return fmt.Errorf("want one template named %s, got %d (%w)", name, len(all), err)
				}
				return nil
			},
		}},
	})
}

func TestAccMessageTemplate_appSecretProof(t *testing.T) {
	tg := newTarget(t, emulator.Options{RequireAppSecretProof: true})
	tg.needsEmulator("an app that requires appsecret_proof")
	name := templateName("proof")
	config := utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: tg.provider() + config, ExpectError: regexp.MustCompile(`appsecret_proof`)},
			{Config: tg.provider(fmt.Sprintf("app_secret = %q", tg.seed.AppSecret)) + config},
			{Config: tg.provider(`app_secret = "not-the-app-secret"`) + config, PlanOnly: true, ExpectError: regexp.MustCompile(`Invalid appsecret_proof`)},
			{Config: tg.provider(fmt.Sprintf("app_secret = %q", tg.seed.AppSecret)) + config},
		},
	})
}

func TestAccMessageTemplate_invalidToken(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.seed.AccessToken = "EAAnotavalidtoken"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tg.provider() + utilityTemplate(templateName("token"), "Hi {{1}}, your order {{2}} has shipped."),
			ExpectError: regexp.MustCompile(`(?s)Graph API error 190.*access token is missing, invalid or expired`),
		}},
	})
}

func TestAccMessageTemplate_pinnedVersion(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider(`api_version = "v24.0"`) + utilityTemplate(templateName("pinned"), "Hi {{1}}, your order {{2}} has shipped."),
		}},
	})
	reqs := tg.requests()
	if len(reqs) == 0 {
		t.Fatal("no Graph calls recorded")
	}
	for _, r := range reqs {
		if r.Unversioned || !strings.HasPrefix(r.Path, "/v24.0/") {
			t.Errorf("call not pinned to v24.0: %s %s", r.Method, r.Path)
		}
	}
}
