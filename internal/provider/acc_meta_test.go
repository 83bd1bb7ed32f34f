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
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

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
	entry := emulator.RequestRecord{Method: r.Method, Path: r.URL.Path, Query: redactedQuery(r.URL.RawQuery), Status: resp.StatusCode, UserAgent: r.Header.Get("User-Agent")}
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

// metaToken is the preflight's description of the token, against Meta.
var metaToken tokenInfo

// metaPermissions are the permissions the suite's token needs, per WhatsApp Business Account.
var metaPermissions = []string{"whatsapp_business_management", "whatsapp_business_messaging"}

// tokenInfo is debug_token's description of a token.
type tokenInfo struct {
	Data struct {
		AppID          string   `json:"app_id"`
		UserID         string   `json:"user_id"`
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
func metaPreflight(ctx context.Context, c *graph.Client, token, wabaID, appID string) (*tokenInfo, error) {
	var info tokenInfo
	if err := c.Do(ctx, graph.Request{Method: http.MethodGet, Path: "debug_token", Query: url.Values{"input_token": {token}}}, &info); err != nil {
		return nil, fmt.Errorf("cannot check %s with debug_token: %w", envAccessToken, err)
	}
	d := info.Data
	if !d.IsValid {
		why := "Meta reports it invalid"
		if d.Error != nil {
			why = fmt.Sprintf("%s (code %d)", d.Error.Message, d.Error.Code)
		}
		return nil, fmt.Errorf("%s is not a valid token: %s", envAccessToken, why)
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
		return nil, errors.New(strings.Join(problems, "; "))
	}
	return &info, nil
}

// metaSeed is the account under test against Meta, from the environment the run started with.
var metaSeed emulator.Seed

// readMetaEnv takes the account under test from the environment. The token stays there, where
// the provider finds it; the app credentials and the account id are taken out, so that the
// provider sees them only where a test configures them, as against the emulator.
func readMetaEnv() {
	metaSeed = emulator.Seed{
		AccessToken:       os.Getenv(envAccessToken),
		BusinessAccountID: os.Getenv(envBusinessAccountID),
		AppSecret:         os.Getenv(envAppSecret),
		BusinessID:        os.Getenv(envTestBusinessID),
		PhoneNumberID:     os.Getenv(envTestPhoneNumberID),
		AppID:             os.Getenv(envTestAppID),
	}
	for _, k := range []string{envBusinessAccountID, envAppSecret, envTestAppID} {
		os.Unsetenv(k)
	}
}

// startAgainstMeta is TestMain's start of the against-Meta mode: the preflight, which stops the
// run with one message when the credentials cannot run the suite, then the recorder, which
// WHATSAPP_BASE_URL points at from then on.
func startAgainstMeta() error {
	if u := os.Getenv(envBaseURL); u != "" {
		metaUpstream = u
	}
	c, err := graph.New(graph.Config{BaseURL: metaUpstream, AccessToken: metaSeed.AccessToken, AppSecret: metaSeed.AppSecret, APIVersion: os.Getenv(envAPIVersion), MaxRetries: 2})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	info, err := metaPreflight(ctx, c, metaSeed.AccessToken, metaSeed.BusinessAccountID, metaSeed.AppID)
	if err != nil {
		return fmt.Errorf("the acceptance tests cannot run against %s: %w.\nSee the \"Testing against Meta\" guide (docs/guides/testing-against-meta.md) for the token and ids the suite needs", metaUpstream, err)
	}
	metaToken = *info
	metaSeed.SystemUserID = info.Data.UserID
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
		_, err = metaPreflight(ctx, c, token(seed), waba(seed), appID)
		return err
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

// webhookSink is a callback URL that passes Meta's verification handshake for the given verify
// token: the emulator's webhook sink, or against Meta a test callback server on this machine.
func (tg *target) webhookSink(token string) string {
	tg.t.Helper()
	if tg.emu != nil {
		return tg.url + "/_emulator/webhook-sink?expect_verify_token=" + url.QueryEscape(token)
	}
	tg.needsLocalCallbacks()
	return newTestCallback(tg.t, token).URL + "/hook?from=test"
}

// envTestClientBusinessAccountID names, against Meta, a client's account shared with the
// business under test (owned by another business).
const envTestClientBusinessAccountID = "WHATSAPP_TEST_CLIENT_BUSINESS_ACCOUNT_ID"

// secondAccount is another WhatsApp Business Account of the business: a new one on the emulator,
// WHATSAPP_TEST_SECOND_BUSINESS_ACCOUNT_ID against Meta.
func (tg *target) secondAccount(name string) string {
	tg.t.Helper()
	if tg.emu != nil {
		return tg.emu.AddWABA(name)
	}
	tg.needsSeed(envTestSecondBusinessAccountID)
	return os.Getenv(envTestSecondBusinessAccountID)
}

// secondAccountWithNumber is secondAccount with a phone number on it, as Meta requires of an
// account that publishes flows: on the emulator the new account gets one; against Meta the
// second account must have one.
func (tg *target) secondAccountWithNumber(name string) string {
	tg.t.Helper()
	waba := tg.secondAccount(name)
	if tg.emu != nil {
		if _, err := tg.emu.AddPhoneNumber(waba, "33", "612345678", name); err != nil {
			tg.t.Fatal(err)
		}
	}
	return waba
}

// clientAccount is a client's WhatsApp Business Account shared with the business: a new one on
// the emulator, WHATSAPP_TEST_CLIENT_BUSINESS_ACCOUNT_ID against Meta.
func (tg *target) clientAccount(name string) string {
	tg.t.Helper()
	if tg.emu != nil {
		return tg.emu.AddClientWABA(name)
	}
	tg.needsSeed(envTestClientBusinessAccountID)
	return os.Getenv(envTestClientBusinessAccountID)
}

// envTestEmptyBusinessAccountID names, against Meta, a WhatsApp Business Account of the business
// under test that has no message templates.
const envTestEmptyBusinessAccountID = "WHATSAPP_TEST_EMPTY_BUSINESS_ACCOUNT_ID"

// emptyAccount is a WhatsApp Business Account of the business without templates: a new one on
// the emulator, WHATSAPP_TEST_EMPTY_BUSINESS_ACCOUNT_ID against Meta.
func (tg *target) emptyAccount(name string) string {
	tg.t.Helper()
	if tg.emu != nil {
		return tg.emu.AddWABA(name)
	}
	tg.needsSeed(envTestEmptyBusinessAccountID)
	return os.Getenv(envTestEmptyBusinessAccountID)
}

// envTestCreditLineID names, against Meta, a credit line (an extended credit) of the business
// under test.
const envTestCreditLineID = "WHATSAPP_TEST_CREDIT_LINE_ID"

// creditLine is a credit line of the business: a new one with this legal entity on the emulator,
// WHATSAPP_TEST_CREDIT_LINE_ID against Meta (with the legal entity Meta gives it).
func (tg *target) creditLine(legalEntityName string) string {
	tg.t.Helper()
	if tg.emu != nil {
		return tg.emu.AddCreditLine(legalEntityName)
	}
	tg.needsSeed(envTestBusinessID, envTestCreditLineID)
	return os.Getenv(envTestCreditLineID)
}

// stateObjects are the objects of a list attribute of a resource or data source in state, each
// as its flattened attributes ("tasks.#", "tasks.0", "name"...).
func stateObjects(s *terraform.State, addr, attr string) ([]map[string]string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s not in state", addr)
	}
	a := rs.Primary.Attributes
	n, err := strconv.Atoi(a[attr+".#"])
	if err != nil {
		return nil, fmt.Errorf("%s.# of %s is %q", attr, addr, a[attr+".#"])
	}
	out := make([]map[string]string, n)
	for i := range out {
		out[i] = map[string]string{}
		prefix := fmt.Sprintf("%s.%d.", attr, i)
		for k, v := range a {
			if strings.HasPrefix(k, prefix) {
				out[i][strings.TrimPrefix(k, prefix)] = v
			}
		}
	}
	return out, nil
}

// flatList is a list attribute of a flattened object, such as stateObjects gives.
func flatList(obj map[string]string, attr string) []string {
	n, _ := strconv.Atoi(obj[attr+".#"])
	out := make([]string, n)
	for i := range out {
		out[i] = obj[fmt.Sprintf("%s.%d", attr, i)]
	}
	return out
}

// envTestUnregisteredPhoneNumberID names, against Meta, a phone number of the account under test
// that is not registered on the Cloud API (status PENDING or DISCONNECTED).
const envTestUnregisteredPhoneNumberID = "WHATSAPP_TEST_UNREGISTERED_PHONE_NUMBER_ID"

// unregisteredNumber is a phone number of the account that is not registered: a new, disconnected
// one on the emulator, WHATSAPP_TEST_UNREGISTERED_PHONE_NUMBER_ID against Meta.
func (tg *target) unregisteredNumber() string {
	tg.t.Helper()
	if tg.emu == nil {
		tg.needsSeed(envTestUnregisteredPhoneNumberID)
		return os.Getenv(envTestUnregisteredPhoneNumberID)
	}
	id, err := tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "1", "6315553000", "Local Storage")
	if err == nil {
		err = tg.emu.ChangePhoneNumber(id, emulator.PhoneNumberChange{Status: "DISCONNECTED"})
	}
	if err != nil {
		tg.t.Fatal(err)
	}
	return id
}

// envTestNoTwoStepPhoneNumberID names, against Meta, a registered phone number of the business
// with an approved display name and without two-step verification: the API sets a PIN but never
// removes one, so a real account must provide it.
const envTestNoTwoStepPhoneNumberID = "WHATSAPP_TEST_NO_TWO_STEP_PHONE_NUMBER_ID"

// numberWithoutTwoStep is a registered number without two-step verification: the seeded one on a
// new emulator, WHATSAPP_TEST_NO_TWO_STEP_PHONE_NUMBER_ID against Meta.
func (tg *target) numberWithoutTwoStep() string {
	tg.t.Helper()
	if tg.emu != nil {
		return tg.seed.PhoneNumberID
	}
	tg.needsSeed(envTestNoTwoStepPhoneNumberID)
	return os.Getenv(envTestNoTwoStepPhoneNumberID)
}

// envReviewTimeout bounds, against Meta, how long a test waits for Meta to review its templates
// (a Go duration; default 30m). A test whose templates are still in review then is skipped.
const envReviewTimeout = "WHATSAPP_ACC_REVIEW_TIMEOUT"

// awaitReview lets Meta's review finish: on the emulator it moves the clock past the review
// delay; against Meta it polls reviewed (every 15 seconds) until it reports true, and skips the
// test when Meta has not decided within WHATSAPP_ACC_REVIEW_TIMEOUT.
func (tg *target) awaitReview(reviewed func() bool) {
	tg.t.Helper()
	if tg.emu != nil {
		tg.emu.Advance(2 * time.Hour)
		return
	}
	timeout := 30 * time.Minute
	if v := os.Getenv(envReviewTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			tg.t.Fatalf("%s=%q is not a Go duration", envReviewTimeout, v)
		}
		timeout = d
	}
	for deadline := time.Now().Add(timeout); !reviewed(); time.Sleep(15 * time.Second) {
		if time.Now().After(deadline) {
			tg.t.Skipf("Meta had not reviewed the test's templates after %s (%s)", timeout, envReviewTimeout)
		}
	}
}

