package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// A number added without a code waits, visibly, for one; with the code, apply verifies and
// registers it. PIN and code never reach state.
func TestAccPhoneNumber_onboarding(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("the code Meta sends to the SIM, and the display name review")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	pin1 := `pin_wo = "111111"` + "\n  pin_wo_version = 1"
	code := `verification_code_wo = "123456"` + "\n  verification_code_wo_version = 1"
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			p, err := tg.client().GetPhoneNumber(context.Background(), id)
			if err != nil {
				return fmt.Errorf("destroy must leave the number in the account (Meta cannot remove it): %w", err)
			}
			if p.Registered() {
				return fmt.Errorf("destroy left the number registered: %s", p.Status)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: phoneConfig(tg, pin1),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(phoneAddr, tfjsonpath.New("id")),
					expectPhone("business_account_id", knownvalue.StringExact(tg.seed.BusinessAccountID)),
					expectPhone("display_phone_number", knownvalue.StringExact("+1 631-555-1000")),
					expectPhone("status", knownvalue.StringExact("PENDING")),
					expectPhone("code_verification_status", knownvalue.StringExact("NOT_VERIFIED")),
					expectPhone("registered", knownvalue.Bool(false)),
					expectPhone("name_status", knownvalue.StringExact("PENDING_REVIEW")),
					expectPhone("verified_name", knownvalue.StringExact("Jasper's Market")),
					expectPhone("register", knownvalue.Bool(true)),
					expectPhone("deregister_on_destroy", knownvalue.Bool(true)),
					expectPhone("search_visibility", knownvalue.StringExact("VISIBLE")),
					expectPhone("pin_wo", knownvalue.Null()),
					recordPhoneNumberID(phoneAddr, &id),
					stateCheckFunc(func(*tfjson.State) error {
						if n := len(tg.calls(http.MethodPost, "/"+id+"/request_code$")); n != 1 {
							return fmt.Errorf("want one code request, got %d", n)
						}
						if n := len(tg.calls(http.MethodPost, "/register$")); n != 0 {
							return fmt.Errorf("an unverified number was registered %d times", n)
						}
						return nil
					}),
				},
				// Nothing can happen until someone reads the code: the plan stays empty (with a warning).
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: phoneConfig(tg, pin1, code),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(phoneAddr, tfjsonpath.New("registered")),
					plancheck.ExpectUnknownValue(phoneAddr, tfjsonpath.New("code_verification_status")),
				}, PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(phoneAddr, tfjsonpath.New("id")),
					expectPhone("code_verification_status", knownvalue.StringExact("VERIFIED")),
					expectPhone("status", knownvalue.StringExact("CONNECTED")),
					expectPhone("registered", knownvalue.Bool(true)),
					expectPhone("platform_type", knownvalue.StringExact("CLOUD_API")),
					expectPhone("pin_wo", knownvalue.Null()),
					expectPhone("verification_code_wo", knownvalue.Null()),
					expectPhone("verification_code_wo_version", knownvalue.Int64Exact(1)),
				},
				Check: resource.ComposeTestCheckFunc(
					secretsNotInState(phoneAddr, "111111", "123456"),
					func(*terraform.State) error {
						if pin, err := tg.emu.PhoneNumberPIN(id); err != nil || pin != "111111" {
							return fmt.Errorf("registered with PIN %q: %w", pin, err)
						}
						return nil
					},
				),
			},
			{
				ResourceName: phoneAddr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"pin_wo_version", "verification_code_wo_version"},
			},
			{
				// A new PIN version sends the new PIN to the registered number.
				Config: phoneConfig(tg, `pin_wo = "222222"`, "pin_wo_version = 2", code),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("registered"), knownvalue.Bool(true)),
				}},
				Check: resource.ComposeTestCheckFunc(
					secretsNotInState(phoneAddr, "222222", "123456"),
					func(*terraform.State) error {
						if pin, _ := tg.emu.PhoneNumberPIN(id); pin != "222222" {
							return fmt.Errorf("PIN is %q after the version change", pin)
						}
						if n := len(tg.calls(http.MethodPost, "/register$")); n != 1 {
							return fmt.Errorf("a PIN change re-registered the number (%d registrations)", n)
						}
						return nil
					},
				),
			},
			{
				// A display name change is a request Meta reviews; the current name stays meanwhile.
				Config: strings.Replace(phoneConfig(tg, `pin_wo = "222222"`, "pin_wo_version = 2", code, `search_visibility = "HIDDEN"`),
					`"Jasper's Market"`, `"Jasper's Market & Deli"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(phoneAddr, tfjsonpath.New("id")),
					expectPhone("display_name", knownvalue.StringExact("Jasper's Market & Deli")),
					expectPhone("verified_name", knownvalue.StringExact("Jasper's Market")),
					expectPhone("new_display_name", knownvalue.StringExact("Jasper's Market & Deli")),
					expectPhone("new_name_status", knownvalue.StringExact("PENDING_REVIEW")),
					expectPhone("search_visibility", knownvalue.StringExact("HIDDEN")),
				},
			},
			{
				// Meta approves the name: the state follows, nothing to plan.
				PreConfig: func() {
					if err := tg.emu.ReviewDisplayName(id, "APPROVED"); err != nil {
						t.Fatal(err)
					}
				},
				Config: strings.Replace(phoneConfig(tg, `pin_wo = "222222"`, "pin_wo_version = 2", code, `search_visibility = "HIDDEN"`),
					`"Jasper's Market"`, `"Jasper's Market & Deli"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectPhone("verified_name", knownvalue.StringExact("Jasper's Market & Deli")),
					expectPhone("name_status", knownvalue.StringExact("APPROVED")),
					expectPhone("new_display_name", knownvalue.Null()),
				},
			},
		},
	})
}

