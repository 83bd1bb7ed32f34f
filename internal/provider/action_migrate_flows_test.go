package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
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
// given (DRAFT, PUBLISHED or DEPRECATED, as Flow Builder would leave them, here through the
// Graph API), and returns their ids by name. When the test ends, the drafts are deleted and the
// published flows deprecated: Meta does not delete a published flow.
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
		ids[name] = id
		tg.t.Cleanup(func() { tg.retireFlow(id) })
		if _, err := c.UploadFlowJSON(ctx, id, doc); err != nil {
			tg.t.Fatal(err)
		}
		if st := statuses[name]; st != graph.FlowStatusDraft {
			err := c.PublishFlow(ctx, id)
			if err == nil && st == graph.FlowStatusDeprecated {
				err = c.DeprecateFlow(ctx, id)
			}
			if err != nil {
				tg.t.Fatalf("making flow %s %s: %v", name, st, err)
			}
		}
	}
	return ids
}

// retireFlow deletes a draft flow, deprecates a published one, and leaves a deprecated or
// deleted one as it is.
func (tg *target) retireFlow(id string) {
	tg.t.Helper()
	c, ctx := tg.client(), context.Background()
	f, err := c.GetFlow(ctx, id)
	switch {
	case graph.IsNotFound(err):
		return
	case err != nil:
		tg.t.Errorf("reading flow %s: %v", id, err)
		return
	}
	switch f.Status {
	case graph.FlowStatusDraft:
		err = c.DeleteFlow(ctx, id)
	case graph.FlowStatusDeprecated:
	default:
		err = c.DeprecateFlow(ctx, id)
	}
	if err != nil && !graph.IsNotFound(err) {
		tg.t.Errorf("retiring flow %s (%s, %s): %v", f.Name, id, f.Status, err)
	}
}

// retireMigratedCopies retires, when the test ends, the flows of dest made since this call: the
// copies the test's migrations made, of its own flows and of whatever else a shared source
// holds, whose names the source has.
func (tg *target) retireMigratedCopies(source, dest string) {
	tg.t.Helper()
	c, ctx := tg.client(), context.Background()
	had := map[string]bool{}
	before, err := c.ListFlows(ctx, dest)
	if err != nil {
		tg.t.Fatal(err)
	}
	for _, f := range before {
		had[f.ID] = true
	}
	tg.t.Cleanup(func() {
		names := map[string]bool{}
		all, err := c.ListFlows(ctx, source)
		if err != nil {
			tg.t.Error(err)
		}
		for _, f := range all {
			names[f.Name] = true
		}
		after, err := c.ListFlows(ctx, dest)
		if err != nil {
			tg.t.Error(err)
		}
		for _, f := range after {
			if !had[f.ID] && names[f.Name] {
				tg.retireFlow(f.ID)
			}
		}
	})
}

