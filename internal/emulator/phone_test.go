package emulator

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func (h *harness) phonesPath() string {
	return "/v23.0/" + h.seed.BusinessAccountID + "/phone_numbers"
}

// addPhone creates a number through the API and returns its id.
func (h *harness) addPhone(cc, number, name string) string {
	h.t.Helper()
	r := h.mustOK(h.call(http.MethodPost, h.phonesPath(), map[string]any{"cc": cc, "phone_number": number, "verified_name": name}))
	if r.str("id") == "" || len(r.body) != 1 {
		h.t.Fatalf("create response %s", r.raw)
	}
	return r.str("id")
}

func (h *harness) phone(id, fields string) reply {
	h.t.Helper()
	return h.mustOK(h.call(http.MethodGet, "/v23.0/"+id+"?fields="+fields, nil))
}

// onboard takes a created number through request_code, verify_code and
// register.
func (h *harness) onboard(id, pin string) {
	h.t.Helper()
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/request_code", map[string]any{"code_method": "SMS", "language": "en_US"}))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/verify_code", map[string]any{"code": "123456"}))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/register", map[string]any{"messaging_product": "whatsapp", "pin": pin}))
}

func TestPhoneCreateStartsUnverified(t *testing.T) {
	h := newHarness(t, Options{})
	// The spec's example: the full number together with cc.
	id := h.addPhone("1", "16315551000", "Jasper's Market")
	r := h.phone(id, "display_phone_number,verified_name,status,code_verification_status,name_status,quality_rating,platform_type,country_code,country_dial_code,unified_cert_status")
	want := map[string]string{
		"display_phone_number": "+1 631-555-1000", "verified_name": "Jasper's Market", "status": "PENDING",
		"code_verification_status": "NOT_VERIFIED", "name_status": "PENDING_REVIEW", "quality_rating": "UNKNOWN",
		"platform_type": "NOT_APPLICABLE", "country_code": "US", "country_dial_code": "1", "unified_cert_status": "NAME_PENDING_REVIEW",
	}
	for k, v := range want {
		if r.str(k) != v {
			t.Errorf("%s = %q, want %q (%s)", k, r.str(k), v, r.raw)
		}
	}
	// The national number after cc is the same kind of request.
	id2 := h.addPhone("44", "7911123456", "Lucky Shrub")
	if got := h.phone(id2, "display_phone_number").str("display_phone_number"); got != "+44 7911123456" {
		t.Fatalf("display %q", got)
	}
	// Defaults of GET are the spec's.
	r = h.mustOK(h.call(http.MethodGet, "/v23.0/"+id, nil))
	if got := strings.Join(sortedKeys(r.body), ","); got != "display_phone_number,id,quality_rating,verified_name" {
		t.Fatalf("default fields %s", got)
	}
	list := h.mustOK(h.call(http.MethodGet, h.phonesPath()+"?fields=id", nil)).data()
	if len(list) != 3 {
		t.Fatalf("list %v", list)
	}
}

