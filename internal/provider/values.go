package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Conversions between Graph's values and the framework's, and comparisons of planned values.

// stringOrNull is s, or null when Graph left it empty.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// changed reports a planned value that differs from state, or is not known yet.
func changed(plan, state attr.Value) bool {
	return plan.IsUnknown() || !plan.Equal(state)
}

// boolPointer is v for a request: nil when null or unknown.
func boolPointer(v types.Bool) *bool {
	if !valueKnown(v) {
		return nil
	}
	b := v.ValueBool()
	return &b
}

// int64Pointer is v for a request: nil when null or unknown.
func int64Pointer(v types.Int64) *int64 {
	if !valueKnown(v) {
		return nil
	}
	n := v.ValueInt64()
	return &n
}
