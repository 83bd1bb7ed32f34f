package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// The acceptance-test toolkit is in four files:
//   - acc_toolkit_test.go: the target a test runs against (the emulator or Meta) and all its
//     methods, emulator faults, and the webhook callback endpoints tests start;
//   - acc_cli_test.go: cliWorkspace, which runs the terraform CLI against a provider binary;
//   - acc_config_test.go: configuration builders and the addresses of what they render;
//   - acc_checks_test.go: checks of state, of callbacks, and matchers for Terraform's output.
// Helpers that only one test file uses stay in that file.

// Acceptance tests run against the in-process Graph API emulator, or against Meta when
// WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID are set (WHATSAPP_APP_SECRET and
// WHATSAPP_API_VERSION are honoured too). Tests that script Meta's side (review outcomes,
// faults, the clock) need the emulator's control API and are skipped against Meta.

// testQuota is Meta's quota as the test process knows it: the provider servers of
// protoV6ProviderFactories and the targets' clients share it, as the Graph clients of one
// provider process do.
var testQuota = graph.NewQuota()

// The acceptance tests run the provider's protocol server with its fast paths verified: each
// fast answer is compared with the framework's, and a difference fails the Terraform command.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"whatsapp": newServer("test", fastpath.ModeVerify, testQuota),
}

