package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func complianceBody() map[string]any {
	return map[string]any{
		"messaging_product": "whatsapp",
		"entity_name":       "Lucky Shrub Private Limited",
		"entity_type":       "PARTNERSHIP",
		"is_registered":     true,
		"grievance_officer_details": map[string]any{
			"name": "Chandravati P.", "email": "chandravati@luckyshrub.com", "mobile_number": "+913854559033", "landline_number": "+913857614343",
		},
		"customer_care_details": map[string]any{"email": "support@luckyshrub.com", "mobile_number": "+913854559033"},
	}
}

func TestBusinessComplianceInfo(t *testing.T) {
	h := newHarness(t, Options{})
	path := "/v23.0/" + h.seed.PhoneNumberID + "/business_compliance_info"
	read := func() map[string]any {
		data := h.mustOK(h.call(http.MethodGet, path, nil)).data()
		if len(data) != 1 || data[0]["whatsapp_business_account_id"] != h.seed.BusinessAccountID || data[0]["messaging_product"] != "whatsapp" {
			t.Fatalf("read: %v", data)
		}
		return data[0]
	}
	if got := read(); got["entity_name"] != "" || got["is_registered"] != false || got["grievance_officer_details"] != nil {
		t.Fatalf("a number without information: %v", got)
	}
	h.mustOK(h.call(http.MethodPost, path, complianceBody()))
	got := read()
	officer, _ := got["grievance_officer_details"].(map[string]any)
	care, _ := got["customer_care_details"].(map[string]any)
	if got["entity_name"] != "Lucky Shrub Private Limited" || got["entity_type"] != "Partnership" || got["is_registered"] != true ||
		officer["landline_number"] != "+913857614343" || care["email"] != "support@luckyshrub.com" || care["landline_number"] != nil {
		t.Fatalf("read back: %v", got)
	}
	if r := h.mustOK(h.call(http.MethodGet, path+"?fields=entity_type", nil)).data(); len(r[0]) != 2 || r[0]["entity_type"] != "Partnership" {
		t.Fatalf("fields=entity_type: %v", r)
	}

	for name, tc := range map[string]struct {
		change         func(map[string]any)
		status         int
		messageContain string
	}{
		"no entity name":     {func(b map[string]any) { delete(b, "entity_name") }, 400, "entity_name"},
		"short entity name":  {func(b map[string]any) { b["entity_name"] = "L" }, 400, "between 2 and 128"},
		"unknown type":       {func(b map[string]any) { b["entity_type"] = "TRUST" }, 400, "entity_type must be a valid enum value"},
		"other without text": {func(b map[string]any) { b["entity_type"] = "OTHER" }, 400, "Entity_type_custom is mandatory for OTHER entity type"},
		"custom text":        {func(b map[string]any) { b["entity_type_custom"] = "Trust" }, 422, "can only be used with OTHER entity type"},
		"registered company": {func(b map[string]any) { b["entity_type"] = "PRIVATE_COMPANY" }, 400, "is_registered required only when entity_type is set to Other or Partnership"},
		"no officer":         {func(b map[string]any) { delete(b, "grievance_officer_details") }, 400, "grievance_officer_details is required"},
		"officer without name": {func(b map[string]any) {
			b["grievance_officer_details"] = map[string]any{"email": "a@luckyshrub.com"}
		}, 400, "grievance_officer_details.name"},
		"bad email": {func(b map[string]any) {
			b["customer_care_details"] = map[string]any{"email": "support"}
		}, 400, "customer_care_details.email"},
		"no country code": {func(b map[string]any) {
			b["customer_care_details"] = map[string]any{"email": "support@luckyshrub.com", "mobile_number": "03854559033"}
		}, 422, "Must include country code"},
		"no customer care": {func(b map[string]any) { delete(b, "customer_care_details") }, 400, "customer_care_details is required"},
	} {
		body := complianceBody()
		tc.change(body)
		r := h.call(http.MethodPost, path, body)
		if r.status != tc.status || r.code() != 100 || !strings.Contains(r.errorField("message").(string), tc.messageContain) {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	// A refused request leaves the information as it was; a valid one replaces it whole.
	if got := read(); got["entity_type"] != "Partnership" {
		t.Fatalf("after refusals: %v", got)
	}
	other := complianceBody()
	other["entity_type"], other["entity_type_custom"] = "OTHER", "Limited Liability Partnership"
	delete(other, "is_registered")
	h.mustOK(h.call(http.MethodPost, path, other))
	if got := read(); got["entity_type"] != "Other" || got["entity_type_custom"] != "Limited Liability Partnership" || got["is_registered"] != false {
		t.Fatalf("replaced: %v", got)
	}
}
