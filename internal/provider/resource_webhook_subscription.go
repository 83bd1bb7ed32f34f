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
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &webhookSubscriptionResource{}
	_ resource.ResourceWithIdentity    = &webhookSubscriptionResource{}
	_ resource.ResourceWithImportState = &webhookSubscriptionResource{}
	_ resource.ResourceWithModifyPlan  = &webhookSubscriptionResource{}
)

// webhookSubscriptionIdentity is the subscribed account, the import id.
var webhookSubscriptionIdentity = resourceIdentity{{"business_account_id", "the WhatsApp Business Account (WABA) id the app is subscribed to"}}

// NewWebhookSubscriptionResource is the whatsapp_webhook_subscription resource.
func NewWebhookSubscriptionResource() resource.Resource { return &webhookSubscriptionResource{} }

type webhookSubscriptionResource struct {
	configured
}

func (r *webhookSubscriptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_subscription"
}

func (r *webhookSubscriptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Subscribes the Meta app that owns the provider's access token to the webhooks of a WhatsApp Business Account (WABA), " +
			"optionally with an alternate callback URL for that account. Meta sends an app a WABA's webhooks only while the app is subscribed to it; " +
			"the app's own callback URL and fields are set with `whatsapp_app_webhook`.\n\n" +
			"Destroying the resource unsubscribes the app from the account. Subscribing is idempotent, so creating the resource for an app that is already subscribed adopts the subscription.\n\n" +
			webhookRoutingNote,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "WhatsApp Business Account (WABA) to subscribe to. Defaults to the provider's `business_account_id`. Changing it subscribes the app to the other account and unsubscribes it from this one.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "Id of the subscribed app: the app that owns the provider's access token (the provider's `app_id` when set).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"app_name": schema.StringAttribute{
				MarkdownDescription: "Name of the subscribed app, as Meta reports it.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"override_callback_uri": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Alternate callback URL for this account's overridable webhooks (at most %d characters), instead of the app's callback. "+
					"Meta verifies it with `verify_token_wo` before accepting it; a failed verification fails the apply and changes nothing. "+
					"Removing it makes Meta send the account's webhooks to the app's callback again. A phone number's own override takes precedence.", maxOverrideCallbackURILength),
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, maxOverrideCallbackURILength), callbackURLValidator},
			},
			"verify_token_wo":         verifyTokenAttribute("Required whenever `override_callback_uri` is set or changed."),
			"verify_token_wo_version": verifyTokenVersionAttribute(),
		},
	}
}

func (r *webhookSubscriptionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = webhookSubscriptionIdentity.schema()
}

