package emulator

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func libraryCreate(name, library string, kv ...any) map[string]any {
	return with(map[string]any{"name": name, "language": "en_US", "category": "UTILITY", "library_template_name": library}, kv...)
}

var lowBalanceInputs = []any{
	map[string]any{"type": "URL", "url": map[string]any{"base_url": "https://example.com/track/{{1}}", "url_suffix_example": "https://example.com/track/abc"}},
	map[string]any{"type": "PHONE_NUMBER", "phone_number": "+15551234567"},
}

// A library template is approved at once, without review, and reads back
// with library_template_name and the components the library generates with
// the inputs.
func TestLibraryTemplateCreateAndRead(t *testing.T) {
	h := newHarness(t, Options{ReviewDelay: time.Hour})
	if _, err := h.e.Review(ReviewRule{Status: "REJECTED", Reason: "SCAM"}); err != nil {
		t.Fatal(err)
	}
	r := h.mustOK(h.call(http.MethodPost, h.templatesPath(), libraryCreate("my_low_balance", "low_balance_warning_1",
		"library_template_button_inputs", lowBalanceInputs,
		"library_template_body_inputs", map[string]any{"add_contact_number": true, "code_expiration_minutes": 5})))
	if r.str("status") != "APPROVED" || r.str("category") != "UTILITY" || len(r.body) != 3 {
		t.Fatalf("create %s", r.raw)
	}
	got := h.template(r.str("id"), "name,status,category,library_template_name,parameter_format,components")
	if got.str("status") != "APPROVED" || got.str("library_template_name") != "low_balance_warning_1" || got.str("parameter_format") != "POSITIONAL" {
		t.Fatalf("read %s", got.raw)
	}
	comps := got.body["components"].([]any)
	if len(comps) != 3 {
		t.Fatalf("components %s", got.raw)
	}
	hdr, bdy, btns := comps[0].(map[string]any), comps[1].(map[string]any), comps[2].(map[string]any)
	if hdr["type"] != "HEADER" || hdr["format"] != "TEXT" || hdr["text"] != "Your account balance is low" {
		t.Fatalf("header %v", hdr)
	}
	samples := bdy["example"].(map[string]any)["body_text"].([]any)[0].([]any)
	if bdy["type"] != "BODY" || len(samples) != 8 || samples[0] != "Jim" || samples[7] != "CS Mutual" {
		t.Fatalf("body %v", bdy)
	}
	b := btns["buttons"].([]any)
	u, p := b[0].(map[string]any), b[1].(map[string]any)
	if u["type"] != "URL" || u["text"] != "Make a deposit" || u["url"] != "https://example.com/track/{{1}}" ||
		u["example"].([]any)[0] != "https://example.com/track/abc" || len(u) != 4 {
		t.Fatalf("url button %v", u)
	}
	if p["type"] != "PHONE_NUMBER" || p["text"] != "Call us" || p["phone_number"] != "+15551234567" || len(p) != 3 {
		t.Fatalf("phone button %v", p)
	}
	// No review happens: the rejecting rule never applies.
	h.e.Advance(2 * time.Hour)
	if s := h.status(r.str("id")); s != "APPROVED" {
		t.Fatalf("status after the review delay %s", s)
	}

	// Form encoding: the inputs arrive as a JSON string.
	form := url.Values{"name": {"form_low_balance"}, "language": {"en_US"}, "category": {"utility"},
		"library_template_name":          {"low_balance_warning_1"},
		"library_template_button_inputs": {`[{"type":"URL","url":{"base_url":"https://example.com/"}},{"type":"PHONE_NUMBER","phone_number":"+15551234567"}]`}}
	fr := h.mustOK(h.call(http.MethodPost, h.templatesPath(), form.Encode()))
	fb := h.template(fr.str("id"), "components").body["components"].([]any)[2].(map[string]any)["buttons"].([]any)[0].(map[string]any)
	if fb["url"] != "https://example.com/" || fb["example"] != nil {
		t.Fatalf("form url button %v", fb)
	}

	// A library template without inputs to fill.
	fr = h.mustOK(h.call(http.MethodPost, h.templatesPath(), libraryCreate("my_delivery_failed", "delivery_failed_2_form")))
	comps = h.template(fr.str("id"), "components").body["components"].([]any)
	if len(comps) != 2 || comps[0].(map[string]any)["text"] != "We were unable to deliver order {{1}} today. Please {{2}} to schedule another delivery attempt." {
		t.Fatalf("delivery_failed_2_form %v", comps)
	}
	if fb := comps[1].(map[string]any)["buttons"].([]any)[0].(map[string]any); fb["type"] != "FLOW" || fb["text"] != "Reschedule" {
		t.Fatalf("form button %v", fb)
	}
}

