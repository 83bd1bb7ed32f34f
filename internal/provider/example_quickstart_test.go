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
	tg.needsEmulator()
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir(filepath.Join("..", "..", "examples", "quickstart"))
	out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if !strings.Contains(out, "Apply complete! Resources: 2 added") {
		t.Fatalf("unexpected apply:\n%s", out)
	}
	if statuses := cli.mustRun(dir, "output", "-json", "template_status"); strings.Count(statuses, `"PENDING"`) != 2 {
		t.Fatalf("templates should wait for review: %s", statuses)
	}
	tg.emu.Advance(2 * time.Hour)
	cli.mustRun(dir, "apply", "-input=false", "-refresh-only", "-auto-approve")
	if statuses := cli.mustRun(dir, "output", "-json", "template_status"); strings.Count(statuses, `"APPROVED"`) != 2 {
		t.Fatalf("templates not approved after review: %s", statuses)
	}
	cli.expectEmptyPlan(dir)
	cli.mustRun(dir, "destroy", "-input=false", "-auto-approve")
	if got := len(tg.calls(http.MethodDelete, `/message_templates$`)); got != 2 {
		t.Fatalf("%d template deletes on destroy, want 2", got)
	}
}
