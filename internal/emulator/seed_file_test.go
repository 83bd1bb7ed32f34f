package emulator

import (
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const exampleSeedFile = "../../examples/testing-with-terraform-test/seed.json"

func templatesByName(h *harness, wabaID string) map[string]map[string]any {
	h.t.Helper()
	r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+wabaID+"/message_templates?fields=id,name,language,status,rejected_reason,quality_score,category", nil))
	out := map[string]map[string]any{}
	for _, t := range r.data() {
		out[t["name"].(string)] = t
	}
	return out
}

// The example seed file loads, and the account it describes is what Graph serves: the WABA's
// currency and timezone, both numbers, the templates with their statuses and reasons, and the
// credentials and ids in the seed.
func TestSeedFileExample(t *testing.T) {
	sf, err := LoadSeedFile(exampleSeedFile)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{SeedFile: sf})
	s := h.seed
	if s.AccessToken != "EAAtestingWithTerraformTestOfflineToken0001" || s.BusinessID != "100000000000001" ||
		s.BusinessAccountID != "200000000000001" || s.PhoneNumberID != "300000000000001" || s.AppID != "990000000000001" ||
		s.AppSecret != "0123456789abcdef0123456789abcdef" || s.SystemUserID == "" {
		t.Fatalf("seed %+v", s)
	}
	if !slices.Equal(s.BusinessAccountIDs, []string{"200000000000001"}) || !slices.Equal(s.PhoneNumberIDs, []string{"300000000000001", "300000000000002"}) {
		t.Fatalf("seeded id lists %v %v", s.BusinessAccountIDs, s.PhoneNumberIDs)
	}

	w := h.mustOK(h.call(http.MethodGet, "/v23.0/200000000000001?fields=name,currency,timezone_id,country,owner_business_info", nil))
	if w.str("name") != "Acme Retail EU" || w.str("currency") != "EUR" || w.str("timezone_id") != "62" || w.str("country") != "DE" {
		t.Fatalf("WABA %s", w.raw)
	}
	if owner, _ := w.body["owner_business_info"].(map[string]any); owner["name"] != "Acme Retail" {
		t.Fatalf("owner %s", w.raw)
	}
	phones := h.mustOK(h.call(http.MethodGet, "/v23.0/200000000000001/phone_numbers?fields=display_phone_number,verified_name,status,quality_rating,country_dial_code", nil)).data()
	if len(phones) != 2 {
		t.Fatalf("phones %v", phones)
	}
	byID := map[string]map[string]any{}
	for _, p := range phones {
		byID[p["id"].(string)] = p
	}
	if p := byID["300000000000002"]; p["display_phone_number"] != "+49 30 901821" || p["verified_name"] != "Acme Retail Support" ||
		p["status"] != "CONNECTED" || p["quality_rating"] != "YELLOW" || p["country_dial_code"] != "49" {
		t.Fatalf("phone %v", p)
	}

	tpls := templatesByName(h, "200000000000001")
	for name, want := range map[string][2]string{
		"order_shipped":  {"APPROVED", "NONE"},
		"spring_sale":    {"REJECTED", "PROMOTIONAL"},
		"loyalty_points": {"PAUSED", "NONE"},
	} {
		got := tpls[name]
		if got == nil || got["status"] != want[0] || got["rejected_reason"] != want[1] {
			t.Errorf("%s: %v, want status %s reason %s", name, got, want[0], want[1])
		}
	}
	if tpls["loyalty_points"]["quality_score"].(map[string]any)["score"] != "RED" {
		t.Errorf("loyalty_points quality %v", tpls["loyalty_points"]["quality_score"])
	}

	// The system user manages the WABA, as with the default account.
	users := h.mustOK(h.call(http.MethodGet, "/v23.0/200000000000001/assigned_users?business=100000000000001", nil)).data()
	if len(users) != 1 || users[0]["id"] != s.SystemUserID {
		t.Fatalf("assigned users %v", users)
	}
}

