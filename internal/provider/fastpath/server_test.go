package fastpath_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

var ctx = context.Background()

// types of the test resources' state and identity, as the framework declares them.
func stateType(t *testing.T, s tfprotov6.ProviderServer, typeName string) tftypes.Type {
	t.Helper()
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || schemas.ResourceSchemas[typeName] == nil {
		t.Fatal(err, "no schema of ", typeName)
	}
	return schemas.ResourceSchemas[typeName].ValueType()
}

func identityType(t *testing.T, s tfprotov6.ProviderServer, typeName string) tftypes.Type {
	t.Helper()
	schemas, err := s.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || schemas.IdentitySchemas[typeName] == nil {
		t.Fatal(err, "no identity schema of ", typeName)
	}
	return schemas.IdentitySchemas[typeName].ValueType()
}

func dynamic(t *testing.T, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// noteValue is a note's state (or configuration) value; a nil pointer is null.
func noteValue(typ tftypes.Type, id, text, status *string, pinned *bool) tftypes.Value {
	return noteConfig(typ, id, text, status, pinned, nil)
}

// noteConfig is noteValue with the write-only attachment, which only a configuration holds.
func noteConfig(typ tftypes.Type, id, text, status *string, pinned *bool, attachment *string) tftypes.Value {
	return tftypes.NewValue(typ, map[string]tftypes.Value{
		"id": tftypes.NewValue(tftypes.String, id), "text": tftypes.NewValue(tftypes.String, text),
		"status": tftypes.NewValue(tftypes.String, status), "pinned": tftypes.NewValue(tftypes.Bool, pinned),
		"attachment": tftypes.NewValue(tftypes.String, attachment),
	})
}

func ptr[T any](v T) *T { return &v }

func attribute(t *testing.T, typ tftypes.Type, dv *tfprotov6.DynamicValue, name string) tftypes.Value {
	t.Helper()
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	return attrs[name]
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]fastpath.Mode{"": fastpath.ModeOn, "on": fastpath.ModeOn, "off": fastpath.ModeOff, "verify": fastpath.ModeVerify} {
		if got, err := fastpath.ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := fastpath.ParseMode("fast"); err == nil || !strings.Contains(err.Error(), `not "fast"`) {
		t.Errorf("ParseMode(fast) = %v, want an error naming the value", err)
	}
}

func TestModeOffIsTheFramework(t *testing.T) {
	framework, err := providerserver.NewProtocol6WithError(&testProvider{})()
	if err != nil {
		t.Fatal(err)
	}
	s, err := fastpath.New(ctx, framework, fastpath.Config{Provider: &testProvider{}, Mode: fastpath.ModeOff})
	if err != nil || s != framework {
		t.Fatalf("ModeOff returned %T (%v), want the framework's server", s, err)
	}
}

// TestPlan plans notes with fast paths verified: each fast answer is the framework's, and
// exactly the unchanged notes whose defaults hold are answered fast.
func TestPlan(t *testing.T) {
	for _, tc := range []struct {
		name          string
		prior, config tftypes.Value
		proposedText  string
		fast          bool
		warning       string
	}{
		{name: "unchanged", fast: true},
		{name: "paused remotely", fast: true, warning: "Note paused"},
		{name: "default configured", fast: true},
		{name: "default left out and not held", fast: false},
		{name: "changed", proposedText: "b", fast: false},
		// The state cannot tell whether a write-only value is new.
		{name: "write-only configured", fast: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newServer(t)
			typ := stateType(t, s, "test_note")
			status, pinned, configPinned := "APPROVED", false, (*bool)(nil)
			switch tc.name {
			case "paused remotely":
				status = "PAUSED"
			case "default configured":
				pinned, configPinned = true, ptr(true)
			case "default left out and not held":
				pinned = true
			}
			prior := noteValue(typ, ptr("n-a"), ptr("a"), ptr(status), ptr(pinned))
			proposed := prior
			text := "a"
			if tc.proposedText != "" {
				text = tc.proposedText
				proposed = noteValue(typ, ptr("n-a"), ptr(text), ptr(status), ptr(pinned))
			}
			config := noteValue(typ, nil, ptr(text), nil, configPinned)
			if tc.name == "write-only configured" {
				config = noteConfig(typ, nil, ptr(text), nil, configPinned, ptr("photo.png"))
			}
			resp, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: "test_note", PriorState: dynamic(t, prior), ProposedNewState: dynamic(t, proposed), Config: dynamic(t, config),
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Answered().Plans == 1; got != tc.fast {
				t.Fatalf("answered on the fast path: %v, want %v", got, tc.fast)
			}
			if s.Received().Plans != 1 {
				t.Fatalf("received %d plans, want 1", s.Received().Plans)
			}
			var summaries []string
			for _, d := range resp.Diagnostics {
				summaries = append(summaries, d.Summary)
			}
			if tc.warning != "" && (len(summaries) != 1 || summaries[0] != tc.warning) {
				t.Fatalf("diagnostics %q, want the warning %q", summaries, tc.warning)
			}
			if tc.name == "default left out and not held" {
				if p := attribute(t, typ, resp.PlannedState, "pinned"); !p.Equal(tftypes.NewValue(tftypes.Bool, false)) {
					t.Fatalf("planned pinned = %s, want its default false", p)
				}
			}
		})
	}
}

