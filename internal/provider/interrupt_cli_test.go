package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const interruptConfig = cliProviderHeader + `
provider "whatsapp" {
  retry_min_wait       = %q
  retry_max_wait       = %q
  review_poll_interval = "200ms"
  max_retries          = 10
}

resource "whatsapp_message_template" "t" {
  name            = %q
  language        = "en_US"
  category        = "UTILITY"
  wait_for_review = true
  body = {
    text = "Your order has shipped."
  }
}
`

// Ctrl-C while apply waits for Meta's review returns within two seconds; the template stays in
// state (PENDING, not tainted) and the next plan has nothing to do.
func TestAccInterruptDuringReviewWait(t *testing.T) {
	// Meta's review takes longer than the test; the emulators review templates named so for an
	// hour (the standalone one by its seed file's review rule).
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Hour})
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	name := templateName("slowreview_interrupt")
	cli.write(dir, "main.tf", fmt.Sprintf(interruptConfig, "50ms", "200ms", name))

	// Interrupt once the template exists and apply has polled its review a few times.
	out, took := cli.interruptApply(dir, func() bool {
		return len(tg.calls(http.MethodPost, `/message_templates$`)) == 1 && len(tg.calls(http.MethodGet, `^/v[0-9.]+/[0-9]+$`)) >= 3
	})
	t.Logf("Ctrl-C during the review wait: terraform exited %s after the signal", took.Round(time.Millisecond))
	if took > 2*time.Second {
		t.Errorf("terraform took %s to stop after Ctrl-C, want under 2s:\n%s", took, out)
	}
	state := cli.mustRun(dir, "state", "show", "whatsapp_message_template.t")
	if !strings.Contains(state, `status`) || !strings.Contains(state, `"PENDING"`) || strings.Contains(state, "tainted") {
		t.Fatalf("want the template in state, PENDING and not tainted:\n%s\n\napply output:\n%s", state, out)
	}
	cli.expectEmptyPlan(dir)
	if n := len(tg.calls(http.MethodPost, `/message_templates$`)); n != 1 {
		t.Errorf("%d creates reached Meta, want 1", n)
	}
}

// Ctrl-C while a create waits out a rate limit returns within two seconds; nothing was created,
// nothing is in state, and the next plan creates the template.
func TestAccInterruptDuringRetryBackoff(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a fault in Meta's answers")
	tg.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: `/message_templates$`, Code: 80007, Subcode: 2446079})
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	name := templateName("interrupt_backoff")
	cli.write(dir, "main.tf", fmt.Sprintf(interruptConfig, "20s", "40s", name))

	out, took := cli.interruptApply(dir, func() bool {
		return len(tg.calls(http.MethodPost, `/message_templates$`)) == 1
	})
	t.Logf("Ctrl-C during a retry backoff: terraform exited %s after the signal", took.Round(time.Millisecond))
	if took > 2*time.Second {
		t.Errorf("terraform took %s to stop after Ctrl-C, want under 2s:\n%s", took, out)
	}
	if !strings.Contains(squash(out), "interrupted while calls to WhatsApp Business Account") {
		t.Errorf("the error should say the wait for the throttled account was interrupted:\n%s", out)
	}
	if list, _ := cli.run(dir, "state", "list"); strings.Contains(list, "whatsapp_message_template.t") {
		t.Fatalf("a refused create left the template in state:\n%s", list)
	}
	if n := len(tg.calls(http.MethodPost, `/message_templates$`)); n != 1 {
		t.Errorf("%d creates reached Meta during the backoff, want 1", n)
	}
	tg.emu.ClearFaults()
	out, code := cli.run(dir, "plan", "-input=false", "-detailed-exitcode")
	if code != 2 || !strings.Contains(out, "1 to add") {
		t.Fatalf("want the next plan to create the template, exit %d:\n%s", code, out)
	}
}
