package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stateUnlessChanged plans a computed attribute as its value in state unless another attribute
// it derives from changes (to a non-null value), when it is left unknown: the picture URL follows
// the picture handle, the QR image URL the image format.
type stateUnlessChanged struct{ source path.Path }

func (m stateUnlessChanged) Description(context.Context) string {
	return "Keeps the value in state unless " + m.source.String() + " changes."
}

func (m stateUnlessChanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m stateUnlessChanged) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var planned, prior types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, m.source, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, m.source, &prior)...)
	if planned.IsNull() || planned.Equal(prior) {
		resp.PlanValue = req.StateValue
	}
}
