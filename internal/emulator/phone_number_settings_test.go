package emulator

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

func (h *harness) settingsPath(phoneID string) string { return "/v23.0/" + phoneID + "/settings" }

// settings reads a number's settings and returns the calling, payload_encryption and
// storage_configuration objects.
func (h *harness) settings(phoneID, query string) (calling, encryption, storage map[string]any) {
	h.t.Helper()
	r := h.mustOK(h.call(http.MethodGet, h.settingsPath(phoneID)+query, nil))
	calling, _ = r.body["calling"].(map[string]any)
	encryption, _ = r.body["payload_encryption"].(map[string]any)
	storage, _ = r.body["storage_configuration"].(map[string]any)
	return calling, encryption, storage
}

// subscribeCallsWebhook subscribes the app to the calls webhook field and to the WABA: the
// prerequisite of enabling calling without SIP.
func (h *harness) subscribeCallsWebhook() {
	h.t.Helper()
	h.mustOK(h.appCall(http.MethodPost, h.subscriptionsPath(), map[string]any{
		"object": "whatsapp_business_account", "callback_url": h.srv.URL + "/_emulator/webhook-sink", "verify_token": "vt", "fields": []string{"calls"},
	}))
	h.mustOK(h.call(http.MethodPost, h.subscribedAppsPath(), nil))
}

// wantSettingsError checks a 400 code 100 refusal whose error_data.details contains detail.
func (h *harness) wantSettingsError(r reply, code int, detail string) {
	h.t.Helper()
	data, _ := r.errorField("error_data").(map[string]any)
	details, _ := data["details"].(string)
	if r.status != http.StatusBadRequest || r.code() != code || !strings.Contains(details, detail) || data["messaging_product"] != "whatsapp" {
		h.t.Fatalf("want 400/%d with details containing %q, got %d: %s", code, detail, r.status, r.raw)
	}
}

func TestPhoneSettingsDefaults(t *testing.T) {
	h := newHarness(t, Options{})
	calling, enc, storage := h.settings(h.seed.PhoneNumberID, "")
	sip, _ := calling["sip"].(map[string]any)
	if calling["status"] != "DISABLED" || calling["call_icon_visibility"] != "DEFAULT" || calling["callback_permission_status"] != "DISABLED" ||
		calling["srtp_key_exchange_protocol"] != "DTLS" || sip["status"] != "DISABLED" || sip["servers"] != nil || calling["call_hours"] != nil {
		t.Fatalf("a new number's calling settings: %v", calling)
	}
	if enc["status"] != "disabled" || storage["status"] != "DEFAULT" || storage["data_localization_region"] != nil {
		t.Fatalf("encryption %v, storage %v", enc, storage)
	}
	r := h.mustOK(h.call(http.MethodGet, h.settingsPath(h.seed.PhoneNumberID)+"?fields=storage_configuration", nil))
	if len(r.body) != 1 || r.body["storage_configuration"] == nil {
		t.Fatalf("fields=storage_configuration: %s", r.raw)
	}
	h.wantError(h.call(http.MethodGet, h.settingsPath(h.seed.PhoneNumberID)+"?fields=voicemail", nil), http.StatusBadRequest, 100, 0)
}

func TestPhoneSettingsOneFeaturePerRequest(t *testing.T) {
	h := newHarness(t, Options{})
	path := h.settingsPath(h.seed.PhoneNumberID)
	for name, body := range map[string]any{
		"none": map[string]any{},
		"two":  map[string]any{"user_identity_change": map[string]any{"enable_identity_key_check": true}, "calling": map[string]any{"status": "DISABLED"}},
	} {
		r := h.call(http.MethodPost, path, body)
		h.wantError(r, http.StatusBadRequest, 100, 0)
		if r.errorField("message") != "(#100) One feature setting must be specified" {
			t.Errorf("%s: %s", name, r.raw)
		}
	}
}

