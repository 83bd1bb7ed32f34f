package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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

const hookAddr = "whatsapp_app_webhook.w"

// appWebhookConfig renders whatsapp_app_webhook.w with extra attribute lines.
func appWebhookConfig(lines ...string) string {
	return "resource \"whatsapp_app_webhook\" \"w\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func hookLines(url, token string, version int, fields ...string) []string {
	lines := []string{fmt.Sprintf("callback_url = %q", url), fmt.Sprintf("fields = [%s]", quoted(fields))}
	if token != "" {
		lines = append(lines, fmt.Sprintf("verify_token_wo = %q", token), fmt.Sprintf("verify_token_wo_version = %d", version))
	}
	return lines
}

func setOf(items ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(items))
	for i, s := range items {
		checks[i] = knownvalue.StringExact(s)
	}
	return knownvalue.SetExact(checks)
}

// The callbacks are local test servers Meta cannot reach, so these tests run on the emulator.
func TestAccAppWebhook_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the app's webhook subscription (its callback URL and fields)")
	tg.needsLocalCallbacks()
	first := newTestCallback(t, "tok-One-1")
	second := newTestCallback(t, "tok-Two-2")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if sub, err := tg.metaSubscription(); err != nil || sub != nil {
				return fmt.Errorf("subscription still at Meta after destroy: %+v, %w", sub, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: tg.appProvider() + appWebhookConfig(hookLines(first.URL, "tok-One-1", 1, "messages", "message_template_status_update")...),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("id"), knownvalue.StringExact(tg.seed.AppID+"/whatsapp_business_account")),
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("app_id"), knownvalue.StringExact(tg.seed.AppID)),
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("object"), knownvalue.StringExact("whatsapp_business_account")),
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("callback_url"), knownvalue.StringExact(first.URL)),
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("fields"), setOf("messages", "message_template_status_update")),
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("include_values"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("verify_token_wo"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: resource.ComposeTestCheckFunc(secretsNotInState(hookAddr, "tok-One-1"), tg.wantMetaFields("messages", "message_template_status_update"),
					func(*terraform.State) error {
						if got := first.verifications(); !slices.Equal(got, []string{"tok-One-1"}) {
							return fmt.Errorf("verification requests carried tokens %v", got)
						}
						return nil
					}),
			},
			{ResourceName: hookAddr, ImportState: true, ImportStateId: tg.seed.AppID + "/whatsapp_business_account", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"verify_token_wo_version"}},
			{ResourceName: hookAddr, ImportState: true, ImportStateId: "whatsapp_business_account", ImportStateVerify: true, ImportStateVerifyIgnore: []string{"verify_token_wo_version"}},
			{
				// Add one field, drop another, include values: one update.
				Config: tg.appProvider() + appWebhookConfig(append(hookLines(first.URL, "tok-One-1", 1, "messages", "calls"), "include_values = true")...),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(hookAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("fields"), setOf("messages", "calls")),
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("include_values"), knownvalue.Bool(true)),
				},
				Check: tg.wantMetaFields("messages", "calls"),
			},
			{
				// A new callback with its own token, verified before Meta switches.
				Config: tg.appProvider() + appWebhookConfig(append(hookLines(second.URL, "tok-Two-2", 2, "messages", "calls"), "include_values = true")...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hookAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(hookAddr, tfjsonpath.New("callback_url"), knownvalue.StringExact(second.URL)),
				},
				Check: resource.ComposeTestCheckFunc(secretsNotInState(hookAddr, "tok-Two-2"), func(*terraform.State) error {
					if got := second.verifications(); !slices.Equal(got, []string{"tok-Two-2"}) {
						return fmt.Errorf("new callback verified with %v", got)
					}
					if sub, _ := tg.metaSubscription(); sub == nil || sub.CallbackURL != second.URL {
						return fmt.Errorf("callback at Meta: %+v", sub)
					}
					return nil
				}),
			},
			{
				// A field added outside Terraform is drift; removing it needs no verification.
				PreConfig: func() {
					err := tg.client().SubscribeAppObject(context.Background(), tg.seed.AppID, tg.appToken(), graph.NewAppSubscription{
						Object: "whatsapp_business_account", CallbackURL: second.URL, VerifyToken: "tok-Two-2", Fields: []string{"security"},
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				// Without the token in configuration: removing fields does not send it.
				Config: tg.appProvider() + appWebhookConfig(append(hookLines(second.URL, "", 0, "messages", "calls"), "include_values = true", "verify_token_wo_version = 2")...),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hookAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(hookAddr, tfjsonpath.New("fields"), setOf("messages", "calls")),
				}},
				Check: resource.ComposeTestCheckFunc(tg.wantMetaFields("messages", "calls"), func(*terraform.State) error {
					if got := second.verifications(); len(got) != 2 {
						return fmt.Errorf("removing a field re-verified the callback: %v", got)
					}
					return nil
				}),
			},
		},
	})
	t.Run("identity", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			TerraformVersionChecks:   identitySince,
			CheckDestroy: func(*terraform.State) error {
				if sub, err := tg.metaSubscription(); err != nil || sub != nil {
					return fmt.Errorf("subscription still at Meta after destroy: %+v, %w", sub, err)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					// The identity is the app and the object.
					Config: tg.appProvider() + appWebhookConfig(hookLines(first.URL, "tok-One-1", 1, "messages")...),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectIdentity(hookAddr, map[string]knownvalue.Check{
							"app_id": knownvalue.StringExact(tg.seed.AppID),
							"object": knownvalue.StringExact("whatsapp_business_account"),
						}),
					},
				},
				{
					// An import block naming the identity finds the same subscription and plans no
					// change (an import has no token version, so the configuration gives none).
					Config:       tg.appProvider() + appWebhookConfig(hookLines(first.URL, "", 0, "messages")...),
					ResourceName: hookAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
				},
			},
		})
	})
}