func TestMain(m *testing.M) {
	// Terraform reads the CLI config named by TF_CLI_CONFIG_FILE; give it an empty one of our own.
	dir, err := os.MkdirTemp("", "tf-cli-config")
	if err != nil {
		panic(err)
	}
	cfg := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		panic(err)
	}
	os.Setenv("TF_CLI_CONFIG_FILE", cfg)
	readMetaEnv()
	if againstMeta() && os.Getenv("TF_ACC") != "" {
		if err := startAgainstMeta(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.RemoveAll(dir)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// target is where one acceptance test's Terraform runs point.
type target struct {
	t   *testing.T
	emu *emulator.Emulator // nil against Meta
	// rec records the calls to Meta (against Meta only); url is its address then.
	rec *metaRecorder
	url string
	// seed holds the credentials and ids of the account under test.
	seed emulator.Seed
}

func againstMeta() bool {
	return metaSeed.AccessToken != "" && metaSeed.BusinessAccountID != ""
}

// newTarget starts an emulator for the test (or uses Meta) and returns its handle.
func newTarget(t *testing.T, opts emulator.Options) *target {
	t.Helper()
	if againstMeta() {
		if recorder == nil {
			t.Skip("the against-Meta mode runs with TF_ACC set")
		}
		recorder.watch(t)
		return &target{t: t, rec: recorder, url: recorder.URL, seed: metaSeed}
	}
	if opts.ReviewDelay == 0 {
		opts.ReviewDelay = 300 * time.Millisecond
	}
	srv, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(srv.Close)
	return &target{t: t, emu: srv.Emulator, url: srv.URL, seed: srv.Emulator.Seed()}
}

// Against Meta, tests that touch objects beyond the WABA read their ids from these.
const (
	envTestBusinessID    = "WHATSAPP_BUSINESS_ID"
	envTestPhoneNumberID = "WHATSAPP_PHONE_NUMBER_ID"
	envTestAppID         = "WHATSAPP_APP_ID"
)

// Against Meta, the assigned-user tests give this business user or system user (of the business
// in WHATSAPP_BUSINESS_ID) access to the WABA and take it away again; it must not have access
// before the test.
const envTestUserID = "WHATSAPP_TEST_USER_ID"

// needsSeed skips a test against Meta when an id it needs is not configured.
func (tg *target) needsSeed(ids ...string) {
	for _, env := range ids {
		if tg.emu == nil && os.Getenv(env) == "" {
			tg.t.Skipf("set %s to run this test against Meta", env)
		}
	}
}

// needsEmulator skips a test that scripts Meta's side when running against Meta; what says
// what it scripts.
func (tg *target) needsEmulator(what ...string) {
	if tg.emu == nil {
		why := "scripts Meta's behaviour through the emulator's control API"
		if len(what) > 0 {
			why += ": " + strings.Join(what, ", ")
		}
		tg.t.Skip(why)
	}
}

// testUser returns a user without access to the WABA: a new system user on the emulator, the one
// named by WHATSAPP_TEST_USER_ID against Meta.
func (tg *target) testUser() string {
	tg.t.Helper()
	tg.needsSeed(envTestBusinessID, envTestUserID)
	if tg.emu == nil {
		return os.Getenv(envTestUserID)
	}
	return tg.emu.AddBusinessUser("Terraform test user", "SYSTEM_USER")
}

// provider renders the provider block for this target, with extra attributes appended.
func (tg *target) provider(extra ...string) string {
	var b strings.Builder
	b.WriteString("provider \"whatsapp\" {\n  retry_min_wait = \"50ms\"\n  retry_max_wait = \"200ms\"\n")
	fmt.Fprintf(&b, "  base_url = %q\n  business_account_id = %q\n", tg.url, tg.seed.BusinessAccountID)
	if tg.emu != nil {
		fmt.Fprintf(&b, "  access_token = %q\n  review_poll_interval = \"100ms\"\n", tg.seed.AccessToken)
	} else {
		// Against Meta the token comes from the environment, unless the test set another.
		if tg.seed.AccessToken != metaSeed.AccessToken {
			fmt.Fprintf(&b, "  access_token = %q\n", tg.seed.AccessToken)
		}
		b.WriteString("  review_poll_interval = \"10s\"\n")
	}
	for _, e := range extra {
		b.WriteString("  " + e + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// appProvider renders the provider block with the app credentials.
func (tg *target) appProvider() string {
	return tg.provider(fmt.Sprintf("app_id = %q", tg.seed.AppID), fmt.Sprintf("app_secret = %q", tg.seed.AppSecret))
}

// client is a Graph client on the target, for out-of-band changes and checks.
func (tg *target) client() *graph.Client {
	c, err := graph.New(graph.Config{BaseURL: tg.url, AccessToken: tg.seed.AccessToken, AppSecret: tg.seed.AppSecret, APIVersion: os.Getenv(envAPIVersion), MaxRetries: 2, Quota: testQuota})
	if err != nil {
		tg.t.Fatal(err)
	}
	return c
}

// appToken is the app access token of the app under test.
func (tg *target) appToken() string { return graph.AppAccessToken(tg.seed.AppID, tg.seed.AppSecret) }

// keepWABASettings restores the name and time zone of the account under test when the test ends:
// against Meta the account is a real one.
func (tg *target) keepWABASettings(id string) *graph.WhatsAppBusinessAccount {
	tg.t.Helper()
	orig, err := tg.client().GetWABA(context.Background(), id)
	if err != nil {
		tg.t.Fatal(err)
	}
	tg.t.Cleanup(func() {
		name, tz := orig.Name, string(orig.TimezoneID)
		if err := tg.client().UpdateWABA(context.Background(), id, graph.WABAUpdate{Name: &name, TimezoneID: &tz}); err != nil {
			tg.t.Errorf("restoring WhatsApp Business Account %s: %v", id, err)
		}
	})
	return orig
}

// metaSubscription reads the app's whatsapp_business_account subscription at Meta.
func (tg *target) metaSubscription() (*graph.AppSubscription, error) {
	return tg.client().FindAppSubscription(context.Background(), tg.seed.AppID, tg.appToken(), "whatsapp_business_account")
}

// wantMetaFields checks the fields of the app's subscription at Meta.
func (tg *target) wantMetaFields(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		sub, err := tg.metaSubscription()
		if err != nil || sub == nil {
			return fmt.Errorf("subscription at Meta: %+v, %w", sub, err)
		}
		got := sub.FieldNames()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			return fmt.Errorf("fields at Meta %v, want %v", got, want)
		}
		return nil
	}
}

// checkUnassigned checks that the user has no tasks on the WABA at Meta.
func (tg *target) checkUnassigned(waba, user string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, err := tg.client().FindAssignedUser(context.Background(), waba, tg.seed.BusinessID, user)
		if err != nil {
			return err
		}
		if u != nil {
			return fmt.Errorf("user %s still has tasks %v on %s", user, u.Tasks, waba)
		}
		return nil
	}
}

// checkCommerceAtMeta compares the settings Meta holds.
func (tg *target) checkCommerceAtMeta(cart, catalog bool) func(*terraform.State) error {
	return func(*terraform.State) error {
		cs, err := tg.client().GetCommerceSettings(context.Background(), tg.seed.PhoneNumberID)
		if err != nil {
			return err
		}
		if cs.IsCartEnabled != cart || cs.IsCatalogVisible != catalog {
			return fmt.Errorf("commerce settings at Meta: cart %t catalog %t, want %t %t", cs.IsCartEnabled, cs.IsCatalogVisible, cart, catalog)
		}
		return nil
	}
}

// checkTemplateGone checks that Meta no longer has the template, or has it pending deletion.
func (tg *target) checkTemplateGone(name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		found, err := tg.client().FindMessageTemplate(context.Background(), tg.seed.BusinessAccountID, name, "en_US")
		if err != nil {
			return err
		}
		if found != nil && found.Status != "PENDING_DELETION" && found.Status != "DELETED" {
			return fmt.Errorf("template %s still exists with status %s", name, found.Status)
		}
		return nil
	}
}

// checkFlowsGone confirms every flow named in names was deleted or, if published, deprecated.
func (tg *target) checkFlowsGone(names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		all, err := tg.client().ListFlows(context.Background(), tg.seed.BusinessAccountID)
		if err != nil {
			return err
		}
		for _, f := range all {
			for _, n := range names {
				if f.Name == n && f.Status != graph.FlowStatusDeprecated {
					return fmt.Errorf("flow %s (%s) still exists with status %s", f.Name, f.ID, f.Status)
				}
			}
		}
		return nil
	}
}

// flowsNamed counts the flows of the WABA with this name.
func (tg *target) flowsNamed(name string) []graph.Flow {
	tg.t.Helper()
	all, err := tg.client().ListFlows(context.Background(), tg.seed.BusinessAccountID)
	if err != nil {
		tg.t.Fatal(err)
	}
	var out []graph.Flow
	for _, f := range all {
		if f.Name == name {
			out = append(out, f)
		}
	}
	return out
}