func TestPhoneSettingsCallHours(t *testing.T) {
	h := newHarness(t, Options{})
	h.subscribeCallsWebhook()
	path := h.settingsPath(h.seed.PhoneNumberID)
	hours := func(weekly []any, holidays []any) map[string]any {
		ch := map[string]any{"status": "ENABLED", "timezone_id": "America/Manaus", "weekly_operating_hours": weekly}
		if holidays != nil {
			ch["holiday_schedule"] = holidays
		}
		return map[string]any{"calling": map[string]any{"status": "ENABLED", "call_hours": ch}}
	}
	day := func(d, open, closing string) any {
		return map[string]any{"day_of_week": d, "open_time": open, "close_time": closing}
	}
	holiday := func(date, start, end string) any {
		return map[string]any{"date": date, "start_time": start, "end_time": end}
	}

	// Meta's example (the holiday moved after the test clock).
	h.mustOK(h.call(http.MethodPost, path, hours([]any{day("MONDAY", "0400", "1020"), day("TUESDAY", "0108", "1020")}, []any{holiday("2027-01-01", "0000", "2359")})))
	calling, _, _ := h.settings(h.seed.PhoneNumberID, "")
	ch, _ := calling["call_hours"].(map[string]any)
	weekly, _ := ch["weekly_operating_hours"].([]any)
	holidays, _ := ch["holiday_schedule"].([]any)
	if calling["status"] != "ENABLED" || ch["timezone_id"] != "America/Manaus" || len(weekly) != 2 || len(holidays) != 1 {
		t.Fatalf("call hours read back: %v", calling)
	}
	// call_hours is replaced whole: without holiday_schedule the holidays are gone.
	h.mustOK(h.call(http.MethodPost, path, hours([]any{day("friday", "0900", "1700")}, nil)))
	calling, _, _ = h.settings(h.seed.PhoneNumberID, "")
	ch, _ = calling["call_hours"].(map[string]any)
	if w, _ := ch["weekly_operating_hours"].([]any); len(w) != 1 || w[0].(map[string]any)["day_of_week"] != "FRIDAY" {
		t.Fatalf("weekly hours after the update: %v", ch)
	}
	if hs, _ := ch["holiday_schedule"].([]any); len(hs) != 0 {
		t.Fatalf("holidays kept without holiday_schedule: %v", ch)
	}

	for name, tc := range map[string]struct {
		body   map[string]any
		detail string
	}{
		"empty week":          {hours([]any{}, nil), "weekly_operating_hours in call_hours cannot be empty"},
		"bad time":            {hours([]any{day("MONDAY", "9:00", "1700")}, nil), `"9:00" is not a 24-hour HHMM time`},
		"hour 24":             {hours([]any{day("MONDAY", "0900", "2400")}, nil), "is not a 24-hour HHMM time"},
		"close before open":   {hours([]any{day("MONDAY", "1700", "0900")}, nil), "open_time 1700 must be before close_time 0900"},
		"three a day":         {hours([]any{day("MONDAY", "0800", "0900"), day("MONDAY", "1000", "1100"), day("MONDAY", "1200", "1300")}, nil), "More than 2 entries not allowed"},
		"overlap":             {hours([]any{day("MONDAY", "0800", "1200"), day("MONDAY", "1100", "1300")}, nil), "Overlapping schedule in call_hours is not allowed"},
		"unknown day":         {hours([]any{day("FUNDAY", "0800", "1200")}, nil), "day_of_week"},
		"holiday in the past": {hours([]any{day("MONDAY", "0800", "1200")}, []any{holiday("2026-01-01", "0000", "2359")}), "Holiday 2026-01-01 given in call_hours is a past date"},
		"bad date":            {hours([]any{day("MONDAY", "0800", "1200")}, []any{holiday("2027-02-30", "0000", "2359")}), "Date format in holiday_schedule for call_hours is invalid"},
		"bad time zone": {map[string]any{"calling": map[string]any{"call_hours": map[string]any{
			"status": "ENABLED", "timezone_id": "Mars/Olympus", "weekly_operating_hours": []any{day("MONDAY", "0800", "1200")},
		}}}, `Timezone "Mars/Olympus" is invalid in call_hours`},
		"bad status": {map[string]any{"calling": map[string]any{"status": "ON"}}, "Invalid status ON"},
	} {
		t.Run(name, func(t *testing.T) {
			h.wantSettingsError(h.call(http.MethodPost, path, tc.body), 100, tc.detail)
		})
	}
	many := make([]any, 21)
	for i := range many {
		many[i] = holiday("2027-03-"+twoDigits(i+1), "0000", "2359")
	}
	h.wantSettingsError(h.call(http.MethodPost, path, hours([]any{day("MONDAY", "0800", "1200")}, many)), 100, "Up to 20 overrides")
	// A refused request changes nothing.
	calling, _, _ = h.settings(h.seed.PhoneNumberID, "")
	if ch, _ := calling["call_hours"].(map[string]any); ch["weekly_operating_hours"].([]any)[0].(map[string]any)["day_of_week"] != "FRIDAY" {
		t.Fatalf("a refused request changed the settings: %v", calling)
	}
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func TestPhoneSettingsEnablingCalling(t *testing.T) {
	h := newHarness(t, Options{})
	path := h.settingsPath(h.seed.PhoneNumberID)
	enable := map[string]any{"calling": map[string]any{"status": "ENABLED"}}
	// Without SIP or an app subscribed to the calls field, Meta refuses.
	h.wantSettingsError(h.call(http.MethodPost, path, enable), 138018, "calls field")
	if calling, _, _ := h.settings(h.seed.PhoneNumberID, ""); calling["status"] != "DISABLED" {
		t.Fatalf("refused, yet %v", calling)
	}
	// A number whose business has a messaging limit under 2,000 cannot enable calling.
	if err := h.e.ChangePhoneNumber(h.seed.PhoneNumberID, PhoneNumberChange{MessagingLimitTier: "TIER_250"}); err != nil {
		t.Fatal(err)
	}
	r := h.call(http.MethodPost, path, enable)
	h.wantSettingsError(r, 138015, "messaging limit must be 2000 or more")
	if r.errorField("message") != "(#138015) Calling cannot be enabled" {
		t.Fatalf("message: %s", r.raw)
	}
	if err := h.e.ChangePhoneNumber(h.seed.PhoneNumberID, PhoneNumberChange{MessagingLimitTier: "TIER_1K"}); err != nil {
		t.Fatal(err)
	}
	h.subscribeCallsWebhook()
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"calling": map[string]any{
		"status": "enabled", "call_icon_visibility": "DISABLE_ALL", "callback_permission_status": "ENABLED",
		"call_icons": map[string]any{"restrict_to_user_countries": []string{"US", "BR"}},
		"audio":      map[string]any{"additional_codecs": []string{"PCMA"}},
	}}))
	calling, _, _ := h.settings(h.seed.PhoneNumberID, "")
	icons, _ := calling["call_icons"].(map[string]any)
	audio, _ := calling["audio"].(map[string]any)
	if calling["status"] != "ENABLED" || calling["call_icon_visibility"] != "DISABLE_ALL" || calling["callback_permission_status"] != "ENABLED" ||
		len(icons["restrict_to_user_countries"].([]any)) != 2 || len(audio["additional_codecs"].([]any)) != 1 {
		t.Fatalf("calling settings: %v", calling)
	}
	h.wantSettingsError(h.call(http.MethodPost, path, map[string]any{"calling": map[string]any{"call_icons": map[string]any{"restrict_to_user_countries": []string{"usa"}}}}), 100, "ISO 3166-1 alpha-2")
	h.wantSettingsError(h.call(http.MethodPost, path, map[string]any{"calling": map[string]any{"audio": map[string]any{"additional_codecs": []string{"G729"}}}}), 100, "PCMA and PCMU")
}