func TestAccAppWebhook_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the app's webhook subscription (its callback URL and fields)")
	tg.needsLocalCallbacks()
	cb := newTestCallback(t, "tok")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.appProvider() + appWebhookConfig(hookLines(cb.URL, "tok", 1, "messages")...),
			Check: func(*terraform.State) error {
				return tg.client().DeleteAppSubscription(context.Background(), tg.seed.AppID, tg.appToken(), "whatsapp_business_account", nil)
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(hookAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// A callback that fails Meta's verification fails the apply with Meta's message; nothing is
// stored in state or at Meta.
func TestAccAppWebhook_callbackRefused(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the app's webhook subscription (its callback URL and fields)")
	tg.needsLocalCallbacks()
	cb := newTestCallback(t, "tok")
	cb.setBroken(true)
	config := tg.appProvider() + appWebhookConfig(hookLines(cb.URL, "tok", 1, "messages")...)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: wrapped("Cannot subscribe app", "(#2200) Callback verification failed: Response does not match challenge", "Meta could not verify the callback"),
			},
			{
				PreConfig: func() {
					if sub, err := tg.metaSubscription(); err != nil || sub != nil {
						t.Fatalf("a refused callback was stored at Meta: %+v, %v", sub, err)
					}
					cb.setBroken(false)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hookAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				// A wrong token on an update is refused and leaves state and Meta as they were.
				Config:      tg.appProvider() + appWebhookConfig(hookLines(cb.URL, "not-the-token", 2, "messages")...),
				ExpectError: wrapped("Cannot update the whatsapp_business_account webhook subscription", "HTTP Status Code = 403"),
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// An existing subscription is imported, not overwritten.
func TestAccAppWebhook_existingSubscription(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the app's webhook subscription (its callback URL and fields)")
	tg.needsLocalCallbacks()
	cb := newTestCallback(t, "tok")
	err := tg.client().SubscribeAppObject(context.Background(), tg.seed.AppID, tg.appToken(), graph.NewAppSubscription{
		Object: "whatsapp_business_account", CallbackURL: cb.URL, VerifyToken: "tok", Fields: []string{"messages", "account_update"},
	})
	if err != nil {
		t.Fatal(err)
	}
	config := tg.appProvider() + appWebhookConfig(hookLines(cb.URL, "tok", 1, "messages")...)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: wrapped("App already subscribed", "terraform import <address> "+tg.seed.AppID+"/whatsapp_business_account"),
			},
			{
				// The generated configuration of an import (no token, every attribute as
				// Meta has it) validates and plans empty.
				Config: tg.appProvider() + "import {\n  to = " + hookAddr + "\n  id = \"whatsapp_business_account\"\n}\n" +
					appWebhookConfig(fmt.Sprintf("callback_url = %q", cb.URL), `fields = ["account_update", "messages"]`, `include_values = false`,
						`object = "whatsapp_business_account"`, `verify_token_wo = null`, `verify_token_wo_version = null`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(hookAddr, plancheck.ResourceActionNoop),
				}},
			},
		},
	})
}