func (r *webhookSubscriptionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan requires the verify token at plan time whenever the apply would send an override:
// Meta verifies every override it receives. An unchanged override (such as one just imported)
// needs no token.
func (r *webhookSubscriptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan webhookSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.OverrideCallbackURI.IsNull() || plan.OverrideCallbackURI.IsUnknown() {
		return
	}
	if !req.State.Raw.IsNull() {
		var state webhookSubscriptionModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() || (!changed(plan.OverrideCallbackURI, state.OverrideCallbackURI) && !changed(plan.VerifyTokenWOVersion, state.VerifyTokenWOVersion)) {
			return
		}
	}
	requireVerifyToken(ctx, req.Config, &resp.Diagnostics, "Meta verifies override_callback_uri before accepting it.")
}

func (r *webhookSubscriptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan webhookSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	token := configVerifyToken(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := r.requireBusinessAccountID(plan.BusinessAccountID.ValueString(), "on the subscription", &resp.Diagnostics)
	if !ok {
		return
	}
	plan.BusinessAccountID = types.StringValue(waba)
	appID, err := r.tokenAppID(ctx)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot find the app of the access token", err, webhookAdvice)
		return
	}
	readerOf(r.data).subscribedApps.drop(waba)
	if err := r.data.client.SubscribeApp(ctx, waba, plan.override(token)); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot subscribe app %s to WhatsApp Business Account %s", appID, waba), err, webhookAdvice)
		return
	}
	r.readInto(ctx, &plan, appID, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	webhookSubscriptionIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// readInto reads the app's subscription after a write and copies it into m.
func (r *webhookSubscriptionResource) readInto(ctx context.Context, m *webhookSubscriptionModel, appID string, diags *diag.Diagnostics) {
	sub, err := r.data.client.FindSubscribedApp(ctx, m.BusinessAccountID.ValueString(), appID)
	if err != nil {
		addGraphError(diags, "Cannot read the subscription back", err, webhookAdvice)
		return
	}
	if sub == nil {
		diags.AddError("Subscription not found after subscribing",
			fmt.Sprintf("Meta accepted the subscription to WhatsApp Business Account %s but does not list app %s among the subscribed apps. "+
				"Check that the provider's app_id (or %s) is the app that owns the access token, or leave it unset.", m.BusinessAccountID.ValueString(), appID, envAppID))
		return
	}
	m.applyRemote(sub)
}

// tokenAppID is the app that owns the access token: the provider's app_id, else what Graph says.
func (r *webhookSubscriptionResource) tokenAppID(ctx context.Context) (string, error) {
	if r.data.appID != "" {
		return r.data.appID, nil
	}
	app, err := readerOf(r.data).currentApp(ctx)
	if err != nil {
		return "", err
	}
	return app.ID, nil
}

func (r *webhookSubscriptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state webhookSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	appID := state.AppID.ValueString()
	if appID == "" {
		var err error
		if appID, err = r.tokenAppID(ctx); err != nil {
			addGraphError(&resp.Diagnostics, "Cannot find the app of the access token", err, webhookAdvice)
			return
		}
	}
	waba := state.BusinessAccountID.ValueString()
	sub, err := readerOf(r.data).subscribedApp(ctx, waba, appID)
	if err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read the webhook subscriptions of WhatsApp Business Account %s", waba), err, webhookAdvice)
		return
	}
	if sub == nil {
		// The framework requires an identity after Read even for a removed object; when Terraform
		// sent none (before 1.12, or a state from before identities), give the prior state's.
		webhookSubscriptionIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "App no longer subscribed",
			fmt.Sprintf("App %s is no longer subscribed to the webhooks of WhatsApp Business Account %s; the subscription is removed from state and will be planned for creation.", appID, waba))
		return
	}
	state.applyRemote(sub)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	webhookSubscriptionIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Update subscribes again: with the new override (verified by Meta), or without one, which
// removes the override.
func (r *webhookSubscriptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state webhookSubscriptionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	token := configVerifyToken(ctx, req.Config, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	waba := state.BusinessAccountID.ValueString()
	plan.BusinessAccountID = state.BusinessAccountID
	readerOf(r.data).subscribedApps.drop(waba)
	if err := r.data.client.SubscribeApp(ctx, waba, plan.override(token)); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot update the subscription of app %s to WhatsApp Business Account %s", state.AppID.ValueString(), waba), err, webhookAdvice)
		return
	}
	tflog.Debug(ctx, "subscribed again", map[string]any{"business_account_id": waba, "override": !plan.OverrideCallbackURI.IsNull()})
	r.readInto(ctx, &plan, state.AppID.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	webhookSubscriptionIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *webhookSubscriptionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state webhookSubscriptionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba := state.BusinessAccountID.ValueString()
	readerOf(r.data).subscribedApps.drop(waba)
	if err := r.data.client.UnsubscribeApp(ctx, waba); err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot unsubscribe app %s from WhatsApp Business Account %s", state.AppID.ValueString(), waba), err, webhookAdvice)
	}
}

// ImportState takes the WhatsApp Business Account id, or the identity.
func (r *webhookSubscriptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := webhookSubscriptionIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if !graphIDPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be %s, the numeric id of the WhatsApp Business Account the app is subscribed to, for example 102290129340398.", id, webhookSubscriptionImportFormat))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("business_account_id"), id)...)
}
