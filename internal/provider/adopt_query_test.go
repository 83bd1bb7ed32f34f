package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// TestAccAdoptExistingAccountWithQuery runs examples/adopt-existing-account/query, the adoption
// guide's route for Terraform 1.14 and later, on an account made out of band: 200 templates in
// three languages and every review outcome, three numbers with their settings, QR codes, flows,
// assigned users and the webhook subscription. One `terraform query` writes the configuration;
// the plan is only imports, the apply sends no write to Meta, and the next plan is empty.
func TestAccAdoptExistingAccountWithQuery(t *testing.T) {
	skipBelowCLI(t, 1, 14)
	tg := newTarget(t, emulator.Options{})
	const templates = 200
	seedManagerTemplates(t, tg, templates)
	uk, _ := seedListPhones(t, tg)
	seedListQRCodes(t, tg, uk)
	seedListFlows(t, tg, "")
	seedListUsers(t, tg)
	seedListSettings(t, tg, uk)
	seedListSchedules(t, tg)
	want := map[string]int{ // resources per type
		"whatsapp_message_template":               templates,
		"whatsapp_phone_number":                   3,
		"whatsapp_flow":                           3,
		"whatsapp_qr_code":                        3,
		"whatsapp_business_account":               1,
		"whatsapp_business_account_assigned_user": 3,
		"whatsapp_business_profile":               3,
		"whatsapp_commerce_settings":              3,
		"whatsapp_conversational_automation":      3,
		"whatsapp_phone_number_webhook":           1,
		"whatsapp_webhook_subscription":           1,
		"whatsapp_business_account_schedule":      2,
	}
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir(filepath.Join("..", "..", "examples", "adopt-existing-account", "query"))
	seq := tg.requestCount()
	out := cli.mustRun(dir, "query", "-no-color", "-generate-config-out=generated.tf")
	raw, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	generated, total := string(raw), 0
	for typ, n := range want {
		total += n
		if got := len(regexp.MustCompile(`(?m)^list\.`+typ+`\.\w+\s`).FindAllString(out, -1)); got != n {
			t.Errorf("query listed %d %s, want %d", got, typ, n)
		}
		if got := strings.Count(generated, fmt.Sprintf("resource %q", typ)); got != n {
			t.Errorf("generated %d %s resources, want %d", got, typ, n)
		}
	}
	if got := strings.Count(generated, "import {"); got != total {
		t.Errorf("generated %d import blocks, want %d", got, total)
	}
	if secret := regexp.MustCompile(`(?m)^\s*(pin_wo|verification_code_wo|verify_token_wo)\s+=\s+[^n].*$`).FindString(generated); secret != "" {
		t.Errorf("generated configuration sets a write-only secret: %s", secret)
	}
	if t.Failed() {
		t.Fatalf("query:\n%s", out)
	}
	out = cli.mustRun(dir, "plan", "-input=false")
	if !strings.Contains(out, fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", total)) {
		t.Fatalf("plan of the generated configuration is not a pure import:\n%s", out)
	}
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	cli.expectEmptyPlan(dir)
	if writes := tg.mutationsSince(seq); len(writes) != 0 {
		t.Fatalf("adopting sent %d writes to Graph, first %s %s; it must only read", len(writes), writes[0].Method, writes[0].Path)
	}
	state := cli.mustRun(dir, "state", "list")
	for typ, n := range want {
		if got := strings.Count(state, typ+"."); got != n {
			t.Errorf("state holds %d %s, want %d", got, typ, n)
		}
	}
}
