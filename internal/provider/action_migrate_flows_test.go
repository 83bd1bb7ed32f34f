package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// flowsIn makes flows in a WABA out of band, each with the example Flow JSON and the status
// given (DRAFT, PUBLISHED or DEPRECATED, as Flow Builder would leave them), and returns their ids
// by name.
func (tg *target) flowsIn(waba string, statuses map[string]string) map[string]string {
	tg.t.Helper()
	c, ctx := tg.client(), context.Background()
	doc := []byte(exampleFlowJSON(tg.t))
	names := make([]string, 0, len(statuses))
	for name := range statuses {
		names = append(names, name)
	}
	sort.Strings(names)
	ids := map[string]string{}
	for _, name := range names {
		id, err := c.CreateFlow(ctx, waba, graph.NewFlow{Name: name, Categories: []string{"APPOINTMENT_BOOKING"}, EndpointURI: "https://example.com/flows/" + name})
		if err != nil {
			tg.t.Fatal(err)
		}
		if _, err := c.UploadFlowJSON(ctx, id, doc); err != nil {
			tg.t.Fatal(err)
		}
		if st := statuses[name]; st != graph.FlowStatusDraft {
			if err := tg.emu.SetFlowStatus(id, st); err != nil {
				tg.t.Fatal(err)
			}
		}
		ids[name] = id
	}
	return ids
}

// flowStatusesIn lists a WABA's flows as name=status, sorted.
func (tg *target) flowStatusesIn(waba string) string {
	tg.t.Helper()
	all, err := tg.client().ListFlows(context.Background(), waba)
	if err != nil {
		tg.t.Fatal(err)
	}
	out := make([]string, 0, len(all))
	for _, f := range all {
		out = append(out, f.Name+"="+f.Status)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func flowMigrationConfig(tg *target, attrs string) string {
	return tg.provider() + fmt.Sprintf(`
action "whatsapp_migrate_flows" "move" {
  config {
    %s
  }
}

resource "terraform_data" "t" {
  input = "move"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.whatsapp_migrate_flows.move]
    }
  }
}
`, attrs)
}

// flowMigrationSource is an account of the same business with a published flow, a draft, a
// deprecated one and one whose name the destination already has.
func flowMigrationSource(tg *target) (string, map[string]string) {
	tg.t.Helper()
	source := tg.emu.AddWABA("Old account")
	ids := tg.flowsIn(source, map[string]string{"appointment": "PUBLISHED", "leadgen": "DRAFT", "survey_2024": "DEPRECATED", "support": "DRAFT"})
	tg.flowsIn(tg.seed.BusinessAccountID, map[string]string{"support": "PUBLISHED"})
	return source, ids
}

// A trigger copies every flow into the provider's account: published ones published, the others
// as drafts, and the one whose name the destination has is left alone.
func TestAccMigrateFlowsAction_trigger(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	source, _ := flowMigrationSource(tg)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: flowMigrationConfig(tg, fmt.Sprintf("source_business_account_id = %q", source)),
			Check: func(*terraform.State) error {
				if got, want := tg.flowStatusesIn(tg.seed.BusinessAccountID), "appointment=PUBLISHED,leadgen=DRAFT,support=PUBLISHED,survey_2024=DRAFT"; got != want {
					return fmt.Errorf("destination flows %s, want %s", got, want)
				}
				if got := tg.flowStatusesIn(source); got != "appointment=PUBLISHED,leadgen=DRAFT,support=DRAFT,survey_2024=DEPRECATED" {
					return fmt.Errorf("the source changed: %s", got)
				}
				calls := tg.calls(http.MethodPost, `/migrate_flows$`)
				if len(calls) != 1 {
					return fmt.Errorf("%d migration calls, want 1", len(calls))
				}
				return nil
			},
		}},
	})
}

