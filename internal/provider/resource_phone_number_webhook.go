package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &phoneNumberWebhookResource{}
	_ resource.ResourceWithImportState = &phoneNumberWebhookResource{}
	_ resource.ResourceWithModifyPlan  = &phoneNumberWebhookResource{}
	_ resource.ResourceWithIdentity    = &phoneNumberWebhookResource{}
)

var phoneNumberWebhookIdentity = resourceIdentity{{"phone_number_id", "Id of the business phone number whose callback this overrides."}}

// NewPhoneNumberWebhookResource is the whatsapp_phone_number_webhook resource.
func NewPhoneNumberWebhookResource() resource.Resource { return &phoneNumberWebhookResource{} }

type phoneNumberWebhookResource struct {
	configured
}

type phoneNumberWebhookModel struct {
	ID                   types.String `tfsdk:"id"`
	PhoneNumberID        types.String `tfsdk:"phone_number_id"`
	CallbackURL          types.String `tfsdk:"callback_url"`
	VerifyTokenWO        types.String `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64  `tfsdk:"verify_token_wo_version"`
	WABACallbackURL      types.String `tfsdk:"whatsapp_business_account_callback_url"`
	AppCallbackURL       types.String `tfsdk:"application_callback_url"`
}

func (r *phoneNumberWebhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number_webhook"
}

func (r *phoneNumberWebhookResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = phoneNumberWebhookIdentity.schema()
}

func (r *phoneNumberWebhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An alternate webhook callback URL for one business phone number (Meta's phone-number-level webhook override), for the app that owns the provider's token. " +
			"Meta sends the number's message webhooks (`messages`, `message_echoes`, `calls`, `history`…) there instead of to the WhatsApp Business Account's override or the app's callback. " +
			"Template and account webhooks always go to the app's callback.\n\n" +
			"Before accepting a URL, Meta verifies it: it sends `GET <callback_url>?hub.mode=subscribe&hub.challenge=<n>&hub.verify_token=<token>`, and the endpoint must answer `200` with the challenge as the body. " +
			"A URL that does not answer that way is refused and nothing is stored. The app must be subscribed to the account's webhooks first (`whatsapp_webhook_subscription`).\n\n" +
			"Destroying the resource clears the override, so webhooks go to the account's override or the app's callback again.\n\n" + webhookRoutingNote,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Same as `phone_number_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "Id of the business phone number, such as `whatsapp_phone_number.main.id`.",
				Required:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"callback_url": schema.StringAttribute{
				MarkdownDescription: "The alternate callback URL, `https://` (or `http://` for local development), at most 200 characters. Changing it makes Meta verify the new URL.",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.LengthAtMost(maxOverrideCallbackURILength),
					callbackURLValidator,
				},
			},
			"verify_token_wo":         verifyTokenAttribute("Sent whenever `callback_url` is set or changed."),
			"verify_token_wo_version": verifyTokenVersionAttribute(),
			"whatsapp_business_account_callback_url": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account's alternate callback for the app, used when this override is removed, or null.",
				Computed:            true,
			},
			"application_callback_url": schema.StringAttribute{
				MarkdownDescription: "The app's own callback URL, the last fallback, or null.",
				Computed:            true,
			},
		},
	}
}

func (r *phoneNumberWebhookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan requires the verify token at plan time whenever the apply sends the callback to
// Meta, which verifies it each time: on create, and when callback_url or verify_token_wo_version
// changes. An unchanged override (such as one just imported) needs no token.
func (r *phoneNumberWebhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan phoneNumberWebhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.CallbackURL.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state phoneNumberWebhookModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() || (!changed(plan.CallbackURL, state.CallbackURL) && !changed(plan.VerifyTokenWOVersion, state.VerifyTokenWOVersion)) {
			return
		}
	}
	requireVerifyToken(ctx, req.Config, &resp.Diagnostics, "Meta verifies callback_url before accepting it.")
}

