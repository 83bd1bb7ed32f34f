package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const subAddr = "whatsapp_webhook_subscription.s"

// The callbacks are local test servers Meta cannot reach, so these tests run on the emulator.
func TestAccWebhookSubscription_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the apps subscribed to the account's webhooks")
	tg.needsLocalCallbacks()
	cb := newTestCallback(t, "first-Tok3n")
	ctx := context.Background()
	// Other apps' subscriptions are left as they are: on the emulator, another integration of
	// the business subscribes first; against Meta, those the account has.
	if tg.emu != nil {
		tg.emu.SubscribeOtherApp(tg.seed.BusinessAccountID, "Partner CRM")
	}
	others := tg.otherSubscribedApps()
	appName := tg.appName()
	override := cb.URL + "/whatsapp"
	withOverride := func(token string, version int) string {
		return tg.provider() + subscriptionConfig(fmt.Sprintf("override_callback_uri = %q", override), fmt.Sprintf("verify_token_wo = %q", token), fmt.Sprintf("verify_token_wo_version = %d", version))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := tg.otherSubscribedApps(); !slices.Equal(got, others) {
				return fmt.Errorf("after destroy the other apps subscribed are %v, want %v", got, others)
			}
			if sub, err := tg.client().FindSubscribedApp(ctx, tg.seed.BusinessAccountID, tg.seed.AppID); err != nil || sub != nil {
				return fmt.Errorf("after destroy the app is still subscribed: %+v, %w", sub, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + subscriptionConfig(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("app_id"), knownvalue.StringExact(tg.seed.AppID)),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("app_name"), knownvalue.StringExact(appName)),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("override_callback_uri"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: subAddr, ImportState: true, ImportStateId: tg.seed.BusinessAccountID, ImportStateVerify: true},
			{
				// Setting an override is an update; Meta verifies it with the token first.
				Config: withOverride("first-Tok3n", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(subAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(override)),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("verify_token_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("verify_token_wo_version"), knownvalue.Int64Exact(1)),
				},
				Check: resource.ComposeTestCheckFunc(secretsNotInState(subAddr, "first-Tok3n"), func(*terraform.State) error {
					if got := cb.verifications(); len(got) != 1 || got[0] != "first-Tok3n" {
						return fmt.Errorf("verification requests carried tokens %v", got)
					}
					sub, err := tg.client().FindSubscribedApp(ctx, tg.seed.BusinessAccountID, tg.seed.AppID)
					if err != nil || sub == nil || sub.OverrideCallbackURI != override {
						return fmt.Errorf("override at Meta: %+v, %w", sub, err)
					}
					return nil
				}),
			},
			// The override imports; the token cannot be, and an unchanged override needs none.
			{ResourceName: subAddr, ImportState: true, ImportStateId: tg.seed.BusinessAccountID, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"verify_token_wo_version"}},
			{
				// A new token reaches Meta by changing its version.
				PreConfig: func() { cb.mu.Lock(); cb.token = "second-Tok3n"; cb.mu.Unlock() },
				Config:    withOverride("second-Tok3n", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(subAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(secretsNotInState(subAddr, "second-Tok3n"), func(*terraform.State) error {
					if got := cb.verifications(); len(got) != 2 || got[1] != "second-Tok3n" {
						return fmt.Errorf("verification requests carried tokens %v", got)
					}
					return nil
				}),
			},
			{
				// Someone removes the override outside Terraform: drift, and apply restores it.
				PreConfig: func() {
					if err := tg.client().SubscribeApp(ctx, tg.seed.BusinessAccountID, nil); err != nil {
						t.Fatal(err)
					}
				},
				Config: withOverride("second-Tok3n", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(subAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(subAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(override)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("override_callback_uri"), knownvalue.StringExact(override)),
				},
			},
			{
				// Removing the override subscribes again without one, which clears it at Meta.
				Config: tg.provider() + subscriptionConfig(),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(subAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					sub, err := tg.client().FindSubscribedApp(ctx, tg.seed.BusinessAccountID, tg.seed.AppID)
					if err != nil || sub == nil || sub.OverrideCallbackURI != "" {
						return fmt.Errorf("override not cleared at Meta: %+v, %w", sub, err)
					}
					return nil
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
					// The identity is the subscribed account.
					Config: tg.provider() + subscriptionConfig(),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectIdentity(subAddr, map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(tg.seed.BusinessAccountID)}),
					},
				},
				// An import block naming the identity finds the same subscription and plans no change.
				{ResourceName: subAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			},
		})
	})
}

