package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const settingsAddr = "whatsapp_phone_number_settings.s"

// settingsConfig renders whatsapp_phone_number_settings.s for the seeded number.
func settingsConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_phone_number_settings" "s" {
  phone_number_id = %q
%s
}
`, tg.seed.PhoneNumberID, body)
}

// nextYear is a date in the future for holidays.
var nextYear = time.Now().AddDate(1, 0, 0).Format("2006")

// callHoursBody is a calling block with call hours on weekdays and a holiday.
func callHoursBody(visibility string, holidays bool) string {
	holiday := ""
	if holidays {
		holiday = fmt.Sprintf(`
      holiday_schedule = [{ date = "%s-12-25", start_time = "0000", end_time = "2359" }]`, nextYear)
	}
	return fmt.Sprintf(`
  calling = {
    status                     = "ENABLED"
    call_icon_visibility       = %q
    callback_permission_status = "ENABLED"
    call_hours = {
      status      = "ENABLED"
      timezone_id = "America/Manaus"
      weekly_operating_hours = [
        { day_of_week = "MONDAY", open_time = "0900", close_time = "1200" },
        { day_of_week = "MONDAY", open_time = "1300", close_time = "1800" },
        { day_of_week = "TUESDAY", open_time = "0900", close_time = "1800" },
      ]%s
    }
  }`, visibility, holiday)
}

// callingChanges is what the tests that enable calling change in the account.
const callingChanges = "the number's calling settings, and the app's webhook subscription (its callback and the calls field)"

// prepareCalling meets Meta's prerequisite of calling without SIP: the app subscribed to the WABA
// with the calls webhook field. Unless the app's webhooks have the field already, its callback
// becomes a webhook sink (the emulator's, or one on this machine against Meta).
func (tg *target) prepareCalling() {
	tg.t.Helper()
	tg.changesAccount(callingChanges)
	if !slices.Contains(tg.appWebhookFields(), "calls") {
		tg.setAppWebhookFields([]string{"calls"})
	}
	if err := tg.client().SubscribeApp(context.Background(), tg.seed.BusinessAccountID, nil); err != nil {
		tg.t.Fatal(err)
	}
}

// withoutCallsWebhook undoes what prepareCalling does for the app under test: calling and SIP
// disabled at Meta, and the calls field out of the app's webhooks.
func (tg *target) withoutCallsWebhook() {
	tg.t.Helper()
	tg.changesAccount(callingChanges)
	err := tg.client().SetCallingSettings(context.Background(), tg.seed.PhoneNumberID, graph.CallingSettings{Status: "DISABLED", SIP: &graph.SIPSetting{Status: "DISABLED"}})
	if err != nil {
		tg.t.Fatal(err)
	}
	if slices.Contains(tg.appWebhookFields(), "calls") {
		if err := tg.client().DeleteAppSubscription(context.Background(), tg.seed.AppID, tg.appToken(), "whatsapp_business_account", []string{"calls"}); err != nil {
			tg.t.Fatal(err)
		}
	}
}

// appWebhookFields are the fields of the app's whatsapp_business_account webhooks at Meta.
func (tg *target) appWebhookFields() []string {
	tg.t.Helper()
	if tg.seed.AppID == "" || tg.seed.AppSecret == "" {
		tg.t.Skipf("set %s and %s to run this test against Meta", envTestAppID, envAppSecret)
	}
	sub, err := tg.metaSubscription()
	if err != nil {
		tg.t.Fatal(err)
	}
	if sub == nil {
		return nil
	}
	return sub.FieldNames()
}

// setAppWebhookFields adds the fields to the app's whatsapp_business_account webhooks, with a
// webhook sink as their callback.
func (tg *target) setAppWebhookFields(fields []string) {
	tg.t.Helper()
	const token = "calls-token"
	if err := tg.client().SubscribeAppObject(context.Background(), tg.seed.AppID, tg.appToken(), graph.NewAppSubscription{
		Object: "whatsapp_business_account", CallbackURL: tg.webhookSink(token), VerifyToken: token, Fields: fields,
	}); err != nil {
		tg.t.Fatal(err)
	}
}

// checkCallingAtMeta checks Meta's calling settings.
func (tg *target) checkCallingAtMeta(check func(c *graph.CallingSettings) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		s, err := tg.client().GetPhoneSettings(context.Background(), tg.seed.PhoneNumberID)
		if err != nil {
			return err
		}
		if s.Calling == nil {
			return fmt.Errorf("meta returns no calling settings: %s", s.Raw)
		}
		return check(s.Calling)
	}
}

// settingsAttr is a string attribute of whatsapp_phone_number_settings.s in state, by its path.
func settingsAttr(s *tfjson.State, keys ...string) (string, error) {
	if s == nil || s.Values == nil || s.Values.RootModule == nil {
		return "", fmt.Errorf("no state")
	}
	for _, r := range s.Values.RootModule.Resources {
		if r.Address != settingsAddr {
			continue
		}
		var v any = r.AttributeValues
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		str, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("%s.%s is %v, not a string", settingsAddr, strings.Join(keys, "."), v)
		}
		return str, nil
	}
	return "", fmt.Errorf("%s not in state", settingsAddr)
}

func settingsValue(p tfjsonpath.Path, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(settingsAddr, p, v)
}

var (
	callingAttr   = tfjsonpath.New("calling")
	callHoursAttr = callingAttr.AtMapKey("call_hours")
)

func TestAccPhoneNumberSettings_callHours(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.prepareCalling()
	phone := tg.seed.PhoneNumberID
	first := settingsConfig(tg, callHoursBody("DEFAULT", true)+`
  user_identity_change = { enable_identity_key_check = true }`)
	second := settingsConfig(tg, callHoursBody("DISABLE_ALL", false)+`
  user_identity_change = { enable_identity_key_check = true }`)
	var posts int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// Destroying leaves the settings at Meta.
		CheckDestroy: tg.checkCallingAtMeta(func(c *graph.CallingSettings) error {
			if c.Status != "ENABLED" || c.CallHours == nil {
				return fmt.Errorf("destroy changed calling at Meta: %+v", c)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config: first,
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(tfjsonpath.New("id"), knownvalue.StringExact(phone)),
					settingsValue(callingAttr.AtMapKey("status"), knownvalue.StringExact("ENABLED")),
					settingsValue(callingAttr.AtMapKey("srtp_key_exchange_protocol"), knownvalue.StringExact("DTLS")),
					settingsValue(callHoursAttr.AtMapKey("weekly_operating_hours"), knownvalue.ListSizeExact(3)),
					settingsValue(callHoursAttr.AtMapKey("holiday_schedule").AtSliceIndex(0).AtMapKey("date"), knownvalue.StringExact(nextYear+"-12-25")),
					settingsValue(tfjsonpath.New("user_identity_change").AtMapKey("enable_identity_key_check"), knownvalue.Bool(true)),
					settingsValue(tfjsonpath.New("storage_configuration").AtMapKey("status"), knownvalue.StringExact("DEFAULT")),
					settingsValue(tfjsonpath.New("payload_encryption").AtMapKey("status"), knownvalue.StringExact("DISABLED")),
					settingsValue(tfjsonpath.New("unmodelled_settings"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					tg.checkCallingAtMeta(func(c *graph.CallingSettings) error {
						if c.Status != "ENABLED" || c.CallbackPermissionStatus != "ENABLED" || c.CallHours == nil ||
							c.CallHours.TimezoneID != "America/Manaus" || len(c.CallHours.WeeklyOperatingHours) != 3 || len(c.CallHours.HolidaySchedule) != 1 {
							return fmt.Errorf("calling at Meta: %+v %+v", c, c.CallHours)
						}
						return nil
					}),
					func(*terraform.State) error {
						if tg.emu != nil {
							// Meta does not return the identity check; the emulator shows what it holds.
							got, err := tg.emu.PhoneSettingsOf(phone)
							if err != nil || got.IdentityKeyCheck == nil || !*got.IdentityKeyCheck {
								return fmt.Errorf("identity key check at Meta: %+v, %w", got.IdentityKeyCheck, err)
							}
						}
						// One request for each feature that changed: the identity check and calling.
						posts = len(tg.calls(http.MethodPost, "/"+phone+"/settings$"))
						if posts != 2 {
							return fmt.Errorf("%d settings requests, want 2", posts)
						}
						return nil
					},
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			// Meta does not return the identity change check, so an import cannot read it.
			{ResourceName: settingsAddr, ImportState: true, ImportStateId: phone, ImportStateVerify: true, ImportStateVerifyIgnore: []string{"user_identity_change"}},
			{
				Config:           second,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(settingsAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(callingAttr.AtMapKey("call_icon_visibility"), knownvalue.StringExact("DISABLE_ALL")),
					settingsValue(callHoursAttr.AtMapKey("holiday_schedule"), knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(
					tg.checkCallingAtMeta(func(c *graph.CallingSettings) error {
						if c.CallIconVisibility != "DISABLE_ALL" || len(c.CallHours.HolidaySchedule) != 0 {
							return fmt.Errorf("calling at Meta after the update: %+v %+v", c, c.CallHours)
						}
						return nil
					}),
					func(*terraform.State) error {
						// Only calling changed: the identity check is not sent again.
						reqs := tg.calls(http.MethodPost, "/"+phone+"/settings$")
						if len(reqs) != posts+1 {
							return fmt.Errorf("settings requests after the update: %+v", reqs[posts:])
						}
						return nil
					},
				),
			},
			// Leaving calling out keeps Meta's values: nothing to change.
			{
				Config:           settingsConfig(tg, `  user_identity_change = { enable_identity_key_check = true }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// unmodelledCodecs are the additional audio codecs in unmodelled_settings of the state.
