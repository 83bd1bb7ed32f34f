package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Plan-time rules of whatsapp_flow: Meta's lifecycle (a published flow is frozen; publishing and
// deprecating are one-way), JSON-aware comparison of flow_json, and versions derived from it.

// ModifyPlan enforces Meta's lifecycle: a published flow is frozen, publishing and deprecating
// are one-way. It also keeps plans empty when flow_json is only reformatted, and derives the
// versions from the planned document.
func (r *flowResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		r.warnDestroy(ctx, req.State, &resp.Diagnostics)
		return
	}
	var plan, config flowModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		r.planCreate(&plan)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	var state flowModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Reformatting the document is not a change: keep the text in state.
	if valueKnown(config.FlowJSON) && valueKnown(state.FlowJSON) && jsonEquivalent(config.FlowJSON.ValueString(), state.FlowJSON.ValueString()) {
		plan.FlowJSON = state.FlowJSON
	}
	jsonChanged := !plan.FlowJSON.Equal(state.FlowJSON)
	if !jsonChanged && !r.changed(&plan, &state) && (flowFrozen(state.Status.ValueString()) || len(state.ValidationErrors.Elements()) == 0) {
		// Nothing to do: the computed values Terraform marked unknown stay as they are.
		resp.Diagnostics.Append(resp.Plan.Set(ctx, state)...)
		return
	}
	if jsonChanged {
		r.planVersions(&plan)
	}
	status := state.Status.ValueString()
	if flowFrozen(status) {
		r.planFrozen(&plan, &state, jsonChanged, resp)
		if resp.Diagnostics.HasError() || len(resp.RequiresReplace) > 0 {
			return
		}
	}
	switch {
	case plan.Deprecated.ValueBool() && !state.Deprecated.ValueBool():
		plan.Status = types.StringValue(graph.FlowStatusDeprecated)
	case plan.Publish.ValueBool() && !state.Publish.ValueBool():
		plan.Status = types.StringValue(graph.FlowStatusPublished)
	case status == graph.FlowStatusDraft:
		plan.Status = state.Status
	}
	// A draft whose document Meta found invalid is not converged: apply uploads it again and
	// reports the errors until the configuration fixes them.
	if !flowFrozen(status) && !jsonChanged && len(state.ValidationErrors.Elements()) > 0 {
		plan.ValidationErrors = types.ListUnknown(flowValidationErrorType)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// changed reports a difference in the attributes that configure the flow, flow_json aside.
func (r *flowResource) changed(plan, state *flowModel) bool {
	return !plan.Name.Equal(state.Name) || !plan.Categories.Equal(state.Categories) ||
		!plan.EndpointURI.Equal(state.EndpointURI) || !plan.CloneFlowID.Equal(state.CloneFlowID) ||
		!plan.Publish.Equal(state.Publish) || !plan.Deprecated.Equal(state.Deprecated) ||
		!plan.BusinessAccountID.Equal(state.BusinessAccountID)
}

func (r *flowResource) planCreate(plan *flowModel) {
	r.planVersions(plan)
	switch {
	case plan.Deprecated.ValueBool():
		plan.Status = types.StringValue(graph.FlowStatusDeprecated)
	case plan.Publish.ValueBool():
		plan.Status = types.StringValue(graph.FlowStatusPublished)
	case !plan.Publish.IsUnknown():
		plan.Status = types.StringValue(graph.FlowStatusDraft)
	}
}

// planVersions derives json_version and data_api_version from the planned document.
func (r *flowResource) planVersions(plan *flowModel) {
	plan.JSONVersion, plan.DataAPIVersion = types.StringUnknown(), types.StringUnknown()
	plan.ValidationErrors = types.ListUnknown(flowValidationErrorType)
	if !valueKnown(plan.FlowJSON) {
		return
	}
	if v, d, ok := flowJSONVersions(plan.FlowJSON.ValueString()); ok {
		plan.JSONVersion, plan.DataAPIVersion = stringOrNull(v), stringOrNull(d)
	}
}

// planFrozen handles changes to a flow Meta no longer lets change.
func (r *flowResource) planFrozen(plan, state *flowModel, jsonChanged bool, resp *resource.ModifyPlanResponse) {
	name := state.Name.ValueString()
	status := state.Status.ValueString()
	if !plan.Publish.IsUnknown() && !plan.Publish.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("publish"), "Publishing is one-way",
			fmt.Sprintf("Flow %q (%s) is %s: Meta cannot return a published flow to draft. Set publish = true. "+
				"To work on a new draft, create another whatsapp_flow (clone_flow_id copies this one).", name, state.ID.ValueString(), status))
	}
	if state.Deprecated.ValueBool() && !plan.Deprecated.IsUnknown() && !plan.Deprecated.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("deprecated"), "Deprecation is one-way",
			fmt.Sprintf("Flow %q (%s) is DEPRECATED and cannot be published again. Set deprecated = true, or create a new flow.", name, state.ID.ValueString()))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Name.Equal(state.Name) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("name"))
		resp.Diagnostics.AddAttributeWarning(path.Root("name"), "Published flow will be replaced",
			fmt.Sprintf("Flow %q (%s) is %s, and Meta does not allow changing a published flow. Renaming it to %q creates a new flow with that name "+
				"and deprecates this one (Meta cannot delete published flows). Templates that reference this flow's id get the new id. "+
				"Use lifecycle { create_before_destroy = true } to publish the new flow before the old one is deprecated.",
				name, state.ID.ValueString(), status, plan.Name.ValueString()))
		return
	}
	categoriesChanged := !plan.Categories.IsUnknown() && !plan.Categories.Equal(state.Categories)
	endpointChanged := !plan.EndpointURI.IsUnknown() && !plan.EndpointURI.Equal(state.EndpointURI)
	for _, c := range []struct {
		changed bool
		attr    string
	}{{jsonChanged && valueKnown(plan.FlowJSON), "flow_json"}, {categoriesChanged, "categories"}, {endpointChanged, "endpoint_uri"}} {
		if !c.changed {
			continue
		}
		resp.Diagnostics.AddAttributeError(path.Root(c.attr), "Published flow cannot change",
			fmt.Sprintf("Flow %q (%s) is %s, and Meta freezes a published flow: its %s can no longer change. "+
				"To ship this change, also give the flow a new name: Terraform then creates a new flow and deprecates this one "+
				"(add lifecycle { create_before_destroy = true } to publish the new one first). "+
				"Alternatively, add a new whatsapp_flow for the new version and point your templates at it.",
				name, state.ID.ValueString(), status, c.attr))
	}
}

func (r *flowResource) warnDestroy(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) {
	var state flowModel
	if st.Raw.IsNull() {
		return
	}
	diags.Append(st.Get(ctx, &state)...)
	if diags.HasError() || !flowFrozen(state.Status.ValueString()) || state.Status.ValueString() == graph.FlowStatusDeprecated {
		return
	}
	diags.AddWarning("Published flow will be deprecated, not deleted",
		fmt.Sprintf("Flow %q (%s) is %s. Meta cannot delete a published flow, so destroying it deprecates it: it can no longer be sent or opened, "+
			"and it stays in the WhatsApp Business Account with its name taken.", state.Name.ValueString(), state.ID.ValueString(), state.Status.ValueString()))
}