func TestAccWebhookSubscription_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the apps subscribed to the account's webhooks")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + subscriptionConfig(),
			Check: func(*terraform.State) error {
				return tg.client().UnsubscribeApp(context.Background(), tg.seed.BusinessAccountID)
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(subAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// A callback that fails Meta's verification fails the apply with Meta's error, and nothing is
// stored: neither in state nor at Meta.
func TestAccWebhookSubscription_callbackRefused(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the apps subscribed to the account's webhooks")
	tg.needsLocalCallbacks()
	cb := newTestCallback(t, "tok")
	cb.setBroken(true)
	good := newTestCallback(t, "tok")
	ctx := context.Background()
	config := func(url string) string {
		return tg.provider() + subscriptionConfig(fmt.Sprintf("override_callback_uri = %q", url), `verify_token_wo = "tok"`)
	}
	refused := wrapped("Cannot subscribe app", "Callback verification failed", "Response does not match challenge", "Meta could not verify the callback")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(cb.URL), ExpectError: refused},
			{
				PreConfig: func() {
					if sub, err := tg.client().FindSubscribedApp(ctx, tg.seed.BusinessAccountID, tg.seed.AppID); err != nil || sub != nil {
						t.Fatalf("a refused override subscribed the app: %+v, %v", sub, err)
					}
					cb.setBroken(false)
				},
				// Nothing in state: the fixed endpoint is a plain create, not a replacement.
				Config: config(cb.URL),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(subAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// An update to an endpoint that fails keeps the previous override.
				PreConfig:   func() { good.setBroken(true) },
				Config:      config(good.URL),
				ExpectError: wrapped("Cannot update the subscription", "Callback verification failed"),
			},
			{
				Config:           config(cb.URL),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					sub, err := tg.client().FindSubscribedApp(ctx, tg.seed.BusinessAccountID, tg.seed.AppID)
					if err != nil || sub == nil || sub.OverrideCallbackURI != cb.URL {
						return fmt.Errorf("a refused update changed the override at Meta: %+v, %w", sub, err)
					}
					return nil
				},
			},
		},
	})
}

// Invalid configurations fail at plan time, naming the attribute, before any Graph call.
func TestAccWebhookSubscription_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cases := map[string]struct {
		lines []string
		want  string
	}{
		"override not a URL":     {[]string{`override_callback_uri = "example.com/hook"`, `verify_token_wo = "x"`}, `(?s)override_callback_uri.*absolute https://`},
		"override too long":      {[]string{`override_callback_uri = "https://example.com/` + strings.Repeat("a", 190) + `"`, `verify_token_wo = "x"`}, `(?s)override_callback_uri.*length`},
		"override without token": {[]string{`override_callback_uri = "https://example.com/hook"`}, `(?s)Missing verify token.*verify_token_wo`},
		"empty token":            {[]string{`override_callback_uri = "https://example.com/hook"`, `verify_token_wo = ""`}, `(?s)verify_token_wo.*length`},
		"business account id":    {[]string{`business_account_id = "waba-1"`}, `(?s)business_account_id.*numeric`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tg.provider() + subscriptionConfig(tc.lines...),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	t.Run("import id", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: tg.provider() + subscriptionConfig(), ResourceName: subAddr, ImportState: true, ImportStateId: "not-a-waba",
				ExpectError: regexp.MustCompile(`(?s)Invalid import id.*numeric id of the WhatsApp\s+Business Account`),
			}},
		})
	})
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}

// Without app_id on the provider the token's app is found through GET /app.
func TestAccWebhookSubscription_appFromToken(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the apps subscribed to the account's webhooks")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + subscriptionConfig(),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(subAddr, tfjsonpath.New("app_id"), knownvalue.StringExact(tg.seed.AppID)),
			},
			Check: func(*terraform.State) error {
				if len(tg.calls(http.MethodGet, `^/v23\.0/app$`)) != 1 {
					return fmt.Errorf("want one GET /app, got %+v", tg.calls(http.MethodGet, ""))
				}
				return nil
			},
		}, {
			// With app_id set, the provider does not ask.
			Config:           tg.provider(fmt.Sprintf("app_id = %q", tg.seed.AppID)) + subscriptionConfig(),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// A provider app_id that is not the token's app is reported, naming the setting.
func TestAccWebhookSubscription_wrongAppID(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the apps subscribed to the account's webhooks")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tg.provider(`app_id = "1234567890"`) + subscriptionConfig(),
			ExpectError: wrapped("does not list app 1234567890", "Check that the provider's app_id (or WHATSAPP_APP_ID) is the app that owns the access token"),
		}},
	})
}

// otherSubscribedApps are the ids of the apps other than the test's subscribed to the account's
// webhooks, sorted.
func (tg *target) otherSubscribedApps() []string {
	tg.t.Helper()
	apps, err := tg.client().ListSubscribedApps(context.Background(), tg.seed.BusinessAccountID)
	if err != nil {
		tg.t.Fatal(err)
	}
	var ids []string
	for _, a := range apps {
		if a.App.ID != tg.seed.AppID {
			ids = append(ids, a.App.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// appName is the name of the test's app at Meta.
func (tg *target) appName() string {
	tg.t.Helper()
	var app struct {
		Name string `json:"name"`
	}
	if err := tg.client().Do(context.Background(), graph.Request{Method: http.MethodGet, Path: tg.seed.AppID, Query: url.Values{"fields": {"name"}}}, &app); err != nil {
		tg.t.Fatal(err)
	}
	return app.Name
}
