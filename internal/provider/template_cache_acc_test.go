package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// manyTemplates renders n utility templates named <prefix>_<index>.
func manyTemplates(prefix string, n int) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {
  retry_min_wait = "50ms"
  retry_max_wait = "200ms"
}

resource "whatsapp_message_template" "many" {
  count    = %d
  name     = "%s_${count.index}"
  language = "en_US"
  category = "UTILITY"
  body = {
    text     = "Hi {{1}}, your order {{2}} has shipped."
    examples = ["Ana", "A-1042"]
  }
}
`, n, prefix)
}

// TestAccMessageTemplate_refreshReadsTheListing plans 120 templates through the Terraform CLI
// (one plan, one provider process): the refresh reads the WABA's listing once, two pages of 100,
// instead of one GET per template. The next plan, a new process, sees changes made outside
// Terraform, and a template missing from the listing is confirmed gone by id before it leaves
// the state.
func TestAccMessageTemplate_refreshReadsTheListing(t *testing.T) {
	const n = 120
	tg := newTarget(t, emulator.Options{CreationLimitPerHour: 1000})
	tg.slow("creates 120 templates, more than Meta lets an account create in an hour")
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	prefix := templateName("bulk")
	cli.write(dir, "main.tf", manyTemplates(prefix, n))
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if tg.emu == nil {
		t.Cleanup(func() { cli.mustRun(dir, "destroy", "-input=false", "-auto-approve") })
	}

	// The listing pages of the account's templates (on a shared account, more than the test's).
	total, err := tg.client().ListMessageTemplates(context.Background(), tg.seed.BusinessAccountID, graph.TemplateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	pages := (len(total) + templateListPageSize - 1) / templateListPageSize
	tg.clearRequests()
	cli.expectEmptyPlan(dir)
	reqs := tg.requests()
	lists := tg.calls(http.MethodGet, "/message_templates$")
	if len(lists) != pages || len(reqs) != pages {
		t.Fatalf("refresh of %d templates made %d Graph calls, %d of them list pages; want exactly %d list pages and nothing else (bound %d): %+v",
			n, len(reqs), len(lists), pages, pages+5, reqs)
	}
	for _, r := range lists {
		if !strings.Contains(r.Query, "limit=100") || !strings.Contains(r.Query, "components") {
			t.Fatalf("listing query %q does not ask for 100 templates per page with every field", r.Query)
		}
	}

	// Out of band: one template edited, one deleted.
	c := tg.client()
	ctx := context.Background()
	all, err := c.ListMessageTemplates(ctx, tg.seed.BusinessAccountID, graph.TemplateFilter{Name: prefix})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, tpl := range all {
		ids[tpl.Name] = tpl.ID
	}
	edited, deleted := ids[prefix+"_7"], ids[prefix+"_42"]
	// Meta edits a template only once its review has ended.
	tg.awaitReview(func() bool {
		t, err := c.GetMessageTemplate(ctx, edited)
		return err == nil && t.Status != "PENDING"
	})
	current, err := c.GetMessageTemplate(ctx, edited)
	if err != nil {
		t.Fatal(err)
	}
	var m messageTemplateModel
	m.applyRemote(current, nil)
	m.Body.Text = types.StringValue("Hello {{1}}, order {{2}} changed in WhatsApp Manager.")
	if err := c.EditMessageTemplate(ctx, edited, m.content()); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteMessageTemplate(ctx, tg.seed.BusinessAccountID, prefix+"_42", deleted); err != nil {
		t.Fatal(err)
	}

	tg.clearRequests()
	out, code := cli.run(dir, "plan", "-input=false", "-detailed-exitcode")
	if code != 2 {
		t.Fatalf("plan after out-of-band changes exited %d, want 2 (changes):\n%s", code, out)
	}
	for _, want := range []string{
		`whatsapp_message_template.many[7] will be updated in-place`,
		`whatsapp_message_template.many[42] will be created`,
		`Plan: 1 to add, 1 to change, 0 to destroy.`,
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("plan does not show %q:\n%s", want, out)
		}
	}
	if byID := tg.calls(http.MethodGet, "/"+regexp.QuoteMeta(deleted)+"$"); len(byID) != 1 {
		t.Fatalf("want one read by id of the template missing from the listing, got %d", len(byID))
	}
	if got := len(tg.requests()); got > pages+5 {
		t.Fatalf("plan made %d Graph calls, want at most %d", got, pages+5)
	}
}
