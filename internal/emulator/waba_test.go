package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func (h *harness) wabaPath(id, query string) string {
	p := "/v23.0/" + id
	if query != "" {
		p += "?" + query
	}
	return p
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func TestWABAFields(t *testing.T) {
	h := newHarness(t, Options{})
	w := h.mustOK(h.call(http.MethodGet, h.wabaPath(h.seed.BusinessAccountID, ""), nil))
	if len(w.body) != 2 || w.str("id") != h.seed.BusinessAccountID || w.str("name") != "Emulated WhatsApp Business Account" {
		t.Fatalf("defaults are id and name: %s", w.raw)
	}
	all := "id,name,currency,timezone_id,message_template_namespace,account_review_status,business_verification_status," +
		"country,ownership_type,primary_business_location,purchase_order_number,is_enabled_for_insights," +
		"on_behalf_of_business_info,owner_business_info{id,name},health_status"
	w = h.mustOK(h.call(http.MethodGet, h.wabaPath(h.seed.BusinessAccountID, "fields="+url.QueryEscape(all)), nil))
	want := map[string]any{
		"currency": "USD", "timezone_id": "1", "account_review_status": "APPROVED", "business_verification_status": "VERIFIED",
		"country": "US", "ownership_type": "SELF_OWNED", "primary_business_location": "US", "is_enabled_for_insights": true,
	}
	for k, v := range want {
		if w.body[k] != v {
			t.Errorf("%s = %v, want %v", k, w.body[k], v)
		}
	}
	if _, ok := w.body["purchase_order_number"]; ok {
		t.Errorf("an unset purchase_order_number is omitted: %s", w.raw)
	}
	if ns := w.str("message_template_namespace"); len(ns) != 36 || strings.Count(ns, "_") != 4 {
		t.Errorf("namespace %q", ns)
	}
	owner := obj(w.body["owner_business_info"])
	if owner["id"] != h.seed.BusinessID || owner["name"] != "Emulated Business" {
		t.Errorf("owner_business_info %v", owner)
	}
	if obj(w.body["on_behalf_of_business_info"])["id"] != h.seed.BusinessID {
		t.Errorf("on_behalf_of_business_info %v", w.body["on_behalf_of_business_info"])
	}
	health := obj(w.body["health_status"])
	entities, _ := health["entities"].([]any)
	if health["can_send_message"] != "AVAILABLE" || len(entities) != 3 {
		t.Fatalf("health_status %v", health)
	}
	types := map[string]string{}
	for _, e := range entities {
		types[obj(e)["entity_type"].(string)] = obj(e)["id"].(string)
	}
	if types["WABA"] != h.seed.BusinessAccountID || types["BUSINESS"] != h.seed.BusinessID || types["APP"] != h.seed.AppID {
		t.Errorf("entities %v", entities)
	}

	r := h.call(http.MethodGet, h.wabaPath(h.seed.BusinessAccountID, "fields=name,nope"), nil)
	h.wantError(r, 400, 100, 0)
	if msg, _ := r.errorField("message").(string); !strings.Contains(msg, "(nope)") || !strings.Contains(msg, "WhatsAppBusinessAccount") {
		t.Errorf("unknown field message %q", msg)
	}
}

func TestWABAHealthFollowsStatus(t *testing.T) {
	h := newHarness(t, Options{})
	health := func() map[string]any {
		t.Helper()
		w := h.mustOK(h.call(http.MethodGet, h.wabaPath(h.seed.BusinessAccountID, "fields=health_status,account_review_status,business_verification_status"), nil))
		return obj(w.body["health_status"])
	}
	entity := func(hs map[string]any, typ string) map[string]any {
		for _, e := range hs["entities"].([]any) {
			if obj(e)["entity_type"] == typ {
				return obj(e)
			}
		}
		t.Fatalf("no %s entity in %v", typ, hs)
		return nil
	}
	errorCode := func(e map[string]any) float64 {
		errs, _ := e["errors"].([]any)
		if len(errs) != 1 {
			t.Fatalf("errors of %v", e)
		}
		return obj(errs[0])["error_code"].(float64)
	}

	if err := h.e.SetWABAStatus(h.seed.BusinessAccountID, WABAStatus{BusinessVerificationStatus: "UNVERIFIED"}); err != nil {
		t.Fatal(err)
	}
	hs := health()
	if hs["can_send_message"] != "LIMITED" || entity(hs, "BUSINESS")["can_send_message"] != "LIMITED" || errorCode(entity(hs, "BUSINESS")) != 141010 {
		t.Fatalf("unverified business limits messaging: %v", hs)
	}
	if _, ok := entity(hs, "WABA")["errors"]; ok {
		t.Errorf("an available entity has no errors: %v", hs)
	}

	if err := h.e.SetWABAStatus(h.seed.BusinessAccountID, WABAStatus{AccountReviewStatus: "REJECTED"}); err != nil {
		t.Fatal(err)
	}
	hs = health()
	if hs["can_send_message"] != "BLOCKED" || entity(hs, "WABA")["can_send_message"] != "BLOCKED" || errorCode(entity(hs, "WABA")) != 141014 {
		t.Fatalf("a rejected account blocks messaging: %v", hs)
	}

	if err := h.e.SetWABAStatus(h.seed.BusinessAccountID, WABAStatus{AccountReviewStatus: "APPROVED", BusinessVerificationStatus: "VERIFIED"}); err != nil {
		t.Fatal(err)
	}
	if hs = health(); hs["can_send_message"] != "AVAILABLE" {
		t.Fatalf("restored %v", hs)
	}
	if err := h.e.SetWABAStatus(h.seed.BusinessAccountID, WABAStatus{AccountReviewStatus: "approved"}); err == nil {
		t.Error("an unknown review status is refused")
	}
	if err := h.e.SetWABAStatus("1", WABAStatus{}); err == nil {
		t.Error("an unknown WABA is refused")
	}
}

func TestWABAUpdate(t *testing.T) {
	h := newHarness(t, Options{})
	path := h.wabaPath(h.seed.BusinessAccountID, "")
	read := func() reply {
		return h.mustOK(h.call(http.MethodGet, h.wabaPath(h.seed.BusinessAccountID, "fields=name,timezone_id,currency"), nil))
	}

	r := h.mustOK(h.call(http.MethodPost, path, map[string]any{"name": "Support line", "timezone_id": "42"}))
	if r.body["success"] != true || len(r.body) != 1 {
		t.Fatalf("update response %s", r.raw)
	}
	if w := read(); w.str("name") != "Support line" || w.str("timezone_id") != "42" || w.str("currency") != "USD" {
		t.Fatalf("after update %s", w.raw)
	}
	// Form encoding works too, and each field is optional.
	h.mustOK(h.call(http.MethodPost, path, "timezone_id=7"))
	if w := read(); w.str("name") != "Support line" || w.str("timezone_id") != "7" {
		t.Fatalf("after form update %s", w.raw)
	}
	h.mustOK(h.call(http.MethodPost, path, map[string]any{}))
	// 100 characters is the limit, counted as characters, not bytes.
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"name": strings.Repeat("é", 100)}))

	for name, body := range map[string]map[string]any{
		"empty name":       {"name": ""},
		"blank name":       {"name": "   "},
		"long name":        {"name": strings.Repeat("n", 101)},
		"textual timezone": {"timezone_id": "Europe/Berlin"},
	} {
		r := h.call(http.MethodPost, path, body)
		if r.status != 400 || r.code() != 100 {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	if w := read(); w.str("name") != strings.Repeat("é", 100) || w.str("timezone_id") != "7" {
		t.Fatalf("refused updates changed the account: %s", w.raw)
	}
}

func TestClientWABAsPaging(t *testing.T) {
	h := newHarness(t, Options{})
	var ids []string
	for range 30 {
		ids = append(ids, h.e.AddClientWABA(""))
	}
	h.e.AddWABA("Owned second")
	path := "/v23.0/" + h.seed.BusinessID + "/client_whatsapp_business_accounts"

	first := h.mustOK(h.call(http.MethodGet, path, nil))
	d := first.data()
	paging := obj(first.body["paging"])
	if len(d) != 25 || paging["next"] == nil || paging["previous"] != nil {
		t.Fatalf("first page holds the default 25 with next: %d %v", len(d), paging)
	}
	if len(d[0]) != 4 || d[0]["currency"] != "USD" || d[0]["timezone_id"] != "1" || d[0]["id"] != ids[0] {
		t.Fatalf("client list defaults to id, name, currency, timezone_id: %v", d[0])
	}
	next, _ := url.Parse(paging["next"].(string))
	if next.Query().Get("access_token") != "" || next.Query().Get("after") == "" {
		t.Fatalf("next %s", next)
	}
	second := h.mustOK(h.call(http.MethodGet, next.RequestURI(), nil))
	d2 := second.data()
	if len(d2) != 5 || obj(second.body["paging"])["next"] != nil || obj(second.body["paging"])["previous"] == nil || d2[4]["id"] != ids[29] {
		t.Fatalf("second page %s", second.raw)
	}

	one := h.mustOK(h.call(http.MethodGet, path+"?fields=ownership_type,owner_business_info,on_behalf_of_business_info&find="+ids[3], nil))
	if d := one.data(); len(d) != 1 || d[0]["ownership_type"] != "CLIENT_OWNED" {
		t.Fatalf("find %s", one.raw)
	}
	owner := obj(one.data()[0]["owner_business_info"])
	if owner["id"] == h.seed.BusinessID || !strings.HasPrefix(owner["name"].(string), "Client Business ") {
		t.Fatalf("a client WABA is owned by the client's business: %v", owner)
	}

	all := h.mustOK(h.call(http.MethodGet, path+"?limit=100&business_type=ENTERPRISE", nil))
	if len(all.data()) != 30 {
		t.Fatalf("limit 100 with business_type ENTERPRISE returns all 30, got %d", len(all.data()))
	}
	if none := h.mustOK(h.call(http.MethodGet, path+"?business_type="+url.QueryEscape(`["STANDARD","PREMIUM"]`), nil)); len(none.data()) != 0 {
		t.Fatalf("business_type filter %s", none.raw)
	}
	h.wantError(h.call(http.MethodGet, path+"?business_type=SMB", nil), 400, 100, 0)

	owned := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessID+"/owned_whatsapp_business_accounts?limit=100", nil))
	if len(owned.data()) != 2 {
		t.Fatalf("owned accounts exclude client accounts: %s", owned.raw)
	}
	if d := owned.data(); len(d[0]) != 2 {
		t.Fatalf("owned list defaults to id and name: %v", d[0])
	}
	// The client's business sees the account among its owned ones, not its clients.
	clientBiz := owner["id"].(string)
	if r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+clientBiz+"/owned_whatsapp_business_accounts", nil)); len(r.data()) != 1 || r.data()[0]["id"] != ids[3] {
		t.Fatalf("client business owned %s", r.raw)
	}
	if r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+clientBiz+"/client_whatsapp_business_accounts", nil)); len(r.data()) != 0 {
		t.Fatalf("client business clients %s", r.raw)
	}
}

