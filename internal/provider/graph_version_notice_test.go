package provider

import (
	"regexp"
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

// A version Meta retired is served by a newer one, which Meta reports; the plan says so once.
func TestAccServedVersionNotice_retiredPin(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cli := newCLIWorkspace(t, tg)
	cli.setenv(envAPIVersion + "=v17.0") // retired in 2025
	dir := cli.dir("")
	cli.write(dir, "main.tf", `
terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {}

data "whatsapp_business_account" "this" {}
`)
	out := cli.mustRun(dir, "plan", "-input=false")
	if n := strings.Count(out, "Graph API version not served"); n != 1 {
		t.Fatalf("the plan warned %d times, want once:\n%s", n, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(flat, "pinned to Graph API v17.0") || !regexp.MustCompile(`served them with v[0-9]+\.0`).MatchString(flat) || strings.Contains(flat, "served them with v17.0") {
		t.Fatalf("the warning should name the pinned and the served version:\n%s", out)
	}
}
