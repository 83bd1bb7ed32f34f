package emulator

import (
	"net/http"
	"testing"
	"time"
)

func TestTemplateEditRules(t *testing.T) {
	h := newHarness(t, Options{ReviewDelay: time.Hour})
	id := h.create(utilityTemplate("edit_me", "en_US"))
	edit := map[string]any{"components": []any{body("Your parcel {{1}} has shipped.", "P-1")}}

	// PENDING templates can't be edited.
	r := h.call(http.MethodPost, "/v23.0/"+id, edit)
	h.wantError(r, 400, 100, 0)
	if r.errorField("error_user_title") != "Template can't be edited" || r.errorField("message") != "Message templates with status PENDING can't be edited" {
		t.Fatalf("pending edit %s", r.raw)
	}

	h.e.Advance(time.Hour)
	if s := h.status(id); s != "APPROVED" {
		t.Fatalf("status %s", s)
	}
	// Category change on an approved template.
	h.wantError(h.call(http.MethodPost, "/v23.0/"+id, with(edit, "category", "MARKETING")), 400, 100, 0)
	// Name and language can't change.
	h.wantError(h.call(http.MethodPost, "/v23.0/"+id, with(edit, "name", "other")), 400, 100, 0)
	h.wantError(h.call(http.MethodPost, "/v23.0/"+id, with(edit, "language", "de")), 400, 100, 0)
	// Invalid components are rejected like on create.
	h.wantError(h.call(http.MethodPost, "/v23.0/"+id, map[string]any{"components": []any{body("{{1}} starts", "x")}}), 400, 100, 2388299)

	r = h.mustOK(h.call(http.MethodPost, "/v23.0/"+id, with(edit, "name", "edit_me", "language", "en_US", "category", "UTILITY")))
	if r.body["success"] != true {
		t.Fatalf("edit %s", r.raw)
	}
	got := h.template(id, "status,components")
	if got.str("status") != "PENDING" {
		t.Fatalf("after edit %s", got.raw)
	}
	if text := got.body["components"].([]any)[0].(map[string]any)["text"]; text != "Your parcel {{1}} has shipped." {
		t.Fatalf("components not updated: %v", text)
	}

	// Approved again within 24 h: the edit quota blocks a second edit.
	h.e.Advance(time.Hour)
	r = h.call(http.MethodPost, "/v23.0/"+id, edit)
	h.wantError(r, 400, 100, 0)
	if r.errorField("message") != "Message template edit limit reached" ||
		r.errorField("error_user_msg") != "You can edit an approved template once per 24 hours and up to 10 times per 30 days." {
		t.Fatalf("quota %s", r.raw)
	}
	h.e.Advance(23 * time.Hour)
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id, edit))
}

func TestTemplateEditMonthlyQuota(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(utilityTemplate("monthly", "en_US"))
	edit := map[string]any{"message_send_ttl_seconds": 3600}
	for i := 0; i < 10; i++ {
		h.mustOK(h.call(http.MethodPost, "/v23.0/"+id, edit))
		h.e.Advance(49 * time.Hour)
	}
	// 10 edits within 490 h (< 30 days): the eleventh is refused.
	h.wantError(h.call(http.MethodPost, "/v23.0/"+id, edit), 400, 100, 0)
	h.e.Advance(10 * 24 * time.Hour)
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id, edit))
	if ttl := h.template(id, "message_send_ttl_seconds").body["message_send_ttl_seconds"]; ttl != float64(3600) {
		t.Fatalf("ttl %v", ttl)
	}
}