func TestLibraryTemplateRules(t *testing.T) {
	urlInput := lowBalanceInputs[0]
	phoneInput := lowBalanceInputs[1]
	lowBalance := func(kv ...any) map[string]any {
		return libraryCreate("lib", "low_balance_warning_1", append([]any{"library_template_button_inputs", lowBalanceInputs}, kv...)...)
	}
	inputs := func(items ...any) map[string]any {
		return libraryCreate("lib", "low_balance_warning_1", "library_template_button_inputs", items)
	}
	checkRules(t, []ruleCase{
		{"unknown library template", libraryCreate("lib", "no_such_template_1"), 0, "Library template not found"},
		{"other category", lowBalance("category", "MARKETING"), 0, "Invalid category"},
		{"language not in the library", lowBalance("language", "de"), 0, "Language not available"},
		{"components beside the library name", lowBalance("components", []any{body("Hi")}), 0, "Components not allowed"},
		{"button inputs missing", libraryCreate("lib", "low_balance_warning_1"), 0, "Button inputs missing"},
		{"phone input missing", inputs(urlInput), 0, "Button inputs missing"},
		{"inputs not an array", lowBalance("library_template_button_inputs", map[string]any{"type": "URL"}), 0, "Invalid button inputs"},
		{"input without type", inputs(map[string]any{"url": map[string]any{"base_url": "https://a.example"}}, phoneInput), 0, "Invalid button input"},
		{"input for a button the template lacks", inputs(urlInput, phoneInput, map[string]any{"type": "QUICK_REPLY"}), 0, "Invalid button input"},
		{"two URL inputs", inputs(urlInput, urlInput, phoneInput), 0, "Invalid button input"},
		{"base url not http", inputs(map[string]any{"type": "URL", "url": map[string]any{"base_url": "ftp://a.example"}}, phoneInput), 0, "Invalid URL"},
		{"base url variable without example", inputs(map[string]any{"type": "URL", "url": map[string]any{"base_url": "https://a.example/{{1}}"}}, phoneInput), 0, "Sample values missing"},
		{"phone number invalid", inputs(urlInput, map[string]any{"type": "PHONE_NUMBER", "phone_number": "call us"}), 0, "Invalid phone number"},
		{"unknown body input", lowBalance("library_template_body_inputs", map[string]any{"add_emoji": true}), 0, "Invalid body inputs"},
		{"body input not boolean", lowBalance("library_template_body_inputs", map[string]any{"add_contact_number": "yes"}), 0, "Invalid body inputs"},
		{"expiration not a number", lowBalance("library_template_body_inputs", map[string]any{"code_expiration_minutes": "soon"}), 0, "Invalid body inputs"},
		{"body inputs not an object", lowBalance("library_template_body_inputs", []any{true}), 0, "Invalid body inputs"},
	})
	h := newHarness(t, Options{})
	r := h.call(http.MethodPost, h.templatesPath(), libraryCreate("lib", "low_balance_warning_1", "library_template_button_inputs", "[not json"))
	h.wantError(r, http.StatusBadRequest, 100, 0)
}

// GET /message_template_library lists the catalogue in the page's shape and
// filters it.
func TestTemplateLibraryBrowse(t *testing.T) {
	h := newHarness(t, Options{})
	all := h.mustOK(h.call(http.MethodGet, "/v23.0/message_template_library", nil)).data()
	if len(all) != len(templateLibrary) {
		t.Fatalf("library %v", all)
	}
	low := all[0]
	if low["name"] != "low_balance_warning_1" || low["language"] != "en_US" || low["category"] != "UTILITY" || low["topic"] != "PAYMENTS" ||
		low["usecase"] != "LOW_BALANCE_WARNING" || low["header"] != "Your account balance is low" || low["id"] != "7147013345418927" ||
		len(low["body_params"].([]any)) != 8 || low["industry"].([]any)[0] != "FINANCIAL_SERVICES" {
		t.Fatalf("entry %v", low)
	}
	if b := low["buttons"].([]any)[1].(map[string]any); b["type"] != "PHONE_NUMBER" || b["phone_number"] != "+18005551234" {
		t.Fatalf("buttons %v", low["buttons"])
	}
	count := func(query string) int {
		t.Helper()
		return len(h.mustOK(h.call(http.MethodGet, "/v23.0/message_template_library?"+query, nil)).data())
	}
	for q, want := range map[string]int{
		`search="payments"`:           1, // the page's example: found by its topic
		"search=balance":              1,
		"search=DELIVER":              1,
		"topic=ORDER_MANAGEMENT":      1,
		"usecase=low_balance_warning": 1,
		"industry=E_COMMERCE":         1,
		"language=en_US":              2,
		"language=de":                 0,
		"name=delivery_failed":        1,
		"category=utility":            2,
		"category=marketing":          0,
	} {
		if got := count(q); got != want {
			t.Errorf("%s: %d, want %d", q, got, want)
		}
	}
	h.wantError(h.call(http.MethodPost, "/v23.0/message_template_library", map[string]any{"name": "x"}), http.StatusBadRequest, 100, 33)
	r := h.callWith(http.MethodGet, "/v23.0/message_template_library", nil, nil)
	if r.status == http.StatusOK {
		t.Fatalf("library served without a token: %s", r.raw)
	}
}
