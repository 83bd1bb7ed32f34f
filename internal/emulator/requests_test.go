package emulator

import (
	"net/http"
	"testing"
)

func TestRequestLogRecordsUserAgent(t *testing.T) {
	h := newHarness(t, Options{})
	ua := "terraform-provider-whatsapp/1.2.3 (+https://registry.terraform.io/providers/whatsapp-iac/whatsapp) Terraform/1.11.0"
	h.mustOK(h.callWith(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil,
		map[string]string{"Authorization": "Bearer " + h.seed.AccessToken, "User-Agent": ua}))
	h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil)

	log := h.e.Requests()
	if len(log) != 2 {
		t.Fatalf("want 2 records, got %+v", log)
	}
	if log[0].UserAgent != ua {
		t.Errorf("first record's user agent = %q, want %q", log[0].UserAgent, ua)
	}
	if log[1].UserAgent == ua || log[1].UserAgent == "" {
		t.Errorf("second record's user agent = %q, want Go's default", log[1].UserAgent)
	}
	_, out := h.control(http.MethodGet, "/_emulator/requests", "")
	rec := out["data"].([]any)[0].(map[string]any)
	if rec["user_agent"] != ua {
		t.Errorf("control API record user_agent = %v, want %q", rec["user_agent"], ua)
	}
}