// Plan-time checks: ids, the source as the destination (given, or the provider's default), flow
// names. Nothing reaches Meta.
func TestAccMigrateFlowsAction_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	own := tg.seed.BusinessAccountID
	before := tg.requestCount()
	step := func(attrs, want string) resource.TestStep {
		return resource.TestStep{Config: flowMigrationConfig(tg, attrs), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`source_business_account_id = "waba-1"`, `Attribute source_business_account_id must be a numeric Graph object id`),
			step("source_business_account_id = \"123456789012345\"\n    destination_business_account_id = \"old\"", `Attribute destination_business_account_id must be a numeric Graph object id`),
			step(fmt.Sprintf("source_business_account_id = %q\n    destination_business_account_id = %q", "123456789012345", "123456789012345"), `(?s)Source is the destination.*destination_business_account_id.*clone_flow_id`),
			step(fmt.Sprintf("source_business_account_id = %q", own), `(?s)Source is the destination.*provider's business_account_id`),
			step("source_business_account_id = \"123456789012345\"\n    flow_names = []", `(?s)flow_names.*list must contain at least 1 elements`),
			step("source_business_account_id = \"123456789012345\"\n    flow_names = [\"a\", \"a\"]", `(?s)Duplicate List Value.*flow_names = \["a", "a"\].*duplicate values of: "a"`),
			step("source_business_account_id = \"123456789012345\"\n    flow_names = [\"a\", \" \"]", `(?s)flow_names\[1\].*must not be empty or blank`),
		},
	})
	if n := len(tg.mutationsSince(before)); n != 0 {
		t.Fatalf("invalid configurations reached Meta: %d changes", n)
	}
}

// An account of another business is refused by Meta, with its code and what to check.
func TestAccMigrateFlowsAction_otherBusiness(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	client := tg.emu.AddClientWABA("Client account")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      flowMigrationConfig(tg, fmt.Sprintf("source_business_account_id = %q", client)),
			ExpectError: wrapped("Graph API error 100", "owned by the same Meta business", "owned by the same business, and at most 100 a call"),
		}},
	})
}

// Over the protocol: the progress names every copy with its new id and every refusal with
// Meta's reason, and the refusals come back as one warning that says how to retry.
func TestAccMigrateFlowsAction_reportsRefusals(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	source, ids := flowMigrationSource(tg)
	dest := tg.seed.BusinessAccountID
	names := tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{
		tftypes.NewValue(tftypes.String, "appointment"), tftypes.NewValue(tftypes.String, "support"), tftypes.NewValue(tftypes.String, "lead_gen"),
	})
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_flows", map[string]tftypes.Value{
		"source_business_account_id": tftypes.NewValue(tftypes.String, source),
		"flow_names":                 names,
	}, nil)
	var copied string
	for _, f := range tg.emu.FlowsOf(dest) {
		if f.Name == "appointment" {
			copied = f.ID
		}
	}
	want := []string{
		"Reading the flows of WhatsApp Business Account " + source,
		source + " has 4 flows, 1 of them published: their copies are published, the others' are drafts",
		fmt.Sprintf("Call 1 of 1: migrating 3 flows (appointment, support, lead_gen) from %s to %s", source, dest),
		fmt.Sprintf("Call 1 of 1: 1 migrated: appointment (%s, now %s)", ids["appointment"], copied),
		"Not migrated: support: Flows Migration Error: Flow with the same name exists in destination WABA. (error 4233041)",
		"Not migrated: lead_gen: Flows Migration Error: Flow name not found in source WABA. (error 4233041)",
		fmt.Sprintf("Done: 1 flows migrated from %s to %s, 2 not migrated, in 1 calls.", source, dest),
	}
	if strings.Join(got.messages, "\n") != strings.Join(want, "\n") {
		t.Fatalf("progress:\n%s\nwant:\n%s", strings.Join(got.messages, "\n"), strings.Join(want, "\n"))
	}
	if len(got.diags) != 1 || got.diags[0].Summary != "2 flows were not migrated" ||
		!strings.Contains(got.diags[0].Detail, `flow_names = ["support", "lead_gen"]`) || !strings.Contains(got.diags[0].Detail, "- support: Flows Migration Error") {
		t.Fatalf("want one warning about the two refusals, got %s", describeProtoDiags(got.diags))
	}
	if d := tg.emu.FlowsOf(dest); len(d) != 2 {
		t.Fatalf("destination flows %+v", d)
	}
}

