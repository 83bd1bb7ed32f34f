package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

const templateType = "whatsapp_message_template"

func newFastServer(tb testing.TB, mode FastPaths) *server {
	tb.Helper()
	s, err := NewProtocol6Server("test", mode)()
	if err != nil {
		tb.Fatal(err)
	}
	return s.(*server)
}

func dynamicValue(tb testing.TB, v tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// asConfig turns a template state into the configuration that planned it: Meta's attributes
// and the ones left to their defaults are null.
func asConfig(tb testing.TB, state tftypes.Value, unset ...string) tftypes.Value {
	tb.Helper()
	attrs := rawAttributes(state)
	out := make(map[string]tftypes.Value, len(attrs))
	for name, v := range attrs {
		out[name] = v
	}
	for _, name := range append([]string{"id", "business_account_id", "status", "rejected_reason", "quality_score", "meta_category", "previous_category"}, unset...) {
		out[name] = tftypes.NewValue(attrs[name].Type(), nil)
	}
	return tftypes.NewValue(state.Type(), out)
}

// TestFastPaths_plan plans templates through the protocol server and through the framework
// alone: both answers are the same in every case, and the fast path answers exactly the
// unchanged ones.
func TestFastPaths_plan(t *testing.T) {
	waiting := func(m *messageTemplateModel) { m.WaitForReview = types.BoolValue(true) }
	cases := []struct {
		name     string
		prior    func(*messageTemplateModel)
		proposed func(*messageTemplateModel) // nil: the prior state
		unset    []string                    // attributes the configuration leaves out
		fast     bool
		warning  string
	}{
		{name: "approved and unchanged", fast: true},
		{name: "paused by Meta", prior: func(m *messageTemplateModel) { m.Status = types.StringValue("PAUSED") }, fast: true, warning: "Message template paused by Meta"},
		{name: "recategorised by Meta", prior: func(m *messageTemplateModel) { m.MetaCategory = types.StringValue("MARKETING") }, fast: true, warning: "Meta changed the template's category"},
		{name: "waiting for review, configured", prior: waiting, fast: true},
		{name: "waiting for review, left to its default", prior: waiting, unset: []string{"wait_for_review"}},
		{name: "body changed", proposed: func(m *messageTemplateModel) { m.Body.Text = types.StringValue("Hi {{1}}, order {{2}} is on its way.") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newFastServer(t, FastPathsOn)
			prior := templateState(t, tc.prior).Raw
			proposed := prior
			if tc.proposed != nil {
				proposed = templateState(t, func(m *messageTemplateModel) {
					if tc.prior != nil {
						tc.prior(m)
					}
					tc.proposed(m)
				}).Raw
			}
			req := &tfprotov6.PlanResourceChangeRequest{
				TypeName: templateType, PriorState: dynamicValue(t, prior), ProposedNewState: dynamicValue(t, proposed),
				Config: dynamicValue(t, asConfig(t, proposed, tc.unset...)),
			}
			fast, err := s.PlanResourceChange(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			framework, err := s.ProviderServer.PlanResourceChange(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if err := sameAnswer(s.resources[templateType].typ, fast.PlannedState, framework.PlannedState, fast.Diagnostics, framework.Diagnostics, fast.PlannedPrivate, framework.PlannedPrivate); err != nil {
				t.Fatal(err)
			}
			if got := s.answered.plan.Load() == 1; got != tc.fast {
				t.Fatalf("answered on the fast path: %v, want %v", got, tc.fast)
			}
			var summaries []string
			for _, d := range fast.Diagnostics {
				summaries = append(summaries, d.Summary)
			}
			if tc.warning != "" && (len(summaries) != 1 || summaries[0] != tc.warning) {
				t.Fatalf("diagnostics %q, want the warning %q", summaries, tc.warning)
			}
		})
	}
}

// TestFastPaths_defaultChangesThePlan shows why a default that does not hold sends the plan to
// the framework: removing wait_for_review from the configuration plans it back to false.
func TestFastPaths_defaultChangesThePlan(t *testing.T) {
	s := newFastServer(t, FastPathsOn)
	prior := templateState(t, func(m *messageTemplateModel) { m.WaitForReview = types.BoolValue(true) }).Raw
	resp, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: templateType, PriorState: dynamicValue(t, prior), ProposedNewState: dynamicValue(t, prior),
		Config: dynamicValue(t, asConfig(t, prior, "wait_for_review")),
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	planned, err := resp.PlannedState.Unmarshal(s.resources[templateType].typ)
	if err != nil {
		t.Fatal(err)
	}
	if w := rawAttributes(planned)["wait_for_review"]; !w.Equal(tftypes.NewValue(tftypes.Bool, false)) {
		t.Fatalf("planned wait_for_review = %s, want its default false", w)
	}
}

// templateStateJSON is a stored template state (schema version 0), with an attribute a later
// schema no longer has.
const templateStateJSON = `{"allow_category_change":null,"body":{"add_security_recommendation":null,"examples":["Ana","A-1042"],"named_examples":null,"text":"Hi {{1}}, order {{2}} has shipped."},` +
	`"business_account_id":"102290129340398","buttons":null,"category":"UTILITY","footer":null,"header":null,"id":"1000000000000001","language":"en_US","message_send_ttl_seconds":null,` +
	`"meta_category":"UTILITY","name":"order_update_1","parameter_format":"POSITIONAL","previous_category":null,"quality_score":"GREEN","rejected_reason":"NONE","status":"APPROVED",` +
	`"timeouts":null,"wait_for_review":false,"retired_attribute":"x"}`

func TestFastPaths_upgrade(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version int64
		fast    bool
	}{
		{name: "current version", version: 0, fast: true},
		{name: "unknown later version", version: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newFastServer(t, FastPathsOn)
			req := &tfprotov6.UpgradeResourceStateRequest{TypeName: templateType, Version: tc.version, RawState: &tfprotov6.RawState{JSON: []byte(templateStateJSON)}}
			fast := upgradeBothWays(t, s, req)
			if got := s.answered.upgrade.Load() == 1; got != tc.fast {
				t.Fatalf("answered on the fast path: %v, want %v", got, tc.fast)
			}
			if tc.fast {
				state, err := fast.UpgradedState.Unmarshal(s.resources[templateType].typ)
				if err != nil {
					t.Fatal(err)
				}
				if name, _ := rawString(rawAttributes(state), "name"); name != "order_update_1" {
					t.Fatalf("upgraded state has name %q", name)
				}
			}
		})
	}
}

// upgradeBothWays upgrades state through the server and through the framework alone, checks
// that the answers are the same, and returns the server's.
func upgradeBothWays(t *testing.T, s *server, req *tfprotov6.UpgradeResourceStateRequest) *tfprotov6.UpgradeResourceStateResponse {
	t.Helper()
	fast, err := s.UpgradeResourceState(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	framework, err := s.ProviderServer.UpgradeResourceState(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if err := sameAnswer(s.resources[templateType].typ, fast.UpgradedState, framework.UpgradedState, fast.Diagnostics, framework.Diagnostics, nil, nil); err != nil {
		t.Fatal(err)
	}
	return fast
}

// wrongPlanner reports a warning the resource's ModifyPlan does not.
type wrongPlanner struct{}

func (wrongPlanner) unchangedPlanDiagnostics(tftypes.Value) diag.Diagnostics {
	var d diag.Diagnostics
	d.AddWarning("Not what the framework says", "")
	return d
}

// TestFastPaths_verifyFailsOnADifference shows that verification fails a call whose fast
// answer differs from the framework's.
func TestFastPaths_verifyFailsOnADifference(t *testing.T) {
	s := newFastServer(t, FastPathsVerify)
	s.resources[templateType].planner = wrongPlanner{}
	prior := templateState(t, nil).Raw
	_, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: templateType, PriorState: dynamicValue(t, prior), ProposedNewState: dynamicValue(t, prior), Config: dynamicValue(t, asConfig(t, prior)),
	})
	if err == nil || !strings.Contains(err.Error(), "diagnostics differ") || !strings.Contains(err.Error(), "Not what the framework says") {
		t.Fatalf("got %v, want a diagnostics difference", err)
	}
}

func TestSameAnswer(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String}}
	val := func(s string) *tfprotov6.DynamicValue {
		return dynamicValue(t, tftypes.NewValue(typ, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, s)}))
	}
	warn := []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "w"}}
	private := func(v string) []byte { return []byte(`{"template":"` + v + `"}`) }
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{name: "same", err: sameAnswer(typ, val("x"), val("x"), warn, warn, private("e30="), private("e30="))},
		{name: "both empty private", err: sameAnswer(typ, val("x"), val("x"), nil, nil, nil, []byte{})},
		{name: "state", err: sameAnswer(typ, val("x"), val("y"), nil, nil, nil, nil), want: "state differs"},
		{name: "null state", err: sameAnswer(typ, val("x"), nil, nil, nil, nil, nil), want: "state differs"},
		{name: "diagnostics", err: sameAnswer(typ, val("x"), val("x"), warn, nil, nil, nil), want: "diagnostics differ"},
		{name: "private", err: sameAnswer(typ, val("x"), val("x"), nil, nil, private("e30="), private("eyJhIjoxfQ==")), want: "private state differs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" && tc.err != nil || tc.want != "" && (tc.err == nil || !strings.Contains(tc.err.Error(), tc.want)) {
				t.Fatalf("got %v, want %q", tc.err, tc.want)
			}
		})
	}
}

