package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// approvedTemplates creates UTILITY templates in a WABA out of band, waits for Meta to approve
// them, and returns their ids by name; they are deleted when the test ends.
func (tg *target) approvedTemplates(waba string, names ...string) map[string]string {
	tg.t.Helper()
	ctx := context.Background()
	c := tg.client()
	ids := map[string]string{}
	for _, name := range names {
		var out struct {
			ID string `json:"id"`
		}
		body := map[string]any{"name": name, "language": "en_US", "category": "UTILITY",
			"components": []any{map[string]any{"type": "BODY", "text": "Order {{1}} has shipped.", "example": map[string]any{"body_text": []any{[]any{"A-1"}}}}}}
		if err := c.Do(ctx, graph.Request{Method: http.MethodPost, Path: waba + "/message_templates", Body: body}, &out); err != nil {
			tg.t.Fatal(err)
		}
		ids[name] = out.ID
		tg.t.Cleanup(func() {
			if err := tg.client().DeleteMessageTemplate(context.Background(), waba, name, out.ID); err != nil && !graph.IsNotFound(err) {
				tg.t.Errorf("deleting template %s of %s: %v", name, waba, err)
			}
		})
	}
	tg.awaitReview(func() bool {
		for name, id := range ids {
			tpl, err := c.GetMessageTemplate(ctx, id)
			if err != nil {
				tg.t.Fatal(err)
			}
			switch tpl.Status {
			case "APPROVED":
			case "PENDING", "IN_APPEAL":
				return false
			default:
				tg.t.Fatalf("Meta did not approve template %s: %s", name, tpl.Status)
			}
		}
		return true
	})
	return ids
}

// templatesIn lists a WABA's templates.
func (tg *target) templatesIn(waba string) []graph.MessageTemplate {
	tg.t.Helper()
	all, err := tg.client().ListMessageTemplates(context.Background(), waba, graph.TemplateFilter{})
	if err != nil {
		tg.t.Fatal(err)
	}
	return all
}

// templateNamesIn lists the names of a WABA's templates.
func (tg *target) templateNamesIn(waba string) []string {
	tg.t.Helper()
	all := tg.templatesIn(waba)
	names := make([]string, 0, len(all))
	for _, t := range all {
		names = append(names, t.Name)
	}
	return names
}

// newTemplatesIn lists the templates of a WABA that are not among before, by id.
func (tg *target) newTemplatesIn(waba string, before []graph.MessageTemplate) []graph.MessageTemplate {
	tg.t.Helper()
	had := map[string]bool{}
	for _, t := range before {
		had[t.ID] = true
	}
	var out []graph.MessageTemplate
	for _, t := range tg.templatesIn(waba) {
		if !had[t.ID] {
			out = append(out, t)
		}
	}
	return out
}

// deleteMigratedCopies deletes, when the test ends, the templates of dest made since this call
// whose names the source has: the copies the test's migrations made, of its own templates and
// of whatever else a shared source holds.
func (tg *target) deleteMigratedCopies(source, dest string) {
	tg.t.Helper()
	before := tg.templatesIn(dest)
	sourceNames := map[string]bool{}
	for _, t := range tg.templatesIn(source) {
		sourceNames[t.Name] = true
	}
	tg.t.Cleanup(func() {
		for _, t := range tg.newTemplatesIn(dest, before) {
			if !sourceNames[t.Name] {
				continue
			}
			if err := tg.client().DeleteMessageTemplate(context.Background(), dest, t.Name, t.ID); err != nil && !graph.IsNotFound(err) {
				tg.t.Errorf("deleting the copy %s (%s) in %s: %v", t.Name, t.ID, dest, err)
			}
		}
	})
}

// migrationEligible counts a WABA's templates Meta migrates: APPROVED with GREEN or UNKNOWN
// quality.
func migrationEligible(all []graph.MessageTemplate) int {
	n := 0
	for _, t := range all {
		if eligibility(t) == "" {
			n++
		}
	}
	return n
}

func migrationConfig(tg *target, attrs string) string {
	return tg.provider() + fmt.Sprintf(`
action "whatsapp_migrate_message_templates" "move" {
  config {
    %s
  }
}

resource "terraform_data" "t" {
  input = "move"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.whatsapp_migrate_message_templates.move]
    }
  }
}
`, attrs)
}

// templateMigration is a second account of the business with two templates of this run, and a
// third whose name the destination has too.
type templateMigration struct {
	source, dest string
	// names are this run's names for order_shipped, order_late and welcome.
	names map[string]string
	// ids are the source's templates of this run, by name.
	ids map[string]string
}

