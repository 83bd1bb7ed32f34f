package emulator

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func body(text string, examples ...string) map[string]any {
	c := map[string]any{"type": "BODY", "text": text}
	if len(examples) > 0 {
		ex := make([]any, len(examples))
		for i, s := range examples {
			ex[i] = s
		}
		c["example"] = map[string]any{"body_text": []any{ex}}
	}
	return c
}

func buttons(bs ...map[string]any) map[string]any {
	list := make([]any, len(bs))
	for i, b := range bs {
		list[i] = b
	}
	return map[string]any{"type": "BUTTONS", "buttons": list}
}

func quickReply(text string) map[string]any {
	return map[string]any{"type": "QUICK_REPLY", "text": text}
}

func urlButton(u string, example ...any) map[string]any {
	b := map[string]any{"type": "URL", "text": "Open", "url": u}
	if len(example) > 0 {
		b["example"] = example
	}
	return b
}

func tmpl(category string, comps ...map[string]any) map[string]any {
	list := make([]any, len(comps))
	for i, c := range comps {
		list[i] = c
	}
	return map[string]any{"name": "t_ok", "language": "en_US", "category": category, "components": list}
}

func with(m map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
			continue
		}
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func otpBody(extra ...any) map[string]any {
	b := map[string]any{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}
	for i := 0; i+1 < len(extra); i += 2 {
		b[extra[i].(string)] = extra[i+1]
	}
	return b
}

func authTemplate(button map[string]any, more ...map[string]any) map[string]any {
	comps := append([]map[string]any{{"type": "BODY", "add_security_recommendation": true}}, more...)
	comps = append(comps, buttons(button))
	return tmpl("AUTHENTICATION", comps...)
}

