package provider

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// TestAccExampleSupportLine applies examples/support-line, the infra-repo example `make demo`
// runs, so it never rots: apply, Meta's review, an empty re-plan, destroy.
func TestAccExampleSupportLine(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's profile, automation, commerce settings, calling and webhook override, and the app's webhooks")
	cli := newCLIWorkspace(t, tg)
	const token = "support-line-verify"
	cli.setenv(
		"TF_VAR_phone_number_id="+tg.seed.PhoneNumberID,
		"TF_VAR_webhook_verify_token="+token,
		"TF_VAR_webhook_callback_url="+tg.webhookSink(token),
	)
	dir := cli.dir(filepath.Join("..", "..", "examples", "support-line"))
	tg.uniqueTemplateNamesOf(dir, "templates.tf", "name     = name")
	out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if !strings.Contains(out, "Apply complete! Resources: 15 added") {
		t.Fatalf("unexpected apply:\n%s", out)
	}
	settings, err := tg.client().GetPhoneSettings(context.Background(), tg.seed.PhoneNumberID)
	if err != nil {
		t.Fatal(err)
	}
	if c := settings.Calling; c == nil || c.Status != "ENABLED" || c.CallHours == nil || len(c.CallHours.WeeklyOperatingHours) != 7 || c.CallHours.TimezoneID != "Europe/Berlin" {
		t.Fatalf("the support line's calling at Meta: %s", settings.Raw)
	}
	if got := len(tg.calls(http.MethodPost, `/message_templates$`)); got != 9 {
		t.Fatalf("%d templates submitted, want 3 templates x 3 languages", got)
	}
	var statuses string
	reviewed := func() bool {
		cli.mustRun(dir, "apply", "-input=false", "-refresh-only", "-auto-approve")
		statuses = cli.mustRun(dir, "output", "-json", "template_status")
		return !strings.Contains(statuses, `"PENDING"`)
	}
	if tg.emu != nil {
		time.Sleep(time.Second) // the emulator's review delay
		reviewed()
	} else {
		tg.awaitReview(reviewed)
	}
	if strings.Count(statuses, `"APPROVED"`) != 9 {
		t.Fatalf("templates not approved after review: %s", statuses)
	}
	cli.expectEmptyPlan(dir)
	cli.mustRun(dir, "destroy", "-input=false", "-auto-approve")
	if got := len(tg.calls(http.MethodDelete, `/message_templates$`)); got != 9 {
		t.Fatalf("%d template deletes on destroy, want 9", got)
	}
}