func migrationSource(tg *target) templateMigration {
	tg.t.Helper()
	m := templateMigration{source: tg.secondAccount("Old account"), dest: tg.seed.BusinessAccountID, names: map[string]string{}}
	for _, n := range []string{"order_shipped", "order_late", "welcome"} {
		m.names[n] = templateName(n)
	}
	m.ids = tg.approvedTemplates(m.source, m.names["order_shipped"], m.names["order_late"], m.names["welcome"])
	tg.approvedTemplates(m.dest, m.names["welcome"])
	tg.deleteMigratedCopies(m.source, m.dest)
	return m
}

// namesOf counts the templates of the list by name.
func namesOf(all []graph.MessageTemplate) map[string]int {
	out := map[string]int{}
	for _, t := range all {
		out[t.Name]++
	}
	return out
}

// A trigger migrates every page into the provider's account: this run's templates move, and the
// one the destination has already is refused. The source may hold other templates: the calls
// are counted from its templates as Graph lists them.
func TestAccMigrateTemplatesAction_trigger(t *testing.T) {
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Millisecond})
	m := migrationSource(tg)
	pages := (len(tg.templatesIn(m.source)) + 1) / 2
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: migrationConfig(tg, fmt.Sprintf("source_business_account_id = %q\n    page_size = 2", m.source)),
			Check: func(*terraform.State) error {
				got := namesOf(tg.templatesIn(m.dest))
				for n, name := range m.names {
					if got[name] != 1 {
						return fmt.Errorf("the destination has %d templates named %s (%s), want 1", got[name], name, n)
					}
				}
				if n := len(tg.calls(http.MethodPost, `/migrate_message_templates$`)); n != pages {
					return fmt.Errorf("%d migration calls, want %d (the source's templates in pages of 2)", n, pages)
				}
				return nil
			},
		}},
	})
}

// A template Meta paused is not eligible: the action says so and leaves it in the source.
func TestAccMigrateTemplatesAction_pausedNotEligible(t *testing.T) {
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Millisecond})
	tg.needsEmulator("Meta pauses the template")
	source := tg.secondAccount("Old account")
	ids := tg.approvedTemplates(source, "order_shipped", "paused_one")
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "^paused_one$", Status: "PAUSED"}); err != nil {
		t.Fatal(err)
	}
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_message_templates",
		map[string]tftypes.Value{"source_business_account_id": tftypes.NewValue(tftypes.String, source)}, nil)
	if len(got.diags) != 0 {
		t.Fatalf("want no diagnostics, got %s", describeProtoDiags(got.diags))
	}
	dest := tg.seed.BusinessAccountID
	want := []string{
		"Reading the templates of WhatsApp Business Account " + source,
		source + " has 2 templates; 1 are eligible (APPROVED with GREEN or UNKNOWN quality)",
		"Not eligible, so not migrated: paused_one (en_US, status PAUSED)",
		fmt.Sprintf("Call 1 of 1: migrating page 0 (templates 1 to 2 of 2) from %s to %s", source, dest),
		fmt.Sprintf("Call 1 of 1: 1 migrated: order_shipped (en_US, %s)", ids["order_shipped"]),
		fmt.Sprintf("Done: 1 templates migrated from %s to %s, 0 not migrated, in 1 calls.", source, dest),
	}
	if strings.Join(got.messages, "\n") != strings.Join(want, "\n") {
		t.Fatalf("progress:\n%s\nwant:\n%s", strings.Join(got.messages, "\n"), strings.Join(want, "\n"))
	}
	if names := strings.Join(tg.templateNamesIn(dest), ","); names != "order_shipped" {
		t.Fatalf("destination templates %s, want order_shipped", names)
	}
}

// Plan-time checks: ids, the source as the destination (given, or the provider's default), page
// selection. Nothing reaches Meta.
func TestAccMigrateTemplatesAction_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	own := tg.seed.BusinessAccountID
	before := tg.requestCount()
	step := func(attrs, want string) resource.TestStep {
		return resource.TestStep{Config: migrationConfig(tg, attrs), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`source_business_account_id = "waba-1"`, `Attribute source_business_account_id must be a numeric Graph object id`),
			step(fmt.Sprintf("source_business_account_id = %q\n    destination_business_account_id = %q", "123456789012345", "123456789012345"), `(?s)Source is the destination.*destination_business_account_id`),
			step(fmt.Sprintf("source_business_account_id = %q", own), `(?s)Source is the destination.*provider's business_account_id`),
			step("source_business_account_id = \"123456789012345\"\n    page_number = 1\n    template_ids = [\"1\"]", `(?s)page_number.*template_ids`),
			step("source_business_account_id = \"123456789012345\"\n    page_size = 501", `Attribute page_size value must be between 1 and 500`),
		},
	})
	if n := len(tg.mutationsSince(before)); n != 0 {
		t.Fatalf("invalid configurations reached Meta: %d changes", n)
	}
}