func TestTemplateCreateValidation(t *testing.T) {
	valid := tmpl("UTILITY", body("Hello {{1}}, welcome to our store.", "Ann"))
	app := map[string]any{"package_name": "com.example.app", "signature_hash": "K8a/AINcGX7"}
	cases := []struct {
		name    string
		body    map[string]any
		subcode int
		code    int
	}{
		{"name missing", with(valid, "name", nil), 0, 100},
		{"name uppercase", with(valid, "name", "Hello"), 0, 100},
		{"name too long", with(valid, "name", strings.Repeat("a", 513)), 0, 100},
		{"language missing", with(valid, "language", nil), 0, 100},
		{"language unsupported", with(valid, "language", "xx_XX"), 0, 100},
		{"category missing", with(valid, "category", nil), 0, 100},
		{"category invalid", with(valid, "category", "PROMO"), 0, 100},
		{"no components", with(valid, "components", nil), 0, 100},
		{"two bodies", tmpl("UTILITY", body("a"), body("b")), 0, 100},
		{"unknown component", tmpl("UTILITY", body("a"), map[string]any{"type": "GREETING"}), 0, 100},
		{"two headers", tmpl("UTILITY", body("a"), map[string]any{"type": "HEADER", "format": "LOCATION"}, map[string]any{"type": "HEADER", "format": "LOCATION"}), 0, 100},
		{"header bad format", tmpl("UTILITY", body("a"), map[string]any{"type": "HEADER", "format": "AUDIO"}), 0, 100},
		{"header text too long", tmpl("UTILITY", body("a"), map[string]any{"type": "HEADER", "format": "TEXT", "text": strings.Repeat("h", 61)}), 2388040, 100},
		{"header two variables", tmpl("UTILITY", body("a"), map[string]any{"type": "HEADER", "format": "TEXT", "text": "{{1}} {{2}}"}), 0, 100},
		{"header variable without example", tmpl("UTILITY", body("a"), map[string]any{"type": "HEADER", "format": "TEXT", "text": "Hi {{1}}"}), 0, 100},
		{"media header without handle", tmpl("UTILITY", body("a"), map[string]any{"type": "HEADER", "format": "IMAGE"}), 0, 100},
		{"body empty", tmpl("UTILITY", body("")), 0, 100},
		{"body too long", tmpl("UTILITY", body(strings.Repeat("b", 1025))), 2388040, 100},
		{"body variables not sequential", tmpl("UTILITY", body("Hi {{1}} and {{3}}.", "a", "b")), 0, 100},
		{"body named variable in positional", tmpl("UTILITY", body("Hi {{name}}.", "a")), 0, 100},
		{"body spaced variable", tmpl("UTILITY", body("Hi {{ 1 }}.", "a")), 0, 100},
		{"body variable at start", tmpl("UTILITY", body("{{1}} is here.", "a")), 2388299, 100},
		{"body variable at end", tmpl("UTILITY", body("Here is {{1}}", "a")), 2388299, 100},
		{"body examples missing", tmpl("UTILITY", body("Hi {{1}}, your order has shipped today.")), 0, 100},
		{"body examples wrong count", tmpl("UTILITY", body("Hi {{1}}, your order {{2}} has shipped and arrives soon.", "a")), 0, 100},
		{"named body in positional format mixing", with(tmpl("UTILITY", body("Hi {{1}} {{name}}.", "a", "b")), "parameter_format", "NAMED"), 0, 100},
		{"bad parameter format", with(valid, "parameter_format", "KEYED"), 0, 100},
		{"footer too long", tmpl("UTILITY", body("a"), map[string]any{"type": "FOOTER", "text": strings.Repeat("f", 61)}), 2388040, 100},
		{"footer variable", tmpl("UTILITY", body("a"), map[string]any{"type": "FOOTER", "text": "x {{1}} y"}), 0, 100},
		{"no buttons", tmpl("UTILITY", body("a"), buttons()), 0, 100},
		{"eleven buttons", tmpl("MARKETING", body("a"), buttons(quickReply("1"), quickReply("2"), quickReply("3"), quickReply("4"), quickReply("5"), quickReply("6"), quickReply("7"), quickReply("8"), quickReply("9"), quickReply("10"), quickReply("11"))), 0, 100},
		{"three url buttons", tmpl("MARKETING", body("a"), buttons(urlButton("https://a.example"), urlButton("https://b.example"), urlButton("https://c.example"))), 0, 100},
		{"two phone buttons", tmpl("UTILITY", body("a"), buttons(map[string]any{"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+15550100"}, map[string]any{"type": "PHONE_NUMBER", "text": "Call 2", "phone_number": "+15550101"})), 0, 100},
		{"quick replies interleaved", tmpl("MARKETING", body("a"), buttons(quickReply("1"), urlButton("https://a.example"), quickReply("2"))), 0, 100},
		{"button text too long", tmpl("MARKETING", body("a"), buttons(quickReply(strings.Repeat("q", 26)))), 0, 100},
		{"url not http", tmpl("MARKETING", body("a"), buttons(urlButton("ftp://a.example"))), 0, 100},
		{"url variable not at end", tmpl("MARKETING", body("a"), buttons(urlButton("https://a.example/{{1}}/x", "p"))), 0, 100},
		{"url variable without example", tmpl("MARKETING", body("a"), buttons(urlButton("https://a.example/{{1}}"))), 0, 100},
		{"phone number invalid", tmpl("UTILITY", body("a"), buttons(map[string]any{"type": "PHONE_NUMBER", "text": "Call", "phone_number": "call-me"})), 0, 100},
		{"copy code without code", tmpl("MARKETING", body("a"), buttons(map[string]any{"type": "COPY_CODE"})), 0, 100},
		{"copy code longer than 15", tmpl("MARKETING", body("a"), buttons(map[string]any{"type": "COPY_CODE", "example": "SAVE10SAVE10SAVE"})), 2388040, 100},
		{"otp outside authentication", tmpl("UTILITY", body("a"), buttons(otpBody())), 0, 100},
		{"flow without flow", tmpl("MARKETING", body("a"), buttons(map[string]any{"type": "FLOW", "text": "Go"})), 0, 100},
		{"catalog with other buttons", tmpl("MARKETING", body("a"), buttons(map[string]any{"type": "CATALOG", "text": "View catalog"}, quickReply("x"))), 0, 100},
		{"unknown button", tmpl("MARKETING", body("a"), buttons(map[string]any{"type": "TELEPORT", "text": "Go"})), 0, 100},
		{"auth with header", authTemplate(otpBody(), map[string]any{"type": "HEADER", "format": "TEXT", "text": "Code"}), 0, 100},
		{"auth body text", tmpl("AUTHENTICATION", body("Your code"), buttons(otpBody())), 0, 100},
		{"auth footer text", authTemplate(otpBody(), map[string]any{"type": "FOOTER", "text": "Expires soon"}), 0, 100},
		{"auth expiry out of range", authTemplate(otpBody(), map[string]any{"type": "FOOTER", "code_expiration_minutes": 91}), 0, 100},
		{"auth no buttons", tmpl("AUTHENTICATION", map[string]any{"type": "BODY"}), 0, 100},
		{"auth quick reply", authTemplate(quickReply("x")), 0, 100},
		{"auth bad otp type", authTemplate(otpBody("otp_type", "MAGIC")), 0, 100},
		{"one tap without apps", authTemplate(otpBody("otp_type", "ONE_TAP")), 0, 100},
		{"one tap bad hash", authTemplate(otpBody("otp_type", "ONE_TAP", "supported_apps", []any{map[string]any{"package_name": "a", "signature_hash": "short"}})), 0, 100},
		{"zero tap terms not accepted", authTemplate(otpBody("otp_type", "ZERO_TAP", "supported_apps", []any{app})), 0, 100},
		{"ttl too long for utility", with(valid, "message_send_ttl_seconds", 43201), 0, 100},
		{"ttl too short for marketing", with(tmpl("MARKETING", body("a")), "message_send_ttl_seconds", 600), 0, 100},
		{"ttl too long for authentication", with(authTemplate(otpBody()), "message_send_ttl_seconds", 901), 0, 100},
	}
	h := newHarness(t, Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.call(http.MethodPost, h.templatesPath(), tc.body)
			if r.status != http.StatusBadRequest || r.code() != tc.code || r.subcode() != tc.subcode {
				t.Fatalf("want 400 %d/%d, got %d: %s", tc.code, tc.subcode, r.status, r.raw)
			}
			if r.errorField("error_user_title") == nil || r.errorField("error_user_msg") == nil {
				t.Fatalf("no user title/msg: %s", r.raw)
			}
		})
	}
	if n := len(h.e.allTemplates()); n != 0 {
		t.Fatalf("%d templates created by invalid requests", n)
	}
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