// The seed file's review rule rejects matching content with its reason and approves the rest;
// Reset restores the seeded templates and keeps the rule and every id.
func TestSeedFileReviewRulesAndReset(t *testing.T) {
	sf, err := LoadSeedFile(exampleSeedFile)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{SeedFile: sf, ReviewDelay: time.Second})
	scam := utilityTemplate("prize_notice", "en_US")
	scam["components"] = []any{map[string]any{"type": "BODY", "text": "You are a WINNER, claim your prize."}}
	scamID := h.create(scam)
	fineID := h.create(utilityTemplate("order_notice", "en_US"))
	if h.status(scamID) != "PENDING" {
		t.Fatalf("decided before the review delay: %s", h.status(scamID))
	}
	h.e.Advance(time.Second)
	if r := h.template(scamID, "status,rejected_reason"); r.str("status") != "REJECTED" || r.str("rejected_reason") != "SCAM" {
		t.Fatalf("content rule: %s", r.raw)
	}
	if h.status(fineID) != "APPROVED" {
		t.Fatalf("other content: %s", h.status(fineID))
	}

	before := h.e.Seed()
	h.e.Reset()
	if after := h.e.Seed(); !slices.Equal(after.PhoneNumberIDs, before.PhoneNumberIDs) || after.SystemUserID != before.SystemUserID {
		t.Fatalf("ids changed on reset: %+v -> %+v", before, after)
	}
	tpls := templatesByName(h, before.BusinessAccountID)
	if len(tpls) != 3 || tpls["prize_notice"] != nil || tpls["spring_sale"]["status"] != "REJECTED" {
		t.Fatalf("after reset: %v", tpls)
	}
	again := h.create(scam)
	h.e.Advance(time.Second)
	if h.status(again) != "REJECTED" {
		t.Fatalf("seed rule lost on reset: %s", h.status(again))
	}
}

// An empty seed file is the default account; an empty phone_numbers list means no numbers;
// generated ids fill what the file leaves out; Options credentials win over the file's.
func TestSeedFileDefaultsAndPrecedence(t *testing.T) {
	sf, err := ParseSeedFile([]byte(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{SeedFile: sf})
	if h.seed.PhoneNumberID == "" || len(h.seed.PhoneNumberIDs) != 1 || h.seed.BusinessAccountID == "" {
		t.Fatalf("default account: %+v", h.seed)
	}
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID, nil))

	sf, err = ParseSeedFile([]byte(`{"credentials": {"access_token": "EAAfromfile", "app_id": "123456789012345"},
		"business_accounts": [{"name": "A"}, {"name": "B", "currency": "gbp"}], "phone_numbers": []}`))
	if err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, Options{SeedFile: sf, AccessToken: "EAAfromoptions"})
	if h.seed.AccessToken != "EAAfromoptions" || h.seed.AppID != "123456789012345" {
		t.Fatalf("credentials: %+v", h.seed)
	}
	if h.seed.PhoneNumberID != "" || len(h.seed.PhoneNumberIDs) != 0 || len(h.seed.BusinessAccountIDs) != 2 {
		t.Fatalf("ids: %+v", h.seed)
	}
	b := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountIDs[1]+"?fields=name,currency", nil))
	if b.str("name") != "B" || b.str("currency") != "GBP" {
		t.Fatalf("second WABA: %s", b.raw)
	}
	if got := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID+"/phone_numbers", nil)).data(); len(got) != 0 {
		t.Fatalf("phone numbers: %v", got)
	}
	// The caller's SeedFile is not modified.
	if sf.BusinessAccounts[0].ID != "" {
		t.Fatalf("seed file mutated: %+v", sf.BusinessAccounts[0])
	}
}

