package emulator

import (
	"net/http"
	"strings"
	"testing"
)

// The per-phone-number settings answer with the top-level keys of one of the
// spec's examples for the operation (lists add paging, which the list schema
// has and the examples leave out).
func TestPhoneSettingsResponsesMatchSpecExamples(t *testing.T) {
	spec := loadSpec(t)
	h := newHarness(t, Options{})
	code := h.mustOK(h.call(http.MethodPost, h.qrPath(), map[string]any{"prefilled_message": "hi", "generate_qr_image": "PNG"})).str("code")
	cases := []struct {
		specPath, method string
		got              reply
	}{
		{"/{Version}/{Phone-Number-ID}/whatsapp_business_profile", "get", h.call(http.MethodGet, h.profilePath(), nil)},
		{"/{Version}/{Phone-Number-ID}/whatsapp_business_profile", "post", h.call(http.MethodPost, h.profilePath(), map[string]any{"messaging_product": "whatsapp", "about": "x"})},
		{"/{Version}/{Phone-Number-ID}/conversational_automation", "post", h.call(http.MethodPost, h.automationPath(), map[string]any{"prompts": []string{"x"}})},
		{"/{Version}/{Phone-Number-ID}/message_qrdls", "get", h.call(http.MethodGet, h.qrPath(), nil)},
		{"/{Version}/{Phone-Number-ID}/message_qrdls", "post", h.call(http.MethodPost, h.qrPath(), map[string]any{"prefilled_message": "hello", "generate_qr_image": "SVG"})},
		{"/{Version}/{Phone-Number-ID}/message_qrdls/{QR-Code-ID}", "get", h.call(http.MethodGet, h.qrPath()+"/"+code, nil)},
		{"/{Version}/{Phone-Number-ID}/whatsapp_commerce_settings", "get", h.call(http.MethodGet, h.commercePath(), nil)},
		{"/{Version}/{Phone-Number-ID}/whatsapp_commerce_settings", "post", h.call(http.MethodPost, h.commercePath()+"?is_cart_enabled=true", nil)},
		{"/{Version}/{Phone-Number-ID}/message_qrdls/{QR-Code-ID}", "delete", h.call(http.MethodDelete, h.qrPath()+"/"+code, nil)},
		{"/{Version}/{Phone-Number-ID}/official_business_account", "get", h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID+"/official_business_account", nil)},
		{"/{Version}/{Phone-Number-ID}/business_compliance_info", "get", h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID+"/business_compliance_info", nil)},
		{"/{Version}/{Phone-Number-ID}/business_compliance_info", "post", h.call(http.MethodPost, "/v23.0/"+h.seed.PhoneNumberID+"/business_compliance_info", complianceBody())},
		{"/{Version}/{Phone-Number-ID}/settings", "get", h.call(http.MethodGet, h.settingsPath(h.seed.PhoneNumberID), nil)},
		{"/{Version}/{Phone-Number-ID}/settings", "post", h.call(http.MethodPost, h.settingsPath(h.seed.PhoneNumberID), map[string]any{"user_identity_change": map[string]any{"enable_identity_key_check": true}})},
	}
	for _, tc := range cases {
		h.mustOK(tc.got)
		_, examples := responseKeys(t, spec, tc.specPath, tc.method)
		got := strings.Join(sortedKeys(tc.got.body), ",")
		matched := false
		for _, ex := range examples {
			// The examples of lists leave out paging, which the list schema has.
			matched = matched || strings.Join(ex, ",") == got || strings.Join(append(ex, "paging"), ",") == got
		}
		if !matched {
			t.Errorf("%s %s answered keys %s; spec examples have %v", strings.ToUpper(tc.method), tc.specPath, got, examples)
		}
	}
}
