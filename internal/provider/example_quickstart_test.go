package provider

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// TestAccExampleQuickstart applies examples/quickstart, the README's first example: apply,
// Meta's review, an empty re-plan, destroy.
func TestAccExampleQuickstart(t *testing.T) {
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Hour})
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir(filepath.Join("..", "..", "examples", "quickstart"))
	tg.uniqueTemplateNames(dir)
	out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if !strings.Contains(out, "Apply complete! Resources: 2 added") {
		t.Fatalf("unexpected apply:\n%s", out)
	}
	statuses := cli.mustRun(dir, "output", "-json", "template_status")
	// Meta may decide a utility template at once; the emulator's review takes an hour.
	if pending := strings.Count(statuses, `"PENDING"`); pending != 2 && (tg.emu != nil || pending+strings.Count(statuses, `"APPROVED"`) != 2) {
		t.Fatalf("templates should wait for review: %s", statuses)
	}
	tg.awaitReview(func() bool {
		cli.mustRun(dir, "apply", "-input=false", "-refresh-only", "-auto-approve")
		statuses = cli.mustRun(dir, "output", "-json", "template_status")
		return !strings.Contains(statuses, `"PENDING"`)
	})
	if tg.emu != nil {
		cli.mustRun(dir, "apply", "-input=false", "-refresh-only", "-auto-approve")
		statuses = cli.mustRun(dir, "output", "-json", "template_status")
	}
	if strings.Count(statuses, `"APPROVED"`) != 2 {
		t.Fatalf("templates not approved after review: %s", statuses)
	}
	cli.expectEmptyPlan(dir)
	cli.mustRun(dir, "destroy", "-input=false", "-auto-approve")
	if got := len(tg.calls(http.MethodDelete, `/message_templates$`)); got != 2 {
		t.Fatalf("%d template deletes on destroy, want 2", got)
	}
}
