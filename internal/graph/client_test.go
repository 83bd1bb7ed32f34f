package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func newEmulatorClient(t *testing.T, opts emulator.Options, cfg Config) (*Client, *emulator.Emulator) {
	t.Helper()
	srv, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	seed := srv.Emulator.Seed()
	cfg.BaseURL, cfg.AccessToken = srv.URL, seed.AccessToken
	if cfg.RetryMinWait == 0 {
		cfg.RetryMinWait, cfg.RetryMaxWait = 10*time.Millisecond, 50*time.Millisecond
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv.Emulator
}

func TestNewRejectsBadVersion(t *testing.T) {
	for _, v := range []string{"23.0", "v23", "latest", "v23.0/"} {
		if _, err := New(Config{AccessToken: "t", APIVersion: v}); err == nil || !strings.Contains(err.Error(), "v23.0") {
			t.Errorf("version %q: want an error naming the format, got %v", v, err)
		}
	}
	if _, err := New(Config{APIVersion: "v23.0"}); err == nil {
		t.Error("want an error without a token")
	}
}

func TestEveryRequestIsPinnedAndTokenStaysInHeader(t *testing.T) {
	var seen []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r)
		fmt.Fprint(w, `{"data":[]}`)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "tok123", APIVersion: "v24.0", AppSecret: "s3cret", UserAgent: "ua/1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"123/message_templates", "/456", "789"} {
		if err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: p}, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range seen {
		if !strings.HasPrefix(r.URL.Path, "/v24.0/") {
			t.Errorf("path %q is not pinned to v24.0", r.URL.Path)
		}
		if strings.Contains(r.URL.RawQuery, "tok123") || r.URL.Query().Has("access_token") {
			t.Errorf("token leaked into the query: %s", r.URL.RawQuery)
		}
		if r.Header.Get("Authorization") != "Bearer tok123" {
			t.Errorf("Authorization header = %q", r.Header.Get("Authorization"))
		}
		if got, want := r.URL.Query().Get("appsecret_proof"), AppSecretProof("tok123", "s3cret"); got != want {
			t.Errorf("appsecret_proof = %q, want %q", got, want)
		}
		if r.Header.Get("User-Agent") != "ua/1" {
			t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
		}
	}
}

func TestErrorDecodingAndPredicates(t *testing.T) {
	cases := []struct {
		status int
		body   string
		check  func(error) bool
		name   string
	}{
		{400, `{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"x"}}`, IsNotFound, "not found 100/33"},
		{404, `{"error":{"message":"Phone number not found","type":"GraphMethodException","code":803}}`, IsNotFound, "not found 803"},
		{400, `{"error":{"message":"limit","type":"OAuthException","code":80008,"is_transient":true}}`, IsRateLimited, "rate limited"},
		{500, `{"error":{"message":"unexpected","code":2,"is_transient":true}}`, IsTransient, "transient"},
		{502, `<html>bad gateway</html>`, IsTransient, "non-Graph 5xx"},
		{401, `{"error":{"message":"Invalid OAuth access token","type":"OAuthException","code":190}}`, IsAuth, "auth"},
		{403, `{"error":{"message":"no","code":200,"error_subcode":1349174}}`, IsPermission, "permission"},
	}
	for _, tc := range cases {
		err := decodeError(tc.status, http.Header{}, []byte(tc.body))
		if !tc.check(err) {
			t.Errorf("%s: predicate false for %v", tc.name, err)
		}
		var ge *Error
		if !errors.As(err, &ge) || ge.HTTPStatus != tc.status {
			t.Errorf("%s: want *Error with status %d, got %#v", tc.name, tc.status, err)
		}
	}
	// Classification is by code, never by HTTP status: a 404 with code 100 is not "not found".
	if IsNotFound(decodeError(404, http.Header{}, []byte(`{"error":{"message":"x","code":100}}`))) {
		t.Error("a code 100 error without subcode 33 must not count as not found")
	}
}