// An account of another business is refused by Meta, with its code.
func TestAccMigrateTemplatesAction_otherBusiness(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	client := tg.clientAccount("Client account")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      migrationConfig(tg, fmt.Sprintf("source_business_account_id = %q", client)),
			ExpectError: wrapped("Graph API error 100", "owned by the same business"),
		}},
	})
}

// terraform apply -invoke reports what moved, and what Meta refused and why. The source may hold
// other templates: the counts come from its templates as Graph lists them, and from the copies
// the destination has afterwards.
func TestAccMigrateTemplatesAction_invokeCLI(t *testing.T) {
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Millisecond})
	m := migrationSource(tg)
	all := tg.templatesIn(m.source)
	destBefore := tg.templatesIn(m.dest)
	eligible := migrationEligible(all)
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	cli.write(dir, "main.tf", cliProviderHeader+fmt.Sprintf(`
action "whatsapp_migrate_message_templates" "move" {
  config {
    source_business_account_id = %q
  }
}
`, m.source))
	out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve", "-invoke=action.whatsapp_migrate_message_templates.move")
	calls := (len(all) + graph.TemplateMigrationPageSize - 1) / graph.TemplateMigrationPageSize
	migrated := len(tg.newTemplatesIn(m.dest, destBefore))
	for _, want := range []string{
		fmt.Sprintf("%s has %d templates; %d are eligible", m.source, len(all), eligible),
		fmt.Sprintf("Call 1 of %d: migrating page 0 (templates 1 to %d of %d) from %s to %s", calls, min(len(all), graph.TemplateMigrationPageSize), len(all), m.source, m.dest),
		fmt.Sprintf("%s (en_US, %s)", m.names["order_shipped"], m.ids[m.names["order_shipped"]]),
		fmt.Sprintf("%s (en_US, %s)", m.names["order_late"], m.ids[m.names["order_late"]]),
		fmt.Sprintf("Not migrated: %s (en_US, %s): A template named %s in en_US already exists", m.names["welcome"], m.ids[m.names["welcome"]], m.names["welcome"]),
		fmt.Sprintf("Done: %d templates migrated from %s to %s, %d not migrated, in %d calls.", migrated, m.source, m.dest, eligible-migrated, calls),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	if !strings.Contains(squash(out), fmt.Sprintf("%d templates were not migrated", eligible-migrated)) {
		t.Errorf("no warning about the refused templates")
	}
	if t.Failed() {
		t.Log(out)
	}
}

// protocolInvocation runs an action through the provider's protocol server, as Terraform does,
// with the provider configured for tg. onProgress sees each progress message and may cancel the
// invocation.
type protocolInvocation struct {
	messages []string
	diags    []*tfprotov6.Diagnostic
}

func invokeOverProtocol(t *testing.T, tg *target, actionType string, attrs map[string]tftypes.Value, onProgress func(msg string, cancel context.CancelFunc)) protocolInvocation {
	t.Helper()
	ctx := context.Background()
	s, err := newServer("test", fastpath.ModeVerify, testQuota)()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	provider := objectOf(t, schemas.Provider.ValueType(), map[string]string{
		"base_url": tg.url, "access_token": tg.seed.AccessToken, "business_account_id": tg.seed.BusinessAccountID,
	})
	if resp, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.15.0", Config: dynamicValue(t, provider)}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal("configuring the provider: ", err, resp.Diagnostics)
	}
	typ := schemas.ActionSchemas[actionType].Schema.ValueType()
	cfg := attributesOf(t, objectOf(t, typ, nil))
	for k, v := range attrs {
		cfg[k] = v
	}
	invokeCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := s.(tfprotov6.ActionServer).InvokeAction(invokeCtx, &tfprotov6.InvokeActionRequest{
		ActionType: actionType, Config: dynamicValue(t, tftypes.NewValue(typ, cfg)),
	})
	if err != nil {
		t.Fatal(err)
	}
	var got protocolInvocation
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			got.messages = append(got.messages, e.Message)
			if onProgress != nil {
				onProgress(e.Message, cancel)
			}
		case tfprotov6.CompletedInvokeActionEventType:
			got.diags = e.Diagnostics
		}
	}
	return got
}

