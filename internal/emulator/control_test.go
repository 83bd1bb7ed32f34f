package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func (h *harness) control(method, path, body string) (int, map[string]any) {
	h.t.Helper()
	var rdr io.Reader
	if body != "" {
		rdr = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, h.srv.URL+path, rdr)
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		h.t.Fatalf("%s %s: %s", method, path, raw)
	}
	return resp.StatusCode, out
}

func TestControlAPI(t *testing.T) {
	h := newHarness(t, Options{ReviewDelay: time.Hour})

	status, seed := h.control(http.MethodGet, "/_emulator/seed", "")
	if status != 200 || seed["access_token"] != h.seed.AccessToken || seed["business_account_id"] != h.seed.BusinessAccountID ||
		seed["base_url"] != h.srv.URL || seed["app_secret"] != h.seed.AppSecret {
		t.Fatalf("seed %v", seed)
	}

	id := h.create(utilityTemplate("ctl", "en_US"))
	status, out := h.control(http.MethodGet, "/_emulator/requests", "")
	data := out["data"].([]any)
	if status != 200 || len(data) != 1 {
		t.Fatalf("requests %v", out)
	}
	rec := data[0].(map[string]any)
	for _, k := range []string{"seq", "time", "method", "path", "query", "version", "unversioned", "status", "code", "subcode", "fault", "lost_response"} {
		if _, ok := rec[k]; !ok {
			t.Fatalf("record lacks %s: %v", k, rec)
		}
	}
	seq := rec["seq"].(float64)
	h.template(id, "")
	_, out = h.control(http.MethodGet, "/_emulator/requests?since="+jsonNumber(seq), "")
	if len(out["data"].([]any)) != 1 {
		t.Fatalf("since %v", out)
	}

	// Review rule over HTTP.
	status, out = h.control(http.MethodPost, "/_emulator/review", `{"name_regex":"^ctl$","status":"REJECTED","reason":"SCAM"}`)
	if status != 200 || out["matched"] != float64(0) {
		t.Fatalf("review %d %v", status, out)
	}
	// Clock over HTTP settles the review.
	status, out = h.control(http.MethodPost, "/_emulator/clock", `{"advance_seconds":3600}`)
	if status != 200 || out["now"] != fixedNow.Add(time.Hour).Format(time.RFC3339) {
		t.Fatalf("clock %d %v", status, out)
	}
	if got := h.template(id, "status,rejected_reason"); got.str("status") != "REJECTED" || got.str("rejected_reason") != "SCAM" {
		t.Fatalf("%s", got.raw)
	}

	// Faults over HTTP.
	status, out = h.control(http.MethodPost, "/_emulator/faults", `{"path_regex":"^/v23.0/","code":17,"times":1}`)
	if status != 200 || out["id"] == "" {
		t.Fatalf("fault %d %v", status, out)
	}
	_, out = h.control(http.MethodGet, "/_emulator/faults", "")
	if list := out["data"].([]any); len(list) != 1 || list[0].(map[string]any)["remaining"] != float64(1) {
		t.Fatalf("faults %v", out)
	}
	h.wantError(h.call(http.MethodGet, "/v23.0/"+id, nil), 400, 17, 0)
	h.control(http.MethodPost, "/_emulator/faults", `{"path_regex":".","code":2}`)
	h.control(http.MethodDelete, "/_emulator/faults", "")
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+id, nil))

	// Bad input.
	for _, tc := range []struct{ method, path, body string }{
		{http.MethodPost, "/_emulator/faults", `{"path_regex":"("}`},
		{http.MethodPost, "/_emulator/faults", `{"path_rgx":"x"}`},
		{http.MethodPost, "/_emulator/review", `{"status":"NOPE"}`},
		{http.MethodPost, "/_emulator/review", `not json`},
		{http.MethodPost, "/_emulator/clock", `{"advance_seconds":-1}`},
		{http.MethodGet, "/_emulator/requests?since=x", ""},
	} {
		status, out := h.control(tc.method, tc.path, tc.body)
		if status != 400 || out["error"] == "" {
			t.Errorf("%s %s %s: %d %v", tc.method, tc.path, tc.body, status, out)
		}
	}

	// Control calls are not recorded; DELETE clears the log; reset restores the seed.
	_, out = h.control(http.MethodGet, "/_emulator/requests", "")
	for _, r := range out["data"].([]any) {
		if strings.HasPrefix(r.(map[string]any)["path"].(string), "/_emulator") {
			t.Fatalf("control call recorded: %v", r)
		}
	}
	h.control(http.MethodDelete, "/_emulator/requests", "")
	if len(h.e.Requests()) != 0 {
		t.Fatal("requests not cleared")
	}
	status, out = h.control(http.MethodPost, "/_emulator/reset", "")
	if status != 200 || out["success"] != true {
		t.Fatalf("reset %v", out)
	}
	h.wantError(h.call(http.MethodGet, "/v23.0/"+id, nil), 400, 100, 33)
	if s := h.e.Seed(); s.AccessToken != h.seed.AccessToken || s.BusinessAccountID != h.seed.BusinessAccountID {
		t.Fatalf("seed changed by reset: %+v", s)
	}
	h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID, nil))
}

func jsonNumber(f float64) string {
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(f)
	return strings.TrimSpace(b.String())
}

func TestStart(t *testing.T) {
	srv, err := Start("127.0.0.1:0", Options{AccessToken: "EAAfixed"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	seed := srv.Emulator.Seed()
	if seed.BaseURL != srv.URL || !strings.HasPrefix(srv.URL, "http://127.0.0.1:") || seed.AccessToken != "EAAfixed" {
		t.Fatalf("seed %+v url %s", seed, srv.URL)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v23.0/"+seed.PhoneNumberID, nil)
	req.Header.Set("Authorization", "Bearer EAAfixed")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestGeneratedSeed(t *testing.T) {
	s := New(Options{}).Seed()
	if len(s.AccessToken) != 43 || !strings.HasPrefix(s.AccessToken, "EAA") {
		t.Fatalf("token %q", s.AccessToken)
	}
	for _, id := range []string{s.BusinessID, s.BusinessAccountID, s.PhoneNumberID, s.AppID} {
		if len(id) < 15 || len(id) > 16 || strings.Trim(id, "0123456789") != "" || id[0] == '0' {
			t.Fatalf("id %q", id)
		}
	}
	if s.AppSecret == "" || s.BaseURL != "" {
		t.Fatalf("seed %+v", s)
	}
}

func TestWebhookSinkAnswersTheHandshake(t *testing.T) {
	srv, err := Start("127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	sink := srv.URL + "/_emulator/webhook-sink?expect_verify_token=s3cret"
	if reason := verifyCallback(context.Background(), sink, "s3cret"); reason != "" {
		t.Fatalf("sink refused the right token: %s", reason)
	}
	if reason := verifyCallback(context.Background(), sink, "wrong"); !strings.Contains(reason, "HTTP Status Code = 403") {
		t.Fatalf("sink accepted a wrong token: %q", reason)
	}
	if reason := verifyCallback(context.Background(), srv.URL+"/_emulator/webhook-sink", "anything"); reason != "" {
		t.Fatalf("sink without expect_verify_token refused: %s", reason)
	}
	if reason := verifyCallback(context.Background(), srv.URL+"/_emulator/requests", "x"); !strings.Contains(reason, "does not match challenge") {
		t.Fatalf("a non-echoing endpoint passed verification: %q", reason)
	}
}
