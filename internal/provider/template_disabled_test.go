package provider

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// TestAccMessageTemplate_disabledLeftAtMeta: Meta refuses to delete a DISABLED template. A
// replacement of one (a new name) and a destroy both say so at plan time, succeed, and leave it
// at Meta, disabled, without a delete call; the new template is deleted as usual.
func TestAccMessageTemplate_disabledLeftAtMeta(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta's review outcome")
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	config := func(name string) string {
		return `terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {}

resource "whatsapp_message_template" "this" {
  name     = "` + name + `"
  language = "en_US"
  category = "UTILITY"
  body     = { text = "Your order has shipped." }
}
`
	}
	cli.write(dir, "main.tf", config("disabled_old"))
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if n, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "^disabled_old$", Status: "DISABLED"}); err != nil || n != 1 {
		t.Fatalf("disabling the template: %d changed, %v", n, err)
	}
	const warning = "Meta does not delete disabled templates"
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }

	cli.write(dir, "main.tf", config("disabled_new"))
	out := cli.mustRun(dir, "plan", "-input=false")
	if !strings.Contains(out, warning) || !strings.Contains(flat(out), "removes it from the Terraform state only") {
		t.Fatalf("the replacement's plan does not explain what happens to the disabled template:\n%s", out)
	}
	tg.clearRequests()
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if n := len(tg.calls(http.MethodDelete, "")); n != 0 {
		t.Fatalf("the replacement sent %d deletes; Meta refuses to delete a disabled template", n)
	}
	old := tg.templatesNamed("disabled_old")
	if len(old) != 1 || old[0].Status != graph.TemplateStatusDisabled {
		t.Fatalf("the disabled template should still be at Meta: %+v", old)
	}
	if len(tg.templatesNamed("disabled_new")) != 1 {
		t.Fatal("the replacement was not created")
	}

	if n, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "^disabled_new$", Status: "DISABLED"}); err != nil || n != 1 {
		t.Fatalf("disabling the new template: %d changed, %v", n, err)
	}
	if out := cli.mustRun(dir, "plan", "-destroy", "-input=false"); !strings.Contains(out, warning) {
		t.Fatalf("the destroy plan does not warn about the disabled template:\n%s", out)
	}
	tg.clearRequests()
	out = cli.mustRun(dir, "destroy", "-input=false", "-auto-approve")
	if !strings.Contains(out, "Disabled template left at Meta") || !strings.Contains(out, "Destroy complete! Resources: 1 destroyed.") {
		t.Fatalf("destroy should succeed and say the template stays at Meta:\n%s", out)
	}
	if n := len(tg.calls(http.MethodDelete, "")); n != 0 {
		t.Fatalf("destroy sent %d deletes", n)
	}
	if got := tg.templatesNamed("disabled_new"); len(got) != 1 || got[0].Status != graph.TemplateStatusDisabled {
		t.Fatalf("the disabled template should still be at Meta: %+v", got)
	}
	if state := cli.mustRun(dir, "state", "list"); strings.TrimSpace(state) != "" {
		t.Fatalf("state should be empty after destroy:\n%s", state)
	}
}

// templatesNamed lists the templates of the seeded account with exactly this name.
func (tg *target) templatesNamed(name string) []graph.MessageTemplate {
	tg.t.Helper()
	all, err := tg.client().ListMessageTemplates(context.Background(), tg.seed.BusinessAccountID, graph.TemplateFilter{Name: name})
	if err != nil {
		tg.t.Fatal(err)
	}
	var named []graph.MessageTemplate
	for _, t := range all {
		if t.Name == name {
			named = append(named, t)
		}
	}
	return named
}
