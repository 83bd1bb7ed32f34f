package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &assignedUserResource{}
	_ resource.ResourceWithIdentity    = &assignedUserResource{}
	_ resource.ResourceWithImportState = &assignedUserResource{}
)

// assignedUserIdentity is the account and the user, the import id <business_account_id>/<user_id>.
var assignedUserIdentity = resourceIdentity{
	{"business_account_id", "the WhatsApp Business Account (WABA) id"},
	{"user_id", "the id of the business user or system user"},
}

// NewAssignedUserResource is the whatsapp_business_account_assigned_user resource. The name
// follows Meta's assigned_users edge of the WABA, so Meta's documentation and this resource
// speak of the same thing: a user's access to one WABA, not the user.
func NewAssignedUserResource() resource.Resource { return &assignedUserResource{} }

type assignedUserResource struct {
	configured
}

type assignedUserModel struct {
	ID                types.String `tfsdk:"id"`
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	BusinessID        types.String `tfsdk:"business_id"`
	UserID            types.String `tfsdk:"user_id"`
	Tasks             types.Set    `tfsdk:"tasks"`
	UserName          types.String `tfsdk:"user_name"`
	UserType          types.String `tfsdk:"user_type"`
}

// wabaTasks are the tasks (permissions) a user can hold on a WABA.
var wabaTasks = []string{"MANAGE", "DEVELOP", "MANAGE_TEMPLATES", "MANAGE_PHONE", "VIEW_COST",
	"MANAGE_EXTENSIONS", "VIEW_PHONE_ASSETS", "MANAGE_PHONE_ASSETS", "VIEW_TEMPLATES", "VIEW_INSIGHTS",
	"RECEIVE_INCOMING_MESSAGES", "MANAGE_BILLING", "MANAGE_USERS", "MESSAGING", "FULL_CONTROL"}

func (r *assignedUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account_assigned_user"
}

func (r *assignedUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := stringplanmodifier.UseStateForUnknown()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Gives a business user or system user access to a WhatsApp Business Account (WABA) with a set of tasks (permissions), " +
			"as Business Settings > Accounts > WhatsApp accounts > People does. Changing `tasks` updates the access in place; destroying the resource removes the user's access to the account. " +
			"The user must belong to a business that owns the account or that the account is shared with.\n\n" +
			"Removing the access of the system user whose token the provider uses locks the provider out of the account.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<business_account_id>/<user_id>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keep},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "WhatsApp Business Account (WABA) id. Defaults to the provider's `business_account_id`. Changing it moves the access to the other account.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{keep, stringplanmodifier.RequiresReplace()},
			},
			"business_id": schema.StringAttribute{
				MarkdownDescription: "Business (portfolio) the user belongs to; Meta lists a WABA's users one business at a time. " +
					"Defaults to the business that owns the account. Set it to your own business id when the account is a client's, shared with your business, and the user is one of yours.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{numericID},
				PlanModifiers: []planmodifier.String{keep},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "Id of the business user or system user (Business Settings > Users). Changing it gives the access to another user and removes this one's.",
				Required:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"tasks": schema.SetAttribute{
				MarkdownDescription: "What the user may do on the account, 1–16 of: `" + strings.Join(wabaTasks, "`, `") + "`. " +
					"`MANAGE` gives full (admin) access and `DEVELOP` developer access; the others are granular permissions.",
				Required:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, 16),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(wabaTasks...)),
				},
			},
			"user_name": schema.StringAttribute{
				MarkdownDescription: "Name of the user.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keep},
			},
			"user_type": schema.StringAttribute{
				MarkdownDescription: "`BUSINESS_USER`, `SYSTEM_USER` or `PERSONAL_USER`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{keep},
			},
		},
	}
}

func (r *assignedUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = assignedUserIdentity.schema()
}