func TestTemplateEditRejectedIsUnlimited(t *testing.T) {
	h := newHarness(t, Options{})
	if _, err := h.e.Review(ReviewRule{NameRegex: "^bad$", Status: "REJECTED", Reason: "INCORRECT_CATEGORY"}); err != nil {
		t.Fatal(err)
	}
	id := h.create(utilityTemplate("bad", "en_US"))
	for i := 0; i < 3; i++ {
		got := h.template(id, "status,rejected_reason")
		if got.str("status") != "REJECTED" || got.str("rejected_reason") != "INCORRECT_CATEGORY" {
			t.Fatalf("round %d: %s", i, got.raw)
		}
		// Category can change while rejected.
		h.mustOK(h.call(http.MethodPost, "/v23.0/"+id, map[string]any{"category": "MARKETING",
			"components": []any{body("New offer {{1}} for you.", "X")}}))
	}
	if c := h.template(id, "category").str("category"); c != "MARKETING" {
		t.Fatalf("category %s", c)
	}
}

func TestTemplateDelete(t *testing.T) {
	h := newHarness(t, Options{})
	en := h.create(utilityTemplate("multi", "en_US"))
	de := h.create(utilityTemplate("multi", "de"))
	fr := h.create(utilityTemplate("multi", "fr"))
	other := h.create(utilityTemplate("other", "en_US"))

	// hsm_id must belong to the name.
	h.wantError(h.call(http.MethodDelete, h.templatesPath()+"?name=multi&hsm_id="+other, nil), 400, 100, 0)
	// Unknown name.
	r := h.call(http.MethodDelete, h.templatesPath()+"?name=nope", nil)
	h.wantError(r, 400, 100, 0)
	if r.errorField("message") != "Couldn't find message template with name nope" {
		t.Fatalf("unknown name %s", r.raw)
	}
	h.wantError(h.call(http.MethodDelete, h.templatesPath(), nil), 400, 100, 0)

	// hsm_id deletes one language only.
	h.mustOK(h.call(http.MethodDelete, h.templatesPath()+"?name=multi&hsm_id="+de, nil))
	h.wantError(h.call(http.MethodGet, "/v23.0/"+de, nil), 400, 100, 33)
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+en, nil))

	// By name, every remaining language goes; the body may carry the name.
	h.mustOK(h.call(http.MethodDelete, h.templatesPath(), map[string]any{"name": "multi"}))
	for _, id := range []string{en, fr} {
		h.wantError(h.call(http.MethodGet, "/v23.0/"+id, nil), 400, 100, 33)
	}
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+other, nil))
}

// Edits validate the new families as creates do, and refresh the card
// samples.
func TestTemplateEditFamilies(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(tmpl("MARKETING", body("Spring is here.")))
	edit := func(comps ...map[string]any) reply {
		t.Helper()
		list := make([]any, len(comps))
		for i, c := range comps {
			list[i] = c
		}
		return h.call(http.MethodPost, "/v23.0/"+id, map[string]any{"components": list})
	}
	carouselBody := body("Rare succulents for sale! {{1}}, add these to your collection.", "Pablo")
	h.wantError(edit(carouselBody, carousel(mediaCards(1)...)), 400, 100, 0)
	h.wantError(edit(offer("An offer too long to show", true), body("a"), buttons(copyCode("A"), urlButton("https://a.example"))), 400, 100, 2388040)
	h.wantError(edit(header("PRODUCT"), body("a"), buttons(quickReply("x"))), 400, 100, 2388047)

	h.mustOK(edit(carouselBody, carousel(mediaCards(2)...)))
	url := func() string {
		t.Helper()
		cards := h.template(id, "components").body["components"].([]any)[1].(map[string]any)["cards"].([]any)
		return cards[1].(map[string]any)["components"].([]any)[0].(map[string]any)["example"].(map[string]any)["header_handle"].([]any)[0].(string)
	}
	first := url()
	h.e.Advance(25 * time.Hour)
	h.mustOK(edit(carouselBody, carousel(mediaCards(3)...)))
	if second := url(); second == first {
		t.Fatalf("card sample URL not refreshed by the edit: %s", second)
	}
	h.e.Advance(25 * time.Hour)
	h.mustOK(edit(offer("Expiring offer!", true), body("Good news, {{1}}! Use code {{2}} to get 25% off all trips.", "Pablo", "CARIBE25"),
		buttons(copyCode("CARIBE25"), urlButton("https://a.example"))))
}
