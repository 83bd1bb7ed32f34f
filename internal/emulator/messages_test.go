package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func (h *harness) messagesPath() string { return "/v23.0/" + h.seed.PhoneNumberID + "/messages" }

// templateMessage is a send request for a template with the given components.
func templateMessage(to, name, language string, components ...any) map[string]any {
	tmpl := map[string]any{"name": name, "language": map[string]any{"code": language}}
	if len(components) > 0 {
		tmpl["components"] = components
	}
	return map[string]any{"messaging_product": "whatsapp", "to": to, "type": "template", "template": tmpl}
}

func bodyParams(texts ...string) map[string]any {
	params := make([]any, 0, len(texts))
	for _, s := range texts {
		params = append(params, map[string]any{"type": "text", "text": s})
	}
	return map[string]any{"type": "body", "parameters": params}
}

// approved creates a template and lets its review pass.
func (h *harness) approved(body map[string]any) string {
	h.t.Helper()
	id := h.create(body)
	if st := h.status(id); st != statusApproved {
		h.t.Fatalf("template %s is %s, want APPROVED", id, st)
	}
	return id
}

func (h *harness) wantCloudError(r reply, code int, detail string) {
	h.t.Helper()
	h.wantError(r, http.StatusBadRequest, code, 0)
	data, _ := r.errorField("error_data").(map[string]any)
	details, _ := data["details"].(string)
	if data["messaging_product"] != "whatsapp" || !strings.Contains(details, detail) {
		h.t.Fatalf("want error_data.details containing %q: %s", detail, r.raw)
	}
}

func TestSendTemplateMessage(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.approved(utilityTemplate("order_shipped", "en_US"))
	r := h.mustOK(h.call(http.MethodPost, h.messagesPath(), templateMessage("+1 (650) 555-1234", "order_shipped", "en_US", bodyParams("A-42"))))
	if r.str("messaging_product") != "whatsapp" {
		t.Fatalf("response %s", r.raw)
	}
	contacts, _ := r.body["contacts"].([]any)
	msgs, _ := r.body["messages"].([]any)
	if len(contacts) != 1 || len(msgs) != 1 {
		t.Fatalf("want one contact and one message: %s", r.raw)
	}
	contact, _ := contacts[0].(map[string]any)
	msg, _ := msgs[0].(map[string]any)
	wamid, _ := msg["id"].(string)
	if contact["input"] != "+1 (650) 555-1234" || contact["wa_id"] != "16505551234" || !strings.HasPrefix(wamid, "wamid.") || msg["message_status"] != "accepted" {
		t.Fatalf("response %s", r.raw)
	}
	sent := h.e.SentMessages()
	if len(sent) != 1 {
		t.Fatalf("%d messages recorded, want 1", len(sent))
	}
	s := sent[0]
	if s.ID != wamid || s.TemplateID != id || s.WAID != "16505551234" || s.PhoneNumberID != h.seed.PhoneNumberID || s.Body != "Your order A-42 has shipped." {
		t.Fatalf("recorded %+v", s)
	}

	status, list := h.control(http.MethodGet, "/_emulator/messages", "")
	data, _ := list["data"].([]any)
	if status != http.StatusOK || len(data) != 1 || data[0].(map[string]any)["id"] != wamid {
		t.Fatalf("GET /_emulator/messages: %d %v", status, list)
	}
	if status, _ := h.control(http.MethodDelete, "/_emulator/messages", ""); status != http.StatusOK || len(h.e.SentMessages()) != 0 {
		t.Fatalf("DELETE /_emulator/messages: %d, %d left", status, len(h.e.SentMessages()))
	}
}