// Invalid configurations fail at plan time, naming the attribute, before any Graph call.
func TestAccAppWebhook_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	// The cases name the app credentials in the provider block, or leave them out on purpose.
	t.Setenv(envAppID, "")
	t.Setenv(envAppSecret, "")
	good := hookLines("https://example.com/hook", "tok", 1, "messages")
	cases := map[string]struct {
		provider string
		lines    []string
		want     *regexp.Regexp
	}{
		"no app credentials": {tg.provider(), good, wrapped("Missing app credentials", "Set app_id (or WHATSAPP_APP_ID) and app_secret (or WHATSAPP_APP_SECRET)")},
		"no app secret":      {tg.provider(fmt.Sprintf("app_id = %q", tg.seed.AppID)), good, wrapped("Missing app credentials")},
		"app id":             {tg.provider(`app_id = "my-app"`), good, wrapped("app_id", "must be a numeric Graph object id")},
		"unknown field":      {tg.appProvider(), hookLines("https://example.com/hook", "tok", 1, "messages", "message_status"), wrapped("Unknown WhatsApp webhook field", `fields contains "message_status"`)},
		"field pattern":      {tg.appProvider(), hookLines("https://example.com/hook", "tok", 1, "Messages"), wrapped("fields", "must be a webhook field name")},
		"no fields":          {tg.appProvider(), hookLines("https://example.com/hook", "tok", 1), wrapped("fields", "at least 1")},
		"object":             {tg.appProvider(), append(good, `object = "waba"`), wrapped("object", "value must be one of")},
		"callback":           {tg.appProvider(), hookLines("example.com", "tok", 1, "messages"), wrapped("callback_url", "absolute https://")},
		"no token":           {tg.appProvider(), hookLines("https://example.com/hook", "", 0, "messages"), wrapped("Missing verify token", "verify_token_wo")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.provider + appWebhookConfig(tc.lines...),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
	// Fields of other objects are not checked against the WhatsApp list.
	t.Run("page fields", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:             tg.appProvider() + appWebhookConfig(append(hookLines("https://example.com/hook", "tok", 1, "feed"), `object = "page"`)...),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			}},
		})
	})
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}

// The verify token, app secret and app token never reach the logs, at TRACE level.
func TestAccAppWebhook_secretsNotLogged(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the app's webhook subscription (its callback URL and fields)")
	tg.needsLocalCallbacks()
	const token = "vt-Never-In-Logs-42"
	cb := newTestCallback(t, token)
	logFile := filepath.Join(t.TempDir(), "tf.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_LOG", "TRACE")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.appProvider() + appWebhookConfig(hookLines(cb.URL, token, 1, "messages")...) +
				subscriptionConfig(fmt.Sprintf("override_callback_uri = %q", cb.URL), fmt.Sprintf("verify_token_wo = %q", token)),
		}},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	// The test harness echoes the test's own configuration ("  | " lines); everything else is
	// what Terraform and the provider log.
	var kept []string
	for _, line := range strings.Split(string(raw), "\n") {
		if !strings.HasPrefix(line, "  | ") {
			kept = append(kept, line)
		}
	}
	logs := strings.Join(kept, "\n")
	if !strings.Contains(logs, "Graph request body") || !strings.Contains(logs, "verify_token=***") || !strings.Contains(logs, `\"verify_token\":\"***\"`) {
		t.Fatalf("the provider's Graph request bodies were not captured (%d bytes)", len(raw))
	}
	for name, s := range map[string]string{"verify token": token, "app secret": tg.seed.AppSecret, "access token": tg.seed.AccessToken} {
		if strings.Contains(logs, s) {
			t.Errorf("the %s appears in the logs", name)
		}
	}
}