// TestVerifyFailsOnADifference shows that verification fails a call whose fast answer differs
// from the framework's.
func TestVerifyFailsOnADifference(t *testing.T) {
	s, _ := newServer(t, func() resource.Resource { return &lyingNoteResource{} })
	typ := stateType(t, s, "test_note")
	prior := noteValue(typ, ptr("n-a"), ptr("a"), ptr("APPROVED"), ptr(false))
	_, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "test_note", PriorState: dynamic(t, prior), ProposedNewState: dynamic(t, prior), Config: dynamic(t, noteValue(typ, nil, ptr("a"), nil, nil)),
	})
	if err == nil || !strings.Contains(err.Error(), "diagnostics differ") || !strings.Contains(err.Error(), "Not what the framework says") {
		t.Fatalf("got %v, want a diagnostics difference", err)
	}
}

// create creates a note through the server as Terraform does (plan, then apply).
func create(t *testing.T, s *fastpath.Server, typeName, text string) *tfprotov6.ApplyResourceChangeResponse {
	t.Helper()
	typ := stateType(t, s, typeName)
	config := dynamic(t, noteValue(typ, nil, ptr(text), nil, nil))
	null := dynamic(t, tftypes.NewValue(typ, nil))
	plan, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: typeName, PriorState: null, ProposedNewState: config, Config: config})
	if err != nil || len(plan.Diagnostics) > 0 {
		t.Fatal(err, plan.Diagnostics)
	}
	resp, err := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: typeName, PriorState: null, PlannedState: plan.PlannedState, Config: config, PlannedPrivate: plan.PlannedPrivate, PlannedIdentity: plan.PlannedIdentity,
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	return resp
}

// TestRefresh follows a note from its create: refreshes that find only a new status are
// answered fast with it, and a remote edit or a state changed by hand go to the framework.
func TestRefresh(t *testing.T) {
	s, p := newServer(t)
	typ := stateType(t, s, "test_note")
	created := create(t, s, "test_note", "a")
	if !strings.Contains(string(created.Private), `"fast_path"`) {
		t.Fatalf("private state %s has no refresh fingerprint", created.Private)
	}
	read := func(state *tfprotov6.DynamicValue, private []byte) *tfprotov6.ReadResourceResponse {
		t.Helper()
		resp, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "test_note", CurrentState: state, Private: private})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatal(err, resp.Diagnostics)
		}
		return resp
	}
	fastReads := func() int64 { return s.Answered().Reads }

	p.remote.set("n-a", note{text: "a", status: "APPROVED"})
	approved := read(created.NewState, created.Private)
	if fastReads() != 1 {
		t.Fatal("a refresh that finds a new status did not take the fast path")
	}
	if st := attribute(t, typ, approved.NewState, "status"); !st.Equal(tftypes.NewValue(tftypes.String, "APPROVED")) {
		t.Fatalf("refreshed status %s, want APPROVED", st)
	}
	read(approved.NewState, approved.Private)
	if fastReads() != 2 {
		t.Fatal("a refresh that finds nothing new did not take the fast path")
	}

	p.remote.set("n-a", note{text: "edited remotely", status: "APPROVED"})
	edited := read(approved.NewState, approved.Private)
	if fastReads() != 2 {
		t.Fatal("a refresh of a note edited remotely took the fast path")
	}
	if text := attribute(t, typ, edited.NewState, "text"); !text.Equal(tftypes.NewValue(tftypes.String, "edited remotely")) {
		t.Fatalf("refreshed text %s, want the remote edit", text)
	}
	read(edited.NewState, edited.Private)
	if fastReads() != 3 {
		t.Fatal("the refresh after the framework's did not take the fast path")
	}

	byHand := dynamic(t, noteValue(typ, ptr("n-a"), ptr("changed by hand"), ptr("APPROVED"), ptr(false)))
	read(byHand, edited.Private)
	if fastReads() != 3 {
		t.Fatal("a refresh of a state changed by hand took the fast path")
	}

	p.remote.mu.Lock()
	delete(p.remote.notes, "n-a")
	p.remote.mu.Unlock()
	gone := read(edited.NewState, edited.Private)
	if fastReads() != 3 {
		t.Fatal("a refresh of a deleted note took the fast path")
	}
	if v, err := gone.NewState.Unmarshal(typ); err != nil || !v.IsNull() {
		t.Fatalf("a refresh of a deleted note returned %v, %v; want it removed", v, err)
	}
}