// The framework's cost and the fast paths' for the two calls a plan makes for every unchanged
// template besides the refresh (benchmarked with make bench, through Terraform).

func BenchmarkPlanUnchangedTemplate(b *testing.B) {
	prior := templateState(b, nil).Raw
	req := &tfprotov6.PlanResourceChangeRequest{
		TypeName: templateType, PriorState: dynamicValue(b, prior), ProposedNewState: dynamicValue(b, prior), Config: dynamicValue(b, asConfig(b, prior)),
	}
	for _, mode := range []FastPaths{FastPathsOff, FastPathsOn} {
		b.Run("fast_paths_"+string(mode), func(b *testing.B) {
			s, err := NewProtocol6Server("test", mode)()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if resp, err := s.PlanResourceChange(context.Background(), req); err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
		})
	}
}

func BenchmarkUpgradeTemplateState(b *testing.B) {
	req := &tfprotov6.UpgradeResourceStateRequest{TypeName: templateType, RawState: &tfprotov6.RawState{JSON: []byte(templateStateJSON)}}
	for _, mode := range []FastPaths{FastPathsOff, FastPathsOn} {
		b.Run("fast_paths_"+string(mode), func(b *testing.B) {
			s, err := NewProtocol6Server("test", mode)()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if resp, err := s.UpgradeResourceState(context.Background(), req); err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
		})
	}
}
