package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestTemplateListPaging(t *testing.T) {
	h := newHarness(t, Options{})
	for i := 0; i < 30; i++ {
		h.create(utilityTemplate(fmt.Sprintf("paged_%02d", i), "en_US"))
	}
	next := h.srv.URL + h.templatesPath() + "?limit=10&fields=name,status&summary=total_count"
	var names []string
	pages := 0
	for next != "" {
		pages++
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		if strings.Contains(next, h.seed.AccessToken) || strings.Contains(next, "access_token") {
			t.Fatalf("next URL leaks the token: %s", next)
		}
		u, err := url.Parse(next)
		if err != nil {
			t.Fatal(err)
		}
		r := h.mustOK(h.call(http.MethodGet, u.RequestURI(), nil))
		for _, d := range r.data() {
			names = append(names, d["name"].(string))
			if d["id"] == nil || d["status"] != "APPROVED" || d["components"] != nil {
				t.Fatalf("item %v", d)
			}
		}
		if r.header.Get("ETag") == "" {
			t.Fatal("list without ETag")
		}
		summary, _ := r.body["summary"].(map[string]any)
		if summary["total_count"] != float64(30) {
			t.Fatalf("summary %v", r.body["summary"])
		}
		paging := r.body["paging"].(map[string]any)
		cursors := paging["cursors"].(map[string]any)
		if cursors["before"] == "" || cursors["after"] == "" {
			t.Fatalf("cursors %v", cursors)
		}
		if _, hasPrev := paging["previous"]; hasPrev != (pages > 1) {
			t.Fatalf("page %d previous=%v", pages, hasPrev)
		}
		next, _ = paging["next"].(string)
	}
	if pages != 3 || len(names) != 30 || names[0] != "paged_00" || names[29] != "paged_29" {
		t.Fatalf("pages=%d names=%v", pages, names)
	}

	// before walks back from a cursor.
	first := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?limit=10", nil))
	after := first.body["paging"].(map[string]any)["cursors"].(map[string]any)["after"].(string)
	second := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?limit=10&after="+url.QueryEscape(after), nil))
	before := second.body["paging"].(map[string]any)["cursors"].(map[string]any)["before"].(string)
	back := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?limit=10&before="+url.QueryEscape(before), nil))
	if back.data()[0]["name"] != "paged_00" || len(back.data()) != 10 {
		t.Fatalf("before page %s", back.raw)
	}

	// limit is clamped to 100; a bad cursor is a parameter error.
	all := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?limit=500", nil))
	if len(all.data()) != 30 || all.body["paging"].(map[string]any)["next"] != nil {
		t.Fatalf("limit=500 page: %d items", len(all.data()))
	}
	h.wantError(h.call(http.MethodGet, h.templatesPath()+"?after=garbage!", nil), 400, 100, 0)
}