func TestTemplateCreateValidShapes(t *testing.T) {
	app := map[string]any{"package_name": "com.example.app", "signature_hash": "K8a/AINcGX7"}
	cases := map[string]map[string]any{
		"text header, footer, quick replies": tmpl("MARKETING",
			map[string]any{"type": "header", "format": "text", "text": "Our {{1}} is on!", "example": map[string]any{"header_text": []any{"Summer Sale"}}},
			body("Shop now through {{1}} and use code {{2}} to get {{3}} off of all merchandise.", "August", "25OFF", "25%"),
			map[string]any{"type": "FOOTER", "text": "Reply STOP to opt out"},
			buttons(quickReply("Unsubscribe"), quickReply("Stop all"))),
		"document header, phone and url": tmpl("UTILITY",
			map[string]any{"type": "HEADER", "format": "DOCUMENT", "example": map[string]any{"header_handle": []any{"4::YXBw:ARZ"}}},
			body("Thanks {{1}}! The receipt for order {{2}} is attached to this message.", "Mark", "860198"),
			buttons(map[string]any{"type": "PHONE_NUMBER", "text": "Call", "phone_number": "16467043595"}, urlButton("https://example.com/o/{{1}}", "860198"))),
		"location header": tmpl("UTILITY", map[string]any{"type": "HEADER", "format": "LOCATION"}, body("Good news {{1}}! It ships today.", "Mark")),
		"named parameters": with(tmpl("UTILITY",
			map[string]any{"type": "HEADER", "format": "TEXT", "text": "Hi {{first_name}}", "example": map[string]any{"header_text_named_params": []any{map[string]any{"param_name": "first_name", "example": "Ann"}}}},
			map[string]any{"type": "BODY", "text": "Your order {{order_id}} leaves our warehouse {{day}} by courier.", "example": map[string]any{"body_text_named_params": []any{
				map[string]any{"param_name": "order_id", "example": "A1"}, map[string]any{"param_name": "day", "example": "today"}}}}),
			"parameter_format", "NAMED"),
		// Meta's multi-product message templates page: abandoned_cart.
		"multi-product": tmpl("MARKETING",
			map[string]any{"type": "HEADER", "format": "TEXT", "text": "Forget something, {{1}}?", "example": map[string]any{"header_text": []any{"Pablo"}}},
			body("Looks like you left these items in your cart, still interested? Use code {{1}} to get 10% off!", "10OFF"),
			buttons(map[string]any{"type": "MPM", "text": "View items"})),
		// Meta's utility templates page lists copy code among UTILITY buttons.
		"utility copy code": tmpl("UTILITY", body("Your refund code is below."), buttons(map[string]any{"type": "COPY_CODE", "example": "RF-1234"})),
		"flow by name":      tmpl("MARKETING", body("Check out this offer"), buttons(map[string]any{"type": "FLOW", "text": "Open", "flow_name": "offer", "flow_action": "navigate"})),
		"copy code promo":   tmpl("MARKETING", body("Use the code below."), buttons(map[string]any{"type": "COPY_CODE", "example": "SAVE10"})),
		"auth copy code":    with(authTemplate(otpBody(), map[string]any{"type": "FOOTER", "code_expiration_minutes": 10}), "message_send_ttl_seconds", 300),
		"auth one tap legacy fields": authTemplate(otpBody("otp_type", "ONE_TAP", "autofill_text", "Autofill",
			"package_name", "com.example.luckyshrub", "signature_hash", "K8a%2FAINcGX7")),
		"auth zero tap": authTemplate(otpBody("otp_type", "ZERO_TAP", "supported_apps", []any{app}, "zero_tap_terms_accepted", true)),
		"form encoded":  nil,
	}
	h := newHarness(t, Options{})
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID+"/flows", map[string]any{"name": "offer", "categories": []any{"OTHER"}}))
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			if b == nil {
				r := h.call(http.MethodPost, h.templatesPath(),
					`name=form_tmpl&language=en&category=utility&components=[{"type":"BODY","text":"Plain text body"}]`)
				if r.status != http.StatusOK || r.str("category") != "UTILITY" {
					t.Fatalf("form create %d %s", r.status, r.raw)
				}
				return
			}
			b = with(b, "name", "shape_"+nonName.ReplaceAllString(name, "_"))
			r := h.call(http.MethodPost, h.templatesPath(), b)
			if r.status != http.StatusOK || r.str("status") != "PENDING" || r.str("category") != b["category"] || r.str("id") == "" || len(r.body) != 3 {
				t.Fatalf("create response %s", r.raw)
			}
		})
	}
}

