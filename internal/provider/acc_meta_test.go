package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The "against Meta" mode. With WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID set, the
// acceptance tests run against Meta (or whatever WHATSAPP_BASE_URL names, such as a standalone
// emulator) instead of an in-process emulator. Terraform and the tests' own Graph clients then
// reach Meta through a metaRecorder, a proxy in the test process that forwards every call as it
// is and keeps a log in the shape of the emulator's, so tests that count calls run in both modes.
// The recorder refuses the emulator's control API: a test that needs it must say so with
// needsEmulator, and in this mode it is skipped.

// metaRecorder forwards calls to Meta and records them. One recorder serves the whole test
// process (the acceptance tests run one at a time): TestMain starts it and points
// WHATSAPP_BASE_URL at it, so the provider servers in the test process and the terraform CLI's
// provider processes reach Meta through it too.
type metaRecorder struct {
	*httptest.Server
	mu      sync.Mutex
	log     []emulator.RequestRecord
	seq     int64
	refused []string // control API calls, refused
	sent    []emulator.SentMessage
}

// messagesPath is the edge template messages are sent on.
var messagesPath = regexp.MustCompile(`^/(v[0-9]+\.[0-9]+/)?([0-9]+)/messages$`)

// sentBody is the request body of a message send, kept for its response.
type sentBody struct{}

// batchPath is where Graph batch requests are sent: the root, with or without a version.
var batchPath = regexp.MustCompile(`^/(v[0-9]+\.[0-9]+/?)?$`)

// batchBody is the request body of a batch call, kept for its response.
type batchBody struct{}

// recordBatch logs the requests a batch call carried as calls of their own, after the batch
// call (seq) and marked with it, as the emulator's log does.
func (rec *metaRecorder) recordBatch(resp *http.Response, seq int64, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return
	}
	var sent []struct {
		Method      string `json:"method"`
		RelativeURL string `json:"relative_url"`
	}
	if json.Unmarshal([]byte(form.Get("batch")), &sent) != nil {
		return
	}
	out, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(out)))
	var answers []*struct {
		Code int    `json:"code"`
		Body string `json:"body"`
	}
	if err != nil || json.Unmarshal(out, &answers) != nil {
		return
	}
	rec.mu.Lock()
	for i := range rec.log {
		if rec.log[i].Seq == seq {
			rec.log[i].BatchSize = len(sent)
		}
	}
	rec.mu.Unlock()
	for i, req := range sent {
		u, err := url.Parse("/" + strings.TrimLeft(req.RelativeURL, "/"))
		if err != nil {
			continue
		}
		entry := emulator.RequestRecord{Method: strings.ToUpper(req.Method), Path: u.Path, Query: redactedQuery(u.RawQuery), Batch: seq}
		if m := graphVersionSegment.FindStringSubmatch(u.Path); m != nil {
			entry.Version = m[1]
		}
		if i < len(answers) && answers[i] != nil {
			entry.Status = answers[i].Code
			var e struct {
				Error struct {
					Code    int `json:"code"`
					Subcode int `json:"error_subcode"`
				} `json:"error"`
			}
			if json.Unmarshal([]byte(answers[i].Body), &e) == nil {
				entry.Code, entry.Subcode = e.Error.Code, e.Error.Subcode
			}
		}
		rec.add(entry)
	}
}

// recordSent keeps a message Meta accepted, as the emulator's SentMessages would show it: Body
// holds the request's template components as JSON, parameters included.
func (rec *metaRecorder) recordSent(resp *http.Response, body []byte) {
	var req struct {
		To       string `json:"to"`
		Template struct {
			Name     string `json:"name"`
			Language struct {
				Code string `json:"code"`
			} `json:"language"`
			Components []any `json:"components"`
		} `json:"template"`
	}
	var res struct {
		Contacts []struct {
			WAID string `json:"wa_id"`
		} `json:"contacts"`
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	out, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(out)))
	if err != nil || json.Unmarshal(body, &req) != nil || json.Unmarshal(out, &res) != nil || len(res.Messages) == 0 {
		return
	}
	m := emulator.SentMessage{ID: res.Messages[0].ID, PhoneNumberID: messagesPath.FindStringSubmatch(resp.Request.URL.Path)[2], To: req.To,
		TemplateName: req.Template.Name, Language: req.Template.Language.Code, Time: time.Now(), Components: req.Template.Components}
	if len(res.Contacts) > 0 {
		m.WAID = res.Contacts[0].WAID
	}
	components, _ := json.Marshal(req.Template.Components)
	m.Body = string(components)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.sent = append(rec.sent, m)
}

func (rec *metaRecorder) sentMessages() []emulator.SentMessage {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]emulator.SentMessage(nil), rec.sent...)
}