func (r *phoneNumberWebhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan phoneNumberWebhookModel
	var token types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verify_token_wo"), &token)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !r.set(ctx, &plan, token, &resp.Diagnostics) {
		return
	}
	plan.ID = plan.PhoneNumberID
	if r.read(ctx, &plan, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		phoneNumberWebhookIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	}
}

// set sends the override; Meta verifies the callback before accepting it.
func (r *phoneNumberWebhookResource) set(ctx context.Context, m *phoneNumberWebhookModel, token types.String, diags *diag.Diagnostics) bool {
	readerOf(r.data).webhooks.forget(m.PhoneNumberID.ValueString())
	err := r.data.client.SetPhoneCallbackOverride(ctx, m.PhoneNumberID.ValueString(), m.CallbackURL.ValueString(), token.ValueString())
	if err == nil {
		return true
	}
	addGraphError(diags, fmt.Sprintf("Meta refused callback %s for phone number %s", m.CallbackURL.ValueString(), m.PhoneNumberID.ValueString()), err, webhookAdvice)
	return false
}

// read fills the model from Meta. It returns false when the override is gone.
func (r *phoneNumberWebhookResource) read(ctx context.Context, m *phoneNumberWebhookModel, diags *diag.Diagnostics) bool {
	wc, err := r.data.client.GetWebhookConfiguration(ctx, m.PhoneNumberID.ValueString())
	if err != nil {
		addGraphError(diags, "Cannot read the webhook configuration of phone number "+m.PhoneNumberID.ValueString(), err, webhookAdvice)
		return false
	}
	readerOf(r.data).webhooks.put(m.PhoneNumberID.ValueString(), wc)
	m.CallbackURL = types.StringValue(wc.PhoneNumber)
	m.WABACallbackURL = stringOrNull(wc.WhatsAppBusinessAccount)
	m.AppCallbackURL = stringOrNull(wc.Application)
	return true
}

func (r *phoneNumberWebhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state phoneNumberWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.PhoneNumberID.IsNull() {
		state.PhoneNumberID = state.ID
	}
	wc, err := readerOf(r.data).webhooks.get(ctx, state.PhoneNumberID.ValueString())
	if graph.IsNotFound(err) || (err == nil && wc.PhoneNumber == "") {
		// The framework requires an identity after Read, even one removing the object, and a
		// state saved without one (Terraform before 1.12, an earlier provider) has none to keep.
		phoneNumberWebhookIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Phone number webhook override no longer exists",
			fmt.Sprintf("The callback override of phone number %s was removed outside Terraform (or the number is gone); it is removed from state and will be planned for creation.", state.PhoneNumberID.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the webhook configuration of phone number "+state.PhoneNumberID.ValueString(), err, webhookAdvice)
		return
	}
	state.ID = state.PhoneNumberID
	state.CallbackURL = types.StringValue(wc.PhoneNumber)
	state.WABACallbackURL = stringOrNull(wc.WhatsAppBusinessAccount)
	state.AppCallbackURL = stringOrNull(wc.Application)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	phoneNumberWebhookIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *phoneNumberWebhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state phoneNumberWebhookModel
	var token types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verify_token_wo"), &token)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.CallbackURL.Equal(state.CallbackURL) || !plan.VerifyTokenWOVersion.Equal(state.VerifyTokenWOVersion) {
		if !r.set(ctx, &plan, token, &resp.Diagnostics) {
			return
		}
	}
	plan.ID = plan.PhoneNumberID
	if r.read(ctx, &plan, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		phoneNumberWebhookIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	}
}

func (r *phoneNumberWebhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state phoneNumberWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.client.SetPhoneCallbackOverride(ctx, state.PhoneNumberID.ValueString(), "", "")
	readerOf(r.data).webhooks.forget(state.PhoneNumberID.ValueString())
	if err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, "Cannot clear the webhook override of phone number "+state.PhoneNumberID.ValueString(), err, webhookAdvice)
	}
}

// ImportState takes the phone number id, as the import id or the identity.
func (r *phoneNumberWebhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := phoneNumberWebhookIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if !graphIDPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("%q must be the numeric id of the phone number, such as 106540352242922.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), id)...)
}
