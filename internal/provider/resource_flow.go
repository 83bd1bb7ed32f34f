package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = &flowResource{}
	_ resource.ResourceWithIdentity       = &flowResource{}
	_ resource.ResourceWithImportState    = &flowResource{}
	_ resource.ResourceWithModifyPlan     = &flowResource{}
	_ resource.ResourceWithValidateConfig = &flowResource{}
)

// flowIdentity is the account and the flow, the import id <business_account_id>/<flow_id>.
var flowIdentity = resourceIdentity{
	{"business_account_id", "the WhatsApp Business Account (WABA) id that owns the flow"},
	{"id", "the flow id"},
}

// NewFlowResource is the whatsapp_flow resource.
func NewFlowResource() resource.Resource { return &flowResource{} }

type flowResource struct {
	configured
}

var (
	flowEndpointURL  = stringvalidator.RegexMatches(regexp.MustCompile(`^https://[^/\s]+\S*$`), "must be an https:// URL")
	flowNameNotBlank = stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be empty or blank")
	pathFlowDoc      = path.Root("flow_json")
)

func (r *flowResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_flow"
}

func (r *flowResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A WhatsApp Flow: a multi-screen form (sign-up, booking, survey…) that opens inside WhatsApp, described by a Flow JSON document. " +
			"A flow is created as a `DRAFT`, which can be edited, previewed and sent to testers. Setting `publish = true` makes it available to customers.\n\n" +
			"**Publishing is one-way, and Meta freezes a published flow**: its Flow JSON, name, categories and endpoint can no longer change, and it can never be deleted, only deprecated. " +
			"Changing `flow_json`, `categories` or `endpoint_uri` of a published (or deprecated) flow, or setting `publish` or `deprecated` back to `false`, is therefore a plan error.\n\n" +
			"**Renaming a published flow replaces it**: Terraform creates a new flow with the new name (Meta requires unique names) and deprecates the old one. " +
			"To ship a new version of a published flow, change its `name` together with its content, and add `lifecycle { create_before_destroy = true }` so that the new flow is published before the old one is deprecated.\n\n" +
			"**Destroying a published flow deprecates it**, since Meta cannot delete it (a draft is deleted). A deprecated flow stays in the WhatsApp Business Account and keeps its name.\n\n" +
			"`flow_json` compares as JSON: reformatting or reordering the document never changes the plan. When Meta finds problems in the Flow JSON, apply fails and lists each one with its JSON pointer and line:column; " +
			"the flow stays in state as a `DRAFT` holding that document, and fixing the configuration updates it in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Flow id assigned by Meta. Use it in a template `FLOW` button (`flow_id`) or to send the flow.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "WhatsApp Business Account (WABA) that owns the flow. Defaults to the provider's `business_account_id`. Changing it creates the flow in the other account.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Flow name, unique in the WhatsApp Business Account and not shown to customers. A draft is renamed in place; renaming a published flow replaces it (see above).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 200), flowNameNotBlank},
			},
			"categories": schema.SetAttribute{
				MarkdownDescription: "At least one of `" + strings.Join(flowCategories, "`, `") + "`: what the flow is for.",
				Required:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(flowCategories...)),
				},
			},
			"endpoint_uri": schema.StringAttribute{
				MarkdownDescription: "https URL of your Flow data endpoint, for flows that exchange data with your server (Flow JSON with `data_api_version`). " +
					"Leaving it unset keeps whatever endpoint the flow has.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{flowEndpointURL},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"flow_json": schema.StringAttribute{
				MarkdownDescription: "The Flow JSON document, usually `file(\"flow.json\")` or `jsonencode({...})`. It must be a JSON object with a `version` string and a non-empty `screens` array; " +
					"Meta validates the rest when it is uploaded. Compared as JSON, so formatting and key order do not matter. " +
					"Leaving it unset keeps the document the flow has (for example one copied with `clone_flow_id` or edited in Flow Builder).",
				CustomType:    jsonType{},
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{flowJSONValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"clone_flow_id": schema.StringAttribute{
				MarkdownDescription: "Create the flow as a copy of this flow of the same WhatsApp Business Account (its Flow JSON is copied; `flow_json`, when set, replaces it). Only used at creation; changing it replaces the flow.",
				Optional:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"publish": schema.BoolAttribute{
				MarkdownDescription: "Publish the flow, making it available to customers. Default `false` (a draft). One-way: once published, a flow cannot return to draft, so setting this back to `false` is a plan error. " +
					"Meta publishes only a flow whose Flow JSON has no validation errors.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"deprecated": schema.BoolAttribute{
				MarkdownDescription: "Deprecate the published flow: it can no longer be sent or opened, but stays in the account. Requires `publish = true`. Default `false`. One-way.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Status Meta reports: `DRAFT`, `PUBLISHED`, `DEPRECATED`, or `BLOCKED` / `THROTTLED` when Meta's health monitoring restricts a published flow whose endpoint is unhealthy.",
				Computed:            true,
			},
			"json_version": schema.StringAttribute{
				MarkdownDescription: "Flow JSON version of the document (its `version`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"data_api_version": schema.StringAttribute{
				MarkdownDescription: "Data API version of the document (its `data_api_version`), set for flows with an endpoint.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"validation_errors": schema.ListNestedAttribute{
				MarkdownDescription: "Problems Meta found in the Flow JSON. Empty for a flow that can be published. " +
					"While a draft has validation errors, each plan proposes uploading `flow_json` again (and apply reports the errors) until the configuration fixes them.",
				Computed:      true,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"error":        schema.StringAttribute{MarkdownDescription: "Error code, such as `INVALID_PROPERTY`.", Computed: true},
					"error_type":   schema.StringAttribute{MarkdownDescription: "Error class, such as `JSON_SCHEMA_ERROR`.", Computed: true},
					"message":      schema.StringAttribute{MarkdownDescription: "What is wrong.", Computed: true},
					"line_start":   schema.Int64Attribute{MarkdownDescription: "First line of the problem in the document (1-based).", Computed: true},
					"line_end":     schema.Int64Attribute{MarkdownDescription: "Last line of the problem.", Computed: true},
					"column_start": schema.Int64Attribute{MarkdownDescription: "First column of the problem (1-based).", Computed: true},
					"column_end":   schema.Int64Attribute{MarkdownDescription: "Last column of the problem.", Computed: true},
					"pointers": schema.ListAttribute{
						MarkdownDescription: "JSON pointers (RFC 6901) to the values concerned, such as `/screens/0/layout/children/1`.",
						Computed:            true,
						ElementType:         types.StringType,
					},
				}},
			},
			"preview_url": schema.StringAttribute{
				MarkdownDescription: "Web preview of the flow. Meta renews the link when it expires (after about 30 days).",
				Computed:            true,
			},
			"health_status": schema.StringAttribute{
				MarkdownDescription: "Whether messages with the flow can be sent, across the flow, its WhatsApp Business Account and app: `AVAILABLE`, `LIMITED` or `BLOCKED`.",
				Computed:            true,
			},
		},
	}
}