// A PENDING template in the seed file is reviewed after the review delay by the seed's rules;
// a client WABA is listed among the business's client accounts.
func TestSeedFilePendingTemplateAndClientWABA(t *testing.T) {
	sf, err := ParseSeedFile([]byte(`{
		"businesses": [{"id": "111111111111111", "name": "Partner"}, {"id": "222222222222222", "name": "Client"}],
		"business_accounts": [
			{"id": "333333333333333"},
			{"id": "444444444444444", "business_id": "222222222222222", "client_of_business_id": "111111111111111"}
		],
		"message_templates": [
			{"name": "welcome", "language": "en_US", "category": "UTILITY", "status": "PENDING",
			 "business_account_id": "444444444444444",
			 "components": [{"type": "BODY", "text": "Welcome aboard."}]}
		],
		"review_rules": [{"name_regex": "^welcome$", "status": "REJECTED", "reason": "INCORRECT_CATEGORY"}]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{SeedFile: sf, ReviewDelay: time.Minute})
	if got := templatesByName(h, "444444444444444")["welcome"]["status"]; got != "PENDING" {
		t.Fatalf("status %v", got)
	}
	h.e.Advance(time.Minute)
	if got := templatesByName(h, "444444444444444")["welcome"]; got["status"] != "REJECTED" || got["rejected_reason"] != "INCORRECT_CATEGORY" {
		t.Fatalf("after review %v", got)
	}
	clients := h.mustOK(h.call(http.MethodGet, "/v23.0/111111111111111/client_whatsapp_business_accounts", nil)).data()
	if len(clients) != 1 || clients[0]["id"] != "444444444444444" {
		t.Fatalf("client WABAs %v", clients)
	}
}

// A seeded user without assigned accounts has no access at first and can be assigned to a WABA
// of its business.
func TestSeedFileUserWithoutAccess(t *testing.T) {
	sf, err := ParseSeedFile([]byte(`{"users": [{"id": "555555555555555", "name": "Ops bot", "user_type": "SYSTEM_USER"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{SeedFile: sf})
	waba := h.seed.BusinessAccountID
	if _, ok := h.assigned(waba)["555555555555555"]; ok {
		t.Fatal("a seeded user has access before it is assigned")
	}
	h.mustOK(h.call(http.MethodPost, h.assignedPath(waba, ""), "user=555555555555555&tasks="+url.QueryEscape(`["MANAGE"]`)))
	u := h.assigned(waba)["555555555555555"]
	if u == nil || u["name"] != "Ops bot" || u["user_type"] != "SYSTEM_USER" {
		t.Fatalf("assigned users %v", h.assigned(waba))
	}
}

// Every invalid seed file is refused with an error naming the field.
func TestSeedFileErrors(t *testing.T) {
	tests := []struct {
		name, json string
		want       []string
	}{
		{"syntax", "{\n  \"businesses\": [,]\n}", []string{"line 2, column 18"}},
		{"unknown field", `{"wabas": []}`, []string{`unknown field "wabas"`}},
		{"wrong type", `{"business_accounts": [{"name": 12}]}`, []string{"business_accounts.name", "string"}},
		{"empty businesses", `{"businesses": []}`, []string{"businesses: needs at least one"}},
		{"bad currency", `{"business_accounts": [{"currency": "euro"}]}`, []string{`business_accounts[0].currency: "euro" must be a 3-letter ISO 4217 code`}},
		{"bad timezone", `{"business_accounts": [{"timezone_id": "Europe/Berlin"}]}`, []string{`business_accounts[0].timezone_id: "Europe/Berlin" must be a numeric`}},
		{"unknown business", `{"business_accounts": [{"business_id": "999"}]}`, []string{`business_accounts[0].business_id: "999" is not the id of a business`}},
		{"unknown WABA", `{"phone_numbers": [{"business_account_id": "999"}]}`, []string{`phone_numbers[0].business_account_id: "999" is not the id of a WhatsApp Business Account`}},
		{"duplicate id", `{"businesses": [{"id": "123456789012345"}], "business_accounts": [{"id": "123456789012345"}]}`, []string{"business_accounts[0].id: 123456789012345 is already the id of businesses[0]"}},
		{"non-numeric id", `{"phone_numbers": [{"id": "abc"}]}`, []string{`phone_numbers[0].id: "abc" must be a numeric id`}},
		{"bad phone status", `{"phone_numbers": [{"status": "ONLINE"}]}`, []string{`phone_numbers[0].status: "ONLINE" is not one of CONNECTED`}},
		{"bad quality", `{"phone_numbers": [{"quality_rating": "BLUE"}]}`, []string{`phone_numbers[0].quality_rating: "BLUE"`}},
		{"bad number", `{"phone_numbers": [{"display_phone_number": "call us"}]}`, []string{`phone_numbers[0].display_phone_number: "call us" must be an international number`}},
		{"duplicate number", `{"phone_numbers": [{"display_phone_number": "+44 20 7946 0000"}, {"display_phone_number": "+442079460000"}]}`, []string{"phone_numbers[1].display_phone_number", "already the number of phone_numbers[0]"}},
		{"bad template status", `{"message_templates": [{"name": "a", "language": "en_US", "category": "UTILITY", "status": "LIVE", "components": [{"type": "BODY", "text": "Hi"}]}]}`, []string{`message_templates[0].status: "LIVE" is not one of APPROVED, REJECTED, PAUSED, DISABLED, IN_APPEAL, PENDING`}},
		{"reason without rejection", `{"message_templates": [{"name": "a", "language": "en_US", "category": "UTILITY", "rejected_reason": "SCAM", "components": [{"type": "BODY", "text": "Hi"}]}]}`, []string{"message_templates[0].rejected_reason: only applies to status REJECTED"}},
		{"unknown reason", `{"message_templates": [{"name": "a", "language": "en_US", "category": "UTILITY", "status": "REJECTED", "rejected_reason": "UGLY", "components": [{"type": "BODY", "text": "Hi"}]}]}`, []string{`message_templates[0].rejected_reason: "UGLY"`}},
		{"bad template name", `{"message_templates": [{"name": "Order-Update", "language": "en_US", "category": "UTILITY", "components": [{"type": "BODY", "text": "Hi"}]}]}`, []string{`message_templates[0].name: "Order-Update"`}},
		{"bad language", `{"message_templates": [{"name": "a", "language": "english", "category": "UTILITY", "components": [{"type": "BODY", "text": "Hi"}]}]}`, []string{`message_templates[0].language: "english"`}},
		{"bad category", `{"message_templates": [{"name": "a", "language": "en_US", "category": "NEWS", "components": [{"type": "BODY", "text": "Hi"}]}]}`, []string{`message_templates[0].category: "NEWS"`}},
		{"invalid components", `{"message_templates": [{"name": "a", "language": "en_US", "category": "UTILITY", "components": []}]}`, []string{"message_templates[0].components:"}},
		{"duplicate template", `{"message_templates": [{"name": "a", "language": "en_US", "category": "UTILITY", "components": [{"type": "BODY", "text": "Hi"}]}, {"name": "a", "language": "en_US", "category": "UTILITY", "components": [{"type": "BODY", "text": "Hello"}]}]}`, []string{"message_templates[1]: a (en_US) is already declared by message_templates[0]"}},
		{"template on unknown WABA", `{"message_templates": [{"business_account_id": "5", "name": "a", "language": "en_US", "category": "UTILITY", "components": [{"type": "BODY", "text": "Hi"}]}]}`, []string{`message_templates[0].business_account_id: "5"`}},
		{"bad rule regex", `{"review_rules": [{"content_regex": "(", "status": "REJECTED"}]}`, []string{"review_rules[0]: content_regex:"}},
		{"rule moving existing templates", `{"review_rules": [{"status": "PAUSED"}]}`, []string{"review_rules[0]: a seed rule decides future reviews"}},
		{"several problems", `{"business_accounts": [{"currency": "x"}], "phone_numbers": [{"status": "x"}]}`, []string{"2 problems", "business_accounts[0].currency", "phone_numbers[0].status"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSeedFile([]byte(tc.json))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if srv, err := Start("127.0.0.1:0", Options{SeedFile: &SeedFile{BusinessAccounts: []SeedWABA{{Currency: "x"}}}}); err == nil {
		srv.Close()
		t.Fatal("Start accepted an invalid seed file")
	} else if !strings.Contains(err.Error(), "business_accounts[0].currency") {
		t.Fatalf("Start: %v", err)
	}
	if _, err := LoadSeedFile(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Fatalf("missing file: %v", err)
	}
}

// Review rules match a template's text with content_regex, through the control API too.
func TestReviewRuleContentRegex(t *testing.T) {
	h := newHarness(t, Options{ReviewDelay: time.Second})
	if _, err := h.e.Review(ReviewRule{ContentRegex: "(?i)track", Status: "REJECTED", Reason: "TAG_CONTENT_MISMATCH"}); err != nil {
		t.Fatal(err)
	}
	withButton := utilityTemplate("with_button", "en_US")
	withButton["components"] = append(withButton["components"].([]any), map[string]any{"type": "BUTTONS", "buttons": []any{
		map[string]any{"type": "QUICK_REPLY", "text": "Track it"},
	}})
	matched := h.create(withButton)
	plain := h.create(utilityTemplate("plain", "en_US"))
	h.e.Advance(time.Second)
	if r := h.template(matched, "status,rejected_reason"); r.str("status") != "REJECTED" || r.str("rejected_reason") != "TAG_CONTENT_MISMATCH" {
		t.Fatalf("button label not matched: %s", r.raw)
	}
	if h.status(plain) != "APPROVED" {
		t.Fatalf("plain: %s", h.status(plain))
	}
	if _, err := h.e.Review(ReviewRule{ContentRegex: "[", Status: "REJECTED"}); err == nil || !strings.Contains(err.Error(), "content_regex") {
		t.Fatalf("bad regex: %v", err)
	}
}