func TestSendTemplateMessageHeaderAndButtons(t *testing.T) {
	h := newHarness(t, Options{})
	h.approved(map[string]any{
		"name": "delivery", "language": "en_US", "category": "UTILITY",
		"components": []any{
			map[string]any{"type": "HEADER", "format": "TEXT", "text": "Hi {{1}}", "example": map[string]any{"header_text": []any{"Ana"}}},
			map[string]any{"type": "BODY", "text": "Your order {{1}} arrives at your door {{2}}.", "example": map[string]any{"body_text": []any{[]any{"A-1", "today"}}}},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "URL", "text": "Track", "url": "https://shop.example.com/t/{{1}}", "example": []any{"https://shop.example.com/t/A-1"}},
				map[string]any{"type": "QUICK_REPLY", "text": "Help"},
			}},
		},
	})
	header := map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "text", "text": "Ana"}}}
	button := map[string]any{"type": "button", "sub_type": "url", "index": "0", "parameters": []any{map[string]any{"type": "text", "text": "A-1"}}}
	h.mustOK(h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "delivery", "en_US", header, bodyParams("A-1", "today"), button)))
	s := h.e.SentMessages()[0]
	if s.Header != "Hi Ana" || s.Body != "Your order A-1 arrives at your door today." {
		t.Fatalf("recorded %+v", s)
	}
	// The URL button's variable is required too.
	r := h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "delivery", "en_US", header, bodyParams("A-1", "today")))
	h.wantCloudError(r, codeTemplateParamCount, "button 0: number of localizable_params (0) does not match the expected number of params (1)")
	// A media header needs a media parameter of its format.
	h.approved(map[string]any{
		"name": "with_image", "language": "en_US", "category": "MARKETING",
		"components": []any{
			map[string]any{"type": "HEADER", "format": "IMAGE", "example": map[string]any{"header_handle": []any{"4::aW1hZ2U=:ARb"}}},
			map[string]any{"type": "BODY", "text": "New arrivals."},
		},
	})
	r = h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "with_image", "en_US",
		map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "text", "text": "x"}}}))
	h.wantCloudError(r, codeTemplateParamFormat, "header: Format mismatch, expected IMAGE, received TEXT")
	h.wantCloudError(h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "with_image", "en_US")),
		codeTemplateParamFormat, "header: Format mismatch, expected IMAGE, received UNKNOWN")
	h.mustOK(h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "with_image", "en_US",
		map[string]any{"type": "header", "parameters": []any{map[string]any{"type": "image", "image": map[string]any{"link": "https://example.com/a.jpg"}}}})))
	// A button's parameters come with its sub_type.
	copyCode := map[string]any{"type": "button", "sub_type": "copy_code", "index": 0, "parameters": []any{map[string]any{"type": "coupon_code", "coupon_code": "A-1"}}}
	r = h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "delivery", "en_US", header, bodyParams("A-1", "today"), copyCode))
	h.wantCloudError(r, codeTemplateParamFormat, "button 0: Format mismatch, expected URL, received COPY_CODE")
}

func TestSendTemplateMessageErrors(t *testing.T) {
	h := newHarness(t, Options{})
	h.approved(utilityTemplate("order_shipped", "en_US"))
	h.create(utilityTemplate("order_shipped", "es_ES"))
	send := func(body map[string]any) reply { return h.call(http.MethodPost, h.messagesPath(), body) }

	// Required fields.
	h.wantError(send(map[string]any{"to": "16505551234", "type": "template"}), http.StatusBadRequest, 100, 0)
	h.wantError(send(map[string]any{"messaging_product": "whatsapp", "type": "template"}), http.StatusBadRequest, 100, 0)
	h.wantCloudError(send(templateMessage("16505551234", "", "en_US")), codeRequiredParamMissing, "template.name")
	h.wantCloudError(send(templateMessage("16505551234", "order_shipped", "")), codeRequiredParamMissing, "template.language.code")
	// Recipient.
	h.wantCloudError(send(templateMessage("12ab", "order_shipped", "en_US", bodyParams("A-1"))), codeParamValueInvalid, "not a valid phone number")
	// Template lookup: unknown name, unknown language, not approved.
	h.wantCloudError(send(templateMessage("16505551234", "nope", "en_US")), codeTemplateNotFound, "template name (nope) does not exist in en_US")
	h.wantCloudError(send(templateMessage("16505551234", "order_shipped", "fr_FR", bodyParams("A-1"))), codeTemplateNotFound, "does not exist in fr_FR")
	if _, err := h.e.Review(ReviewRule{NameRegex: "^order_shipped$", Status: statusRejected, ApplyToExisting: true}); err != nil {
		t.Fatal(err)
	}
	h.wantCloudError(send(templateMessage("16505551234", "order_shipped", "es_ES", bodyParams("A-1"))), codeTemplateNotFound, "is REJECTED, not approved")
	// Parameters: count and format.
	h.approved(utilityTemplate("order_update", "en_US"))
	h.wantCloudError(send(templateMessage("16505551234", "order_update", "en_US")), codeTemplateParamCount,
		"body: number of localizable_params (0) does not match the expected number of params (1)")
	h.wantCloudError(send(templateMessage("16505551234", "order_update", "en_US", bodyParams("A-1", "extra"))), codeTemplateParamCount,
		"number of localizable_params (2)")
	h.wantCloudError(send(templateMessage("16505551234", "order_update", "en_US", bodyParams(""))), codeTemplateParamFormat, "body: Format mismatch")
	h.wantCloudError(send(templateMessage("16505551234", "order_update", "en_US",
		map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "image", "image": map[string]any{"link": "x"}}}})),
		codeTemplateParamFormat, "expected TEXT, received IMAGE")
	h.wantCloudError(send(templateMessage("16505551234", "order_update", "en_US", bodyParams(strings.Repeat("x", 1100)))), codeTemplateTextTooLong, "body")
	// Paused, then disabled.
	if _, err := h.e.Review(ReviewRule{NameRegex: "^order_update$", Status: statusPaused}); err != nil {
		t.Fatal(err)
	}
	h.wantCloudError(send(templateMessage("16505551234", "order_update", "en_US", bodyParams("A-1"))), codeTemplatePaused, "paused due to low quality")
	if _, err := h.e.Review(ReviewRule{NameRegex: "^order_update$", Status: statusDisabled}); err != nil {
		t.Fatal(err)
	}
	h.wantCloudError(send(templateMessage("16505551234", "order_update", "en_US", bodyParams("A-1"))), codeTemplateDisabled, "permanently disabled")
	// Only template messages are modelled.
	h.wantError(send(map[string]any{"messaging_product": "whatsapp", "to": "16505551234", "type": "text", "text": map[string]any{"body": "hi"}}), http.StatusBadRequest, 100, 0)
	if n := len(h.e.SentMessages()); n != 0 {
		t.Fatalf("%d refused messages were recorded", n)
	}
}