// uniqueTemplateNames gives, against Meta, the templates of the configuration in dir names of
// this run (the name followed by the run's suffix), because Meta locks a deleted template's name
// for four weeks. It rewrites the literal name of each whatsapp_message_template resource.
func (tg *target) uniqueTemplateNames(dir string) {
	tg.t.Helper()
	if tg.emu != nil {
		return
	}
	suffix := strings.TrimPrefix(templateName(""), "tfacc_")
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		tg.t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tg.t.Fatal(err)
		}
		out := templateBlockName.ReplaceAllString(string(b), "${1}${2}"+suffix+`"`)
		if err := os.WriteFile(f, []byte(out), 0o600); err != nil {
			tg.t.Fatal(err)
		}
	}
}

// templateBlockName is a whatsapp_message_template block up to the end of its literal name.
var templateBlockName = regexp.MustCompile(`(?s)(resource "whatsapp_message_template" "[^"]+" \{[^}]*?\n\s*name\s*=\s*)("[a-z0-9_]+)"`)

// envSlow, set to 1, runs against Meta the tests that take over an hour there, such as those
// creating more templates than Meta lets an account create in an hour.
const envSlow = "WHATSAPP_ACC_SLOW"

// slow skips a test against Meta unless envSlow is set; why says what takes the time.
func (tg *target) slow(why string) {
	tg.t.Helper()
	if tg.emu == nil && os.Getenv(envSlow) != "1" {
		tg.t.Skipf("%s; set %s=1 to run it", why, envSlow)
	}
}