func TestTemplateDuplicateAndDeletedNameLock(t *testing.T) {
	h := newHarness(t, Options{})
	h.create(utilityTemplate("order_update", "en_US"))
	h.create(utilityTemplate("order_update", "de"))

	r := h.call(http.MethodPost, h.templatesPath(), utilityTemplate("order_update", "en_US"))
	h.wantError(r, http.StatusBadRequest, 100, 2388024)
	if r.errorField("error_user_title") != "Content in this language already exists" ||
		r.errorField("error_user_msg") != "There is already English (US) content for this template. You can create a new template and try again." {
		t.Fatalf("duplicate error %s", r.raw)
	}

	h.mustOK(h.call(http.MethodDelete, h.templatesPath()+"?name=order_update", nil))
	r = h.call(http.MethodPost, h.templatesPath(), utilityTemplate("order_update", "de"))
	h.wantError(r, http.StatusBadRequest, 100, 2388023)
	if r.errorField("error_user_title") != "Message template language is being deleted" ||
		!strings.HasPrefix(r.errorField("error_user_msg").(string), "New German content can't be added while the existing German content is being deleted.") {
		t.Fatalf("lock error %s", r.raw)
	}
	// Another language of the name is free; the lock lifts after 30 days.
	h.create(utilityTemplate("order_update", "fr"))
	h.e.Advance(30*24*time.Hour + time.Second)
	h.create(utilityTemplate("order_update", "de"))
}

func TestTemplateCreationRateLimit(t *testing.T) {
	h := newHarness(t, Options{CreationLimitPerHour: 2})
	h.create(utilityTemplate("rate_a", "en"))
	h.e.Advance(10 * time.Minute)
	h.create(utilityTemplate("rate_b", "en"))
	r := h.call(http.MethodPost, h.templatesPath(), utilityTemplate("rate_c", "en"))
	h.wantError(r, http.StatusBadRequest, 80008, 0)
	if r.errorField("is_transient") != true ||
		r.errorField("message") != "Message template creation limit reached: at most 2 templates can be created per hour per WhatsApp Business Account" {
		t.Fatalf("body %s", r.raw)
	}
	usage := r.header.Get("X-Business-Use-Case-Usage")
	if !strings.Contains(usage, `"estimated_time_to_regain_access":50`) || !strings.Contains(usage, h.seed.BusinessAccountID) {
		t.Fatalf("usage header %q", usage)
	}
	h.e.Advance(50 * time.Minute)
	h.create(utilityTemplate("rate_c", "en"))
}
