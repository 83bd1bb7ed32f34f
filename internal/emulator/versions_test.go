package emulator

import (
	"net/http"
	"testing"
	"time"
)

func TestMalformedVersion(t *testing.T) {
	h := newHarness(t, Options{})
	for _, prefix := range []string{"/v23/", "/vX/", "/v23.0.1/", "/version/"} {
		r := h.call(http.MethodGet, prefix+h.seed.BusinessAccountID, nil)
		h.wantError(r, http.StatusBadRequest, 100, 0)
		if r.errorField("message") != "Invalid version format. Use format like 'v23.0'" || r.errorField("type") != "OAuthException" {
			t.Fatalf("%s: %s", prefix, r.raw)
		}
	}
}

func TestVersionHeadersAndFallback(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.seed.BusinessAccountID
	cases := []struct{ version, served string }{
		{"v23.0", "v23.0"},
		{"v26.0", "v26.0"},
		{"v21.0", "v21.0"},
		{"v18.0", "v21.0"}, // expired 2026-01-23: served by the oldest available
		{"v20.0", "v21.0"},
		{"v2.12", "v21.0"},
	}
	for _, tc := range cases {
		r := h.mustOK(h.call(http.MethodGet, "/"+tc.version+"/"+id, nil))
		if got := r.header.Get("facebook-api-version"); got != tc.served {
			t.Errorf("%s served as %q, want %s", tc.version, got, tc.served)
		}
		for _, hdr := range []string{"x-fb-trace-id", "x-fb-request-id", "x-fb-rev", "X-Business-Use-Case-Usage"} {
			if r.header.Get(hdr) == "" {
				t.Errorf("%s: missing header %s", tc.version, hdr)
			}
		}
	}

	// Advancing past v23.0's end of life (2027-10-08) makes it fall back too.
	h.e.Advance(330 * 24 * time.Hour)
	r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id, nil))
	if got := r.header.Get("facebook-api-version"); got != "v24.0" {
		t.Fatalf("after expiry v23.0 served as %q", got)
	}
}

func TestUnknownFutureVersion(t *testing.T) {
	h := newHarness(t, Options{})
	for _, v := range []string{"v99.0", "v23.5"} {
		r := h.call(http.MethodGet, "/"+v+"/"+h.seed.BusinessAccountID, nil)
		h.wantError(r, http.StatusBadRequest, 100, 0)
	}
}

func TestUnversionedPathServedAsLatestAndRecorded(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.ClearRequests()
	r := h.mustOK(h.call(http.MethodGet, "/"+h.seed.BusinessAccountID+"/message_templates", nil))
	if got := r.header.Get("facebook-api-version"); got != "v26.0" {
		t.Fatalf("served as %q", got)
	}
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil))
	recs := h.e.Requests()
	if len(recs) != 2 {
		t.Fatalf("records: %+v", recs)
	}
	if !recs[0].Unversioned || recs[0].Version != "" || recs[0].Path != "/"+h.seed.BusinessAccountID+"/message_templates" {
		t.Fatalf("unversioned record %+v", recs[0])
	}
	if recs[1].Unversioned || recs[1].Version != "v23.0" || recs[1].Status != 200 || recs[1].Seq != recs[0].Seq+1 {
		t.Fatalf("versioned record %+v", recs[1])
	}
}
