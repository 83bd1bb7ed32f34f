package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// TestAccServedVersionNotice: once Meta retires the pinned version it serves calls with the
// oldest version still available and names it in the facebook-api-version header. A plan with
// several objects to refresh warns about it once, naming both versions; while the pinned
// version serves, nothing is said.
func TestAccServedVersionNotice(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("the clock")
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	cli.write(dir, "main.tf", `
terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {}

data "whatsapp_business_account" "this" {}

resource "whatsapp_message_template" "a" {
  name     = "served_version_a"
  language = "en_US"
  category = "UTILITY"
  body     = { text = "Your order has shipped." }
}

resource "whatsapp_message_template" "b" {
  name     = "served_version_b"
  language = "en_US"
  category = "UTILITY"
  body     = { text = "Your order has arrived." }
}
`)
	const summary = "Graph API version not served"
	if out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve"); strings.Contains(out, summary) {
		t.Fatalf("warned while the pinned version serves:\n%s", out)
	}
	// v23.0 is available until two years after v24.0's release (2025-10-08).
	tg.emu.Advance(time.Until(time.Date(2027, 10, 9, 0, 0, 0, 0, time.UTC)))
	out := cli.mustRun(dir, "plan", "-input=false")
	if n := strings.Count(out, summary); n != 1 {
		t.Fatalf("the plan warned %d times, want once:\n%s", n, out)
	}
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, "pinned to Graph API v23.0") || !strings.Contains(flat, "served them with v24.0") {
		t.Fatalf("the warning should name the pinned and the served version:\n%s", out)
	}
}
