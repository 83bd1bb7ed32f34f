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
