package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestAccPhoneNumberWebhook_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's webhook override")
	tg.needsLocalCallbacks()
	ep := newCallbackEndpoint(t, "tok-1")
	phone := tg.seed.PhoneNumberID
	token1 := `verify_token_wo = "tok-1"`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := tg.phoneOverride(phone); got != "" {
				return fmt.Errorf("destroy left the override %s", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: hookConfig(tg, phone, ep.URL+"/a", token1),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(phoneHookAddr, tfjsonpath.New("id"), knownvalue.StringExact(phone)),
					statecheck.ExpectKnownValue(phoneHookAddr, tfjsonpath.New("callback_url"), knownvalue.StringExact(ep.URL+"/a")),
					statecheck.ExpectKnownValue(phoneHookAddr, tfjsonpath.New("verify_token_wo"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeTestCheckFunc(
					// The app's own callback, as Meta reports it for the number (none on a fresh emulator).
					func(s *terraform.State) error {
						cfg, err := tg.client().GetWebhookConfiguration(context.Background(), phone)
						if err != nil {
							return err
						}
						if cfg.Application == "" {
							return resource.TestCheckNoResourceAttr(phoneHookAddr, "application_callback_url")(s)
						}
						return resource.TestCheckResourceAttr(phoneHookAddr, "application_callback_url", cfg.Application)(s)
					},
					expectVerified(ep, "/a"),
					secretsNotInState(phoneHookAddr, "tok-1"),
					func(*terraform.State) error {
						if got := tg.phoneOverride(phone); got != ep.URL+"/a" {
							return fmt.Errorf("override at Meta is %q", got)
						}
						return nil
					},
				),
			},
			{ResourceName: phoneHookAddr, ImportState: true, ImportStateVerify: true, ImportStateId: phone},
			{
				// A new URL is verified again.
				Config:           hookConfig(tg, phone, ep.URL+"/b", token1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(phoneHookAddr, plancheck.ResourceActionUpdate)}},
				Check:            expectVerified(ep, "/a", "/b"),
			},
			{
				// Rotating the token: the endpoint expects the new one, the version bump re-sends.
				PreConfig:        func() { ep.setToken("tok-2") },
				Config:           hookConfig(tg, phone, ep.URL+"/b", `verify_token_wo = "tok-2"`, "verify_token_wo_version = 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(phoneHookAddr, plancheck.ResourceActionUpdate)}},
				Check:            resource.ComposeTestCheckFunc(expectVerified(ep, "/a", "/b", "/b"), secretsNotInState(phoneHookAddr, "tok-2")),
			},
			{
				// Removed outside Terraform: planned for creation.
				Config: hookConfig(tg, phone, ep.URL+"/b", `verify_token_wo = "tok-2"`, "verify_token_wo_version = 2"),
				Check: func(*terraform.State) error {
					return tg.client().SetPhoneCallbackOverride(context.Background(), phone, "", "")
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(phoneHookAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// Applying again restores it.
				Config: hookConfig(tg, phone, ep.URL+"/b", `verify_token_wo = "tok-2"`, "verify_token_wo_version = 2"),
				Check:  expectVerified(ep, "/a", "/b", "/b", "/b"),
			},
		},
	})
}

func TestAccPhoneNumberWebhook_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's webhook override")
	tg.needsLocalCallbacks()
	ep := newCallbackEndpoint(t, "tok-1")
	phone := tg.seed.PhoneNumberID
	resource.Test(t, phoneSettingsIdentityCase(tg, phoneHookAddr,
		hookConfig(tg, phone, ep.URL+"/a", `verify_token_wo = "tok-1"`),
		hookConfig(tg, phone, ep.URL+"/b", `verify_token_wo = "tok-1"`),
		fmt.Sprintf("phone_number_id = %q\n  callback_url = %q\n  verify_token_wo = \"tok-1\"", phone, ep.URL+"/c")))
}

// A callback that does not answer Meta's challenge is refused with Meta's error, and nothing is
// stored, at Meta or in state.
func TestAccPhoneNumberWebhook_refusedCallback(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's webhook override")
	tg.needsLocalCallbacks()
	ep := newCallbackEndpoint(t, "expected-token")
	phone := tg.seed.PhoneNumberID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      hookConfig(tg, phone, ep.URL+"/hook", `verify_token_wo = "wrong-token"`),
			ExpectError: regexp.MustCompile(`(?s)Meta\s+refused\s+callback.*Callback\s+verification\s+failed.*HTTP\s+Status\s+Code\s+=\s+403.*hub\.challenge.*Nothing\s+was\s+changed`),
		}},
		CheckDestroy: func(s *terraform.State) error {
			if _, inState := s.RootModule().Resources[phoneHookAddr]; inState {
				return fmt.Errorf("the refused override is in state")
			}
			return nil
		},
	})
	if got := tg.phoneOverride(phone); got != "" {
		t.Errorf("Meta stored the refused callback %s", got)
	}
	if ep.refused() != 1 || len(ep.verified()) != 0 {
		t.Errorf("want one refused verification, got %d refused, %v verified", ep.refused(), ep.verified())
	}
}

// The override of a number managed in the same configuration, with the fallbacks Meta reports.
func TestAccPhoneNumberWebhook_onManagedNumber(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("onboards a number with the code Meta sends to its SIM")
	ep := newCallbackEndpoint(t, "tok")
	config := onboarded(tg) + subscription + fmt.Sprintf(`
resource "whatsapp_phone_number_webhook" "w" {
  phone_number_id = whatsapp_phone_number.p.id
  callback_url    = %q
  verify_token_wo = "tok"
  depends_on      = [whatsapp_webhook_subscription.s]
}
`, ep.URL+"/managed")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: phoneConfig(tg, `pin_wo = "111111"`, "pin_wo_version = 1", `search_visibility = "VISIBLE"`)},
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(phoneHookAddr, tfjsonpath.New("phone_number_id"), phoneAddr, tfjsonpath.New("id"), compareSame),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            expectVerified(ep, "/managed"),
			},
		},
	})
}

// Meta requires the app to be subscribed to the account's webhooks before it sets an override.
func TestAccPhoneNumberWebhook_requiresSubscription(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's webhook override")
	tg.needsLocalCallbacks()
	ep := newCallbackEndpoint(t, "tok")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + fmt.Sprintf(`
resource "whatsapp_phone_number_webhook" "w" {
  phone_number_id = %q
  callback_url    = %q
  verify_token_wo = "tok"
}
`, tg.seed.PhoneNumberID, ep.URL),
			ExpectError: regexp.MustCompile(`(?s)Meta\s+refused\s+callback.*must\s+be\s+subscribed`),
		}},
	})
	if len(ep.verified()) != 0 || ep.refused() != 0 {
		t.Errorf("Meta called the callback although the app is not subscribed")
	}
}

// phoneOverride is the callback URL of the phone number's webhook override for the app at Meta,
// "" when there is none.
func (tg *target) phoneOverride(phone string) string {
	tg.t.Helper()
	cfg, err := tg.client().GetWebhookConfiguration(context.Background(), phone)
	if err != nil {
		tg.t.Fatal(err)
	}
	return cfg.PhoneNumber
}