func TestPhoneCreateValidation(t *testing.T) {
	h := newHarness(t, Options{PhoneNumberLimit: 3})
	cases := []struct {
		body    map[string]any
		message string
	}{
		{map[string]any{"verified_name": "Shop"}, "(#100) The parameter phone_number is required"},
		{map[string]any{"phone_number": "16315551000"}, "(#100) The parameter verified_name is required"},
		{map[string]any{"phone_number": "+16315551000", "verified_name": "Shop"}, "Invalid parameter: phone_number must be in E.164 format"},
		{map[string]any{"phone_number": "12345", "verified_name": "Shop"}, "Invalid parameter: phone_number must be in E.164 format"},
		{map[string]any{"phone_number": "0631555100", "cc": "1", "verified_name": "Shop"}, "Invalid parameter: phone_number must be in E.164 format"},
		{map[string]any{"phone_number": "6315551000", "cc": "1234", "verified_name": "Shop"}, "Invalid parameter: cc must be a country calling code of 1 to 3 digits"},
		{map[string]any{"phone_number": "16315551000", "verified_name": "S"}, "Invalid parameter: verified_name must be between 2 and 75 characters"},
		{map[string]any{"phone_number": "16315551000", "verified_name": strings.Repeat("x", 76)}, "Invalid parameter: verified_name must be between 2 and 75 characters"},
	}
	for _, tc := range cases {
		r := h.call(http.MethodPost, h.phonesPath(), tc.body)
		h.wantError(r, 400, 100, 0)
		if r.errorField("message") != tc.message {
			t.Errorf("%v: message %q, want %q", tc.body, r.errorField("message"), tc.message)
		}
	}

	h.addPhone("1", "6315551000", "Shop")
	// The same number, written with its country code, is a duplicate.
	r := h.call(http.MethodPost, h.phonesPath(), map[string]any{"cc": "1", "phone_number": "16315551000", "verified_name": "Shop"})
	h.wantError(r, 409, 100, 0)
	if r.errorField("message") != "Phone number is already registered with WhatsApp Business" || r.errorField("type") != "GraphMethodException" {
		t.Fatalf("%s", r.raw)
	}
	// The seeded number is a duplicate too.
	seeded := h.phone(h.seed.PhoneNumberID, "display_phone_number").str("display_phone_number")
	h.wantError(h.call(http.MethodPost, h.phonesPath(), map[string]any{"phone_number": digitsOnly(seeded), "verified_name": "Shop"}), 409, 100, 0)

	h.addPhone("1", "6315551001", "Shop")
	r = h.call(http.MethodPost, h.phonesPath(), map[string]any{"cc": "1", "phone_number": "6315551002", "verified_name": "Shop"})
	h.wantError(r, 403, 200, 1349175)
	if r.errorField("error_user_title") != "Limit Exceeded" {
		t.Fatalf("%s", r.raw)
	}
	if n := len(h.mustOK(h.call(http.MethodGet, h.phonesPath(), nil)).data()); n != 3 {
		t.Fatalf("refused creations added numbers: %d", n)
	}
}

func TestPhoneVerificationCode(t *testing.T) {
	h := newHarness(t, Options{VerificationCode: "246810"})
	id := h.addPhone("1", "6315551000", "Shop")
	base := "/v23.0/" + id
	failed := func(r reply) {
		t.Helper()
		h.wantError(r, 400, 136025, 0)
		if r.errorField("type") != "OAuthException" || r.errorField("message") != "(#136025) Verify code error" || r.errorField("error_user_title") != "Verification Failed" {
			t.Fatalf("%s", r.raw)
		}
	}
	// No code was requested yet.
	failed(h.call(http.MethodPost, base+"/verify_code", map[string]any{"code": "246810"}))

	h.wantError(h.call(http.MethodPost, base+"/request_code", map[string]any{"code_method": "EMAIL", "language": "en_US"}), 400, 100, 0)
	h.wantError(h.call(http.MethodPost, base+"/request_code", map[string]any{"code_method": "SMS", "language": "english"}), 400, 100, 0)
	h.wantError(h.call(http.MethodPost, base+"/request_code", map[string]any{"code_method": "SMS"}), 400, 100, 0)
	h.mustOK(h.call(http.MethodPost, base+"/request_code", map[string]any{"code_method": "VOICE", "language": "es_ES"}))

	r := h.call(http.MethodPost, base+"/verify_code", map[string]any{"code": "12345"})
	h.wantError(r, 400, 100, 0)
	if r.errorField("message") != "Invalid verification code format" {
		t.Fatalf("%s", r.raw)
	}
	failed(h.call(http.MethodPost, base+"/verify_code", map[string]any{"code": "123456"}))
	// A wrong code leaves the requested one valid, for ten minutes.
	h.e.Advance(10*time.Minute + time.Second)
	failed(h.call(http.MethodPost, base+"/verify_code", map[string]any{"code": "246810"}))

	h.mustOK(h.call(http.MethodPost, base+"/request_code", map[string]any{"code_method": "SMS", "language": "en_US"}))
	h.e.Advance(9 * time.Minute)
	r = h.mustOK(h.call(http.MethodPost, base+"/verify_code", map[string]any{"code": "246810"}))
	if r.body["success"] != true || r.str("id") != id {
		t.Fatalf("%s", r.raw)
	}
	if got := h.phone(id, "code_verification_status").str("code_verification_status"); got != "VERIFIED" {
		t.Fatalf("code_verification_status %s", got)
	}
	// Codes are single use.
	failed(h.call(http.MethodPost, base+"/verify_code", map[string]any{"code": "246810"}))
}