func TestPhoneSettingsSIP(t *testing.T) {
	h := newHarness(t, Options{})
	path := h.settingsPath(h.seed.PhoneNumberID)
	sip := func(v map[string]any) map[string]any { return map[string]any{"calling": map[string]any{"sip": v}} }
	h.wantSettingsError(h.call(http.MethodPost, path, sip(map[string]any{"status": "ENABLED"})), 100, "At least 1 SIP server must exist when SIP status is ENABLED")
	h.wantSettingsError(h.call(http.MethodPost, path, map[string]any{"calling": map[string]any{"srtp_key_exchange_protocol": "SDES"}}), 100, "SDES is only valid when SIP signaling is enabled")
	two := []any{map[string]any{"hostname": "a.example.com"}, map[string]any{"hostname": "b.example.com"}}
	h.wantSettingsError(h.call(http.MethodPost, path, sip(map[string]any{"status": "ENABLED", "servers": two})), 100, "only one SIP server")
	h.wantSettingsError(h.call(http.MethodPost, path, sip(map[string]any{"status": "ENABLED", "servers": []any{map[string]any{"hostname": "https://sip.example.com"}}})), 100, "is not a host name")
	h.wantSettingsError(h.call(http.MethodPost, path, sip(map[string]any{"status": "ENABLED", "servers": []any{map[string]any{"hostname": "sip.example.com", "port": 70000}}})), 100, "is not a port number")
	long := strings.Repeat("x", 129)
	h.wantSettingsError(h.call(http.MethodPost, path, sip(map[string]any{"status": "ENABLED", "servers": []any{map[string]any{"hostname": "sip.example.com", "request_uri_user_params": map[string]any{"tgrp": long}}}})), 100, "Max key/value size")

	// SIP enables calling without the calls webhook, and SDES with it.
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"calling": map[string]any{
		"status": "ENABLED", "srtp_key_exchange_protocol": "SDES",
		"sip": map[string]any{"status": "ENABLED", "servers": []any{map[string]any{"hostname": "sip.example.com", "request_uri_user_params": map[string]any{"tgrp": "wacall"}}}},
	}}))
	calling, _, _ := h.settings(h.seed.PhoneNumberID, "")
	s, _ := calling["sip"].(map[string]any)
	servers, _ := s["servers"].([]any)
	if calling["status"] != "ENABLED" || calling["srtp_key_exchange_protocol"] != "SDES" || s["status"] != "ENABLED" || len(servers) != 1 {
		t.Fatalf("SIP settings: %v", calling)
	}
	srv := servers[0].(map[string]any)
	if srv["hostname"] != "sip.example.com" || srv["port"] != float64(5061) || srv["app_id"] != h.seed.AppID || srv["sip_user_password"] != nil {
		t.Fatalf("server without credentials: %v", srv)
	}
	calling, _, _ = h.settings(h.seed.PhoneNumberID, "?include_sip_credentials=true")
	password := calling["sip"].(map[string]any)["servers"].([]any)[0].(map[string]any)["sip_user_password"]
	if p, _ := password.(string); len(p) < 16 {
		t.Fatalf("sip_user_password: %v", password)
	}
	// Disabling SIP keeps the servers; an empty list removes them.
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"calling": map[string]any{"srtp_key_exchange_protocol": "DTLS", "sip": map[string]any{"status": "DISABLED"}}}))
	calling, _, _ = h.settings(h.seed.PhoneNumberID, "?include_sip_credentials=true")
	srv = calling["sip"].(map[string]any)["servers"].([]any)[0].(map[string]any)
	if calling["sip"].(map[string]any)["status"] != "DISABLED" || srv["sip_user_password"] != password {
		t.Fatalf("after disabling SIP: %v", calling)
	}
	h.mustOK(h.call(http.MethodPost, path, sip(map[string]any{"servers": []any{}})))
	calling, _, _ = h.settings(h.seed.PhoneNumberID, "")
	if calling["sip"].(map[string]any)["servers"] != nil {
		t.Fatalf("servers after clearing: %v", calling)
	}
}