func TestRateLimitHonoursRegainAccessAndDeadline(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("X-Business-Use-Case-Usage", `{"123":[{"type":"whatsapp_business_management","call_count":100,"estimated_time_to_regain_access":7}]}`)
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"message":"too many calls","type":"OAuthException","code":80008,"is_transient":true}}`)
	}))
	defer srv.Close()
	c, _ := New(Config{BaseURL: srv.URL, AccessToken: "t", MaxRetries: 5, RetryMinWait: time.Millisecond, RetryMaxWait: 5 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	err := c.Do(ctx, Request{Method: http.MethodGet, Path: "123/message_templates", Idempotent: true}, nil)
	if time.Since(start) > time.Second {
		t.Errorf("the client slept into a 7-minute lockout instead of stopping: %s", time.Since(start))
	}
	if calls.Load() != 1 {
		t.Errorf("calls during a lockout extend it: want 1 call, got %d", calls.Load())
	}
	var ge *Error
	if !errors.As(err, &ge) || ge.RegainAccessIn != 7 || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("want the rate-limit error with 7 minutes to regain access and a deadline note, got %v", err)
	}
}

func TestRetriesTransientOnlyWhenIdempotent(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 3})
	waba := emu.Seed().BusinessAccountID
	emu.AddFault(emulator.Fault{Method: "GET", PathRegex: "/message_templates$", Code: 2, Times: 2})
	if _, err := c.ListMessageTemplates(context.Background(), waba, TemplateFilter{}); err != nil {
		t.Fatalf("an idempotent read should survive two transient errors: %v", err)
	}
	emu.AddFault(emulator.Fault{Method: "POST", PathRegex: "^/v23.0/[0-9]+$", Code: 2, Times: 1})
	err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: waba, Body: map[string]string{"name": "x"}}, nil)
	if !IsTransient(err) {
		t.Fatalf("a non-idempotent call must not be repeated after an ambiguous failure, got %v", err)
	}
}

func TestListFollowsNextAcrossPages(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{CreationLimitPerHour: 1000}, Config{MaxRetries: 1})
	waba := emu.Seed().BusinessAccountID
	ctx := context.Background()
	for i := range 57 {
		_, err := c.CreateMessageTemplate(ctx, waba, NewMessageTemplate{
			Name: fmt.Sprintf("paged_%02d", i), Language: "en_US",
			MessageTemplateContent: MessageTemplateContent{Category: "UTILITY", Components: []TemplateComponent{{Type: "BODY", Text: "Your order has shipped."}}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	emu.ClearRequests()
	all, err := c.ListMessageTemplates(ctx, waba, TemplateFilter{PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 57 {
		t.Fatalf("want 57 templates across pages, got %d", len(all))
	}
	if n := len(emu.Requests()); n != 6 {
		t.Errorf("want 6 page requests for 57 templates at 10 per page, got %d", n)
	}
	found, err := c.FindMessageTemplate(ctx, waba, "paged_1", "en_US")
	if err != nil || found != nil {
		t.Errorf("Meta's name filter matches substrings; exact lookup of paged_1 must find nothing, got %+v %v", found, err)
	}
}

func TestCreateReconcilesLostResponse(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 3})
	waba := emu.Seed().BusinessAccountID
	emu.AddFault(emulator.Fault{Method: "POST", PathRegex: "/message_templates$", LoseResponse: true, Times: 1})
	got, err := c.CreateMessageTemplate(context.Background(), waba, NewMessageTemplate{
		Name: "lost_once", Language: "en_US",
		MessageTemplateContent: MessageTemplateContent{Category: "UTILITY", Components: []TemplateComponent{{Type: "BODY", Text: "Your order has shipped."}}},
	})
	if err != nil || got == nil || got.Name != "lost_once" {
		t.Fatalf("want the template adopted after a lost response, got %+v %v", got, err)
	}
	posts := 0
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("want exactly one create reaching Graph, got %d", posts)
	}
}

func TestButtonExampleShapes(t *testing.T) {
	b, _ := TemplateButton{Type: "COPY_CODE", Example: []string{"SAVE10"}}.MarshalJSON()
	if !strings.Contains(string(b), `"example":"SAVE10"`) {
		t.Errorf("COPY_CODE example must be a string: %s", b)
	}
	b, _ = TemplateButton{Type: "URL", Text: "Go", URL: "https://x/{{1}}", Example: []string{"https://x/1"}}.MarshalJSON()
	if !strings.Contains(string(b), `"example":["https://x/1"]`) {
		t.Errorf("URL example must be a list: %s", b)
	}
	var back TemplateButton
	if err := back.UnmarshalJSON([]byte(`{"type":"COPY_CODE","example":"SAVE10"}`)); err != nil || back.Example[0] != "SAVE10" {
		t.Errorf("decoding a string example: %+v %v", back, err)
	}
}

// A read returns body samples in whichever shape the template was created with: each decodes to
// one list of samples, the component stays modelled and its JSON is kept as Graph sent it.
func TestBodySampleShapes(t *testing.T) {
	for _, tc := range []struct{ example, want string }{
		{`{"body_text":[["Pablo","CARIBE25"]]}`, "[[Pablo CARIBE25]]"},
		{`{"body_text":["Pablo","CARIBE25"]}`, "[[Pablo CARIBE25]]"},
		{`{"body_text":"Pablo"}`, "[[Pablo]]"},
		{`{"body_text":null}`, "[]"},
	} {
		raw := `{"type":"BODY","text":"Hi {{1}}","example":` + tc.example + `}`
		var c TemplateComponent
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			t.Errorf("%s: %v", tc.example, err)
			continue
		}
		if got := fmt.Sprint(c.Example.BodyText); got != tc.want {
			t.Errorf("%s decoded to %s, want %s", tc.example, got, tc.want)
		}
		if !c.Modelled() || string(c.Raw) != raw {
			t.Errorf("%s: modelled %v, raw %s", tc.example, c.Modelled(), c.Raw)
		}
	}
	var c TemplateComponent
	if err := json.Unmarshal([]byte(`{"type":"BODY","example":{"body_text":"x","future":1}}`), &c); err != nil || c.Modelled() || !slices.Equal(c.Example.Unknown, []string{"future"}) {
		t.Errorf("an unknown example field must still be reported: %+v %v", c.Example, err)
	}
	if err := json.Unmarshal([]byte(`{"type":"BODY","example":{"body_text":{"a":1}}}`), &c); err == nil {
		t.Error("an object body_text must not decode")
	}
}
