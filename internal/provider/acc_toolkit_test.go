package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Acceptance tests run against the in-process Graph API emulator, or against Meta when
// WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID are set (WHATSAPP_APP_SECRET and
// WHATSAPP_API_VERSION are honoured too). Tests that script Meta's side (review outcomes,
// faults, the clock) need the emulator's control API and are skipped against Meta.

// The acceptance tests run the provider's protocol server with its fast paths verified: each
// fast answer is compared with the framework's, and a difference fails the Terraform command.
var protoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"whatsapp": NewProtocol6Server("test", FastPathsVerify),
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
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// target is where one acceptance test's Terraform runs point.
type target struct {
	t   *testing.T
	emu *emulator.Emulator // nil against Meta
	url string
	// seed holds the credentials and ids of the account under test.
	seed emulator.Seed
}

func againstMeta() bool {
	return os.Getenv(envAccessToken) != "" && os.Getenv(envBusinessAccountID) != ""
}

// newTarget starts an emulator for the test (or uses Meta) and returns its handle.
func newTarget(t *testing.T, opts emulator.Options) *target {
	t.Helper()
	if againstMeta() {
		return &target{t: t, seed: emulator.Seed{
			AccessToken:       os.Getenv(envAccessToken),
			BusinessAccountID: os.Getenv(envBusinessAccountID),
			AppSecret:         os.Getenv(envAppSecret),
			BusinessID:        os.Getenv(envTestBusinessID),
			PhoneNumberID:     os.Getenv(envTestPhoneNumberID),
			AppID:             os.Getenv(envTestAppID),
		}}
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

// needsSeed skips a test against Meta when an id it needs is not configured.
func (tg *target) needsSeed(ids ...string) {
	for _, env := range ids {
		if tg.emu == nil && os.Getenv(env) == "" {
			tg.t.Skipf("set %s to run this test against Meta", env)
		}
	}
}

// needsEmulator skips a test that scripts Meta's side when running against Meta.
func (tg *target) needsEmulator() {
	if tg.emu == nil {
		tg.t.Skip("scripts Meta's behaviour through the emulator's control API")
	}
}

// provider renders the provider block for this target, with extra attributes appended.
func (tg *target) provider(extra ...string) string {
	var b strings.Builder
	b.WriteString("provider \"whatsapp\" {\n  retry_min_wait = \"50ms\"\n  retry_max_wait = \"200ms\"\n")
	if tg.emu != nil {
		fmt.Fprintf(&b, "  base_url = %q\n  access_token = %q\n  business_account_id = %q\n  review_poll_interval = \"100ms\"\n", tg.url, tg.seed.AccessToken, tg.seed.BusinessAccountID)
	} else {
		b.WriteString("  review_poll_interval = \"10s\"\n")
	}
	for _, e := range extra {
		b.WriteString("  " + e + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// client is a Graph client on the target, for out-of-band changes and checks.
func (tg *target) client() *graph.Client {
	base := tg.url
	if tg.emu == nil {
		base = os.Getenv(envBaseURL)
	}
	c, err := graph.New(graph.Config{BaseURL: base, AccessToken: tg.seed.AccessToken, AppSecret: tg.seed.AppSecret, APIVersion: os.Getenv(envAPIVersion), MaxRetries: 2})
	if err != nil {
		tg.t.Fatal(err)
	}
	return c
}

// calls returns the Graph requests the emulator saw whose method and path match.
func (tg *target) calls(method string, pathPattern string) []emulator.RequestRecord {
	re := regexp.MustCompile(pathPattern)
	var out []emulator.RequestRecord
	for _, r := range tg.emu.Requests() {
		if (method == "" || r.Method == method) && re.MatchString(r.Path) {
			out = append(out, r)
		}
	}
	return out
}

// templateName returns a name unique to this run: Meta locks deleted names for four weeks.
func templateName(prefix string) string {
	return strings.ReplaceAll(acctest.RandomWithPrefix("tfacc_"+prefix), "-", "_")
}

// utilityTemplate renders whatsapp_message_template.t, a UTILITY template with a body text.
func utilityTemplate(name, body string, extra ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name     = %q
  language = "en_US"
  category = "UTILITY"
  body = {
    text     = %q
    examples = ["Ana", "A-1042"]
  }
  footer = { text = "Reply STOP to opt out" }
  buttons = [
    { type = "URL", text = "Track order", url = "https://shop.example.com/track/{{1}}", example = "https://shop.example.com/track/A-1042" },
    { type = "QUICK_REPLY", text = "Talk to us" },
  ]
  %s
}
`, name, body, strings.Join(extra, "\n  "))
}
