package emulator

import (
	"net/http"
	"testing"
)

func (h *harness) commercePath() string {
	return "/v23.0/" + h.seed.PhoneNumberID + "/whatsapp_commerce_settings"
}

func (h *harness) commerce() map[string]any {
	h.t.Helper()
	data := h.mustOK(h.call(http.MethodGet, h.commercePath(), nil)).data()
	if len(data) != 1 {
		h.t.Fatalf("want one settings object, got %v", data)
	}
	return data[0]
}

func TestCommerceSettings(t *testing.T) {
	h := newHarness(t, Options{})
	cs := h.commerce()
	id, _ := cs["id"].(string)
	if id == "" || cs["is_cart_enabled"] != true || cs["is_catalog_visible"] != false {
		t.Fatalf("defaults: cart enabled, catalog hidden; got %v", cs)
	}
	// Query parameters hold "true"/"false"; either may be sent alone.
	r := h.mustOK(h.call(http.MethodPost, h.commercePath()+"?is_catalog_visible=true", nil))
	if r.body["success"] != true {
		t.Fatalf("response %s", r.raw)
	}
	h.mustOK(h.call(http.MethodPost, h.commercePath()+"?is_cart_enabled=false", nil))
	cs = h.commerce()
	if cs["id"] != id || cs["is_cart_enabled"] != false || cs["is_catalog_visible"] != true {
		t.Fatalf("after updates %v", cs)
	}
	h.wantError(h.call(http.MethodPost, h.commercePath()+"?is_cart_enabled=maybe", nil), http.StatusBadRequest, 100, 0)
	h.wantError(h.call(http.MethodGet, h.commercePath()+"?fields=is_cart_enabled,cart_size", nil), http.StatusBadRequest, 100, 0)

	if err := h.e.SetCommerceSettings(h.seed.PhoneNumberID, true, false); err != nil {
		t.Fatal(err)
	}
	if cs := h.commerce(); cs["is_cart_enabled"] != true || cs["is_catalog_visible"] != false {
		t.Fatalf("after out-of-band change %v", cs)
	}
	got, err := h.e.CommerceSettingsOf(h.seed.PhoneNumberID)
	if err != nil || !got.CartEnabled || got.CatalogVisible || got.ID != id {
		t.Fatalf("CommerceSettingsOf %+v %v", got, err)
	}
}

// The phone number's edges answer for numbers that exist only.
func TestPhoneSettingsUnknownPhone(t *testing.T) {
	h := newHarness(t, Options{})
	for _, edge := range []string{"whatsapp_business_profile", "message_qrdls", "whatsapp_commerce_settings"} {
		h.wantError(h.call(http.MethodGet, "/v23.0/123456789012345/"+edge, nil), http.StatusBadRequest, 100, 33)
	}
	h.wantError(h.call(http.MethodPost, "/v23.0/123456789012345/conversational_automation", map[string]any{"prompts": []string{}}), http.StatusBadRequest, 100, 33)
}
