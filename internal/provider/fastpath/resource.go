package fastpath

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// UnchangedPlanner is a resource type whose plan of an object nothing changes in is its prior
// state as it is: its attribute plan modifiers change nothing then, and its ModifyPlan reports
// only the diagnostics PlanUnchanged returns (ModifyPlan says so by starting with
// PlannedUnchanged). Diagnostics may name top-level attributes only.
type UnchangedPlanner interface {
	PlanUnchanged(ctx context.Context, prior State) diag.Diagnostics
}

// PlannedUnchanged reports whether a plan leaves the object as it is and, when it does, adds
// r's PlanUnchanged diagnostics to resp: the framework's answer then is the fast path's.
func PlannedUnchanged(ctx context.Context, r UnchangedPlanner, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) bool {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || !req.Plan.Raw.Equal(req.State.Raw) {
		return false
	}
	resp.Diagnostics.Append(r.PlanUnchanged(ctx, newState(req.State.Raw))...)
	return true
}

// Refresher is a resource type whose Read returns the state as it is apart from attributes it
// copies as they are from the remote object (a review status, say), when nothing else of the
// object changed since the state was written.
//
// Remote describes the remote object behind a state as the resource last read it in this
// process, or reports false when it has none at hand (the refresh then goes to the framework).
// The fast path takes it both when the framework has written a state (to record a fingerprint)
// and when a refresh comes (to check it), so it must describe the object the resource wrote the
// state from.
type Refresher interface {
	Remote(ctx context.Context, state State) (Remote, bool)
}

// Remote is what a Refresher knows of a remote object.
type Remote struct {
	// Digest covers everything of the object Read depends on, apart from Copied.
	Digest []byte
	// Copied are the top-level attributes Read sets from the object as they are, with the
	// values Read would set.
	Copied map[string]attr.Value
}

// State is a read-only view of a resource's state value.
type State struct{ attrs map[string]tftypes.Value }

func newState(v tftypes.Value) State { return State{attrs: attributes(v)} }

// String returns a top-level string attribute; null when it is null, unknown, absent or not a
// string.
func (s State) String(name string) types.String {
	v, ok := s.attrs[name]
	if !ok || !v.Type().Is(tftypes.String) || !v.IsKnown() {
		return types.StringNull()
	}
	var str *string
	if v.As(&str) != nil || str == nil {
		return types.StringNull()
	}
	return types.StringValue(*str)
}