// recorder is the process's metaRecorder, nil unless the run is against Meta.
var recorder *metaRecorder

// metaUpstream is where the against-Meta mode sends calls: WHATSAPP_BASE_URL as the run was
// started with, else Meta.
var metaUpstream = graph.DefaultBaseURL

// controlPath is the emulator's control API, which Meta does not have.
var controlPath = regexp.MustCompile(`^/_emulator(/|$)`)

// graphVersionSegment is the version at the start of a Graph path, such as "v23.0".
var graphVersionSegment = regexp.MustCompile(`^/(v[0-9]+\.[0-9]+)/`)

// startMetaRecorder starts the process's recorder in front of upstream.
func startMetaRecorder(upstream string) (*metaRecorder, error) {
	target, err := url.Parse(upstream)
	if err != nil || target.Scheme == "" || target.Host == "" {
		return nil, fmt.Errorf("%s %q is not a URL", envBaseURL, upstream)
	}
	rec := &metaRecorder{}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = target.Host
		},
		ModifyResponse: func(resp *http.Response) error {
			seq := rec.record(resp)
			if body, ok := resp.Request.Context().Value(batchBody{}).([]byte); ok && resp.StatusCode == http.StatusOK {
				rec.recordBatch(resp, seq, body)
			}
			if body, ok := resp.Request.Context().Value(sentBody{}).([]byte); ok && resp.StatusCode == http.StatusOK {
				rec.recordSent(resp, body)
			}
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			rec.add(emulator.RequestRecord{Method: r.Method, Path: r.URL.Path, Query: redactedQuery(r.URL.RawQuery)})
			http.Error(w, "reaching Meta: "+err.Error(), http.StatusBadGateway)
		},
	}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if controlPath.MatchString(r.URL.Path) {
			rec.mu.Lock()
			rec.refused = append(rec.refused, r.Method+" "+r.URL.Path)
			rec.mu.Unlock()
			http.Error(w, "the emulator's control API is not available against Meta", http.StatusForbidden)
			return
		}
		if r.Method == http.MethodPost && batchPath.MatchString(r.URL.Path) {
			body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			r = r.WithContext(context.WithValue(r.Context(), batchBody{}, body))
		}
		if r.Method == http.MethodPost && messagesPath.MatchString(r.URL.Path) {
			body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(strings.NewReader(string(body)))
			r = r.WithContext(context.WithValue(r.Context(), sentBody{}, body))
		}
		proxy.ServeHTTP(w, r)
	}))
	return rec, nil
}

// watch starts a test's view of the log, and fails the test if it calls the control API.
func (rec *metaRecorder) watch(t *testing.T) {
	rec.clear()
	rec.mu.Lock()
	rec.refused, rec.sent = nil, nil
	rec.mu.Unlock()
	t.Cleanup(func() {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, call := range rec.refused {
			t.Errorf("the test called the emulator's control API (%s) against Meta; it must call needsEmulator first", call)
		}
	})
}

// record logs a call with Meta's answer, and returns its sequence number; an error body is read
// for its code and put back.
func (rec *metaRecorder) record(resp *http.Response) int64 {
	r := resp.Request
	entry := emulator.RequestRecord{Method: r.Method, Path: r.URL.Path, Query: redactedQuery(r.URL.RawQuery), Status: resp.StatusCode}
	if m := graphVersionSegment.FindStringSubmatch(r.URL.Path); m != nil {
		entry.Version = m[1]
	} else {
		entry.Unversioned = true
	}
	if resp.StatusCode >= 400 && resp.Body != nil {
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		resp.ContentLength = int64(len(body))
		resp.Header.Del("Content-Length")
		if err == nil {
			var e struct {
				Error struct {
					Code    int `json:"code"`
					Subcode int `json:"error_subcode"`
				} `json:"error"`
			}
			if json.Unmarshal(body, &e) == nil {
				entry.Code, entry.Subcode = e.Error.Code, e.Error.Subcode
			}
		}
	}
	return rec.add(entry)
}

func (rec *metaRecorder) add(entry emulator.RequestRecord) int64 {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.seq++
	entry.Seq = rec.seq
	entry.Time = time.Now()
	rec.log = append(rec.log, entry)
	return rec.seq
}

func (rec *metaRecorder) requests() []emulator.RequestRecord {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]emulator.RequestRecord(nil), rec.log...)
}

func (rec *metaRecorder) clear() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.log = nil
}

// redactedQuery is a query with the values of its secrets replaced, as the emulator logs them.
func redactedQuery(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return ""
	}
	for _, k := range []string{"access_token", "appsecret_proof"} {
		if q.Has(k) {
			q.Set(k, "REDACTED")
		}
	}
	return q.Encode()
}

