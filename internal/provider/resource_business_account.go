package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &businessAccountResource{}
	_ resource.ResourceWithIdentity    = &businessAccountResource{}
	_ resource.ResourceWithImportState = &businessAccountResource{}
	_ resource.ResourceWithModifyPlan  = &businessAccountResource{}
)

// businessAccountIdentity is the account's id, its import id.
var businessAccountIdentity = resourceIdentity{{"id", "the WhatsApp Business Account (WABA) id"}}

// NewBusinessAccountResource is the whatsapp_business_account resource.
func NewBusinessAccountResource() resource.Resource { return &businessAccountResource{} }

type businessAccountResource struct {
	configured
}

const wabaLeftInPlace = "Meta has no API to delete a WhatsApp Business Account, so destroying this resource only removes it from Terraform state: " +
	"the account, its phone numbers and its templates stay at Meta with their current name and time zone. Delete or unshare it in WhatsApp Manager if that is what you want."

func (r *businessAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account"
}

func (r *businessAccountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	str := func(key string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: wabaDescriptions[key], Computed: true, PlanModifiers: keep}
	}
	business := func(key string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{
			MarkdownDescription: wabaDescriptions[key],
			Computed:            true,
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"id":   schema.StringAttribute{MarkdownDescription: wabaDescriptions["business.id"], Computed: true},
				"name": schema.StringAttribute{MarkdownDescription: wabaDescriptions["business.name"], Computed: true},
			},
		}
	}
	nested := func(key string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: wabaDescriptions[key], Computed: true}
	}
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "Id of the existing WhatsApp Business Account (WABA) to manage, as shown in WhatsApp Manager or Business Settings. Changing it manages another account (the old one is left as it is).",
			Required:            true,
			Validators:          []validator.String{numericID},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"name": schema.StringAttribute{
			MarkdownDescription: "Display name of the account, 1–100 characters. When unset, Terraform leaves Meta's name as it is and reports it.",
			Optional:            true,
			Computed:            true,
			Validators:          wabaNameValidators,
			PlanModifiers:       keep,
		},
		"timezone_id": schema.StringAttribute{
			MarkdownDescription: "Meta's numeric time zone id of the account, such as `1`. When unset, Terraform leaves Meta's value as it is and reports it.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{timezoneIDValidator},
			PlanModifiers:       keep,
		},
		"is_enabled_for_insights": schema.BoolAttribute{
			MarkdownDescription: wabaDescriptions["is_enabled_for_insights"],
			Computed:            true,
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"owner_business":        business("owner_business"),
		"on_behalf_of_business": business("on_behalf_of_business"),
		"health_status": schema.SingleNestedAttribute{
			MarkdownDescription: wabaDescriptions["health_status"],
			Computed:            true,
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			Attributes: map[string]schema.Attribute{
				"can_send_message": nested("health.can_send_message"),
				"entities": schema.ListNestedAttribute{
					MarkdownDescription: wabaDescriptions["health.entities"],
					Computed:            true,
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"entity_type":      nested("entity.entity_type"),
						"id":               nested("entity.id"),
						"can_send_message": nested("entity.can_send_message"),
						"errors": schema.ListNestedAttribute{
							MarkdownDescription: wabaDescriptions["entity.errors"],
							Computed:            true,
							NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
								"code":              schema.Int64Attribute{MarkdownDescription: wabaDescriptions["error.code"], Computed: true},
								"description":       nested("error.description"),
								"possible_solution": nested("error.possible_solution"),
							}},
						},
					}},
				},
			},
		},
	}
	for _, k := range []string{"currency", "country", "message_template_namespace", "account_review_status",
		"business_verification_status", "ownership_type", "primary_business_location", "purchase_order_number"} {
		attrs[k] = str(k)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An existing WhatsApp Business Account (WABA), brought under Terraform to manage its name and time zone and to expose its details. " +
			"Meta has no API to create or delete a WABA (accounts come from Embedded Signup or WhatsApp Manager), so creating this resource adopts the account with the given `id` " +
			"and applies the configured values, and destroying it only removes it from Terraform state: the account stays at Meta. " +
			"Attributes left unset keep Meta's values.",
		Attributes: attrs,
	}
}