// A phone number's identity is its id, the one Meta assigned: an import block can name it
// instead of an import id, in the provider's business_account_id.
func TestAccPhoneNumber_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's phone numbers (Meta never deletes an added number)")
	const adopted = "whatsapp_phone_number.adopted"
	seeded, err := tg.client().GetPhoneNumber(context.Background(), tg.seed.PhoneNumberID)
	if err != nil {
		t.Fatal(err)
	}
	cc, national, ok := graph.SplitDisplayNumber(seeded.DisplayPhoneNumber)
	if !ok {
		t.Fatalf("seeded number %q", seeded.DisplayPhoneNumber)
	}
	adoptedConfig := fmt.Sprintf(`
resource "whatsapp_phone_number" "adopted" {
  country_code = %q
  phone_number = %q
  display_name = %q
}
`, cc, national, seeded.VerifiedName)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   identitySince,
		Steps: []resource.TestStep{
			{
				Config: phoneConfig(tg, "register = false"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(phoneAddr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`))}),
					statecheck.ExpectIdentityValueMatchesState(phoneAddr, tfjsonpath.New("id")),
					stateCheckFunc(func(s *tfjson.State) error {
						// The identity is the id Meta gave the number, not only what state says.
						p, err := tg.client().FindPhoneNumber(context.Background(), tg.seed.BusinessAccountID, "16315551000")
						if err != nil {
							return err
						}
						if p == nil {
							return errors.New("the number is not at Meta")
						}
						var resp statecheck.CheckStateResponse
						statecheck.ExpectIdentity(phoneAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact(p.ID)}).
							CheckState(context.Background(), statecheck.CheckStateRequest{State: s}, &resp)
						return resp.Error
					}),
				},
			},
			{
				ResourceName: phoneAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					plancheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("registered"), knownvalue.Bool(false)),
				}},
			},
			{
				Config:      phoneConfig(tg, "register = false") + importByIdentity("whatsapp_phone_number.other", map[string]string{"id": ""}) + strings.Replace(adoptedConfig, `"adopted"`, `"other"`, 1),
				ExpectError: regexp.MustCompile(`Missing identity attribute`),
			},
			{
				Config:      phoneConfig(tg, "register = false") + importByIdentity("whatsapp_phone_number.other", map[string]string{"id": "999999999999999"}) + strings.Replace(adoptedConfig, `"adopted"`, `"other"`, 1),
				ExpectError: regexp.MustCompile(`(?s)has\s+no\s+phone\s+number\s+with\s+id\s+999999999999999`),
			},
			{
				// A number Terraform does not manage yet, adopted by identity.
				Config: phoneConfig(tg, "register = false") + adoptedConfig + importByIdentity(adopted, map[string]string{"id": tg.seed.PhoneNumberID}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(adopted, map[string]knownvalue.Check{"id": knownvalue.StringExact(tg.seed.PhoneNumberID)}),
					statecheck.ExpectKnownValue(adopted, tfjsonpath.New("id"), knownvalue.StringExact(tg.seed.PhoneNumberID)),
					statecheck.ExpectKnownValue(adopted, tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
				},
			},
			{
				// Forgotten again, so that the test's destroy leaves the account's number registered.
				Config: phoneConfig(tg, "register = false") + "removed {\n  from = " + adopted + "\n  lifecycle {\n    destroy = false\n  }\n}\n",
			},
		},
	})
}

// Changes made outside Terraform show in the plan, and apply restores the configuration.
func TestAccPhoneNumber_drift(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a number changed and removed on Meta's side")
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: phoneConfig(tg, `pin_wo = "111111"`, "pin_wo_version = 1", `search_visibility = "VISIBLE"`)},
			{
				Config:            onboarded(tg),
				ConfigStateChecks: []statecheck.StateCheck{expectPhone("registered", knownvalue.Bool(true)), recordPhoneNumberID(phoneAddr, &id)},
			},
			{
				// Deregistered in WhatsApp Manager: the plan registers it again.
				PreConfig: func() {
					if err := tg.client().DeregisterPhoneNumber(context.Background(), id); err != nil {
						t.Fatal(err)
					}
				},
				Config: onboarded(tg),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(phoneAddr, tfjsonpath.New("registered")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectPhone("registered", knownvalue.Bool(true)),
					expectPhone("status", knownvalue.StringExact("CONNECTED")),
				},
			},
			{
				// Search visibility changed outside Terraform is set back.
				PreConfig: func() {
					hidden := "HIDDEN"
					if err := tg.client().UpdatePhoneNumber(context.Background(), id, graph.PhoneNumberSettings{SearchVisibility: &hidden}); err != nil {
						t.Fatal(err)
					}
				},
				Config: onboarded(tg),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(phoneAddr, tfjsonpath.New("search_visibility"), knownvalue.StringExact("VISIBLE")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expectPhone("search_visibility", knownvalue.StringExact("VISIBLE"))},
			},
			{
				// Meta's own changes (quality, limits, flags) show in state without a plan.
				PreConfig: func() {
					if err := tg.emu.ChangePhoneNumber(id, emulator.PhoneNumberChange{QualityRating: "RED", MessagingLimitTier: "TIER_10K", Status: "FLAGGED", ThroughputLevel: "HIGH"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:           onboarded(tg),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectPhone("quality_rating", knownvalue.StringExact("RED")),
					expectPhone("messaging_limit_tier", knownvalue.StringExact("TIER_10K")),
					expectPhone("messaging_limit", knownvalue.StringExact("TIER_10K")),
					expectPhone("status", knownvalue.StringExact("FLAGGED")),
					expectPhone("registered", knownvalue.Bool(true)),
					expectPhone("throughput_level", knownvalue.StringExact("HIGH")),
				},
			},
			{
				// register = false deregisters.
				Config: onboarded(tg, "register = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectPhone("registered", knownvalue.Bool(false)),
					expectPhone("status", knownvalue.StringExact("DISCONNECTED")),
				},
			},
			{
				// Deleted in WhatsApp Manager: removed from state and planned for creation.
				Config: onboarded(tg, "register = false"),
				Check: func(*terraform.State) error {
					return tg.emu.DeletePhoneNumber(id)
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// Meta cannot remove a number from an account, so adding a destroyed number again adopts it.
func TestAccPhoneNumber_recreateAdopts(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's phone numbers (Meta never deletes an added number)")
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: phoneConfig(tg, "register = false"), ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(phoneAddr, tfjsonpath.New("id"))}},
			{Config: tg.provider()},
			{
				Config: phoneConfig(tg, "register = false"),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(phoneAddr, tfjsonpath.New("id")),
					expectPhone("status", knownvalue.StringExact("PENDING")),
				},
				Check: func(*terraform.State) error {
					if n := len(tg.calls(http.MethodPost, "/phone_numbers$")); n != 2 {
						return fmt.Errorf("want 2 create calls (the second refused as a duplicate), got %d", n)
					}
					return nil
				},
			},
		},
	})
}

// An existing registered number is adopted with an import block and generated configuration:
// the generated configuration validates and plans no change, without a PIN or code.
func TestAccPhoneNumber_importGeneratedConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          tg.provider(),
			ResourceName:    "whatsapp_phone_number.adopted",
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   tg.seed.PhoneNumberID,
			GenerateConfig:  true,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue("whatsapp_phone_number.adopted", tfjsonpath.New("register"), knownvalue.Bool(true)),
				plancheck.ExpectKnownValue("whatsapp_phone_number.adopted", tfjsonpath.New("registered"), knownvalue.Bool(true)),
				plancheck.ExpectKnownValue("whatsapp_phone_number.adopted", tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
			}},
		}},
	})
	if tg.emu != nil {
		for _, r := range tg.requests() {
			if r.Method != http.MethodGet {
				t.Errorf("importing changed something: %s %s", r.Method, r.Path)
			}
		}
	}
}

func TestAccPhoneNumber_importErrors(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	other := tg.secondAccount("Other")
	for name, tc := range map[string]struct{ id, want string }{
		"not numeric":   {"abc", `must be <phone_number_id>`},
		"wrong account": {other + "/" + tg.seed.PhoneNumberID, `(?s)Business Account ` + other + `\s+has\s+no\s+phone\s+number`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:        phoneConfig(tg, "register = false"),
					ResourceName:  phoneAddr,
					ImportState:   true,
					ImportStateId: tc.id,
					ExpectError:   regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// Invalid configurations fail at plan time, naming the attribute and the rule, before any Graph call.
func TestAccPhoneNumber_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	pin := `pin_wo = "111111"` + "\n  pin_wo_version = 1"
	phone := func(cc, number, name string, extra ...string) string {
		return fmt.Sprintf("resource \"whatsapp_phone_number\" \"p\" {\n  country_code = %q\n  phone_number = %q\n  display_name = %q\n  %s\n}\n", cc, number, name, strings.Join(extra, "\n  "))
	}
	cases := map[string]struct{ config, want string }{
		"country code zero":     {phone("0", "6315551000", "Shop", pin), `(?s)country_code.*country calling code`},
		"country code long":     {phone("1234", "6315551000", "Shop", pin), `(?s)country_code.*1 to 3 digits`},
		"number with plus":      {phone("1", "+16315551000", "Shop", pin), `(?s)phone_number.*national number`},
		"number with dashes":    {phone("1", "631-555-1000", "Shop", pin), `(?s)phone_number.*without\s+country\s+code`},
		"number too long":       {phone("999", "12345678901234", "Shop", pin), `(?s)phone_number.*E\.164`},
		"name too short":        {phone("1", "6315551000", "S", pin), `(?s)display_name.*2 to 75 characters`},
		"name too long":         {phone("1", "6315551000", strings.Repeat("n", 76), pin), `(?s)display_name.*2 to 75 characters`},
		"name with spaces":      {phone("1", "6315551000", " Shop", pin), `(?s)display_name.*start or end`},
		"pin five digits":       {phone("1", "6315551000", "Shop", `pin_wo = "12345"`, "pin_wo_version = 1"), `(?s)pin_wo.*exactly 6 digits`},
		"pin without version":   {phone("1", "6315551000", "Shop", `pin_wo = "123456"`), `(?s)pin_wo_version.*must be specified`},
		"code letters":          {phone("1", "6315551000", "Shop", pin, `verification_code_wo = "12a456"`), `(?s)verification_code_wo.*6-digit code`},
		"code method":           {phone("1", "6315551000", "Shop", pin, `code_method = "EMAIL"`), `(?s)code_method.*value must be one of`},
		"code language":         {phone("1", "6315551000", "Shop", pin, `code_language = "english"`), `(?s)code_language.*en_US`},
		"search visibility":     {phone("1", "6315551000", "Shop", pin, `search_visibility = "SECRET"`), `(?s)search_visibility.*value must be one of`},
		"register without pin":  {phone("1", "6315551000", "Shop"), `(?s)Missing\s+two-step\s+verification\s+PIN.*pin_wo`},
		"business account id":   {phone("1", "6315551000", "Shop", pin, `business_account_id = "waba"`), `(?s)business_account_id.*numeric`},
		"data source sort":      {`data "whatsapp_phone_numbers" "all" { sort = "name.asc" }`, `(?s)sort.*value must be one of`},
		"data source tier":      {`data "whatsapp_phone_numbers" "all" { messaging_limit_tier = "TIER_5" }`, `(?s)messaging_limit_tier.*value must be one of`},
		"data source id":        {`data "whatsapp_phone_number" "one" { id = "x" }`, `(?s)id.*numeric`},
		"webhook callback":      {`resource "whatsapp_phone_number_webhook" "w" {` + "\n" + `phone_number_id = "1"` + "\n" + `callback_url = "ftp://example.com/hook"` + "\n}", `(?s)callback_url.*absolute\s+https://`},
		"webhook callback long": {`resource "whatsapp_phone_number_webhook" "w" {` + "\n" + `phone_number_id = "1"` + "\n" + `callback_url = "https://example.com/` + strings.Repeat("a", 200) + `"` + "\n}", `(?s)callback_url.*at most 200`},
		"webhook empty token":   {`resource "whatsapp_phone_number_webhook" "w" {` + "\n" + `phone_number_id = "1"` + "\n" + `callback_url = "https://example.com/hook"` + "\n" + `verify_token_wo = ""` + "\n}", `(?s)verify_token_wo.*at least 1`},
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

// A wrong or expired code fails the apply with Meta's error, has Meta send a new code and keeps
// the number unverified; the next apply with a valid code verifies and registers it.
func TestAccPhoneNumber_wrongAndExpiredCode(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("the clock")
	pin := `pin_wo = "111111"` + "\n  pin_wo_version = 1"
	codeRequests := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n := len(tg.calls(http.MethodPost, "/request_code$")); n != want {
				return fmt.Errorf("%d code requests, want %d", n, want)
			}
			return nil
		}
	}
	refused := regexp.MustCompile(`(?s)Meta\s+refused\s+the\s+verification\s+code.*Graph\s+API\s+error\s+136025.*Verification\s+Failed.*invalid\s+or\s+has\s+expired.*Meta\s+was\s+asked\s+for\s+a\s+new\s+one`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: phoneConfig(tg, pin), Check: codeRequests(1)},
			{Config: phoneConfig(tg, pin, `verification_code_wo = "654321"`), ExpectError: refused},
			{
				// The failed apply kept the number as it was: still unverified, and it plans the attempt again.
				Config:            phoneConfig(tg, pin),
				ConfigStateChecks: []statecheck.StateCheck{expectPhone("code_verification_status", knownvalue.StringExact("NOT_VERIFIED"))},
				Check:             codeRequests(2),
			},
			{
				// The code arrives late: Meta's codes expire after about ten minutes.
				PreConfig:   func() { tg.emu.Advance(11 * time.Minute) },
				Config:      phoneConfig(tg, pin, `verification_code_wo = "123456"`),
				ExpectError: refused,
			},
			{
				Config: phoneConfig(tg, pin, `verification_code_wo = "123456"`),
				ConfigStateChecks: []statecheck.StateCheck{
					expectPhone("code_verification_status", knownvalue.StringExact("VERIFIED")),
					expectPhone("registered", knownvalue.Bool(true)),
				},
				Check: codeRequests(3),
			},
		},
	})
}