func TestOwnedWABAsFilters(t *testing.T) {
	h := newHarness(t, Options{})
	path := "/v23.0/" + h.seed.BusinessID + "/owned_whatsapp_business_accounts"
	for q, n := range map[string]int{
		"business_type=SMB":        0,
		"business_type=ENTERPRISE": 1,
		"business_type=" + url.QueryEscape(`["ENTERPRISE","SMB"]`): 1,
		"business_type%5B0%5D=SMB":                                 0,
		"find=" + h.seed.BusinessAccountID:                         1,
		"find=123":                                                 0,
	} {
		if r := h.mustOK(h.call(http.MethodGet, path+"?"+q, nil)); len(r.data()) != n {
			t.Errorf("%s: %s", q, r.raw)
		}
	}
	h.wantError(h.call(http.MethodGet, path+"?business_type=PREMIUM", nil), 400, 100, 0)
	h.wantError(h.call(http.MethodGet, path+"?find=abc", nil), 400, 100, 0)
	h.wantError(h.call(http.MethodGet, path+"?fields=nope", nil), 400, 100, 0)
}

func TestRemoveWABA(t *testing.T) {
	h := newHarness(t, Options{})
	if !h.e.RemoveWABA(h.seed.BusinessAccountID) || h.e.RemoveWABA(h.seed.BusinessAccountID) {
		t.Fatal("RemoveWABA reports whether the account existed")
	}
	h.wantError(h.call(http.MethodGet, h.wabaPath(h.seed.BusinessAccountID, ""), nil), 400, 100, 33)
	h.wantError(h.call(http.MethodPost, h.wabaPath(h.seed.BusinessAccountID, ""), map[string]any{"name": "x"}), 400, 100, 33)
	h.wantError(h.call(http.MethodGet, h.wabaPath(h.seed.PhoneNumberID, ""), nil), 400, 100, 33)
	if r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessID+"/owned_whatsapp_business_accounts", nil)); len(r.data()) != 0 {
		t.Fatalf("owned after removal %s", r.raw)
	}
}