// requests is the log of the Graph requests made to the target: the emulator's, or the
// recorder's against Meta.
func (tg *target) requests() []emulator.RequestRecord {
	if tg.emu == nil {
		return tg.rec.requests()
	}
	return tg.emu.Requests()
}

// clearRequests empties the log of requests.
func (tg *target) clearRequests() {
	if tg.emu == nil {
		tg.rec.clear()
		return
	}
	tg.emu.ClearRequests()
}

// calls returns the Graph requests made to the target whose method and path match: calls of
// their own and the requests of batches, not the batch calls that carried those (see
// httpCalls).
func (tg *target) calls(method string, pathPattern string) []emulator.RequestRecord {
	re := regexp.MustCompile(pathPattern)
	var out []emulator.RequestRecord
	for _, r := range tg.requests() {
		if r.BatchSize == 0 && (method == "" || r.Method == method) && re.MatchString(r.Path) {
			out = append(out, r)
		}
	}
	return out
}

// requestCount is the length of the request log.
func (tg *target) requestCount() int {
	return len(tg.requests())
}

// httpCalls returns the HTTP calls made to the target: calls of their own and batch calls, not
// the requests batches carried.
func (tg *target) httpCalls() []emulator.RequestRecord {
	var out []emulator.RequestRecord
	for _, r := range tg.requests() {
		if r.Batch == 0 {
			out = append(out, r)
		}
	}
	return out
}

// mutationsSince counts the POST and DELETE requests after the given log position (a batch call
// is not one; the requests it carried are counted as calls of their own).
func (tg *target) mutationsSince(seq int) []emulator.RequestRecord {
	var out []emulator.RequestRecord
	for _, r := range tg.requests()[seq:] {
		if r.BatchSize == 0 && (r.Method == http.MethodPost || r.Method == http.MethodDelete) {
			out = append(out, r)
		}
	}
	return out
}

// phoneGoneFault answers the next read of a phone number's edge as Graph does for an id that no
// longer exists.
func phoneGoneFault(pathRegex string) emulator.Fault {
	return emulator.Fault{
		Method: http.MethodGet, PathRegex: pathRegex, Times: 1, Code: 100, Subcode: 33,
		Message: "Unsupported get request. Object with ID '1' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
	}
}

// callbackEndpoint is a real webhook endpoint: it answers Meta's verification GET by echoing
// hub.challenge when hub.verify_token is the token it expects, and counts the verifications.
type callbackEndpoint struct {
	*httptest.Server
	mu            sync.Mutex
	token         string
	verifications []string // paths verified successfully
	refusals      int
}

func newCallbackEndpoint(t *testing.T, token string) *callbackEndpoint {
	t.Helper()
	ep := &callbackEndpoint{token: token}
	ep.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ep.mu.Lock()
		defer ep.mu.Unlock()
		q := r.URL.Query()
		if r.Method != http.MethodGet || q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != ep.token {
			ep.refusals++
			http.Error(w, "verification refused", http.StatusForbidden)
			return
		}
		ep.verifications = append(ep.verifications, r.URL.Path)
		fmt.Fprint(w, q.Get("hub.challenge"))
	}))
	t.Cleanup(ep.Close)
	return ep
}

func (ep *callbackEndpoint) setToken(token string) {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	ep.token = token
}

func (ep *callbackEndpoint) refused() int {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	return ep.refusals
}

func (ep *callbackEndpoint) verified() []string {
	ep.mu.Lock()
	defer ep.mu.Unlock()
	return append([]string(nil), ep.verifications...)
}

// testCallback is a webhook endpoint run by the test. It answers Meta's verification request
// (GET ?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…) with the challenge when the
// verify token is the one it accepts, and with 403 otherwise; a broken one answers 200 with a
// wrong body.
type testCallback struct {
	*httptest.Server
	mu     sync.Mutex
	token  string
	broken bool
	seen   []string // verify tokens received
}

func newTestCallback(t *testing.T, token string) *testCallback {
	t.Helper()
	cb := &testCallback{token: token}
	cb.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		cb.mu.Lock()
		defer cb.mu.Unlock()
		cb.seen = append(cb.seen, q.Get("hub.verify_token"))
		switch {
		case r.Method != http.MethodGet || q.Get("hub.mode") != "subscribe":
			http.Error(w, "not a verification request", http.StatusBadRequest)
		case q.Get("hub.verify_token") != cb.token:
			http.Error(w, "wrong verify token", http.StatusForbidden)
		case cb.broken:
			_, _ = w.Write([]byte("ok"))
		default:
			_, _ = w.Write([]byte(q.Get("hub.challenge")))
		}
	}))
	t.Cleanup(cb.Close)
	return cb
}

func (cb *testCallback) verifications() []string {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	return append([]string(nil), cb.seen...)
}

func (cb *testCallback) setBroken(b bool) {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	cb.broken = b
}

// identitySince skips a test on a Terraform without resource identity (before 1.12).
var identitySince = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
