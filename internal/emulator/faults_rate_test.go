package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// faultPattern sends n calls and returns which of them a fault hit.
func faultPattern(t *testing.T, f Fault, n int) []bool {
	t.Helper()
	h := newHarness(t, Options{})
	h.e.AddFault(f)
	out := make([]bool, n)
	for i := range out {
		r := h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil)
		out[i] = r.status != http.StatusOK
	}
	return out
}

func TestFaultProbabilityIsSeededAndReproducible(t *testing.T) {
	f := Fault{PathRegex: ".", Code: 2, Probability: 0.2, Seed: 42}
	a, b := faultPattern(t, f, 200), faultPattern(t, f, 200)
	hits := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("call %d: same seed, different outcome", i)
		}
		if a[i] {
			hits++
		}
	}
	// 20% of 200 calls, give or take sampling noise.
	if hits < 20 || hits > 60 {
		t.Fatalf("%d of 200 calls faulted at probability 0.2", hits)
	}
	f.Seed = 43
	if c := faultPattern(t, f, 200); equalBools(a, c) {
		t.Fatal("another seed gave the same faults")
	}
}

func equalBools(a, b []bool) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFaultProbabilitySparesCallsForLaterFaults(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.AddFault(Fault{PathRegex: ".", Code: 17, Probability: 0.5, Seed: 1})
	h.e.AddFault(Fault{PathRegex: ".", Code: 2})
	codes := map[int]int{}
	for i := 0; i < 40; i++ {
		codes[h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil).code()]++
	}
	if codes[17] == 0 || codes[2] == 0 || codes[17]+codes[2] != 40 {
		t.Fatalf("codes %v", codes)
	}
	// Times counts only faulted calls.
	h.e.ClearFaults()
	h.e.AddFault(Fault{PathRegex: ".", Code: 2, Probability: 0.5, Seed: 7, Times: 3})
	faulted := 0
	for i := 0; i < 40; i++ {
		if h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil).status != http.StatusOK {
			faulted++
		}
	}
	if faulted != 3 {
		t.Fatalf("%d calls faulted, want 3", faulted)
	}
}

func TestFaultDropConnectionHandlesNothing(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.e.AddFault(Fault{Method: http.MethodPost, PathRegex: "/message_templates$", DropConnection: true, Times: 1})
	buf, _ := json.Marshal(utilityTemplate("dropped_call", "en_US"))
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+h.templatesPath(), bytes.NewReader(buf))
	req.Header.Set("Authorization", "Bearer "+h.seed.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("expected a transport error, got %d", resp.StatusCode)
	}
	// Unlike a lost response, nothing was created.
	if list := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?name=dropped_call", nil)); len(list.data()) != 0 {
		t.Fatalf("template created: %s", list.raw)
	}
	recs := h.e.Requests()
	if !recs[0].DroppedConnection || recs[0].LostResponse || recs[0].Status != 0 || recs[0].Fault != id {
		t.Fatalf("record %+v", recs[0])
	}
	// The same call now goes through once.
	h.create(utilityTemplate("dropped_call", "en_US"))
}

func TestFaultValidation(t *testing.T) {
	h := newHarness(t, Options{})
	for _, body := range []string{
		`{"path_regex":".","probability":1.5}`,
		`{"path_regex":".","probability":-0.1}`,
		`{"path_regex":".","drop_connection":true,"lose_response":true}`,
	} {
		resp, err := http.Post(h.srv.URL+"/_emulator/faults", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("%s: status %d", body, resp.StatusCode)
		}
	}
	// The new fields round-trip through the control API.
	resp, err := http.Post(h.srv.URL+"/_emulator/faults", "application/json",
		strings.NewReader(`{"path_regex":"x","probability":0.25,"seed":9,"drop_connection":true}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := h.e.listFaults()
	if len(got) != 1 || got[0].Probability != 0.25 || got[0].Seed != 9 || !got[0].DropConnection {
		t.Fatalf("faults %+v", got)
	}
}

// Each throttling code comes back the way Meta shapes it: a transient
// OAuthException, the WABA's usage header at 100% with the regain time, and
// for the app-wide codes 4 and 613 also X-App-Usage at 100%.
func TestRateLimitFaultShapes(t *testing.T) {
	h := newHarness(t, Options{})
	for _, tc := range []struct {
		code, subcode int
		app           bool
	}{{4, 2446079, true}, {17, 2446079, false}, {613, 1996, true}, {80007, 2446079, false}, {80008, 0, false}} {
		h.e.AddFault(Fault{PathRegex: "/message_templates$", Code: tc.code, Subcode: tc.subcode, Times: 1, EstimatedTimeToRegainAccess: 3})
		r := h.call(http.MethodGet, h.templatesPath(), nil)
		h.wantError(r, 400, tc.code, tc.subcode)
		if r.errorField("type") != "OAuthException" || r.errorField("is_transient") != true {
			t.Fatalf("%d: %s", tc.code, r.raw)
		}
		var usage map[string][]bucEntry
		if err := json.Unmarshal([]byte(r.header.Get("X-Business-Use-Case-Usage")), &usage); err != nil {
			t.Fatalf("%d: %v", tc.code, err)
		}
		e := usage[h.seed.BusinessAccountID]
		if len(e) != 1 || e[0].CallCount != 100 || e[0].EstimatedTimeToRegainAccess != 3 {
			t.Fatalf("%d: usage %+v", tc.code, usage)
		}
		if app := r.header.Get("X-App-Usage"); tc.app != strings.Contains(app, `"call_count":100`) {
			t.Fatalf("%d: X-App-Usage %q", tc.code, app)
		}
	}
}

// Calls made during a BUC lockout extend it: each refused call adds a minute.
func TestBusinessUseCaseLockoutGrowsWithCalls(t *testing.T) {
	h := newHarness(t, Options{BUCQuotaPerHour: 2})
	path := "/v23.0/" + h.seed.BusinessAccountID
	h.mustOK(h.call(http.MethodGet, path, nil))
	h.mustOK(h.call(http.MethodGet, path, nil))
	regain := func() int {
		r := h.call(http.MethodGet, path, nil)
		h.wantError(r, 400, 80008, 0)
		var usage map[string][]bucEntry
		if err := json.Unmarshal([]byte(r.header.Get("X-Business-Use-Case-Usage")), &usage); err != nil {
			t.Fatal(err)
		}
		return usage[h.seed.BusinessAccountID][0].EstimatedTimeToRegainAccess
	}
	if got := regain(); got != 60 {
		t.Fatalf("first refusal: regain %d, want 60", got)
	}
	if got := regain(); got != 61 {
		t.Fatalf("second refusal: regain %d, want 61", got)
	}
	if got := regain(); got != 62 {
		t.Fatalf("third refusal: regain %d, want 62", got)
	}
	// Waiting out the first estimate is not enough any more; the extended one is.
	h.e.Advance(60 * time.Minute)
	if got := regain(); got != 3 {
		t.Fatalf("after 60 minutes: regain %d, want 3", got)
	}
	h.e.Advance(3 * time.Minute)
	h.mustOK(h.call(http.MethodGet, path, nil))
}