// TestRefreshWithoutFingerprint hands the refresh of a state without a fingerprint to the
// framework, whose answer then carries one.
func TestRefreshWithoutFingerprint(t *testing.T) {
	s, p := newServer(t)
	typ := stateType(t, s, "test_note")
	p.remote.set("n-a", note{text: "a", status: "APPROVED"})
	state := dynamic(t, noteValue(typ, ptr("n-a"), ptr("a"), ptr("APPROVED"), ptr(false)))
	resp, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "test_note", CurrentState: state})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	if s.Answered().Reads != 0 {
		t.Fatal("a state without a fingerprint (imported, or written by another build) took the fast path")
	}
	if !strings.Contains(string(resp.Private), `"fast_path"`) {
		t.Fatalf("the framework's refresh recorded no fingerprint: private state %s", resp.Private)
	}
}

// TestIdentityTravels shows fast answers carrying the request's identity, and, when a request
// has none (Terraform before 1.12, a state from before the type had an identity), a refresh
// answering with the state's identity and a plan with a null one, as the framework does.
func TestIdentityTravels(t *testing.T) {
	s, p := newServer(t)
	const typeName = "test_identified_note"
	typ, idType := stateType(t, s, typeName), identityType(t, s, typeName)
	created := create(t, s, typeName, "a")
	if created.NewIdentity == nil {
		t.Fatal("create returned no identity")
	}
	wantIdentity := tftypes.NewValue(idType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "n-a")})
	sameIdentity := func(what string, got *tfprotov6.ResourceIdentityData) {
		t.Helper()
		if got == nil || got.IdentityData == nil {
			t.Fatalf("%s: no identity", what)
		}
		v, err := got.IdentityData.Unmarshal(idType)
		if err != nil || !v.Equal(wantIdentity) {
			t.Fatalf("%s: identity %v (%v), want %v", what, v, err, wantIdentity)
		}
	}

	p.remote.set("n-a", note{text: "a", status: "APPROVED"})
	read, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: created.NewState, CurrentIdentity: created.NewIdentity, Private: created.Private})
	if err != nil || len(read.Diagnostics) > 0 || s.Answered().Reads != 1 {
		t.Fatal("refresh with identity: ", err, read.Diagnostics, s.Answered())
	}
	sameIdentity("fast refresh", read.NewIdentity)

	noIdentity, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: read.NewState, Private: read.Private})
	if err != nil || len(noIdentity.Diagnostics) > 0 || s.Answered().Reads != 2 {
		t.Fatal("refresh without identity: ", err, noIdentity.Diagnostics, s.Answered())
	}
	sameIdentity("fast refresh without identity", noIdentity.NewIdentity)
	framework, err := s.Framework().ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: read.NewState, Private: read.Private})
	if err != nil || len(framework.Diagnostics) > 0 {
		t.Fatal("framework refresh without identity: ", err, framework.Diagnostics)
	}
	sameIdentity("framework refresh without identity", framework.NewIdentity)

	config := dynamic(t, noteValue(typ, nil, ptr("a"), nil, nil))
	plan, err := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: read.NewState, ProposedNewState: read.NewState, Config: config, PriorPrivate: read.Private, PriorIdentity: read.NewIdentity,
	})
	if err != nil || len(plan.Diagnostics) > 0 || s.Answered().Plans != 1 {
		t.Fatal("plan with identity: ", err, plan.Diagnostics, s.Answered())
	}
	sameIdentity("fast plan", plan.PlannedIdentity)

	planNoIdentity := &tfprotov6.PlanResourceChangeRequest{
		TypeName: typeName, PriorState: read.NewState, ProposedNewState: read.NewState, Config: config, PriorPrivate: read.Private,
	}
	fastPlan, err := s.PlanResourceChange(ctx, planNoIdentity)
	if err != nil || len(fastPlan.Diagnostics) > 0 || s.Answered().Plans != 2 {
		t.Fatal("plan without identity: ", err, fastPlan.Diagnostics, s.Answered())
	}
	frameworkPlan, err := s.Framework().PlanResourceChange(ctx, planNoIdentity)
	if err != nil || len(frameworkPlan.Diagnostics) > 0 {
		t.Fatal("framework plan without identity: ", err, frameworkPlan.Diagnostics)
	}
	if err := fastpath.Compare(typ, idType, fastpath.Answer{State: fastPlan.PlannedState, Identity: fastPlan.PlannedIdentity},
		fastpath.Answer{State: frameworkPlan.PlannedState, Identity: frameworkPlan.PlannedIdentity}); err != nil {
		t.Fatal("plan without identity: ", err)
	}
}