func TestTemplateListFilters(t *testing.T) {
	h := newHarness(t, Options{})
	h.create(utilityTemplate("order_shipped", "en_US"))
	h.create(utilityTemplate("order_shipped", "es"))
	h.create(utilityTemplate("reorder_reminder", "en_US"))
	h.create(utilityTemplate("welcome", "en_US"))
	if _, err := h.e.Review(ReviewRule{NameRegex: "^welcome$", Status: "REJECTED", Reason: "SCAM", ApplyToExisting: true}); err != nil {
		t.Fatal(err)
	}

	count := func(query string) int {
		t.Helper()
		return len(h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?"+query, nil)).data())
	}
	cases := map[string]int{
		"name=order":                     3, // substring: reorder_reminder matches too
		"name=ORDER_SHIPPED":             2,
		"name=order_shipped&language=es": 1,
		"status=REJECTED":                1,
		"status=approved,rejected":       4,
		"category=MARKETING":             0,
		"name_or_content=shipped":        4, // every body says "has shipped"
		"name_or_content=reminder":       1,
		"quality_score=UNKNOWN":          4,
		"":                               4,
	}
	for q, want := range cases {
		if got := count(q); got != want {
			t.Errorf("%q: %d templates, want %d", q, got, want)
		}
	}
	r := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?name=nothing_like_this", nil))
	if len(r.data()) != 0 || r.body["paging"] != nil {
		t.Fatalf("empty result %s", r.raw)
	}
}

func TestTemplateReadShape(t *testing.T) {
	h := newHarness(t, Options{})
	media := h.create(tmpl("MARKETING",
		map[string]any{"type": "header", "format": "image", "example": map[string]any{"header_handle": []any{"4::aW1hZ2U=:ARb"}}},
		body("Hi {{1}}, see the picture.", "Ann"),
		buttons(map[string]any{"type": "quick_reply", "text": "Stop"})))
	r := h.template(media, "")
	for _, k := range []string{"id", "name", "language", "status", "category", "components"} {
		if r.body[k] == nil {
			t.Fatalf("default field %s missing: %s", k, r.raw)
		}
	}
	if len(r.body) != 6 {
		t.Fatalf("default fields: %s", r.raw)
	}
	if r.header.Get("ETag") == "" {
		t.Fatal("no ETag")
	}
	comps := r.body["components"].([]any)
	header := comps[0].(map[string]any)
	handle := header["example"].(map[string]any)["header_handle"].([]any)[0].(string)
	if header["type"] != "HEADER" || header["format"] != "IMAGE" || !strings.HasPrefix(handle, "https://scontent.whatsapp.net/v/t61.29466-34/") {
		t.Fatalf("media header read back as %v", header)
	}
	button := comps[2].(map[string]any)["buttons"].([]any)[0].(map[string]any)
	if button["type"] != "QUICK_REPLY" {
		t.Fatalf("button %v", button)
	}

	full := h.template(media, "quality_score{score},rejected_reason,parameter_format,message_send_ttl_seconds,previous_category,cta_url_link_tracking_opted_out")
	qs := full.body["quality_score"].(map[string]any)
	if qs["score"] != "UNKNOWN" || qs["date"] == nil || full.body["rejected_reason"] != "NONE" ||
		full.body["parameter_format"] != "POSITIONAL" || full.body["cta_url_link_tracking_opted_out"] != false {
		t.Fatalf("fields %s", full.raw)
	}
	if _, ok := full.body["message_send_ttl_seconds"]; ok {
		t.Fatalf("unset TTL returned: %s", full.raw)
	}
	if _, ok := full.body["previous_category"]; ok {
		t.Fatalf("unset previous_category returned: %s", full.raw)
	}

	r = h.call(http.MethodGet, "/v23.0/"+media+"?fields=name,bogus", nil)
	h.wantError(r, 400, 100, 0)
	if r.errorField("message") != "(#100) Tried accessing nonexisting field (bogus) on node type (WhatsAppMessageTemplate)" {
		t.Fatalf("unknown field %s", r.raw)
	}
}

func TestAuthenticationTemplateReadShape(t *testing.T) {
	h := newHarness(t, Options{})
	copyCode := h.create(with(authTemplate(otpBody("text", "Copy"), map[string]any{"type": "FOOTER", "code_expiration_minutes": 5}), "name", "auth_copy"))
	oneTap := h.create(with(authTemplate(otpBody("otp_type", "one_tap", "text", "", "autofill_text", "Fill in",
		"supported_apps", []any{map[string]any{"package_name": "com.example.app", "signature_hash": "K8a/AINcGX7"}})), "name", "auth_tap"))

	r := h.template(copyCode, "components,message_send_ttl_seconds")
	if r.body["message_send_ttl_seconds"] != float64(600) {
		t.Fatalf("auth default TTL: %s", r.raw)
	}
	comps := r.body["components"].([]any)
	bodyComp := comps[0].(map[string]any)
	if bodyComp["text"] != "*{{1}}* is your verification code. For your security, do not share this code." ||
		bodyComp["add_security_recommendation"] != true {
		t.Fatalf("body %v", bodyComp)
	}
	footer := comps[1].(map[string]any)
	if footer["text"] != "This code expires in 5 minutes." || footer["code_expiration_minutes"] != float64(5) {
		t.Fatalf("footer %v", footer)
	}
	btn := comps[2].(map[string]any)["buttons"].([]any)[0].(map[string]any)
	if btn["type"] != "URL" || btn["text"] != "Copy" || btn["url"] != "https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}" {
		t.Fatalf("otp button %v", btn)
	}

	r = h.template(oneTap, "components")
	btn = r.body["components"].([]any)[1].(map[string]any)["buttons"].([]any)[0].(map[string]any)
	want := "https://www.whatsapp.com/otp/code/?otp_type=ONE_TAP&cta_display_name=Fill+in&package_name=com.example.app&signature_hash=K8a%2FAINcGX7&code=otp{{1}}"
	if btn["url"] != want || btn["text"] != "Copy code" {
		t.Fatalf("one tap button %v", btn)
	}
	if ex := btn["example"].([]any)[0]; !strings.HasSuffix(ex.(string), "&code=otp123456") {
		t.Fatalf("example %v", ex)
	}
}

func TestWABAPhoneAndBusinessNodes(t *testing.T) {
	h := newHarness(t, Options{})
	w := h.template(h.seed.BusinessAccountID, "")
	if len(w.body) != 2 || w.str("name") == "" {
		t.Fatalf("waba defaults %s", w.raw)
	}
	w = h.template(h.seed.BusinessAccountID, "timezone_id,message_template_namespace,currency,ownership_type")
	if w.str("message_template_namespace") == "" || w.str("currency") != "USD" {
		t.Fatalf("waba fields %s", w.raw)
	}
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID, map[string]any{"name": "New name", "timezone_id": "42"}))
	if w = h.template(h.seed.BusinessAccountID, "name,timezone_id"); w.str("name") != "New name" || w.str("timezone_id") != "42" {
		t.Fatalf("update %s", w.raw)
	}
	h.wantError(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID, map[string]any{"name": ""}), 400, 100, 0)
	h.wantError(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID, map[string]any{"name": strings.Repeat("n", 101)}), 400, 100, 0)

	p := h.template(h.seed.PhoneNumberID, "")
	if len(p.body) != 4 || p.str("display_phone_number") == "" || p.str("quality_rating") != "GREEN" {
		t.Fatalf("phone defaults %s", p.raw)
	}
	p = h.template(h.seed.PhoneNumberID, "status,code_verification_status,throughput{level},is_official_business_account")
	if p.str("status") != "CONNECTED" || p.body["throughput"] == nil {
		t.Fatalf("phone fields %s", p.raw)
	}
	list := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID+"/phone_numbers", nil))
	if d := list.data(); len(d) != 1 || d[0]["id"] != h.seed.PhoneNumberID {
		t.Fatalf("phone list %s", list.raw)
	}

	extra := h.e.AddWABA("Second")
	b := h.template(h.seed.BusinessID, "")
	if b.str("id") != h.seed.BusinessID || b.str("name") == "" || b.header.Get("X-App-Usage") == "" {
		t.Fatalf("business %s", b.raw)
	}
	owned := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessID+"/owned_whatsapp_business_accounts?first=1", nil))
	if d := owned.data(); len(d) != 1 || d[0]["id"] != h.seed.BusinessAccountID || owned.body["paging"].(map[string]any)["next"] == nil {
		t.Fatalf("owned page 1 %s", owned.raw)
	}
	found := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessID+"/owned_whatsapp_business_accounts?find="+extra, nil))
	if d := found.data(); len(d) != 1 || d[0]["name"] != "Second" {
		t.Fatalf("find %s", found.raw)
	}
	h.wantError(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID+"/subscribed_apps_nope", nil), 400, 100, 0)
}