func TestPhoneRegistration(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.addPhone("1", "6315551000", "Shop")
	base := "/v23.0/" + id
	register := func(pin string) reply {
		return h.call(http.MethodPost, base+"/register", map[string]any{"messaging_product": "whatsapp", "pin": pin})
	}
	// Not verified yet.
	r := register("111111")
	h.wantError(r, 400, 133006, 0)
	if r.errorField("type") != "OAuthException" || r.errorField("error_user_title") != "Phone number not verified" {
		t.Fatalf("%s", r.raw)
	}
	h.wantError(h.call(http.MethodPost, base+"/deregister", nil), 400, 100, 2207051)

	h.mustOK(h.call(http.MethodPost, base+"/request_code", map[string]any{"code_method": "SMS", "language": "en_US"}))
	h.mustOK(h.call(http.MethodPost, base+"/verify_code", map[string]any{"code": "123456"}))
	r = register("12345a")
	h.wantError(r, 400, 100, 0)
	if r.errorField("message") != "Invalid PIN format. PIN must be exactly 6 digits" {
		t.Fatalf("%s", r.raw)
	}
	h.wantError(h.call(http.MethodPost, base+"/register", map[string]any{"pin": "111111"}), 400, 100, 0)
	h.wantError(h.call(http.MethodPost, base+"/register", map[string]any{"messaging_product": "whatsapp", "pin": "111111", "data_localization_region": "XX"}), 400, 100, 0)
	h.mustOK(register("111111"))
	got := h.phone(id, "status,platform_type,last_onboarded_time")
	if got.str("status") != "CONNECTED" || got.str("platform_type") != "CLOUD_API" || got.str("last_onboarded_time") == "" {
		t.Fatalf("%s", got.raw)
	}
	if pin, _ := h.e.PhoneNumberPIN(id); pin != "111111" {
		t.Fatalf("pin %q", pin)
	}
	// A repeat registration is refused; request_code too.
	h.wantError(register("111111"), 422, 100, 0)
	r = h.call(http.MethodPost, base+"/request_code", map[string]any{"code_method": "SMS", "language": "en_US"})
	h.wantError(r, 400, 100, 0)
	if r.errorField("type") != "OAuthException" {
		t.Fatalf("%s", r.raw)
	}

	h.mustOK(h.call(http.MethodPost, base+"/deregister", nil))
	if s := h.phone(id, "status").str("status"); s != "DISCONNECTED" {
		t.Fatalf("status %s", s)
	}
	r = h.call(http.MethodPost, base+"/deregister", nil)
	h.wantError(r, 400, 100, 2207051)
	if r.errorField("message") != "Phone number not registered on the WhatsApp Business Platform." {
		t.Fatalf("%s", r.raw)
	}
	// Registering again needs the number's two-step PIN.
	r = register("222222")
	h.wantError(r, 400, 133005, 0)
	h.mustOK(register("111111"))
}