// A source without templates still makes one call, in which Meta checks the two accounts, and
// the action reports that nothing was there to migrate, without an error or a warning.
func TestAccMigrateTemplatesAction_emptySource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	source := tg.emptyAccount("Empty account")
	if names := tg.templateNamesIn(source); len(names) != 0 {
		t.Fatalf("the empty account %s has templates %v", source, names)
	}
	dest := tg.seed.BusinessAccountID
	before := tg.templatesIn(dest)
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_message_templates",
		map[string]tftypes.Value{"source_business_account_id": tftypes.NewValue(tftypes.String, source)}, nil)
	if len(got.diags) != 0 {
		t.Fatalf("want no diagnostics, got %s", describeProtoDiags(got.diags))
	}
	want := []string{
		"Reading the templates of WhatsApp Business Account " + source,
		source + " has 0 templates; 0 are eligible (APPROVED with GREEN or UNKNOWN quality)",
		"Call 1 of 1: migrating page 0 (the source has no templates) from " + source + " to " + dest,
		"Call 1 of 1: 0 migrated",
		"Done: 0 templates migrated from " + source + " to " + dest + ", 0 not migrated, in 1 calls.",
	}
	if strings.Join(got.messages, "\n") != strings.Join(want, "\n") {
		t.Fatalf("progress:\n%s\nwant:\n%s", strings.Join(got.messages, "\n"), strings.Join(want, "\n"))
	}
	if n := len(tg.calls(http.MethodPost, `/migrate_message_templates$`)); n != 1 {
		t.Fatalf("%d migration calls, want 1", n)
	}
	if added := tg.newTemplatesIn(dest, before); len(added) != 0 {
		t.Fatalf("the destination has new templates %+v", added)
	}
}

// Cancelling an invocation (as Terraform does when it stops the provider) during a long
// migration stops it promptly: the page in flight is abandoned, the later ones never start, and
// the error says what was migrated. The test drives the provider's protocol server directly:
// Terraform 1.15.0 answers Ctrl-C during an action by abandoning the action's stream without
// stopping the provider, so the CLI cannot show the provider stopping.
func TestAccMigrateTemplatesAction_cancelled(t *testing.T) {
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Millisecond})
	tg.needsEmulator("Meta takes 1.5 seconds over each migration call")
	source := tg.emu.AddWABA("Old account")
	tg.approvedTemplates(source, "t_one", "t_two", "t_three")
	tg.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: `/migrate_message_templates$`, LatencyMS: 1500})

	var cancelled time.Time
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_message_templates", map[string]tftypes.Value{
		"source_business_account_id": tftypes.NewValue(tftypes.String, source),
		"page_size":                  tftypes.NewValue(tftypes.Number, 1),
	}, func(msg string, cancel context.CancelFunc) {
		if strings.HasPrefix(msg, "Call 1 of 3: 1 migrated") {
			cancel()
			cancelled = time.Now()
		}
	})
	if cancelled.IsZero() {
		t.Fatalf("the first page never finished: %v %v", got.messages, describeProtoDiags(got.diags))
	}
	if took := time.Since(cancelled); took > 500*time.Millisecond {
		t.Errorf("the action took %s to stop after the cancellation", took)
	}
	if len(got.diags) != 1 || got.diags[0].Summary != "Action interrupted" || !strings.Contains(got.diags[0].Detail, "So far: 1 templates migrated from "+source) {
		t.Fatalf("want the interruption and what was done, got %s", describeProtoDiags(got.diags))
	}
	for _, m := range got.messages {
		if strings.HasPrefix(m, "Call 3 of 3") {
			t.Errorf("the third page started after the cancellation: %q", m)
		}
	}
	time.Sleep(2 * time.Second) // a call still running would have finished by now
	if names := tg.templateNamesIn(tg.seed.BusinessAccountID); len(names) != 1 || names[0] != "t_one" {
		t.Fatalf("destination templates %v, want only t_one", names)
	}
	handled := 0
	for _, r := range tg.calls(http.MethodPost, `/migrate_message_templates$`) {
		if r.Status != 0 {
			handled++
		}
	}
	if handled != 1 {
		t.Fatalf("%d migration calls were handled, want 1", handled)
	}
}
