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

// approvedTemplates creates UTILITY templates in a WABA out of band, waits for their approval and
// returns their ids by name.
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
	}
	for name, id := range ids {
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			tpl, err := c.GetMessageTemplate(ctx, id)
			if err != nil {
				tg.t.Fatal(err)
			}
			if tpl.Status == "APPROVED" {
				break
			}
			if time.Now().After(deadline) {
				tg.t.Fatalf("template %s is %s", name, tpl.Status)
			}
		}
	}
	return ids
}

// templateNamesIn lists the names of a WABA's templates.
func (tg *target) templateNamesIn(waba string) []string {
	tg.t.Helper()
	all, err := tg.client().ListMessageTemplates(context.Background(), waba, graph.TemplateFilter{})
	if err != nil {
		tg.t.Fatal(err)
	}
	names := make([]string, 0, len(all))
	for _, t := range all {
		names = append(names, t.Name)
	}
	return names
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

// migrationSource is an account of the same business with two eligible templates, a paused one
// and one whose name the destination already has.
func migrationSource(tg *target) (string, map[string]string) {
	tg.t.Helper()
	source := tg.emu.AddWABA("Old account")
	ids := tg.approvedTemplates(source, "order_shipped", "order_late", "paused_one", "welcome")
	tg.approvedTemplates(tg.seed.BusinessAccountID, "welcome")
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "^paused_one$", Status: "PAUSED"}); err != nil {
		tg.t.Fatal(err)
	}
	return source, ids
}

// A trigger migrates every page into the provider's account: the eligible templates move, the
// paused one stays, and the one the destination has already is refused.
func TestAccMigrateTemplatesAction_trigger(t *testing.T) {
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Millisecond})
	tg.needsEmulator() // a second account of the business, and a template paused by Meta
	source, _ := migrationSource(tg)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: migrationConfig(tg, fmt.Sprintf("source_business_account_id = %q\n    page_size = 2", source)),
			Check: func(*terraform.State) error {
				got := strings.Join(tg.templateNamesIn(tg.seed.BusinessAccountID), ",")
				if got != "welcome,order_shipped,order_late" {
					return fmt.Errorf("destination templates %s, want welcome,order_shipped,order_late", got)
				}
				if n := len(tg.calls(http.MethodPost, `/migrate_message_templates$`)); n != 2 {
					return fmt.Errorf("%d migration calls, want 2 (4 templates in pages of 2)", n)
				}
				return nil
			},
		}},
	})
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

// terraform apply -invoke reports what moved, what Meta refused and why, and what was not
// eligible.
func TestAccMigrateTemplatesAction_invokeCLI(t *testing.T) {
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Millisecond})
	tg.needsEmulator() // a second account of the business, and a template paused by Meta
	source, ids := migrationSource(tg)
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	cli.write(dir, "main.tf", cliProviderHeader+fmt.Sprintf(`
action "whatsapp_migrate_message_templates" "move" {
  config {
    source_business_account_id = %q
  }
}
`, source))
	out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve", "-invoke=action.whatsapp_migrate_message_templates.move")
	for _, want := range []string{
		fmt.Sprintf("%s has 4 templates; 3 are eligible", source),
		"Not eligible, so not migrated: paused_one (en_US, status PAUSED)",
		fmt.Sprintf("Call 1 of 1: migrating page 0 (templates 1 to 4 of 4) from %s to %s", source, tg.seed.BusinessAccountID),
		fmt.Sprintf("Call 1 of 1: 2 migrated: order_shipped (en_US, %s), order_late (en_US, %s)", ids["order_shipped"], ids["order_late"]),
		fmt.Sprintf("Not migrated: welcome (en_US, %s): A template named welcome in en_US already exists", ids["welcome"]),
		fmt.Sprintf("Done: 2 templates migrated from %s to %s, 1 not migrated, in 1 calls.", source, tg.seed.BusinessAccountID),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
	}
	if !strings.Contains(squash(out), "1 templates were not migrated") {
		t.Errorf("no warning about the refused template")
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
	tg.needsEmulator()
	source := tg.emu.AddWABA("Empty account")
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_message_templates",
		map[string]tftypes.Value{"source_business_account_id": tftypes.NewValue(tftypes.String, source)}, nil)
	if len(got.diags) != 0 {
		t.Fatalf("want no diagnostics, got %s", describeProtoDiags(got.diags))
	}
	want := []string{
		"Reading the templates of WhatsApp Business Account " + source,
		source + " has 0 templates; 0 are eligible (APPROVED with GREEN or UNKNOWN quality)",
		"Call 1 of 1: migrating page 0 (the source has no templates) from " + source + " to " + tg.seed.BusinessAccountID,
		"Call 1 of 1: 0 migrated",
		"Done: 0 templates migrated from " + source + " to " + tg.seed.BusinessAccountID + ", 0 not migrated, in 1 calls.",
	}
	if strings.Join(got.messages, "\n") != strings.Join(want, "\n") {
		t.Fatalf("progress:\n%s\nwant:\n%s", strings.Join(got.messages, "\n"), strings.Join(want, "\n"))
	}
	if n := len(tg.calls(http.MethodPost, `/migrate_message_templates$`)); n != 1 {
		t.Fatalf("%d migration calls, want 1", n)
	}
	if names := tg.templateNamesIn(tg.seed.BusinessAccountID); len(names) != 0 {
		t.Fatalf("destination has templates %v", names)
	}
}

// Cancelling an invocation (as Terraform does when it stops the provider) during a long
// migration stops it promptly: the page in flight is abandoned, the later ones never start, and
// the error says what was migrated. The test drives the provider's protocol server directly:
// Terraform 1.15.0 answers Ctrl-C during an action by abandoning the action's stream without
// stopping the provider, so the CLI cannot show the provider stopping.
func TestAccMigrateTemplatesAction_cancelled(t *testing.T) {
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Millisecond})
	tg.needsEmulator()
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