func TestPhoneSettingsIdentityAndEncryption(t *testing.T) {
	h := newHarness(t, Options{})
	path := h.settingsPath(h.seed.PhoneNumberID)
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"user_identity_change": map[string]any{"enable_identity_key_check": true}}))
	got, err := h.e.PhoneSettingsOf(h.seed.PhoneNumberID)
	if err != nil || got.IdentityKeyCheck == nil || !*got.IdentityKeyCheck {
		t.Fatalf("identity key check: %+v, %v", got, err)
	}
	if strings.Contains(got.SettingsJSON, "user_identity_change") {
		t.Fatalf("GET shows the identity check, which Meta's response has not: %s", got.SettingsJSON)
	}
	h.wantSettingsError(h.call(http.MethodPost, path, map[string]any{"user_identity_change": map[string]any{}}), 100, "enable_identity_key_check")

	h.wantSettingsError(h.call(http.MethodPost, path, map[string]any{"payload_encryption": map[string]any{"status": "enabled"}}), 100, "client_encryption_key is required")
	h.wantSettingsError(h.call(http.MethodPost, path, map[string]any{"payload_encryption": map[string]any{"status": "enabled", "client_encryption_key": "not base64!"}}), 100, "Base64")
	key := base64.StdEncoding.EncodeToString([]byte("-----BEGIN PUBLIC KEY-----\nMIIBIjANBg\n-----END PUBLIC KEY-----\n"))
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"payload_encryption": map[string]any{"status": "enabled", "client_encryption_key": key}}))
	_, enc, _ := h.settings(h.seed.PhoneNumberID, "")
	fp, _ := enc["client_encryption_key_fingerprint"].(string)
	if enc["status"] != "enabled" || !strings.HasPrefix(fp, "SHA256:") || enc["cloud_encryption_key"] == nil {
		t.Fatalf("payload encryption: %v", enc)
	}
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"payload_encryption": map[string]any{"status": "DISABLED"}}))
	if _, enc, _ = h.settings(h.seed.PhoneNumberID, ""); len(enc) != 1 || enc["status"] != "disabled" {
		t.Fatalf("disabled payload encryption: %v", enc)
	}
}