func (r *assignedUserResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *assignedUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan assignedUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := r.requireBusinessAccountID(plan.BusinessAccountID.ValueString(), "here", &resp.Diagnostics)
	if !ok {
		return
	}
	plan.BusinessAccountID = types.StringValue(waba)
	business, err := r.resolveBusiness(ctx, plan.BusinessID, waba)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot find the business that owns WhatsApp Business Account %s", waba), err)
		return
	}
	plan.BusinessID = types.StringValue(business)
	user := plan.UserID.ValueString()
	tasks := setStrings(ctx, plan.Tasks, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	// Assigning an assigned user would silently take over (and, on destroy, remove) access
	// that Terraform did not grant: such access is imported instead.
	existing, err := r.data.client.FindAssignedUser(ctx, waba, business, user)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot list the users of business %s on WhatsApp Business Account %s", business, waba), err)
		return
	}
	if existing != nil {
		resp.Diagnostics.AddError("User already has access to the WhatsApp Business Account",
			fmt.Sprintf("User %s (%s) is already assigned to WhatsApp Business Account %s with tasks %s. Bring the access under Terraform with:\n\n  terraform import <address> %s/%s",
				user, existing.Name, waba, strings.Join(existing.Tasks, ", "), waba, user))
		return
	}
	readerOf(r.data).forgetAssignedUsers(waba)
	if err := r.data.client.AssignUser(ctx, waba, user, tasks); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot assign user %s to WhatsApp Business Account %s", user, waba), err)
		return
	}
	r.readBack(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	assignedUserIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *assignedUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state assignedUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, user := state.BusinessAccountID.ValueString(), state.UserID.ValueString()
	business := state.BusinessID.ValueString()
	if business == "" {
		// Imported without a business: the account's owner.
		var err error
		business, err = r.resolveBusiness(ctx, state.BusinessID, waba)
		if graph.IsNotFound(err) {
			r.gone(ctx, req.State, waba, user, resp)
			return
		}
		if err != nil {
			addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot find the business that owns WhatsApp Business Account %s", waba), err)
			return
		}
		state.BusinessID = types.StringValue(business)
	}
	u, err := readerOf(r.data).assignedUser(ctx, waba, business, user)
	if graph.IsNotFound(err) || (err == nil && u == nil) {
		r.gone(ctx, req.State, waba, user, resp)
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot list the users of business %s on WhatsApp Business Account %s", business, waba), err)
		return
	}
	state.fromAPI(ctx, u, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	assignedUserIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *assignedUserResource) gone(ctx context.Context, prior tfsdk.State, waba, user string, resp *resource.ReadResponse) {
	// The framework requires an identity after Read even for a removed object; when Terraform
	// sent none (before 1.12, or a state from before identities), give the prior state's.
	assignedUserIdentity.set(ctx, prior, resp.Identity, &resp.Diagnostics)
	removeVanished(ctx, resp, "User no longer has access to the WhatsApp Business Account",
		fmt.Sprintf("User %s was removed from WhatsApp Business Account %s outside Terraform (or the account is gone). It is removed from state and will be planned for creation.", user, waba))
}

func (r *assignedUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state assignedUserModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, user := state.BusinessAccountID.ValueString(), state.UserID.ValueString()
	business, err := r.resolveBusiness(ctx, plan.BusinessID, waba)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot find the business that owns WhatsApp Business Account %s", waba), err)
		return
	}
	plan.BusinessID = types.StringValue(business)
	if !plan.Tasks.Equal(state.Tasks) {
		tasks := setStrings(ctx, plan.Tasks, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		// Assigning an assigned user replaces their tasks.
		readerOf(r.data).forgetAssignedUsers(waba)
		if err := r.data.client.AssignUser(ctx, waba, user, tasks); err != nil {
			addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot change the tasks of user %s on WhatsApp Business Account %s", user, waba), err)
			return
		}
	}
	r.readBack(ctx, &plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	assignedUserIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *assignedUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state assignedUserModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, user := state.BusinessAccountID.ValueString(), state.UserID.ValueString()
	readerOf(r.data).forgetAssignedUsers(waba)
	if err := r.data.client.UnassignUser(ctx, waba, user); err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot remove user %s from WhatsApp Business Account %s", user, waba), err)
	}
}

// ImportState accepts "<business_account_id>/<user_id>" or, for a user of another business than
// the account's owner, "<business_account_id>/<user_id>/<business_id>"; or the identity.
func (r *assignedUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := assignedUserIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	parts := strings.Split(importID, "/")
	valid := len(parts) == 2 || len(parts) == 3
	for _, p := range parts {
		valid = valid && graphIDPattern.MatchString(p)
	}
	if !valid {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be <business_account_id>/<user_id> or <business_account_id>/<user_id>/<business_id>, all numeric, for example 102290129340398/61550000000001.", importID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), parts[0]+"/"+parts[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("business_account_id"), parts[0])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), parts[1])...)
	if len(parts) == 3 {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("business_id"), parts[2])...)
	}
}

// resolveBusiness returns the configured business, or the business that owns the WABA.
func (r *assignedUserResource) resolveBusiness(ctx context.Context, configured types.String, waba string) (string, error) {
	if !configured.IsNull() && !configured.IsUnknown() && configured.ValueString() != "" {
		return configured.ValueString(), nil
	}
	w, err := get(ctx, readerOf(r.data), graph.WABARead(waba))
	if err != nil {
		return "", err
	}
	if w.OwnerBusinessInfo == nil || w.OwnerBusinessInfo.ID == "" {
		return "", fmt.Errorf("meta does not report the business that owns WhatsApp Business Account %s: set business_id", waba)
	}
	return w.OwnerBusinessInfo.ID, nil
}

// readBack replaces the computed attributes of m with the assignment as Meta lists it.
func (r *assignedUserResource) readBack(ctx context.Context, m *assignedUserModel, diags *diag.Diagnostics) {
	waba, business, user := m.BusinessAccountID.ValueString(), m.BusinessID.ValueString(), m.UserID.ValueString()
	u, err := r.data.client.FindAssignedUser(ctx, waba, business, user)
	if err != nil {
		addGraphError(diags, fmt.Sprintf("Cannot list the users of business %s on WhatsApp Business Account %s", business, waba), err)
		return
	}
	if u == nil {
		diags.AddAttributeError(path.Root("business_id"), "Assigned user not listed",
			fmt.Sprintf("Meta accepted user %s on WhatsApp Business Account %s but does not list it among the users of business %s. "+
				"Set business_id to the business the user belongs to (then import the access with terraform import <address> %s/%s/<business_id>).", user, waba, business, waba, user))
		return
	}
	m.fromAPI(ctx, u, diags)
}

func (m *assignedUserModel) fromAPI(ctx context.Context, u *graph.AssignedUser, diags *diag.Diagnostics) {
	m.ID = types.StringValue(m.BusinessAccountID.ValueString() + "/" + m.UserID.ValueString())
	m.UserName = types.StringValue(u.Name)
	m.UserType = stringOrNull(u.UserType)
	tasks, d := types.SetValueFrom(ctx, types.StringType, u.Tasks)
	diags.Append(d...)
	m.Tasks = tasks
}

// setStrings returns the sorted elements of a set of strings.
func setStrings(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}