// A source of more flows than one call takes is migrated in calls of 100 names.
func TestAccMigrateFlowsAction_batches(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	source := tg.emu.AddWABA("Old account")
	statuses := map[string]string{}
	for i := 0; i < 130; i++ {
		statuses[fmt.Sprintf("flow_%03d", i)] = "DRAFT"
	}
	tg.flowsIn(source, statuses)
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_flows",
		map[string]tftypes.Value{"source_business_account_id": tftypes.NewValue(tftypes.String, source)}, nil)
	if len(got.diags) != 0 {
		t.Fatalf("want no diagnostics, got %s", describeProtoDiags(got.diags))
	}
	calls := tg.calls(http.MethodPost, `/migrate_flows$`)
	if len(calls) != 2 {
		t.Fatalf("%d migration calls, want 2", len(calls))
	}
	var sizes []string
	for _, m := range got.messages {
		if strings.Contains(m, ": migrating ") {
			sizes = append(sizes, m[:strings.Index(m, " flows (")])
		}
	}
	if strings.Join(sizes, "; ") != "Call 1 of 2: migrating 100; Call 2 of 2: migrating 30" {
		t.Fatalf("calls %v, want 100 names then 30", sizes)
	}
	if n := len(tg.emu.FlowsOf(tg.seed.BusinessAccountID)); n != 130 {
		t.Fatalf("destination has %d flows, want 130", n)
	}
	if last := got.messages[len(got.messages)-1]; last != fmt.Sprintf("Done: 130 flows migrated from %s to %s, 0 not migrated, in 2 calls.", source, tg.seed.BusinessAccountID) {
		t.Fatalf("last progress %q", last)
	}
}

// Cancelling during a long migration stops it between calls: the call in flight is abandoned,
// the next never starts, and the error says what was migrated.
func TestAccMigrateFlowsAction_cancelled(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	source := tg.emu.AddWABA("Old account")
	statuses := map[string]string{}
	for i := 0; i < 250; i++ {
		statuses[fmt.Sprintf("flow_%03d", i)] = "DRAFT"
	}
	tg.flowsIn(source, statuses)
	tg.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: `/migrate_flows$`, LatencyMS: 1500})

	var cancelled time.Time
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_flows", map[string]tftypes.Value{
		"source_business_account_id": tftypes.NewValue(tftypes.String, source),
	}, func(msg string, cancel context.CancelFunc) {
		if strings.HasPrefix(msg, "Call 1 of 3: 100 migrated") {
			cancel()
			cancelled = time.Now()
		}
	})
	if cancelled.IsZero() {
		t.Fatalf("the first call never finished: %v %v", got.messages, describeProtoDiags(got.diags))
	}
	if took := time.Since(cancelled); took > 500*time.Millisecond {
		t.Errorf("the action took %s to stop after the cancellation", took)
	}
	if len(got.diags) != 1 || got.diags[0].Summary != "Action interrupted" || !strings.Contains(got.diags[0].Detail, "So far: 100 flows migrated from "+source) {
		t.Fatalf("want the interruption and what was done, got %s", describeProtoDiags(got.diags))
	}
	for _, m := range got.messages {
		if strings.HasPrefix(m, "Call 3 of 3") {
			t.Errorf("the third call started after the cancellation: %q", m)
		}
	}
	time.Sleep(2 * time.Second) // a call still running would have finished by now
	if n := len(tg.emu.FlowsOf(tg.seed.BusinessAccountID)); n != 100 {
		t.Fatalf("destination has %d flows, want the first call's 100", n)
	}
}
