package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFaultCodeAndTimes(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.e.AddFault(Fault{Method: "get", PathRegex: "/message_templates$", Code: 4, Times: 2, EstimatedTimeToRegainAccess: 7})
	// Only GET matches.
	h.create(utilityTemplate("not_faulted", "en_US"))
	h.e.ClearRequests()
	for i := 0; i < 2; i++ {
		r := h.call(http.MethodGet, h.templatesPath(), nil)
		h.wantError(r, 400, 4, 0)
		if r.errorField("message") != "(#4) Application request limit reached" || r.errorField("is_transient") != true {
			t.Fatalf("%s", r.raw)
		}
		usage := r.header.Get("X-Business-Use-Case-Usage")
		if !strings.Contains(usage, `"estimated_time_to_regain_access":7`) || !strings.Contains(usage, h.seed.BusinessAccountID) {
			t.Fatalf("usage %q", usage)
		}
	}
	h.mustOK(h.call(http.MethodGet, h.templatesPath(), nil))
	recs := h.e.Requests()
	if recs[0].Fault != id || recs[0].Code != 4 || recs[2].Fault != "" {
		t.Fatalf("records %+v", recs)
	}
}

func TestFaultDefaults(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.AddFault(Fault{PathRegex: ".", Code: 2, Times: 1})
	r := h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil)
	h.wantError(r, 500, 2, 0)
	if r.errorField("message") != "An unexpected error occurred. Please retry your request later." || r.errorField("is_transient") != true {
		t.Fatalf("%s", r.raw)
	}

	h.e.AddFault(Fault{PathRegex: ".", HTTPStatus: 503, Times: 1})
	r = h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil)
	h.wantError(r, 503, 2, 0)

	h.e.AddFault(Fault{PathRegex: ".", Code: 80007, Subcode: 2446079, Message: "custom", Times: 1})
	r = h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil)
	h.wantError(r, 400, 80007, 2446079)
	if r.errorField("message") != "custom" {
		t.Fatalf("%s", r.raw)
	}

	h.e.AddFault(Fault{PathRegex: ".", Code: 1})
	h.wantError(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil), 500, 1, 0)
	h.e.ClearFaults()
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil))
}

func TestFaultLatency(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.AddFault(Fault{PathRegex: ".", LatencyMS: 300})
	start := time.Now()
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil))
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("latency %v", d)
	}

	// The wait honours the request context.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h.srv.URL+"/v23.0/"+h.seed.BusinessAccountID, nil)
	req.Header.Set("Authorization", "Bearer "+h.seed.AccessToken)
	start = time.Now()
	if _, err := h.srv.Client().Do(req); err == nil {
		t.Fatal("expected a timeout")
	}
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Fatalf("client waited %v", d)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		recs := h.e.Requests()
		if len(recs) == 2 && recs[1].Status == 0 && recs[1].Fault != "" && recs[1].Version == "v23.0" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("abandoned call not recorded: %+v", recs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestFaultLoseResponse(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.AddFault(Fault{Method: http.MethodPost, PathRegex: "/message_templates$", LoseResponse: true, Times: 1})
	buf, _ := json.Marshal(utilityTemplate("lost_reply", "en_US"))
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+h.templatesPath(), bytes.NewReader(buf))
	req.Header.Set("Authorization", "Bearer "+h.seed.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("expected a transport error, got %d", resp.StatusCode)
	}
	// The template was created all the same.
	list := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?name=lost_reply", nil))
	if len(list.data()) != 1 {
		t.Fatalf("template missing: %s", list.raw)
	}
	recs := h.e.Requests()
	if !recs[0].LostResponse || recs[0].Status != 200 || recs[0].Fault == "" {
		t.Fatalf("record %+v", recs[0])
	}
}

func TestFaultLoseResponseInProcess(t *testing.T) {
	e := New(Options{})
	e.AddFault(Fault{PathRegex: ".", LoseResponse: true})
	req := httptest.NewRequest(http.MethodGet, "/v23.0/"+e.Seed().BusinessAccountID, nil)
	req.Header.Set("Authorization", "Bearer "+e.Seed().AccessToken)
	defer func() {
		if v := recover(); v != http.ErrAbortHandler { //nolint:errorlint // recover returns the panic value itself, never a wrapped error
			t.Fatalf("recovered %v", v)
		}
		if recs := e.Requests(); len(recs) != 1 || !recs[0].LostResponse {
			t.Fatalf("records %+v", recs)
		}
	}()
	e.ServeHTTP(httptest.NewRecorder(), req)
}

func TestBusinessUseCaseThrottle(t *testing.T) {
	h := newHarness(t, Options{BUCQuotaPerHour: 4})
	path := "/v23.0/" + h.seed.BusinessAccountID
	var usage string
	for i := 0; i < 4; i++ {
		usage = h.mustOK(h.call(http.MethodGet, path, nil)).header.Get("X-Business-Use-Case-Usage")
		h.e.Advance(time.Minute)
	}
	var parsed map[string][]map[string]any
	if err := json.Unmarshal([]byte(usage), &parsed); err != nil {
		t.Fatal(err)
	}
	entry := parsed[h.seed.BusinessAccountID][0]
	if entry["type"] != "whatsapp_business_management" || entry["call_count"] != float64(100) {
		t.Fatalf("usage %s", usage)
	}
	r := h.call(http.MethodGet, h.templatesPath(), nil)
	h.wantError(r, 400, 80008, 0)
	if r.errorField("message") != "(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again." ||
		r.errorField("is_transient") != true {
		t.Fatalf("%s", r.raw)
	}
	if u := r.header.Get("X-Business-Use-Case-Usage"); !strings.Contains(u, `"estimated_time_to_regain_access":56`) {
		t.Fatalf("usage %q", u)
	}
	// Phone number nodes are not WABA endpoints; the WABA frees up in time.
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID, nil))
	h.e.Advance(56 * time.Minute)
	h.mustOK(h.call(http.MethodGet, path, nil))
}