func (r *businessAccountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = businessAccountIdentity.schema()
}

func (r *businessAccountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *businessAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan businessAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.ID.ValueString()
	current, err := r.data.client.GetWABA(ctx, id)
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "WhatsApp Business Account not found",
			fmt.Sprintf("WhatsApp Business Account %s does not exist or is not shared with the access token's app. "+
				"This resource adopts an account that already exists: Meta has no API to create one. Check the id in WhatsApp Manager, "+
				"and that the account is assigned to the system user whose token the provider uses.\n\n%s", id, err))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read WhatsApp Business Account %s", id), err)
		return
	}
	r.apply(ctx, &plan, current, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	businessAccountIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *businessAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state businessAccountModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	w, err := get(ctx, readerOf(r.data), graph.WABARead(state.ID.ValueString()))
	if graph.IsNotFound(err) {
		// The framework requires an identity after Read even for a removed object; when Terraform
		// sent none (before 1.12, or a state from before identities), give the prior state's.
		businessAccountIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "WhatsApp Business Account no longer reachable",
			fmt.Sprintf("WhatsApp Business Account %s was deleted, or is no longer shared with the access token's app. It is removed from state.", state.ID.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read WhatsApp Business Account %s", state.ID.ValueString()), err)
		return
	}
	state = businessAccountFromAPI(ctx, w, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	businessAccountIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *businessAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan businessAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	current, err := r.data.client.GetWABA(ctx, plan.ID.ValueString())
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read WhatsApp Business Account %s", plan.ID.ValueString()), err)
		return
	}
	r.apply(ctx, &plan, current, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	businessAccountIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// apply sends the configured name and time zone where they differ from Meta's, and replaces plan
// with the account as Meta then reports it.
func (r *businessAccountResource) apply(ctx context.Context, plan *businessAccountModel, current *graph.WhatsAppBusinessAccount, diags *diag.Diagnostics) {
	var update graph.WABAUpdate
	if v := plan.Name; !v.IsNull() && !v.IsUnknown() && v.ValueString() != current.Name {
		name := v.ValueString()
		update.Name = &name
	}
	if v := plan.TimezoneID; !v.IsNull() && !v.IsUnknown() && v.ValueString() != string(current.TimezoneID) {
		tz := v.ValueString()
		update.TimezoneID = &tz
	}
	if update.Name != nil || update.TimezoneID != nil {
		if err := r.data.client.UpdateWABA(ctx, current.ID, update); err != nil {
			addGraphError(diags, fmt.Sprintf("Cannot update WhatsApp Business Account %s", current.ID), err)
			return
		}
		var err error
		if current, err = r.data.client.GetWABA(ctx, current.ID); err != nil {
			addGraphError(diags, fmt.Sprintf("Cannot read WhatsApp Business Account %s", plan.ID.ValueString()), err)
			return
		}
	}
	*plan = businessAccountFromAPI(ctx, current, diags)
}

func (r *businessAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	id := ""
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.AddWarning("WhatsApp Business Account left at Meta",
		fmt.Sprintf("WhatsApp Business Account %s is no longer managed by Terraform. %s", id, wabaLeftInPlace))
}

// ModifyPlan warns, when the account is planned for destruction or replaced by another id, that
// the account Terraform lets go of stays at Meta.
func (r *businessAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	id := ""
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("Destroying whatsapp_business_account leaves the account at Meta",
			fmt.Sprintf("WhatsApp Business Account %s will only be removed from Terraform state. %s", id, wabaLeftInPlace))
		return
	}
	var planned types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("id"), &planned)...)
	if !planned.IsUnknown() && !planned.IsNull() && planned.ValueString() != id {
		resp.Diagnostics.AddWarning("Changing id lets go of the current account",
			fmt.Sprintf("Terraform will manage WhatsApp Business Account %s instead of %s. %s", planned.ValueString(), id, wabaLeftInPlace))
	}
}

// ImportState takes the WABA id, or the identity.
func (r *businessAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := businessAccountIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if !graphIDPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be the numeric id of a WhatsApp Business Account, for example 102290129340398.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}
