package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// quotaTemplates renders n templates named prefix_<i> whose create may take at most create.
func quotaTemplates(prefix string, n int, create string) string {
	return cliProviderHeader + fmt.Sprintf(`
provider "whatsapp" {
  retry_min_wait = "50ms"
  retry_max_wait = "200ms"
}

resource "whatsapp_message_template" "t" {
  count    = %d
  name     = "%s_${count.index}"
  language = "en_US"
  category = "UTILITY"
  body = {
    text = "Your order number ${count.index} has shipped."
  }
  timeouts = {
    create = %q
  }
}
`, n, prefix, create)
}

// When Meta's business-use-case quota runs out and access returns only after the create timeout,
// the apply stops calling the WABA (calls during a lockout extend it), says when access returns,
// and leaves state consistent: every template Meta created is in state and none is half-made. Once
// the lockout is over, the next apply creates the rest, each exactly once.
func TestAccQuotaExhaustedBeyondDeadline(t *testing.T) {
	const (
		n     = 20
		quota = 200 // Meta's hourly business-use-case quota of a WABA without a registered number
	)
	tg := newTarget(t, emulator.Options{BUCQuotaPerHour: quota, ReviewDelay: time.Hour})
	tg.needsEmulator("the clock")
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	prefix := templateName("quota")
	cli.write(dir, "main.tf", quotaTemplates(prefix, n, "30s"))

	// Leave the apply room for its plan-time calls (made twice: once to plan, once again as
	// each resource is applied) and for about four creates, by using up the rest of the hour's
	// quota with calls of the business's own.
	tg.clearRequests()
	cli.mustRun(dir, "plan", "-input=false")
	planCalls := len(tg.requests())
	tg.emu.Advance(2 * time.Hour)
	burn := tg.client()
	for range quota - (2*planCalls + 8) {
		if _, err := burn.GetWABA(t.Context(), tg.seed.BusinessAccountID); err != nil {
			t.Fatal(err)
		}
	}
	tg.clearRequests()

	start := time.Now()
	out, code := cli.run(dir, "apply", "-input=false", "-auto-approve")
	elapsed := time.Since(start)
	if code == 0 {
		t.Fatalf("the apply should stop on the lockout:\n%s", out)
	}
	msg := squash(out)
	want := regexp.MustCompile(`calls to WhatsApp Business Account ` + tg.seed.BusinessAccountID +
		` are paused \(Meta rate limit, code 80008\) until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) \(in [0-9hms]+\).*run terraform apply again after that time`)
	m := want.FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("the error does not say when access returns:\n%s", out)
	}
	resume, _ := time.Parse(time.RFC3339, m[1])
	if until := time.Until(resume); until < 50*time.Minute || until > 75*time.Minute {
		t.Errorf("access returns at %s, %s from now; want about an hour", m[1], until)
	}
	if elapsed > 25*time.Second {
		t.Errorf("the apply took %s: it should stop at once rather than wait for the lockout", elapsed)
	}

	// After the first refusal, only calls already on their way reached Graph: every later call
	// was refused as part of the same lockout, and there were no more than Terraform's parallelism.
	recs := tg.requests()
	first := -1
	for i, r := range recs {
		if r.Code == graph.CodeBusinessRateLimit {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatalf("the emulator never locked the WABA: %d calls", len(recs))
	}
	after := recs[first:]
	for _, r := range after {
		if r.Code != graph.CodeBusinessRateLimit {
			t.Fatalf("a call went through during the lockout: %+v", r)
		}
	}
	if len(after) > 10 {
		t.Errorf("%d calls reached Graph after the lockout began; the provider should stop calling", len(after))
	}
	t.Logf("quota lockout: %d calls before the lockout, %d refused during it, apply stopped after %s", first, len(after), elapsed.Round(time.Millisecond))

	// State holds exactly the templates Meta created.
	created := createdTemplateNames(t, tg, prefix)
	inState := stateTemplateNames(t, cli, dir, prefix)
	t.Logf("quota lockout: %d of %d templates created before it", len(created), n)
	if len(created) == 0 || len(created) == n || fmt.Sprint(created) != fmt.Sprint(inState) {
		t.Fatalf("Meta holds %v, state %v", created, inState)
	}

	// Once the lockout is over the apply finishes the job without creating anything twice.
	tg.emu.Advance(2 * time.Hour)
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if got := createdTemplateNames(t, tg, prefix); len(got) != n {
		t.Fatalf("after the second apply Meta holds %d templates, want %d", len(got), n)
	}
	creates := 0
	for _, r := range tg.calls(http.MethodPost, `/message_templates$`) {
		if r.Status == http.StatusOK {
			creates++
		}
		if r.Subcode == graph.SubcodeTemplateLanguageExists {
			t.Errorf("a create was repeated: %+v", r)
		}
	}
	if creates != n {
		t.Errorf("%d creates reached Meta, want %d", creates, n)
	}
	tg.emu.Advance(2 * time.Hour)
	cli.expectEmptyPlan(dir)
}

// createdTemplateNames lists, sorted, the names of the emulator's templates with prefix.
func createdTemplateNames(t *testing.T, tg *target, prefix string) map[string]bool {
	t.Helper()
	tg.emu.Advance(2 * time.Hour) // reading must not run into the lockout under test
	all, err := tg.client().ListMessageTemplates(t.Context(), tg.seed.BusinessAccountID, graph.TemplateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, tpl := range all {
		if strings.HasPrefix(tpl.Name, prefix+"_") {
			if names[tpl.Name] {
				t.Fatalf("template %s exists twice", tpl.Name)
			}
			names[tpl.Name] = true
		}
	}
	return names
}

// stateTemplateNames lists the templates in state by the name their index gives them.
func stateTemplateNames(t *testing.T, cli *cliWorkspace, dir, prefix string) map[string]bool {
	t.Helper()
	out := cli.mustRun(dir, "state", "list")
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`whatsapp_message_template\.t\[(\d+)\]`).FindAllStringSubmatch(out, -1) {
		names[prefix+"_"+m[1]] = true
	}
	return names
}