// flowsNamedIn lists a WABA's flows as name=status, sorted, for the names given.
func (tg *target) flowsNamedIn(waba string, names ...string) string {
	tg.t.Helper()
	all, err := tg.client().ListFlows(context.Background(), waba)
	if err != nil {
		tg.t.Fatal(err)
	}
	out := make([]string, 0, len(names))
	for _, f := range all {
		if slices.Contains(names, f.Name) {
			out = append(out, f.Name+"="+f.Status)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// flowCount counts a WABA's flows, and the published ones among them as the action counts them.
func (tg *target) flowCount(waba string) (all, published int) {
	tg.t.Helper()
	flows, err := tg.client().ListFlows(context.Background(), waba)
	if err != nil {
		tg.t.Fatal(err)
	}
	for _, f := range flows {
		switch f.Status {
		case graph.FlowStatusPublished, graph.FlowStatusBlocked, graph.FlowStatusThrottled:
			published++
		}
	}
	return len(flows), published
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

// flowMigration is a second account of the business with a published flow, a draft, a deprecated
// one and one whose name the destination already has, all of this run.
type flowMigration struct {
	source, dest string
	// names are this run's names for appointment, leadgen, survey_2024 and support.
	names map[string]string
	// ids are the source's flows, by name.
	ids map[string]string
}

func flowMigrationSource(tg *target) flowMigration {
	tg.t.Helper()
	tg.changesAccount("the flows of two accounts of the business (Meta never deletes a published flow)")
	m := flowMigration{source: tg.secondAccountWithNumber("Old account"), dest: tg.seed.BusinessAccountID, names: map[string]string{}}
	for _, n := range []string{"appointment", "leadgen", "survey_2024", "support"} {
		m.names[n] = flowName(n)
	}
	m.ids = tg.flowsIn(m.source, map[string]string{m.names["appointment"]: "PUBLISHED", m.names["leadgen"]: "DRAFT", m.names["survey_2024"]: "DEPRECATED", m.names["support"]: "DRAFT"})
	tg.flowsIn(m.dest, map[string]string{m.names["support"]: "PUBLISHED"})
	tg.retireMigratedCopies(m.source, m.dest)
	return m
}

// statuses renders name=status for this run's flows, sorted by the names' parts before the run's
// suffix.
func (m flowMigration) statuses(pairs ...string) string {
	out := make([]string, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, m.names[pairs[i]]+"="+pairs[i+1])
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func (m flowMigration) allNames() []string {
	out := make([]string, 0, len(m.names))
	for _, n := range m.names {
		out = append(out, n)
	}
	return out
}

// A trigger copies every flow into the provider's account: published ones published, the others
// as drafts, and the one whose name the destination has is left alone. The source may hold other
// flows: the calls are counted from its flows as Graph lists them.
func TestAccMigrateFlowsAction_trigger(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	m := flowMigrationSource(tg)
	total, _ := tg.flowCount(m.source)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: flowMigrationConfig(tg, fmt.Sprintf("source_business_account_id = %q", m.source)),
			Check: func(*terraform.State) error {
				if got, want := tg.flowsNamedIn(m.dest, m.allNames()...), m.statuses("appointment", "PUBLISHED", "leadgen", "DRAFT", "support", "PUBLISHED", "survey_2024", "DRAFT"); got != want {
					return fmt.Errorf("destination flows %s, want %s", got, want)
				}
				if got, want := tg.flowsNamedIn(m.source, m.allNames()...), m.statuses("appointment", "PUBLISHED", "leadgen", "DRAFT", "support", "DRAFT", "survey_2024", "DEPRECATED"); got != want {
					return fmt.Errorf("the source changed: %s, want %s", got, want)
				}
				calls := tg.calls(http.MethodPost, `/migrate_flows$`)
				if want := (total + graph.FlowMigrationBatch - 1) / graph.FlowMigrationBatch; len(calls) != want {
					return fmt.Errorf("%d migration calls, want %d for %d flows", len(calls), want, total)
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
	client := tg.clientAccount("Client account")
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
	m := flowMigrationSource(tg)
	source, dest := m.source, m.dest
	total, published := tg.flowCount(source)
	missing := flowName("lead_gen")
	appointment, support := m.names["appointment"], m.names["support"]
	names := tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{
		tftypes.NewValue(tftypes.String, appointment), tftypes.NewValue(tftypes.String, support), tftypes.NewValue(tftypes.String, missing),
	})
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_flows", map[string]tftypes.Value{
		"source_business_account_id": tftypes.NewValue(tftypes.String, source),
		"flow_names":                 names,
	}, nil)
	copies := tg.flowsNamed(appointment)
	var copied string
	for _, f := range copies {
		copied = f.ID
	}
	if len(copies) != 1 {
		t.Fatalf("the destination has %d flows named %s, want its copy", len(copies), appointment)
	}
	want := []string{
		"Reading the flows of WhatsApp Business Account " + source,
		fmt.Sprintf("%s has %d flows, %d of them published: their copies are published, the others' are drafts", source, total, published),
		fmt.Sprintf("Call 1 of 1: migrating 3 flows (%s, %s, %s) from %s to %s", appointment, support, missing, source, dest),
		fmt.Sprintf("Call 1 of 1: 1 migrated: %s (%s, now %s)", appointment, m.ids[appointment], copied),
		fmt.Sprintf("Not migrated: %s: Flows Migration Error: Flow with the same name exists in destination WABA. (error 4233041)", support),
		fmt.Sprintf("Not migrated: %s: Flows Migration Error: Flow name not found in source WABA. (error 4233041)", missing),
		fmt.Sprintf("Done: 1 flows migrated from %s to %s, 2 not migrated, in 1 calls.", source, dest),
	}
	if strings.Join(got.messages, "\n") != strings.Join(want, "\n") {
		t.Fatalf("progress:\n%s\nwant:\n%s", strings.Join(got.messages, "\n"), strings.Join(want, "\n"))
	}
	if len(got.diags) != 1 || got.diags[0].Summary != "2 flows were not migrated" ||
		!strings.Contains(got.diags[0].Detail, fmt.Sprintf(`flow_names = [%q, %q]`, support, missing)) || !strings.Contains(got.diags[0].Detail, "- "+support+": Flows Migration Error") {
		t.Fatalf("want one warning about the two refusals, got %s", describeProtoDiags(got.diags))
	}
	if got, want := tg.flowsNamedIn(dest, m.allNames()...), m.statuses("appointment", "PUBLISHED", "support", "PUBLISHED"); got != want {
		t.Fatalf("destination flows %s, want %s", got, want)
	}
}

// A source of more flows than one call takes is migrated in calls of 100 names. The source may
// hold other flows: the calls are counted from its flows as Graph lists them.
func TestAccMigrateFlowsAction_batches(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the flows of two accounts of the business (copies of published flows stay at Meta)")
	source, dest := tg.secondAccount("Old account"), tg.seed.BusinessAccountID
	statuses := map[string]string{}
	prefix := flowName("batch")
	for i := 0; i < 130; i++ {
		statuses[fmt.Sprintf("%s_%03d", prefix, i)] = "DRAFT"
	}
	tg.flowsIn(source, statuses)
	tg.retireMigratedCopies(source, dest)
	total, _ := tg.flowCount(source)
	destBefore, _ := tg.flowCount(dest)
	got := invokeOverProtocol(t, tg, "whatsapp_migrate_flows",
		map[string]tftypes.Value{"source_business_account_id": tftypes.NewValue(tftypes.String, source)}, nil)
	destAfter, _ := tg.flowCount(dest)
	migrated := destAfter - destBefore
	if migrated != total && len(got.diags) != 1 || migrated == total && len(got.diags) != 0 {
		t.Fatalf("%d of %d flows migrated, with diagnostics %s", migrated, total, describeProtoDiags(got.diags))
	}
	var sizes, want []string
	calls := (total + graph.FlowMigrationBatch - 1) / graph.FlowMigrationBatch
	for i := range calls {
		want = append(want, fmt.Sprintf("Call %d of %d: migrating %d", i+1, calls, min(graph.FlowMigrationBatch, total-i*graph.FlowMigrationBatch)))
	}
	for _, m := range got.messages {
		if strings.Contains(m, ": migrating ") {
			sizes = append(sizes, m[:strings.Index(m, " flows (")])
		}
	}
	if strings.Join(sizes, "; ") != strings.Join(want, "; ") {
		t.Fatalf("calls %v, want %v", sizes, want)
	}
	if n := len(tg.calls(http.MethodPost, `/migrate_flows$`)); n != calls {
		t.Fatalf("%d migration calls, want %d", n, calls)
	}
	all, err := tg.client().ListFlows(t.Context(), dest)
	if err != nil {
		t.Fatal(err)
	}
	copies := map[string]int{}
	for _, f := range all {
		copies[f.Name]++
	}
	for name := range statuses {
		if copies[name] != 1 {
			t.Fatalf("the destination has %d flows named %s, want its copy", copies[name], name)
		}
	}
	if last := got.messages[len(got.messages)-1]; last != fmt.Sprintf("Done: %d flows migrated from %s to %s, %d not migrated, in %d calls.", migrated, source, dest, total-migrated, calls) {
		t.Fatalf("last progress %q", last)
	}
}

// Cancelling during a long migration stops it between calls: the call in flight is abandoned,
// the next never starts, and the error says what was migrated.
func TestAccMigrateFlowsAction_cancelled(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta takes 1.5 seconds over each migration call")
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