func TestPhoneSettingsStorage(t *testing.T) {
	h := newHarness(t, Options{})
	enable := map[string]any{"storage_configuration": map[string]any{"status": "IN_COUNTRY_STORAGE_ENABLED", "data_localization_region": "BR"}}
	// Meta changes local storage only on a number that is not registered.
	h.wantSettingsError(h.call(http.MethodPost, h.settingsPath(h.seed.PhoneNumberID), enable), 100, "not registered")

	id := h.addPhone("1", "6315551777", "Local Storage")
	path := h.settingsPath(id)
	h.wantSettingsError(h.call(http.MethodPost, path, map[string]any{"storage_configuration": map[string]any{"status": "IN_COUNTRY_STORAGE_ENABLED", "data_localization_region": "FR"}}), 100, "must be one of AE, AU")
	h.wantSettingsError(h.call(http.MethodPost, path, map[string]any{"storage_configuration": map[string]any{"status": "IN_COUNTRY_STORAGE_DISABLED", "data_localization_region": "BR"}}), 100, "only taken with IN_COUNTRY_STORAGE_ENABLED")
	h.mustOK(h.call(http.MethodPost, path, enable))
	if _, _, storage := h.settings(id, ""); storage["status"] != "IN_COUNTRY_STORAGE_ENABLED" || storage["data_localization_region"] != "BR" {
		t.Fatalf("storage: %v", storage)
	}
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"storage_configuration": map[string]any{"status": "IN_COUNTRY_STORAGE_DISABLED"}}))
	if _, _, storage := h.settings(id, ""); storage["status"] != "DEFAULT" || storage["data_localization_region"] != nil {
		t.Fatalf("storage after disabling: %v", storage)
	}
	// Registering with a data_localization_region (v20 and older) enables it too.
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/request_code", map[string]any{"code_method": "SMS", "language": "en_US"}))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/verify_code", map[string]any{"code": "123456"}))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/register", map[string]any{"messaging_product": "whatsapp", "pin": "123456", "data_localization_region": "IN"}))
	if _, _, storage := h.settings(id, ""); storage["status"] != "IN_COUNTRY_STORAGE_ENABLED" || storage["data_localization_region"] != "IN" {
		t.Fatalf("storage after registering with a region: %v", storage)
	}
}
