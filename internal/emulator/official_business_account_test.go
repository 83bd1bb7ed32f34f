package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func obaRequestBody() map[string]any {
	return map[string]any{
		"additional_supporting_information": "We are also featured in Planet Succulent and Prickly Digest",
		"business_website_url":              "https://www.luckyshrub.com",
		"parent_business_or_brand":          "Lucky Shrub LLC",
		"primary_country_of_operation":      "United States of America",
		"primary_language":                  "English",
		"supporting_links": []string{
			"https://www.retailreview.com/gardening/2025/lucky-shrub", "https://www.faster-company.com/2025/online-nursies-are-making-green-waves",
			"https://www.succulentscene.com/2025/new-online-retailers", "https://www.pricklypages.com/2025/succullents/where-to-buy",
			"https://www.spinyliving.com/2025/latest-news",
		},
	}
}

func TestOfficialBusinessAccountRequest(t *testing.T) {
	now := fixedNow
	h := newHarness(t, Options{Now: func() time.Time { return now }})
	phone := h.seed.PhoneNumberID
	path := "/v23.0/" + phone + "/official_business_account"
	status := func() string {
		r := h.mustOK(h.call(http.MethodGet, path, nil))
		if r.str("id") != phone || r.str("status_message") == "" {
			h.t.Fatalf("status: %s", r.raw)
		}
		return r.str("oba_status")
	}
	if got := status(); got != "NOT_STARTED" {
		t.Fatalf("a number that never asked: %s", got)
	}
	// Two-step verification comes first, as in WhatsApp Manager.
	r := h.call(http.MethodPost, path, obaRequestBody())
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if !strings.Contains(r.errorField("message").(string), "two-step verification") {
		t.Fatalf("without a PIN: %s", r.raw)
	}
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+phone, map[string]any{"pin": "123456"}))

	for name, change := range map[string]func(map[string]any){
		"no website":       func(b map[string]any) { delete(b, "business_website_url") },
		"no country":       func(b map[string]any) { delete(b, "primary_country_of_operation") },
		"four links":       func(b map[string]any) { b["supporting_links"] = b["supporting_links"].([]string)[:4] },
		"a link not a URL": func(b map[string]any) { b["supporting_links"].([]string)[0] = "retail review" },
	} {
		body := obaRequestBody()
		change(body)
		h.wantError(h.call(http.MethodPost, path, body), http.StatusBadRequest, 100, 0)
		if got := status(); got != "NOT_STARTED" {
			t.Fatalf("%s: a refused request left status %s", name, got)
		}
	}
	body := obaRequestBody()
	body["business_website_url"] = "http://www.luckyshrub.com"
	h.wantError(h.call(http.MethodPost, path, body), http.StatusUnprocessableEntity, 100, 0)

	if r := h.mustOK(h.call(http.MethodPost, path, obaRequestBody())); string(r.raw) != `{"success":true}` {
		t.Fatalf("submit: %s", r.raw)
	}
	if got := status(); got != "PENDING" {
		t.Fatalf("after submitting: %s", got)
	}
	if f := h.phone(phone, "official_business_account").body["official_business_account"].(map[string]any); f["oba_status"] != "PENDING" {
		t.Fatalf("the number's field: %v", f)
	}
	r = h.call(http.MethodPost, path, obaRequestBody())
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if r.errorField("message") != "Cannot submit application: An active application already exists" {
		t.Fatalf("a second request: %s", r.raw)
	}
	_, got, err := h.e.OfficialBusinessAccountOf(phone)
	if err != nil || got.ParentBusinessOrBrand != "Lucky Shrub LLC" || len(got.SupportingLinks) != 5 {
		t.Fatalf("the request Meta received: %+v, %v", got, err)
	}

	// Rejected: a new request waits 30 days.
	if err := h.e.ReviewOfficialBusinessAccount(phone, "REJECTED", ""); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != "REJECTED" {
		t.Fatalf("after the rejection: %s", got)
	}
	r = h.call(http.MethodPost, path, obaRequestBody())
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if !strings.Contains(r.errorField("message").(string), "30 days after a rejection") {
		t.Fatalf("resubmitting at once: %s", r.raw)
	}
	now = now.Add(31 * 24 * time.Hour)
	h.mustOK(h.call(http.MethodPost, path, obaRequestBody()))
	if err := h.e.ReviewOfficialBusinessAccount(phone, "APPROVED", ""); err != nil {
		t.Fatal(err)
	}
	if v := h.phone(phone, "is_official_business_account").body["is_official_business_account"]; v != true {
		t.Fatalf("approved, is_official_business_account = %v", v)
	}
	h.wantError(h.call(http.MethodPost, path, obaRequestBody()), http.StatusBadRequest, 100, 0)
	if err := h.e.ReviewOfficialBusinessAccount(phone, "MAYBE", ""); err == nil {
		t.Fatal("an unknown outcome was taken")
	}
}

func TestOfficialBusinessAccountNeedsARegisteredNumber(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.addPhone("1", "6315551999", "Lucky Shrub")
	r := h.call(http.MethodPost, "/v23.0/"+id+"/official_business_account", obaRequestBody())
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if !strings.Contains(r.errorField("message").(string), "must be registered") {
		t.Fatalf("an unregistered number: %s", r.raw)
	}
	if err := h.e.ReviewOfficialBusinessAccount(id, "APPROVED", ""); err == nil {
		t.Fatal("reviewed a request that was never submitted")
	}
}

func TestControlOfficialBusinessAccount(t *testing.T) {
	h := newHarness(t, Options{})
	phone := h.seed.PhoneNumberID
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+phone, map[string]any{"pin": "123456"}))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+phone+"/official_business_account", obaRequestBody()))
	if code, body := h.control(http.MethodPost, "/_emulator/official-business-account", `{"phone_number_id":"`+phone+`","status":"REJECTED","status_message":"Not notable enough yet"}`); code != http.StatusOK {
		t.Fatalf("control: %d %v", code, body)
	}
	r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+phone+"/official_business_account", nil))
	if r.str("oba_status") != "REJECTED" || r.str("status_message") != "Not notable enough yet" {
		t.Fatalf("after the control call: %s", r.raw)
	}
	for _, bad := range []string{`{"phone_number_id":"` + phone + `","status":"LATER"}`, `{"phone_number_id":"1","status":"APPROVED"}`, `{"status":"APPROVED","extra":1}`} {
		if code, _ := h.control(http.MethodPost, "/_emulator/official-business-account", bad); code != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, code)
		}
	}
	if code, _ := h.control(http.MethodGet, "/_emulator/official-business-account", ""); code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", code)
	}
}