func (r *flowResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = flowIdentity.schema()
}

func (r *flowResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *flowResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var publish, deprecated types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("publish"), &publish)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("deprecated"), &deprecated)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if deprecated.ValueBool() && !deprecated.IsUnknown() && !publish.IsUnknown() && !publish.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("deprecated"), "Deprecating needs a published flow",
			"deprecated = true requires publish = true: Meta deprecates only published flows. Delete a draft by removing the resource instead.")
	}
}

func (r *flowResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan flowModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := r.requireBusinessAccountID(plan.BusinessAccountID.ValueString(), "on the flow", &resp.Diagnostics)
	if !ok {
		return
	}
	plan.BusinessAccountID = types.StringValue(waba)
	nf := graph.NewFlow{
		Name:        plan.Name.ValueString(),
		Categories:  plan.categoriesOf(ctx, &resp.Diagnostics),
		EndpointURI: plan.EndpointURI.ValueString(),
		CloneFlowID: plan.CloneFlowID.ValueString(),
	}
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.data.client.CreateFlow(ctx, waba, nf)
	if err != nil {
		addGraphError(&resp.Diagnostics, flowErrorSummary("create", plan.Name.ValueString()), err, flowAdvice)
		return
	}
	tflog.Info(ctx, "created flow", map[string]any{"id": id, "name": nf.Name})
	plan.ID = types.StringValue(id)
	// From here on the flow exists: whatever fails, it is saved in state so that it is neither
	// lost nor created twice.
	r.converge(ctx, &plan, nil, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	flowIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *flowResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state flowModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	f, err := get(ctx, readerOf(r.data), graph.FlowRead(state.ID.ValueString()))
	if graph.IsNotFound(err) {
		// The framework requires an identity after Read even for a removed object; when Terraform
		// sent none (before 1.12, or a state from before identities), give the prior state's.
		flowIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Flow no longer exists",
			fmt.Sprintf("Flow %s (%q) was deleted outside Terraform; it is removed from state and will be planned for creation.", state.ID.ValueString(), state.Name.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, flowErrorSummary("read", state.Name.ValueString()), err, flowAdvice)
		return
	}
	// A published flow's document cannot change; download it only when it can, or is unknown.
	if !flowFrozen(f.Status) || state.FlowJSON.IsNull() || state.FlowJSON.IsUnknown() {
		r.readDocument(ctx, f.ID, &state, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	state.applyRemote(ctx, f, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	flowIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// readDocument downloads the Flow JSON, keeping the text in state when it is the same document.
func (r *flowResource) readDocument(ctx context.Context, id string, m *flowModel, diags *diag.Diagnostics) {
	doc, err := r.data.client.DownloadFlowJSONThrough(ctx, readerOf(r.data).coalescer, id)
	if err != nil {
		addGraphError(diags, flowErrorSummary("download the Flow JSON of", m.Name.ValueString()), err, flowAdvice)
		return
	}
	switch {
	case doc == nil:
		m.FlowJSON = newJSONNull()
	case valueKnown(m.FlowJSON) && jsonEquivalent(m.FlowJSON.ValueString(), string(doc)):
	default:
		m.FlowJSON = newJSONValue(string(doc))
	}
}

func (r *flowResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state flowModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.ID = state.ID
	plan.BusinessAccountID = state.BusinessAccountID
	r.converge(ctx, &plan, &state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	flowIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// converge brings the flow from prior (nil after create) to the plan: metadata, Flow JSON,
// publishing, deprecation, in Meta's order. It leaves in m what Meta then reports, so that a
// failure part-way still saves the truth.
func (r *flowResource) converge(ctx context.Context, m, prior *flowModel, diags *diag.Diagnostics) {
	c := r.data.client
	id, name := m.ID.ValueString(), m.Name.ValueString()
	created := prior == nil
	var failed bool
	fail := func(action string, err error) {
		addGraphError(diags, flowErrorSummary(action, name), err, flowAdvice)
		failed = true
	}
	if !created {
		meta := graph.FlowMetadata{}
		if !m.Name.Equal(prior.Name) {
			meta.Name = &name
		}
		if !m.Categories.Equal(prior.Categories) {
			meta.Categories = m.categoriesOf(ctx, diags)
		}
		if valueKnown(m.EndpointURI) && !m.EndpointURI.Equal(prior.EndpointURI) {
			e := m.EndpointURI.ValueString()
			meta.EndpointURI = &e
		}
		if err := c.UpdateFlowMetadata(ctx, id, meta); err != nil {
			fail("update", err)
		}
	}
	desired := m.FlowJSON
	upload := valueKnown(desired) && (created || !desired.Equal(prior.FlowJSON) || len(prior.ValidationErrors.Elements()) > 0)
	uploaded := false
	if !failed && upload {
		verrs, err := c.UploadFlowJSON(ctx, id, []byte(desired.ValueString()))
		switch {
		case err != nil:
			fail("upload the Flow JSON of", err)
		case len(verrs) > 0:
			uploaded = true
			diags.AddAttributeError(pathFlowDoc, fmt.Sprintf("Flow JSON of %q has %d validation error(s)", name, len(verrs)),
				fmt.Sprintf("Meta stored the document in flow %s, which stays a DRAFT, and reported:\n\n%s\n\n"+
					"Pointers are JSON pointers into flow_json; lines and columns count from 1 in the text as written. "+
					"Fix flow_json and apply again: the flow is updated in place.", id, describeValidationErrors(verrs)))
			failed = true
		default:
			uploaded = true
		}
	}
	f, err := c.GetFlow(ctx, id)
	if !failed && err == nil && m.Publish.ValueBool() && f.Status == graph.FlowStatusDraft {
		if err := c.PublishFlow(ctx, id); err != nil {
			fail("publish", err)
		}
		f, err = c.GetFlow(ctx, id)
	}
	if !failed && err == nil && m.Deprecated.ValueBool() && flowFrozen(f.Status) && f.Status != graph.FlowStatusDeprecated {
		if err := c.DeprecateFlow(ctx, id); err != nil {
			fail("deprecate", err)
		}
		f, err = c.GetFlow(ctx, id)
	}
	if err != nil {
		addGraphError(diags, flowErrorSummary("read", name), err, flowAdvice)
		r.settleUnknowns(m, prior)
		return
	}
	// The document Meta now holds: the uploaded one, else the one it had.
	switch {
	case uploaded:
	case created || !valueKnown(desired):
		r.readDocument(ctx, id, m, diags)
	default:
		m.FlowJSON = prior.FlowJSON
	}
	m.applyRemote(ctx, f, diags)
}

// settleUnknowns replaces unknown computed values when Meta could not be read back.
func (r *flowResource) settleUnknowns(m, prior *flowModel) {
	if prior != nil {
		m.Status, m.PreviewURL, m.HealthStatus = prior.Status, prior.PreviewURL, prior.HealthStatus
		m.JSONVersion, m.DataAPIVersion, m.ValidationErrors = prior.JSONVersion, prior.DataAPIVersion, prior.ValidationErrors
		m.Publish, m.Deprecated = prior.Publish, prior.Deprecated
		return
	}
	m.Status = types.StringValue(graph.FlowStatusDraft)
	m.Publish, m.Deprecated = types.BoolValue(false), types.BoolValue(false)
	m.PreviewURL, m.HealthStatus, m.JSONVersion, m.DataAPIVersion = types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull()
	m.ValidationErrors = types.ListNull(flowValidationErrorType)
	if m.FlowJSON.IsUnknown() {
		m.FlowJSON = newJSONNull()
	}
	if m.EndpointURI.IsUnknown() {
		m.EndpointURI = types.StringNull()
	}
}

func (r *flowResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state flowModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, name := state.ID.ValueString(), state.Name.ValueString()
	f, err := r.data.client.GetFlow(ctx, id)
	if graph.IsNotFound(err) {
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, flowErrorSummary("read", name), err, flowAdvice)
		return
	}
	status := f.Status
	if !slices.Contains(knownFlowStatuses, status) {
		// A status this provider does not know: go by what Terraform last saw.
		status = graph.FlowStatusDraft
		if state.Deprecated.ValueBool() {
			status = graph.FlowStatusDeprecated
		} else if state.Publish.ValueBool() {
			status = graph.FlowStatusPublished
		}
	}
	switch status {
	case graph.FlowStatusDraft:
		if err := r.data.client.DeleteFlow(ctx, id); err != nil {
			addGraphError(&resp.Diagnostics, flowErrorSummary("delete", name), err, flowAdvice)
		}
	case graph.FlowStatusDeprecated:
		resp.Diagnostics.AddWarning("Deprecated flow left in place",
			fmt.Sprintf("Flow %q (%s) is deprecated. Meta cannot delete it; it is removed from Terraform state only.", name, id))
	default:
		if err := r.data.client.DeprecateFlow(ctx, id); err != nil {
			addGraphError(&resp.Diagnostics, flowErrorSummary("deprecate", name), err, flowAdvice)
			return
		}
		resp.Diagnostics.AddWarning("Flow deprecated instead of deleted",
			fmt.Sprintf("Flow %q (%s) was %s. Meta cannot delete a published flow, so it was deprecated: it can no longer be sent or opened, "+
				"and it stays in the WhatsApp Business Account with its name taken.", name, id, f.Status))
	}
}

// ImportState accepts "<flow_id>" or "<business_account_id>/<flow_id>", or the identity.
func (r *flowResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := flowIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	parts := strings.Split(importID, "/")
	valid := len(parts) == 1 || len(parts) == 2
	for _, p := range parts {
		valid = valid && graphIDPattern.MatchString(p)
	}
	if !valid {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be <flow_id> or <business_account_id>/<flow_id>, for example 1234567890123456 or 102290129340398/1234567890123456.", importID))
		return
	}
	id := parts[len(parts)-1]
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	if len(parts) == 2 {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("business_account_id"), parts[0])...)
	}
}