// metaPermissions are the permissions the suite's token needs, per WhatsApp Business Account.
var metaPermissions = []string{"whatsapp_business_management", "whatsapp_business_messaging"}

// tokenInfo is debug_token's description of a token.
type tokenInfo struct {
	Data struct {
		AppID          string   `json:"app_id"`
		Type           string   `json:"type"`
		Application    string   `json:"application"`
		IsValid        bool     `json:"is_valid"`
		ExpiresAt      int64    `json:"expires_at"`
		Scopes         []string `json:"scopes"`
		GranularScopes []struct {
			Scope     string   `json:"scope"`
			TargetIDs []string `json:"target_ids"`
		} `json:"granular_scopes"`
		Error *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	} `json:"data"`
}

// metaPreflight checks, before any test runs against Meta, that the token is valid, belongs to
// WHATSAPP_APP_ID (when set), holds the permissions the suite needs for WHATSAPP_BUSINESS_ACCOUNT_ID,
// and can read that account. It returns every problem found in one error.
func metaPreflight(ctx context.Context, c *graph.Client, token, wabaID, appID string) error {
	var info tokenInfo
	if err := c.Do(ctx, graph.Request{Method: http.MethodGet, Path: "debug_token", Query: url.Values{"input_token": {token}}}, &info); err != nil {
		return fmt.Errorf("cannot check %s with debug_token: %w", envAccessToken, err)
	}
	d := info.Data
	if !d.IsValid {
		why := "Meta reports it invalid"
		if d.Error != nil {
			why = fmt.Sprintf("%s (code %d)", d.Error.Message, d.Error.Code)
		}
		return fmt.Errorf("%s is not a valid token: %s", envAccessToken, why)
	}
	var problems []string
	if appID != "" && d.AppID != appID {
		problems = append(problems, fmt.Sprintf("the token belongs to app %s (%s), not to %s=%s", d.AppID, d.Application, envTestAppID, appID))
	}
	for _, perm := range metaPermissions {
		if !slices.Contains(d.Scopes, perm) {
			problems = append(problems, fmt.Sprintf("the token lacks the %s permission", perm))
			continue
		}
		reaches := false
		for _, g := range d.GranularScopes {
			if g.Scope == perm && slices.Contains(g.TargetIDs, wabaID) {
				reaches = true
			}
		}
		if !reaches {
			problems = append(problems, fmt.Sprintf("the token's %s permission does not include WhatsApp Business Account %s (%s)", perm, wabaID, envBusinessAccountID))
		}
	}
	if len(problems) == 0 {
		if _, err := c.GetWABA(ctx, wabaID); err != nil {
			problems = append(problems, fmt.Sprintf("reading WhatsApp Business Account %s failed: %v", wabaID, err))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// startAgainstMeta is TestMain's start of the against-Meta mode: the preflight, which stops the
// run with one message when the credentials cannot run the suite, then the recorder, which
// WHATSAPP_BASE_URL points at from then on.
func startAgainstMeta() error {
	if u := os.Getenv(envBaseURL); u != "" {
		metaUpstream = u
	}
	token, waba := os.Getenv(envAccessToken), os.Getenv(envBusinessAccountID)
	c, err := graph.New(graph.Config{BaseURL: metaUpstream, AccessToken: token, AppSecret: os.Getenv(envAppSecret), APIVersion: os.Getenv(envAPIVersion), MaxRetries: 2})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := metaPreflight(ctx, c, token, waba, os.Getenv(envTestAppID)); err != nil {
		return fmt.Errorf("the acceptance tests cannot run against %s: %w.\nSee the \"Testing against Meta\" guide (docs/guides/testing-against-meta.md) for the token and ids the suite needs", metaUpstream, err)
	}
	rec, err := startMetaRecorder(metaUpstream)
	if err != nil {
		return err
	}
	recorder = rec
	return os.Setenv(envBaseURL, rec.URL)
}

// The preflight passes with the emulator's token and names each thing missing otherwise.
func TestMetaPreflight(t *testing.T) {
	ctx := context.Background()
	check := func(opts emulator.Options, token func(emulator.Seed) string, waba func(emulator.Seed) string, appID string) error {
		srv, err := emulator.Start("127.0.0.1:0", opts)
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		seed := srv.Emulator.Seed()
		c, err := graph.New(graph.Config{BaseURL: srv.URL, AccessToken: seed.AccessToken, MaxRetries: 0})
		if err != nil {
			t.Fatal(err)
		}
		if appID == "seeded" {
			appID = seed.AppID
		}
		return metaPreflight(ctx, c, token(seed), waba(seed), appID)
	}
	own := func(s emulator.Seed) string { return s.AccessToken }
	ownWABA := func(s emulator.Seed) string { return s.BusinessAccountID }
	if err := check(emulator.Options{}, own, ownWABA, "seeded"); err != nil {
		t.Fatalf("a complete token failed the preflight: %v", err)
	}
	for _, tc := range []struct {
		name  string
		opts  emulator.Options
		token func(emulator.Seed) string
		waba  func(emulator.Seed) string
		appID string
		want  string
	}{
		{"invalid token", emulator.Options{}, func(emulator.Seed) string { return "EAAsomethingelse" }, ownWABA, "", "WHATSAPP_ACCESS_TOKEN is not a valid token: Invalid OAuth access token"},
		{"missing permission", emulator.Options{TokenScopes: []string{"whatsapp_business_management"}}, own, ownWABA, "", "the token lacks the whatsapp_business_messaging permission"},
		{"other account", emulator.Options{}, own, func(emulator.Seed) string { return "123456789012345" }, "", "does not include WhatsApp Business Account 123456789012345 (WHATSAPP_BUSINESS_ACCOUNT_ID)"},
		{"other app", emulator.Options{}, own, ownWABA, "999", "not to WHATSAPP_APP_ID=999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := check(tc.opts, tc.token, tc.waba, tc.appID)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// envMayChangeAccount, set to 1, lets tests change what the account under test shares with
// everything else on it: its webhooks, the number's profile, automation, commerce settings and
// encryption key, and publish flows (which Meta never deletes). Set it only for a test account.
const envMayChangeAccount = "WHATSAPP_ACC_MAY_CHANGE_ACCOUNT"

// changesAccount skips a test against Meta unless the account may be changed (envMayChangeAccount);
// what says what the test changes or leaves behind.
func (tg *target) changesAccount(what string) {
	tg.t.Helper()
	if tg.emu == nil && os.Getenv(envMayChangeAccount) != "1" {
		tg.t.Skipf("changes %s of the account under test; set %s=1 to run it on an account for tests only", what, envMayChangeAccount)
	}
}

// needsLocalCallbacks skips a test against Meta when Meta cannot reach the webhook endpoints the
// test runs on this machine: it can when the Graph API is served on this machine (an emulator).
func (tg *target) needsLocalCallbacks() {
	tg.t.Helper()
	if tg.emu != nil {
		return
	}
	u, err := url.Parse(metaUpstream)
	if err == nil {
		switch u.Hostname() {
		case "localhost", "127.0.0.1", "::1":
			return
		}
	}
	tg.t.Skip("Meta must reach a webhook endpoint on this machine to verify it; this test runs against a Graph API served on this machine only")
}

// sentMessages are the template messages sent during the test: the emulator's record, or the
// recorder's of the messages Meta accepted.
func (tg *target) sentMessages() []emulator.SentMessage {
	if tg.emu == nil {
		return tg.rec.sentMessages()
	}
	return tg.emu.SentMessages()
}

// envTestRecipient is the WhatsApp number the send tests message against Meta: with a test
// phone number, one on its list of allowed recipients. Against the emulator, any number.
const envTestRecipient = "WHATSAPP_TEST_RECIPIENT"

// recipient is the number test messages go to, digits only.
func (tg *target) recipient() string {
	tg.t.Helper()
	if tg.emu != nil {
		return "16505551234"
	}
	tg.needsSeed(envTestRecipient)
	return strings.TrimPrefix(os.Getenv(envTestRecipient), "+")
}

// The recorder logs a batch call and the requests it carried as the emulator does, so tests
// that count calls and requests read the same log in both modes.
func TestMetaRecorderLogsBatches(t *testing.T) {
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rec, err := startMetaRecorder(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	seed := srv.Emulator.Seed()
	c, err := graph.New(graph.Config{BaseURL: rec.URL, AccessToken: seed.AccessToken, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	srv.Emulator.ClearRequests()
	calls := []graph.BatchCall{
		{Request: graph.WABARead(seed.BusinessAccountID).Request},
		{Request: graph.PhoneNumberRead(seed.PhoneNumberID).Request},
		{Request: graph.PhoneNumberRead("999999999999999").Request},
	}
	c.Batch(context.Background(), calls)
	type seen struct {
		method, path string
		status, code int
		size         int
		inBatch      bool
	}
	summary := func(log []emulator.RequestRecord) []seen {
		out := make([]seen, len(log))
		for i, r := range log {
			out[i] = seen{r.Method, r.Path, r.Status, r.Code, r.BatchSize, r.Batch != 0}
		}
		return out
	}
	got, want := summary(rec.requests()), summary(srv.Emulator.Requests())
	if !slices.Equal(got, want) || len(want) != 4 {
		t.Errorf("recorder's log %+v, want the emulator's %+v", got, want)
	}
}
