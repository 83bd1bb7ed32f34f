package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fixedNow is the base clock of most tests: a date on which v18.0–v20.0 have
// expired and v21.0 is the oldest available version.
var fixedNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

type harness struct {
	t    *testing.T
	e    *Emulator
	srv  *httptest.Server
	seed Seed
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixedNow }
	}
	e := New(opts)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &harness{t: t, e: e, srv: srv, seed: e.Seed()}
}

type reply struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

func (r reply) errorField(key string) any {
	e, _ := r.body["error"].(map[string]any)
	return e[key]
}

func (r reply) code() int {
	n, _ := r.errorField("code").(float64)
	return int(n)
}

func (r reply) subcode() int {
	n, _ := r.errorField("error_subcode").(float64)
	return int(n)
}

func (r reply) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

func (r reply) data() []map[string]any {
	list, _ := r.body["data"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		m, _ := item.(map[string]any)
		out = append(out, m)
	}
	return out
}

// call sends an authenticated Graph request; body is JSON-encoded unless it
// is a string (sent as a form).
func (h *harness) call(method, path string, body any) reply {
	h.t.Helper()
	return h.callWith(method, path, body, map[string]string{"Authorization": "Bearer " + h.seed.AccessToken})
}

func (h *harness) callWith(method, path string, body any, headers map[string]string) reply {
	h.t.Helper()
	var rdr io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		rdr = strings.NewReader(b)
		contentType = "application/x-www-form-urlencoded"
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rdr = bytes.NewReader(buf)
		contentType = "application/json"
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rdr)
	if err != nil {
		h.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func (h *harness) mustOK(r reply) reply {
	h.t.Helper()
	if r.status != http.StatusOK {
		h.t.Fatalf("status %d: %s", r.status, r.raw)
	}
	return r
}

func (h *harness) wantError(r reply, status, code, subcode int) {
	h.t.Helper()
	if r.status != status || r.code() != code || r.subcode() != subcode {
		h.t.Fatalf("want %d code %d/%d, got %d: %s", status, code, subcode, r.status, r.raw)
	}
	if r.errorField("fbtrace_id") == "" || r.errorField("type") == "" || r.errorField("message") == "" {
		h.t.Fatalf("error envelope incomplete: %s", r.raw)
	}
}

func (h *harness) templatesPath() string {
	return "/v23.0/" + h.seed.BusinessAccountID + "/message_templates"
}

// utilityTemplate is a valid UTILITY template body.
func utilityTemplate(name, language string) map[string]any {
	return map[string]any{
		"name":     name,
		"language": language,
		"category": "UTILITY",
		"components": []any{
			map[string]any{"type": "BODY", "text": "Your order {{1}} has shipped.",
				"example": map[string]any{"body_text": []any{[]any{"A-123"}}}},
		},
	}
}

func (h *harness) create(body map[string]any) string {
	h.t.Helper()
	r := h.mustOK(h.call(http.MethodPost, h.templatesPath(), body))
	id := r.str("id")
	if id == "" {
		h.t.Fatalf("no id: %s", r.raw)
	}
	return id
}

func (h *harness) template(id string, fields string) reply {
	h.t.Helper()
	path := "/v23.0/" + id
	if fields != "" {
		path += "?fields=" + fields
	}
	return h.mustOK(h.call(http.MethodGet, path, nil))
}

func (h *harness) status(id string) string {
	h.t.Helper()
	return h.template(id, "status").str("status")
}