// deleteTemplatesAfter deletes, when the test ends, the templates named with prefix that the
// test made out of band (Meta then locks their names for four weeks, which unique names allow).
func (tg *target) deleteTemplatesAfter(prefix string) {
	tg.t.Cleanup(func() {
		ctx := context.Background()
		all, err := tg.client().ListMessageTemplates(ctx, tg.seed.BusinessAccountID, graph.TemplateFilter{Name: prefix})
		if err != nil {
			tg.t.Errorf("listing the test's templates: %v", err)
			return
		}
		for _, t := range all {
			if !strings.HasPrefix(t.Name, prefix) {
				continue
			}
			if err := tg.client().DeleteMessageTemplate(ctx, tg.seed.BusinessAccountID, t.Name, t.ID); err != nil && !graph.IsNotFound(err) {
				tg.t.Errorf("deleting template %s: %v", t.Name, err)
			}
		}
	})
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

// uniqueTemplateNamesOf is uniqueTemplateNames for a configuration that computes its template
// names: against Meta, the line of file (in dir) that sets a template's name from the expression
// line gets the run's suffix appended.
func (tg *target) uniqueTemplateNamesOf(dir, file, line string) {
	tg.t.Helper()
	if tg.emu != nil {
		return
	}
	suffix := strings.TrimPrefix(templateName(""), "tfacc_")
	path := filepath.Join(dir, file)
	b, err := os.ReadFile(path)
	if err != nil {
		tg.t.Fatal(err)
	}
	name, expr, ok := strings.Cut(line, "=")
	if !ok || !strings.Contains(string(b), line) {
		tg.t.Fatalf("%s has no line %q", path, line)
	}
	out := strings.Replace(string(b), line, name+"= \"${"+strings.TrimSpace(expr)+"}"+suffix+"\"", 1)
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		tg.t.Fatal(err)
	}
}