func TestPhoneUpdateSettings(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.addPhone("1", "6315551000", "Shop")
	base := "/v23.0/" + id

	for _, pin := range []string{"", "12345", "1234567", "abcdef"} {
		r := h.call(http.MethodPost, base, map[string]any{"pin": pin})
		h.wantError(r, 400, 100, 0)
		if r.errorField("message") != "Invalid PIN format. PIN must be exactly 6 digits" {
			t.Fatalf("%q: %s", pin, r.raw)
		}
	}
	r := h.call(http.MethodPost, base, map[string]any{"pin": "123456"})
	h.wantError(r, 400, 133010, 0)
	if r.errorField("message") != "(#133010) Account not registered" {
		t.Fatalf("%s", r.raw)
	}
	h.onboard(id, "111111")
	h.mustOK(h.call(http.MethodPost, base, map[string]any{"pin": "333333"}))
	h.mustOK(h.call(http.MethodPost, base, map[string]any{"whatsapp_business_api_data": map[string]any{"pin": "444444"}}))
	if pin, _ := h.e.PhoneNumberPIN(id); pin != "444444" {
		t.Fatalf("pin %q", pin)
	}

	h.wantError(h.call(http.MethodPost, base, map[string]any{"search_visibility": "SECRET"}), 400, 100, 0)
	h.mustOK(h.call(http.MethodPost, base, "search_visibility=HIDDEN"))
	if v := h.phone(id, "search_visibility").str("search_visibility"); v != "HIDDEN" {
		t.Fatalf("search_visibility %s", v)
	}
	// A request that fails validation changes nothing.
	h.wantError(h.call(http.MethodPost, base, map[string]any{"search_visibility": "VISIBLE", "pin": "1"}), 400, 100, 0)
	if v := h.phone(id, "search_visibility").str("search_visibility"); v != "HIDDEN" {
		t.Fatalf("search_visibility %s", v)
	}
}

func TestPhoneDisplayNameReview(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.addPhone("1", "6315551000", "Shop")
	base := "/v23.0/" + id
	if err := h.e.ReviewDisplayName(id, "APPROVED"); err != nil {
		t.Fatal(err)
	}
	if err := h.e.ReviewDisplayName(id, "APPROVED"); err == nil {
		t.Fatal("a second review with nothing pending succeeded")
	}
	h.wantError(h.call(http.MethodPost, base, map[string]any{"new_display_name": "X"}), 400, 100, 0)
	h.mustOK(h.call(http.MethodPost, base, map[string]any{"new_display_name": "Shop & Co"}))
	r := h.phone(id, "verified_name,name_status,new_display_name,new_name_status")
	if r.str("verified_name") != "Shop" || r.str("name_status") != "APPROVED" || r.str("new_display_name") != "Shop & Co" || r.str("new_name_status") != "PENDING_REVIEW" {
		t.Fatalf("%s", r.raw)
	}
	if err := h.e.ReviewDisplayName(id, "DECLINED"); err != nil {
		t.Fatal(err)
	}
	r = h.phone(id, "verified_name,new_name_status")
	if r.str("verified_name") != "Shop" || r.str("new_name_status") != "DECLINED" {
		t.Fatalf("%s", r.raw)
	}
	h.mustOK(h.call(http.MethodPost, base, map[string]any{"new_display_name": "Shop and Co"}))
	if err := h.e.ReviewDisplayName(id, "APPROVED"); err != nil {
		t.Fatal(err)
	}
	r = h.phone(id, "verified_name,name_status,new_display_name,new_name_status")
	if r.str("verified_name") != "Shop and Co" || r.str("name_status") != "APPROVED" || r.body["new_display_name"] != nil || r.body["new_name_status"] != nil {
		t.Fatalf("%s", r.raw)
	}
}

func TestPhoneDisplayNameReviewDelay(t *testing.T) {
	h := newHarness(t, Options{DisplayNameReviewDelay: time.Hour})
	good := h.addPhone("1", "6315551000", "Shop")
	bad := h.addPhone("1", "6315551001", "WhatsApp Deals")
	if s := h.phone(good, "name_status").str("name_status"); s != "PENDING_REVIEW" {
		t.Fatalf("name_status %s", s)
	}
	h.e.Advance(time.Hour)
	if s := h.phone(good, "name_status").str("name_status"); s != "APPROVED" {
		t.Fatalf("name_status %s", s)
	}
	if s := h.phone(bad, "name_status").str("name_status"); s != "DECLINED" {
		t.Fatalf("name_status %s", s)
	}
}