func TestUpgrade(t *testing.T) {
	s, _ := newServer(t)
	typ := stateType(t, s, "test_note")
	raw := &tfprotov6.RawState{JSON: []byte(`{"id":"n-a","text":"a","status":"APPROVED","pinned":false,"retired":"x"}`)}
	resp, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "test_note", RawState: raw})
	if err != nil || len(resp.Diagnostics) > 0 || s.Answered().Upgrades != 1 {
		t.Fatal("same-version upgrade: ", err, resp.Diagnostics, s.Answered())
	}
	if text := attribute(t, typ, resp.UpgradedState, "text"); !text.Equal(tftypes.NewValue(tftypes.String, "a")) {
		t.Fatalf("upgraded text %s", text)
	}
	numberAsString := &tfprotov6.RawState{JSON: []byte(`{"id":"n-a","text":"a","pinned":"false"}`)}
	if _, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "test_note", RawState: numberAsString}); err != nil {
		t.Fatal(err)
	}
	if s.Answered().Upgrades != 2 {
		t.Fatal("state the JSON decoder refuses was not decoded with tftypes on the fast path")
	}
	if _, err := s.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "test_note", Version: 3, RawState: raw}); err != nil {
		t.Fatal(err)
	}
	if s.Answered().Upgrades != 2 {
		t.Fatal("an upgrade from another schema version took the fast path")
	}
}

func TestCompare(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String}}
	idType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
	val := func(s string) *tfprotov6.DynamicValue {
		return dynamic(t, tftypes.NewValue(typ, map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, s)}))
	}
	identity := func(s string) *tfprotov6.ResourceIdentityData {
		return &tfprotov6.ResourceIdentityData{IdentityData: dynamic(t, tftypes.NewValue(idType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, s)}))}
	}
	warn := []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "w"}}
	private := func(v string) []byte { return []byte(`{"template":"` + v + `"}`) }
	type answer = fastpath.Answer
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{name: "same", err: fastpath.Compare(typ, nil, answer{State: val("x"), Diagnostics: warn, Private: private("e30=")}, answer{State: val("x"), Diagnostics: warn, Private: private("e30=")})},
		{name: "both empty private", err: fastpath.Compare(typ, nil, answer{State: val("x")}, answer{State: val("x"), Private: []byte{}})},
		{name: "state", err: fastpath.Compare(typ, nil, answer{State: val("x")}, answer{State: val("y")}), want: "state differs"},
		{name: "null state", err: fastpath.Compare(typ, nil, answer{State: val("x")}, answer{}), want: "state differs"},
		{name: "diagnostics", err: fastpath.Compare(typ, nil, answer{State: val("x"), Diagnostics: warn}, answer{State: val("x")}), want: "diagnostics differ"},
		{name: "private", err: fastpath.Compare(typ, nil, answer{State: val("x"), Private: private("e30=")}, answer{State: val("x"), Private: private("eyJhIjoxfQ==")}), want: "private state differs"},
		{name: "same identity", err: fastpath.Compare(typ, idType, answer{State: val("x"), Identity: identity("1")}, answer{State: val("x"), Identity: identity("1")})},
		{name: "identity", err: fastpath.Compare(typ, idType, answer{State: val("x"), Identity: identity("1")}, answer{State: val("x"), Identity: identity("2")}), want: "identity differs"},
		{name: "identity dropped", err: fastpath.Compare(typ, idType, answer{State: val("x")}, answer{State: val("x"), Identity: identity("1")}), want: "identity differs"},
		{name: "identity without a schema", err: fastpath.Compare(typ, nil, answer{State: val("x"), Identity: identity("1")}, answer{State: val("x")}), want: "identity differs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" && tc.err != nil || tc.want != "" && (tc.err == nil || !strings.Contains(tc.err.Error(), tc.want)) {
				t.Fatalf("got %v, want %q", tc.err, tc.want)
			}
		})
	}
}
