package fastpath

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// UpgradeRawJSON is a StateUpgrader without a prior schema: it decodes the prior state's raw
// JSON (numbers kept as written), lets edit rewrite it into the current schema's shape, and
// hands the result to the framework, which decodes it with the current schema.
func UpgradeRawJSON(edit func(state map[string]any)) func(context.Context, resource.UpgradeStateRequest, *resource.UpgradeStateResponse) {
	return func(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
		if req.RawState == nil || len(req.RawState.JSON) == 0 {
			resp.Diagnostics.AddError("Cannot upgrade the state", "The prior state has no JSON form to upgrade.")
			return
		}
		dec := json.NewDecoder(bytes.NewReader(req.RawState.JSON))
		dec.UseNumber()
		var state map[string]any
		if err := dec.Decode(&state); err != nil {
			resp.Diagnostics.AddError("Cannot upgrade the state", fmt.Sprintf("The prior state is not a JSON object: %s", err))
			return
		}
		edit(state)
		out, err := json.Marshal(state)
		if err != nil {
			resp.Diagnostics.AddError("Cannot upgrade the state", err.Error())
			return
		}
		resp.DynamicValue = &tfprotov6.DynamicValue{JSON: out}
	}
}