// callbackServer answers Meta's verification GET: it echoes hub.challenge
// when hub.verify_token is token, else answers 403.
func callbackServer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != token {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		fmt.Fprint(w, q.Get("hub.challenge"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPhoneWebhookOverride(t *testing.T) {
	h := newHarness(t, Options{})
	cb := callbackServer(t, "s3cret")
	base := "/v23.0/" + h.seed.PhoneNumberID
	config := func() map[string]any {
		r := h.phone(h.seed.PhoneNumberID, "webhook_configuration")
		m, _ := r.body["webhook_configuration"].(map[string]any)
		return m
	}
	if c := config(); len(c) != 0 {
		t.Fatalf("fresh number has callbacks %v", c)
	}
	set := func(uri, token string) reply {
		return h.call(http.MethodPost, base, map[string]any{"webhook_configuration": map[string]any{"override_callback_uri": uri, "verify_token": token}})
	}
	// The app must be subscribed to the WABA first.
	r := set(cb.URL+"/hook", "s3cret")
	h.wantError(r, 400, 100, 0)
	if !strings.Contains(fmt.Sprint(r.errorField("message")), "subscribed_apps") {
		t.Fatalf("%s", r.raw)
	}
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID+"/subscribed_apps", nil))

	r = set(cb.URL+"/hook", "wrong")
	h.wantError(r, 400, 2200, 0)
	if !strings.HasPrefix(fmt.Sprint(r.errorField("message")), "(#2200) Callback verification failed") ||
		!strings.Contains(fmt.Sprint(r.errorField("error_user_msg")), "HTTP Status Code = 403") {
		t.Fatalf("%s", r.raw)
	}
	if c := config(); len(c) != 0 {
		t.Fatalf("refused callback stored: %v", c)
	}
	for _, bad := range []string{"not a url", "ftp://example.com/x", "https://example.com/" + strings.Repeat("a", 200)} {
		r := set(bad, "s3cret")
		h.wantError(r, 400, 100, 0)
		if r.errorField("message") != "Invalid callback URI format" {
			t.Fatalf("%q: %s", bad, r.raw)
		}
	}
	h.wantError(h.call(http.MethodPost, base, map[string]any{"webhook_configuration": map[string]any{"verify_token": "x"}}), 400, 100, 0)

	h.mustOK(set(cb.URL+"/hook", "s3cret"))
	if c := config(); c["phone_number"] != cb.URL+"/hook" || len(c) != 1 {
		t.Fatalf("config %v", c)
	}
	// The WABA override and the app callback show beside it.
	h.e.mu.Lock()
	h.e.store.appWebhooks(h.seed.AppID).byObject["whatsapp_business_account"] = &appWebhook{object: "whatsapp_business_account", callbackURL: "https://app.example.com/hook", active: true}
	h.e.store.wabaSubscriptions(h.seed.BusinessAccountID).subscription(h.seed.AppID).overrideCallbackURI = "https://waba.example.com/hook"
	h.e.mu.Unlock()
	c := config()
	if c["phone_number"] != cb.URL+"/hook" || c["whatsapp_business_account"] != "https://waba.example.com/hook" || c["application"] != "https://app.example.com/hook" {
		t.Fatalf("config %v", c)
	}
	if h.e.PhoneCallbackOverride(h.seed.PhoneNumberID) != cb.URL+"/hook" {
		t.Fatal("override not visible to the store")
	}
	// Form encoding carries the object as JSON.
	form := url.Values{"webhook_configuration": {`{"override_callback_uri":""}`}}.Encode()
	h.mustOK(h.call(http.MethodPost, base, form))
	if c := config(); c["phone_number"] != nil || c["application"] == nil {
		t.Fatalf("config after clearing %v", c)
	}
}

func TestPhoneListFilteringSortingPaging(t *testing.T) {
	h := newHarness(t, Options{PhoneNumberLimit: 100})
	var ids []string
	for i := 0; i < 30; i++ {
		id, err := h.e.AddPhoneNumber(h.seed.BusinessAccountID, "1", fmt.Sprintf("63155510%02d", i), "Shop")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	official := true
	if err := h.e.ChangePhoneNumber(ids[3], PhoneNumberChange{MessagingLimitTier: "TIER_10K", OfficialBusinessAccount: &official}); err != nil {
		t.Fatal(err)
	}
	if err := h.e.ChangePhoneNumber(ids[7], PhoneNumberChange{MessagingLimitTier: "TIER_10K", AccountMode: "SANDBOX"}); err != nil {
		t.Fatal(err)
	}

	// Default page of 25, then the rest through next.
	first := h.mustOK(h.call(http.MethodGet, h.phonesPath()+"?fields=id", nil))
	paging, _ := first.body["paging"].(map[string]any)
	if len(first.data()) != 25 || paging["next"] == nil {
		t.Fatalf("first page %d items, paging %v", len(first.data()), paging)
	}
	cursors, _ := paging["cursors"].(map[string]any)
	second := h.mustOK(h.call(http.MethodGet, h.phonesPath()+"?fields=id&after="+url.QueryEscape(fmt.Sprint(cursors["after"])), nil))
	if len(second.data()) != 6 || second.body["paging"].(map[string]any)["next"] != nil {
		t.Fatalf("second page %s", second.raw)
	}

	list := func(q url.Values) []map[string]any {
		q.Set("fields", "id,messaging_limit_tier")
		q.Set("limit", "100")
		return h.mustOK(h.call(http.MethodGet, h.phonesPath()+"?"+q.Encode(), nil)).data()
	}
	got := list(url.Values{"filtering": {`[{"field":"messaging_limit_tier","operator":"EQUAL","value":"TIER_10K"}]`}})
	if len(got) != 2 || got[0]["id"] != ids[3] || got[1]["id"] != ids[7] {
		t.Fatalf("tier filter %v", got)
	}
	got = list(url.Values{"filtering": {`[{"field":"messaging_limit_tier","operator":"IN","value":["TIER_10K"]},{"field":"is_official_business_account","operator":"EQUAL","value":true}]`}})
	if len(got) != 1 || got[0]["id"] != ids[3] {
		t.Fatalf("combined filter %v", got)
	}
	got = list(url.Values{"filtering": {`[{"field":"account_mode","operator":"NOT_EQUAL","value":"LIVE"}]`}})
	if len(got) != 1 || got[0]["id"] != ids[7] {
		t.Fatalf("account_mode filter %v", got)
	}
	// The JSON body form of the parameter works too.
	r := h.mustOK(h.call(http.MethodGet, h.phonesPath(), map[string]any{"filtering": []any{map[string]any{"field": "account_mode", "operator": "EQUAL", "value": "SANDBOX"}}}))
	if len(r.data()) != 1 {
		t.Fatalf("JSON filtering %s", r.raw)
	}

	got = list(url.Values{"sort": {"creation_time.desc"}})
	if len(got) != 31 || got[0]["id"] != ids[29] || got[30]["id"] != h.seed.PhoneNumberID {
		t.Fatalf("creation_time.desc first %v last %v", got[0], got[len(got)-1])
	}
	// A number registered last comes first by last_onboarded_time.desc.
	late := h.addPhone("1", "6315559999", "Late")
	h.onboard(late, "111111")
	got = list(url.Values{"sort": {"last_onboarded_time.desc"}})
	if got[0]["id"] != late {
		t.Fatalf("last_onboarded_time.desc first %v", got[0])
	}
	// Paging follows the sort order.
	desc := h.mustOK(h.call(http.MethodGet, h.phonesPath()+"?fields=id&sort=creation_time.desc&limit=2", nil))
	next, _ := desc.body["paging"].(map[string]any)["cursors"].(map[string]any)
	page2 := h.mustOK(h.call(http.MethodGet, h.phonesPath()+"?fields=id&sort=creation_time.desc&limit=2&after="+url.QueryEscape(fmt.Sprint(next["after"])), nil)).data()
	if len(page2) != 2 || page2[0]["id"] != ids[28] {
		t.Fatalf("desc page 2 %v", page2)
	}

	for q, msg := range map[string]string{
		"filtering=" + url.QueryEscape(`[{"field":`):                                                "Invalid parameter: filtering must be valid JSON",
		"filtering=" + url.QueryEscape(`{"field":"account_mode"}`):                                  `Invalid parameter: filtering must be a JSON array of {"field","operator","value"} objects`,
		"filtering=" + url.QueryEscape(`[{"field":"status","operator":"EQUAL","value":"PENDING"}]`): "Invalid parameter: filtering on field status is not supported. Supported fields: account_mode, messaging_limit_tier, is_official_business_account",
		"filtering=" + url.QueryEscape(`[{"field":"account_mode","operator":"LIKE","value":"L"}]`):  "Invalid parameter: filtering operator LIKE is not supported. Supported operators: EQUAL, NOT_EQUAL, IN, NOT_IN",
		"sort=name.asc": "Invalid parameter: sort must be one of creation_time.asc, creation_time.desc, last_onboarded_time.asc, last_onboarded_time.desc",
		"fields=pin":    "(#100) Tried accessing nonexisting field (pin) on node type (WhatsAppBusinessPhoneNumber)",
	} {
		r := h.call(http.MethodGet, h.phonesPath()+"?"+q, nil)
		h.wantError(r, 400, 100, 0)
		if r.errorField("message") != msg {
			t.Errorf("%s: %q, want %q", q, r.errorField("message"), msg)
		}
	}
}

func TestPhoneHooks(t *testing.T) {
	h := newHarness(t, Options{})
	id, err := h.e.AddPhoneNumber(h.seed.BusinessAccountID, "55", "11912345678", "Loja")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.e.AddPhoneNumber(h.seed.BusinessAccountID, "55", "11912345678", "Loja"); err == nil {
		t.Fatal("duplicate number added")
	}
	r := h.phone(id, "status,code_verification_status,name_status,country_code,display_phone_number")
	if r.str("status") != "CONNECTED" || r.str("code_verification_status") != "VERIFIED" || r.str("name_status") != "APPROVED" || r.str("country_code") != "BR" {
		t.Fatalf("%s", r.raw)
	}
	if err := h.e.ChangePhoneNumber(id, PhoneNumberChange{Status: "FLAGGED", QualityRating: "RED", ThroughputLevel: "HIGH"}); err != nil {
		t.Fatal(err)
	}
	r = h.phone(id, "status,quality_rating,throughput")
	if r.str("status") != "FLAGGED" || r.str("quality_rating") != "RED" || fmt.Sprint(r.body["throughput"]) != "map[level:HIGH]" {
		t.Fatalf("%s", r.raw)
	}
	// A flagged number is still registered.
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/deregister", nil))

	if err := h.e.DeletePhoneNumber(id); err != nil {
		t.Fatal(err)
	}
	h.wantError(h.call(http.MethodGet, "/v23.0/"+id, nil), 400, 100, 33)
	if n := len(h.mustOK(h.call(http.MethodGet, h.phonesPath(), nil)).data()); n != 1 {
		t.Fatalf("%d numbers after delete", n)
	}
	if err := h.e.DeletePhoneNumber(id); err == nil {
		t.Fatal("deleting twice succeeded")
	}
}

func TestPhoneResponsesMatchSpec(t *testing.T) {
	spec := loadSpec(t)
	h := newHarness(t, Options{})
	check := func(path, method string, got map[string]any) {
		t.Helper()
		// The schemas are references; the examples carry the shape.
		_, examples := responseKeys(t, spec, path, method)
		keys := strings.Join(sortedKeys(got), ",")
		if len(examples) == 0 {
			t.Fatalf("spec has no examples for %s %s", method, path)
		}
		for _, ex := range examples {
			if keys != strings.Join(ex, ",") {
				t.Errorf("%s %s keys %s, spec example %v", method, path, keys, ex)
			}
		}
	}
	r := h.mustOK(h.call(http.MethodPost, h.phonesPath(), map[string]any{"cc": "1", "phone_number": "16315551000", "verified_name": "My Business Name"}))
	check("/{Version}/{WABA-ID}/phone_numbers", "post", r.body)
	id := r.str("id")
	check("/{Version}/{Phone-Number-ID}/request_code", "post",
		h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/request_code", map[string]any{"code_method": "SMS", "language": "en_US"})).body)
	check("/{Version}/{Phone-Number-ID}/verify_code", "post",
		h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/verify_code", map[string]any{"code": "123456"})).body)
	check("/{Version}/{Phone-Number-ID}/register", "post",
		h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/register", map[string]any{"messaging_product": "whatsapp", "pin": "123456"})).body)
	check("/{Version}/{Phone-Number-ID}/deregister", "post",
		h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/deregister", nil)).body)
}
