package emulator

import (
	"net/http"
	"testing"
)

// allow_category_change is accepted (its type checked) and has no effect;
// cta_url_link_tracking_opted_out and sub_category read back as set.
func TestTemplateCreateSettingsReadBack(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(with(utilityTemplate("allow_change", "en_US"), "allow_category_change", true))
	r := h.template(id, "category,cta_url_link_tracking_opted_out")
	if r.str("category") != "UTILITY" || r.body["cta_url_link_tracking_opted_out"] != false {
		t.Fatalf("read %s", r.raw)
	}
	h.wantError(h.call(http.MethodPost, h.templatesPath(), with(utilityTemplate("allow_bad", "en_US"), "allow_category_change", "maybe")), 400, 100, 0)

	id = h.create(with(utilityTemplate("opted_out", "en_US"), "cta_url_link_tracking_opted_out", true, "sub_category", "order_status"))
	r = h.template(id, "cta_url_link_tracking_opted_out,sub_category")
	if r.body["cta_url_link_tracking_opted_out"] != true || r.str("sub_category") != "ORDER_STATUS" {
		t.Fatalf("read %s", r.raw)
	}
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"?cta_url_link_tracking_opted_out=false&category=utility", nil))
	if r = h.template(id, "cta_url_link_tracking_opted_out,sub_category"); r.body["cta_url_link_tracking_opted_out"] != false || r.str("sub_category") != "ORDER_STATUS" {
		t.Fatalf("after edit %s", r.raw)
	}
	if r = h.template(h.create(utilityTemplate("no_sub", "en_US")), "sub_category"); r.body["sub_category"] != nil {
		t.Fatalf("unset sub_category read back: %s", r.raw)
	}
}