func unmodelledCodecs(s *tfjson.State) ([]string, error) {
	raw, err := settingsAttr(s, "unmodelled_settings")
	if err != nil {
		return nil, err
	}
	var u struct {
		Calling struct {
			Audio struct {
				AdditionalCodecs []string `json:"additional_codecs"`
			} `json:"audio"`
		} `json:"calling"`
	}
	if err := json.Unmarshal([]byte(raw), &u); err != nil {
		return nil, fmt.Errorf("unmodelled_settings %q: %w", raw, err)
	}
	return u.Calling.Audio.AdditionalCodecs, nil
}

// wantCodecs checks that unmodelled_settings holds Meta's additional codecs PCMU.
func wantCodecs() statecheck.StateCheck {
	return stateCheckFunc(func(s *tfjson.State) error {
		codecs, err := unmodelledCodecs(s)
		if err == nil && strings.Join(codecs, ",") != "PCMU" {
			err = fmt.Errorf("additional codecs in unmodelled_settings: %v, want PCMU", codecs)
		}
		return err
	})
}

// Settings left unset keep Meta's values and follow changes made at Meta; what the resource does
// not model shows in unmodelled_settings and survives an update.
func TestAccPhoneNumberSettings_unsetKeepsMeta(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.prepareCalling()
	phone := tg.seed.PhoneNumberID
	ctx := context.Background()
	before, err := tg.client().GetPhoneSettings(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	calling, sip := "DISABLED", "DISABLED"
	var callHours knownvalue.Check = knownvalue.Null()
	if c := before.Calling; c != nil {
		calling = c.Status
		if c.CallHours != nil {
			callHours = knownvalue.NotNull()
		}
		if c.SIP != nil && c.SIP.Status != "" {
			sip = c.SIP.Status
		}
	}
	t.Cleanup(func() {
		// The codec is not the resource's: take it away again.
		err := tg.client().Do(context.Background(), graph.Request{Method: http.MethodPost, Path: phone + "/settings",
			Body: map[string]any{"calling": map[string]any{"audio": map[string]any{"additional_codecs": []string{}}}}}, nil)
		if err != nil {
			t.Errorf("removing the additional codec: %v", err)
		}
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: settingsConfig(tg, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(callingAttr.AtMapKey("status"), knownvalue.StringExact(calling)),
					settingsValue(callingAttr.AtMapKey("call_hours"), callHours),
					settingsValue(callingAttr.AtMapKey("sip").AtMapKey("status"), knownvalue.StringExact(sip)),
					settingsValue(tfjsonpath.New("user_identity_change"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if reqs := tg.calls(http.MethodPost, "/settings$"); len(reqs) != 0 {
						return fmt.Errorf("adopting the settings changed them: %+v", reqs)
					}
					return nil
				},
			},
			{
				// Someone enables calling and adds a codec in WhatsApp Manager.
				PreConfig: func() {
					err := tg.client().SetCallingSettings(ctx, phone, graph.CallingSettings{Status: "ENABLED"})
					if err == nil {
						err = tg.client().Do(ctx, graph.Request{Method: http.MethodPost, Path: phone + "/settings",
							Body: map[string]any{"calling": map[string]any{"audio": map[string]any{"additional_codecs": []string{"PCMU"}}}}}, nil)
					}
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:           settingsConfig(tg, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(callingAttr.AtMapKey("status"), knownvalue.StringExact("ENABLED")),
					wantCodecs(),
				},
			},
			{
				Config: settingsConfig(tg, `  calling = { callback_permission_status = "ENABLED" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(callingAttr.AtMapKey("status"), knownvalue.StringExact("ENABLED")),
					settingsValue(callingAttr.AtMapKey("callback_permission_status"), knownvalue.StringExact("ENABLED")),
					wantCodecs(),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccPhoneNumberSettings_sip(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the number's calling settings (SIP, and the SRTP key exchange)")
	sip := func(status, servers string) string {
		return settingsConfig(tg, fmt.Sprintf(`
  calling = {
    status                     = "ENABLED"
    srtp_key_exchange_protocol = %q
    sip = {
      status  = %q
      %s
    }
  }`, map[bool]string{true: "SDES", false: "DTLS"}[status == "ENABLED"], status, servers))
	}
	server := `servers = [{ hostname = "sip.example.com", request_uri_user_params = { tgrp = "wacall", trunk-context = "byoc.example.com" } }]`
	serverAttr := callingAttr.AtMapKey("sip").AtMapKey("servers").AtSliceIndex(0)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// SIP lets calling be enabled without the calls webhook.
				Config: sip("ENABLED", server),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(serverAttr.AtMapKey("port"), knownvalue.Int64Exact(5061)),
					settingsValue(serverAttr.AtMapKey("app_id"), knownvalue.StringExact(tg.seed.AppID)),
					settingsValue(serverAttr.AtMapKey("request_uri_user_params").AtMapKey("tgrp"), knownvalue.StringExact("wacall")),
					settingsValue(callingAttr.AtMapKey("srtp_key_exchange_protocol"), knownvalue.StringExact("SDES")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Disabling SIP keeps the server at Meta, and in the state while servers is unset.
				Config: sip("DISABLED", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(callingAttr.AtMapKey("sip").AtMapKey("servers"), knownvalue.ListSizeExact(1)),
				},
				Check: tg.checkCallingAtMeta(func(c *graph.CallingSettings) error {
					if c.SIP == nil || c.SIP.Status != "DISABLED" || c.SIP.Servers == nil || len(*c.SIP.Servers) != 1 {
						return fmt.Errorf("SIP at Meta: %+v", c.SIP)
					}
					return nil
				}),
			},
			{
				Config: sip("DISABLED", "servers = []"),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(callingAttr.AtMapKey("sip").AtMapKey("servers"), knownvalue.ListSizeExact(0)),
				},
				Check: tg.checkCallingAtMeta(func(c *graph.CallingSettings) error {
					if c.SIP.Servers != nil && len(*c.SIP.Servers) != 0 {
						return fmt.Errorf("servers at Meta: %+v", *c.SIP.Servers)
					}
					return nil
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

// Meta's refusal of enabling calling without SIP or the calls webhook comes with what to do.
func TestAccPhoneNumberSettings_callingRefused(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.withoutCallsWebhook()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      settingsConfig(tg, `  calling = { status = "ENABLED" }`),
			ExpectError: wrapped("138018", `add "calls" to the fields of whatsapp_app_webhook`),
		}},
	})
}

// Meta's refusal of enabling calling on a number with a low messaging limit says which limit.
func TestAccPhoneNumberSettings_callingLimit(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("the number's messaging limit is below 2,000")
	tg.prepareCalling()
	if err := tg.emu.ChangePhoneNumber(tg.seed.PhoneNumberID, emulator.PhoneNumberChange{MessagingLimitTier: "TIER_250"}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      settingsConfig(tg, `  calling = { status = "ENABLED" }`),
			ExpectError: wrapped("138015", "messaging limit of 2,000 or more"),
		}},
	})
}

// Local storage changes only while the number is not registered.
func TestAccPhoneNumberSettings_localStorage(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the local storage of a number that is not registered")
	unregistered := tg.unregisteredNumber()
	config := func(phone, storage string) string {
		return tg.provider() + fmt.Sprintf(`
resource "whatsapp_phone_number_settings" "s" {
  phone_number_id       = %q
  storage_configuration = %s
}
`, phone, storage)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(unregistered, `{ status = "IN_COUNTRY_STORAGE_ENABLED", data_localization_region = "IN" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(tfjsonpath.New("storage_configuration").AtMapKey("data_localization_region"), knownvalue.StringExact("IN")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: config(unregistered, `{ status = "DEFAULT" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(tfjsonpath.New("storage_configuration").AtMapKey("data_localization_region"), knownvalue.Null()),
				},
			},
			// The registered number: Meta refuses, as the plan warned.
			{
				Config:      config(tg.seed.PhoneNumberID, `{ status = "IN_COUNTRY_STORAGE_ENABLED", data_localization_region = "BR" }`),
				ExpectError: wrapped("Cannot set the local storage of phone number", "not registered"),
			},
		},
	})
}

// The plan warns of a storage change on a registered number, and that destroying leaves the
// settings at Meta.
func TestAccPhoneNumberSettings_planWarnings(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	cli.write(dir, "main.tf", cliProviderHeader+fmt.Sprintf(`
resource "whatsapp_phone_number_settings" "s" {
  phone_number_id       = %q
  storage_configuration = { status = "IN_COUNTRY_STORAGE_ENABLED", data_localization_region = "BR" }
}
`, tg.seed.PhoneNumberID))
	cli.mustRun(dir, "init")
	out := squash(cli.mustRun(dir, "plan"))
	if !strings.Contains(out, "Local storage cannot change while the number is registered") || !strings.Contains(out, "Deregister the number first") {
		t.Errorf("no warning about the registered number in the plan:\n%s", out)
	}
	cli.write(dir, "main.tf", cliProviderHeader+fmt.Sprintf(`
resource "whatsapp_phone_number_settings" "s" {
  phone_number_id = %q
}
`, tg.seed.PhoneNumberID))
	if out := squash(cli.mustRun(dir, "plan")); strings.Contains(out, "Local storage cannot change") {
		t.Errorf("a warning without a storage change:\n%s", out)
	}
	cli.mustRun(dir, "apply", "-auto-approve")
	out = squash(cli.mustRun(dir, "plan", "-destroy"))
	if !strings.Contains(out, "The phone number settings stay at Meta") {
		t.Errorf("no warning that destroy leaves the settings:\n%s", out)
	}
}

func TestAccPhoneNumberSettings_payloadEncryption(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	tg.changesAccount("the number's payload encryption and its client key")
	key := base64.StdEncoding.EncodeToString([]byte(rsaPublicKeyPEM(t, 2048)))
	other := base64.StdEncoding.EncodeToString([]byte(rsaPublicKeyPEM(t, 2048)))
	encryption := func(status, key string) string {
		k := ""
		if key != "" {
			k = fmt.Sprintf("client_encryption_key = %q", key)
		}
		return settingsConfig(tg, fmt.Sprintf("  payload_encryption = {\n    status = %q\n    %s\n  }", status, k))
	}
	fingerprint := tfjsonpath.New("payload_encryption").AtMapKey("client_encryption_key_fingerprint")
	var first string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: encryption("ENABLED", key),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(fingerprint, knownvalue.StringRegexp(regexp.MustCompile(`^SHA256:`))),
					settingsValue(tfjsonpath.New("payload_encryption").AtMapKey("cloud_encryption_key"), knownvalue.NotNull()),
					stateCheckFunc(func(s *tfjson.State) error {
						var err error
						first, err = settingsAttr(s, "payload_encryption", "client_encryption_key_fingerprint")
						return err
					}),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: encryption("ENABLED", other),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(settingsAddr, fingerprint),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					stateCheckFunc(func(s *tfjson.State) error {
						got, err := settingsAttr(s, "payload_encryption", "client_encryption_key_fingerprint")
						if err == nil && got == first {
							err = fmt.Errorf("fingerprint %v unchanged by a new key", got)
						}
						return err
					}),
				},
			},
			{
				// A key set outside Terraform: the plan sets the configured one again.
				PreConfig: func() {
					if err := tg.client().SetPayloadEncryption(context.Background(), tg.seed.PhoneNumberID, true, key); err != nil {
						t.Fatal(err)
					}
				},
				Config: encryption("ENABLED", other),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(settingsAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(settingsAddr, tfjsonpath.New("payload_encryption").AtMapKey("client_encryption_key"), knownvalue.StringExact(other)),
				}},
			},
			{
				Config: encryption("DISABLED", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					settingsValue(fingerprint, knownvalue.Null()),
					settingsValue(tfjsonpath.New("payload_encryption").AtMapKey("status"), knownvalue.StringExact("DISABLED")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccPhoneNumberSettings_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	tg.changesAccount("the number's callback permission")
	resource.Test(t, phoneSettingsIdentityCase(tg, settingsAddr,
		settingsConfig(tg, `  calling = { callback_permission_status = "ENABLED" }`),
		settingsConfig(tg, `  calling = { callback_permission_status = "DISABLED" }`),
		fmt.Sprintf("phone_number_id = %q", tg.seed.PhoneNumberID)))
}

func TestAccPhoneNumberSettings_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta loses the number")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: settingsConfig(tg, ""),
			Check: func(*terraform.State) error {
				tg.emu.AddFault(phoneGoneFault("/settings$"))
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(settingsAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// A holiday in the past is refused at plan time when the call hours change.
func TestAccPhoneNumberSettings_pastHoliday(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	config := settingsConfig(tg, `
  calling = {
    call_hours = {
      status                 = "ENABLED"
      timezone_id            = "Europe/Lisbon"
      weekly_operating_hours = [{ day_of_week = "FRIDAY", open_time = "0800", close_time = "1600" }]
      holiday_schedule       = [{ date = "2020-01-01", start_time = "0000", end_time = "2359" }]
    }
  }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config, PlanOnly: true,
			ExpectError: wrapped(`calling.call_hours.holiday_schedule[0].date`, "Meta refuses call hours with a holiday before today", "remove 2020-01-01"),
		}},
	})
	if reqs := tg.calls(http.MethodPost, "/settings$"); len(reqs) != 0 {
		t.Errorf("a refused plan reached Graph: %+v", reqs)
	}
}

func TestAccPhoneNumberSettings_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	week := func(entries ...string) string {
		return fmt.Sprintf(`
  calling = {
    call_hours = {
      status                 = "ENABLED"
      timezone_id            = "America/Manaus"
      weekly_operating_hours = [%s]
    }
  }`, strings.Join(entries, ", "))
	}
	day := func(d, open, closing string) string {
		return fmt.Sprintf(`{ day_of_week = %q, open_time = %q, close_time = %q }`, d, open, closing)
	}
	cases := map[string]struct{ body, want string }{
		"time not HHMM": {week(day("MONDAY", "9:00", "1700")), `calling.call_hours.weekly_operating_hours\[0\]\.open_time.*"9:00"\s+must\s+be\s+a\s+time\s+in\s+24-hour\s+HHMM\s+format`},
		"hour 24":       {week(day("MONDAY", "0900", "2400")), `weekly_operating_hours\[0\]\.close_time`},
		"closes first":  {week(day("MONDAY", "1700", "0900")), `close_time\s+0900\s+must\s+be\s+after\s+open_time\s+1700`},
		"three a day": {week(day("MONDAY", "0800", "0900"), day("MONDAY", "1000", "1100"), day("MONDAY", "1200", "1300")),
			`weekly_operating_hours\[2\][\s\S]*MONDAY\s+has\s+more\s+than\s+2\s+entries`},
		"overlap":      {week(day("MONDAY", "0800", "1200"), day("MONDAY", "1100", "1300")), `weekly_operating_hours\[1\]\.open_time[\s\S]*MONDAY\s+1100-1300\s+overlaps\s+0800-1200`},
		"empty week":   {week(), `weekly_operating_hours[\s\S]*weekly_operating_hours\s+is\s+empty`},
		"unknown day":  {week(day("FUNDAY", "0800", "1200")), `day_of_week`},
		"bad timezone": {strings.Replace(week(day("MONDAY", "0800", "1200")), "America/Manaus", "Mars/Olympus", 1), `calling.call_hours.timezone_id[\s\S]*"Mars/Olympus"\s+is\s+not\s+an\s+IANA\s+time\s+zone`},
		"bad holiday date": {strings.Replace(week(day("MONDAY", "0800", "1200")), "]\n", "]\n      holiday_schedule = [{ date = \"2026-02-30\", start_time = \"0000\", end_time = \"2359\" }]\n", 1),
			`holiday_schedule\[0\]\.date[\s\S]*must\s+be\s+a\s+date\s+in\s+YYYY-MM-DD`},
		"country":    {`  calling = { call_icons = { restrict_to_user_countries = ["usa"] } }`, `restrict_to_user_countries\[0\][\s\S]*ISO\s+3166-1\s+alpha-2`},
		"SDES":       {`  calling = { srtp_key_exchange_protocol = "SDES", sip = { status = "DISABLED" } }`, `calling.srtp_key_exchange_protocol[\s\S]*SDES\s+key\s+exchange\s+only\s+when\s+SIP`},
		"SIP server": {`  calling = { sip = { status = "ENABLED", servers = [] } }`, `calling.sip.servers[\s\S]*Meta\s+enables\s+SIP\s+only\s+with\s+a\s+SIP\s+server`},
		"two SIP servers": {`  calling = { sip = { servers = [{ hostname = "a.example.com" }, { hostname = "b.example.com" }] } }`,
			`calling.sip.servers[\s\S]*at\s+most\s+1`},
		"SIP host":      {`  calling = { sip = { servers = [{ hostname = "https://sip.example.com" }] } }`, `servers\[0\]\.hostname[\s\S]*without\s+a\s+scheme`},
		"SIP port":      {`  calling = { sip = { servers = [{ hostname = "sip.example.com", port = 70000 }] } }`, `servers\[0\]\.port[\s\S]*70000\s+is\s+not\s+a\s+port\s+number`},
		"SIP param":     {fmt.Sprintf(`  calling = { sip = { servers = [{ hostname = "sip.example.com", request_uri_user_params = { tgrp = %q } }] } }`, strings.Repeat("x", 129)), `request_uri_user_params\["tgrp"\][\s\S]*at\s+most\s+128\s+characters`},
		"no client key": {`  payload_encryption = { status = "ENABLED" }`, `payload_encryption.client_encryption_key[\s\S]*set\s+client_encryption_key`},
		"client key":    {`  payload_encryption = { status = "ENABLED", client_encryption_key = "not base64!" }`, `payload_encryption.client_encryption_key[\s\S]*must\s+be\s+Base64-encoded`},
		"no region":     {`  storage_configuration = { status = "IN_COUNTRY_STORAGE_ENABLED" }`, `storage_configuration.data_localization_region[\s\S]*needs\s+the\s+country`},
		"region with default": {`  storage_configuration = { status = "DEFAULT", data_localization_region = "IN" }`,
			`storage_configuration.data_localization_region[\s\S]*taken\s+only\s+with`},
		"region only":    {`  storage_configuration = { data_localization_region = "IN" }`, `storage_configuration.status[\s\S]*set\s+it`},
		"unknown region": {`  storage_configuration = { status = "IN_COUNTRY_STORAGE_ENABLED", data_localization_region = "FR" }`, `data_localization_region`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: settingsConfig(tg, tc.body), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if reqs := tg.calls(http.MethodPost, ""); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}

// unmodelled_settings keeps what Meta returns beyond the model, and Meta's identity change check
// when it returns one.
func TestPhoneSettingsApplyRemote(t *testing.T) {
	raw := json.RawMessage(`{
  "calling": {"status": "enabled", "call_icon_visibility": "DEFAULT", "callback_permission_status": "DISABLED", "srtp_key_exchange_protocol": "DTLS-SRTP",
    "ip_addresses": {"default": ["157.240.0.1"]}, "video": {"status": "enabled"},
    "sip": {"status": "enabled", "servers": [{"app_id": 12345, "hostname": "sip.whatsapp.com", "port": "5060", "sip_user_password": "kept"}]}},
  "user_identity_change": {"enable_identity_key_check": true},
  "payload_encryption": {"status": "disabled"},
  "storage_configuration": {"status": "in_country_storage_enabled", "data_localization_region": "us", "retention_minutes": 60}
}`)
	var s graph.PhoneSettings
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	s.Raw = raw
	ctx := context.Background()
	m := phoneSettingsModel{PhoneNumberID: stringOrNull("1"), UserIdentityChange: types.ObjectUnknown(objectType(identityPath).AttrTypes)}
	var diags diag.Diagnostics
	m.applyRemote(ctx, &s, "", &diags)
	if diags.HasError() {
		t.Fatal(diags)
	}
	wantUnmodelled := `{"calling":{"ip_addresses":{"default":["157.240.0.1"]},"sip":{"servers":[{"sip_user_password":"kept"}]},"video":{"status":"enabled"}},"storage_configuration":{"retention_minutes":60}}`
	if got := m.UnmodelledSettings.ValueString(); got != wantUnmodelled {
		t.Errorf("unmodelled_settings %s, want %s", got, wantUnmodelled)
	}
	c := objectAs[callingModel](ctx, m.Calling, &diags)
	sip := objectAs[sipModel](ctx, c.SIP, &diags)
	servers, _ := listAs[sipServerModel](ctx, sip.Servers, &diags)
	if c.Status.ValueString() != "ENABLED" || c.SRTPKeyExchangeProtocol.ValueString() != "DTLS" || len(servers) != 1 ||
		servers[0].Port.ValueInt64() != 5060 || servers[0].AppID.ValueString() != "12345" {
		t.Errorf("calling %+v, servers %+v", c, servers)
	}
	id := objectAs[identityChangeModel](ctx, m.UserIdentityChange, &diags)
	if id == nil || !id.EnableIdentityKeyCheck.ValueBool() {
		t.Errorf("identity change check %+v", m.UserIdentityChange)
	}
	st := objectAs[storageModel](ctx, m.StorageConfiguration, &diags)
	if st.Status.ValueString() != graph.StorageInCountry {
		t.Errorf("storage %+v", st)
	}
}

// The registry example applies as written, once the number meets Meta's calling prerequisites.
func TestAccPhoneNumberSettings_example(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.prepareCalling()
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "whatsapp_phone_number_settings", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          tg.provider() + string(example),
			ConfigVariables: config.Variables{"phone_number_id": config.StringVariable(tg.seed.PhoneNumberID)},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("whatsapp_phone_number_settings.support", callHoursAttr.AtMapKey("weekly_operating_hours"), knownvalue.ListSizeExact(6)),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}