func TestSendTemplateMessageNamedParameters(t *testing.T) {
	h := newHarness(t, Options{})
	h.approved(map[string]any{
		"name": "named", "language": "en_US", "category": "UTILITY", "parameter_format": "NAMED",
		"components": []any{map[string]any{"type": "BODY", "text": "Hi {{first_name}}, your order {{order_id}} has shipped.",
			"example": map[string]any{"body_text_named_params": []any{
				map[string]any{"param_name": "first_name", "example": "Ana"},
				map[string]any{"param_name": "order_id", "example": "A-1"},
			}}}},
	})
	named := func(pairs ...string) map[string]any {
		var params []any
		for i := 0; i < len(pairs); i += 2 {
			params = append(params, map[string]any{"type": "text", "parameter_name": pairs[i], "text": pairs[i+1]})
		}
		return map[string]any{"type": "body", "parameters": params}
	}
	h.mustOK(h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "named", "en_US", named("order_id", "A-9", "first_name", "Bo"))))
	if s := h.e.SentMessages()[0]; s.Body != "Hi Bo, your order A-9 has shipped." {
		t.Fatalf("body %q", s.Body)
	}
	r := h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "named", "en_US", named("first_name", "Bo", "order", "A-9")))
	h.wantCloudError(r, codeTemplateParamFormat, "parameter_name (order) is not a variable")
}

func TestSendTemplateMessageSenderAndRecipient(t *testing.T) {
	h := newHarness(t, Options{})
	h.approved(utilityTemplate("order_shipped", "en_US"))
	msg := templateMessage("16505551234", "order_shipped", "en_US", bodyParams("A-1"))
	// A test number sends only to its allowed list.
	if err := h.e.SetAllowedRecipients(h.seed.PhoneNumberID, "+44 7700 900123"); err != nil {
		t.Fatal(err)
	}
	h.wantCloudError(h.call(http.MethodPost, h.messagesPath(), msg), codeRecipientNotAllowed, "16505551234 is not in the allowed list")
	h.mustOK(h.call(http.MethodPost, h.messagesPath(), templateMessage("447700900123", "order_shipped", "en_US", bodyParams("A-1"))))
	if err := h.e.SetAllowedRecipients(h.seed.PhoneNumberID, "1", "2", "3", "4", "5", "6"); err == nil {
		t.Fatal("six allowed recipients were accepted")
	}
	if err := h.e.SetAllowedRecipients(h.seed.PhoneNumberID); err != nil {
		t.Fatal(err)
	}
	h.mustOK(h.call(http.MethodPost, h.messagesPath(), msg))
	// A number that is not registered cannot send.
	pending := h.addPhone("1", "16315551000", "Jasper's Market")
	h.wantCloudError(h.call(http.MethodPost, "/v23.0/"+pending+"/messages", msg), codePhoneNotRegistered, "not registered")
	// Templates of another WABA are not found.
	other := h.e.AddWABA("Other")
	otherPhone, err := h.e.AddPhoneNumber(other, "1", "6315552000", "Other Line")
	if err != nil {
		t.Fatal(err)
	}
	h.wantCloudError(h.call(http.MethodPost, "/v23.0/"+otherPhone+"/messages", msg), codeTemplateNotFound, "does not exist in en_US")
}

// The send response has the keys of the spec's send examples (the others, {"success"}, answer
// read receipts and typing indicators).
func TestSendMessageResponseMatchesSpec(t *testing.T) {
	spec := loadSpec(t)
	_, examples := responseKeys(t, spec, "/{Version}/{Phone-Number-ID}/messages", "post")
	h := newHarness(t, Options{})
	h.approved(utilityTemplate("spec_shape", "en_US"))
	r := h.mustOK(h.call(http.MethodPost, h.messagesPath(), templateMessage("16505551234", "spec_shape", "en_US", bodyParams("A-1"))))
	got := strings.Join(sortedKeys(r.body), ",")
	sends := 0
	for _, ex := range examples {
		if keys := strings.Join(ex, ","); keys != "success" {
			sends++
			if keys != got {
				t.Fatalf("send response keys %s, spec example %s", got, keys)
			}
		}
	}
	if sends == 0 {
		t.Fatal("the spec has no send examples")
	}
}
