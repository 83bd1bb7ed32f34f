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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = &appWebhookResource{}
	_ resource.ResourceWithIdentity       = &appWebhookResource{}
	_ resource.ResourceWithImportState    = &appWebhookResource{}
	_ resource.ResourceWithModifyPlan     = &appWebhookResource{}
	_ resource.ResourceWithValidateConfig = &appWebhookResource{}
)

// appWebhookIdentity is the app and the object, the import id <app_id>/<object>.
var appWebhookIdentity = resourceIdentity{
	{"app_id", "the id of the app whose subscription this is, the provider's app_id"},
	{"object", "the object type the subscription is for, such as " + defaultWebhookObject},
}

// NewAppWebhookResource is the whatsapp_app_webhook resource.
func NewAppWebhookResource() resource.Resource { return &appWebhookResource{} }

type appWebhookResource struct {
	configured
}

func (r *appWebhookResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_app_webhook"
}

func (r *appWebhookResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The webhook subscription of the provider's Meta app for one object type (the App Dashboard's *Webhooks* settings): " +
			"the callback URL Meta posts to and the fields it sends. For WhatsApp the object is `whatsapp_business_account`, and the app must also be subscribed " +
			"to each WhatsApp Business Account with `whatsapp_webhook_subscription`.\n\n" +
			"Requires the provider's `app_id` and `app_secret`: Meta serves `/{app-id}/subscriptions` only to the app access token `app_id|app_secret`. " +
			"Meta verifies the callback with `verify_token_wo` whenever the subscription is sent; a failed verification fails the apply and changes nothing. " +
			"Destroying the resource deletes the app's subscription for the object.\n\n" +
			webhookRoutingNote,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<app_id>/<object>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "The app whose subscription this is: the provider's `app_id`. A different `app_id` on the provider replaces the subscription.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"object": schema.StringAttribute{
				MarkdownDescription: "Object type the subscription is for: " + quoteList(webhookObjects) + ". Default `" + defaultWebhookObject + "`. Changing it replaces the subscription.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultWebhookObject),
				Validators:          []validator.String{stringvalidator.OneOf(webhookObjects...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"callback_url": schema.StringAttribute{
				MarkdownDescription: "URL Meta posts webhooks to (and verifies first). Meta requires an HTTPS endpoint it can reach with a valid certificate. Changing it is an update, verified again with `verify_token_wo`.",
				Required:            true,
				Validators:          []validator.String{callbackURLValidator},
			},
			"fields": schema.SetAttribute{
				MarkdownDescription: "Fields to receive. For `whatsapp_business_account`: " + quoteList(wabaWebhookFields) + ". " +
					"Adding fields is verified again with `verify_token_wo`; removing fields is not.",
				Required:    true,
				ElementType: types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.RegexMatches(regexp.MustCompile(`^[a-z][a-z0-9_]*$`), "must be a webhook field name such as messages")),
				},
			},
			"include_values": schema.BoolAttribute{
				MarkdownDescription: "Whether change notifications include the new values. Default `false`. Meta does not report this setting back, so drift in it cannot be detected and an import assumes `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"verify_token_wo":         verifyTokenAttribute("Required when the subscription is created and whenever `callback_url`, `include_values` or `verify_token_wo_version` change or fields are added."),
			"verify_token_wo_version": verifyTokenVersionAttribute(),
			"active": schema.BoolAttribute{
				MarkdownDescription: "Whether Meta reports the subscription as active.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *appWebhookResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = appWebhookIdentity.schema()
}

func (r *appWebhookResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks WhatsApp field names at plan time.
func (r *appWebhookResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m appWebhookModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Object.IsUnknown() || m.Fields.IsNull() || m.Fields.IsUnknown() {
		return
	}
	if !m.Object.IsNull() && m.Object.ValueString() != defaultWebhookObject {
		return
	}
	var fields []types.String
	resp.Diagnostics.Append(m.Fields.ElementsAs(ctx, &fields, false)...)
	for _, f := range fields {
		if f.IsUnknown() || f.IsNull() || slices.Contains(wabaWebhookFields, f.ValueString()) {
			continue
		}
		resp.Diagnostics.AddAttributeError(path.Root("fields"), "Unknown WhatsApp webhook field",
			fmt.Sprintf("fields contains %q, which is not a field of the %s object. Valid fields: %s.", f.ValueString(), defaultWebhookObject, strings.Join(wabaWebhookFields, ", ")))
	}
}

// ModifyPlan needs the app credentials, follows the provider's app_id, and requires the verify
// token whenever the apply sends the subscription to Meta (which verifies the callback each
// time). Removing fields only, or a plan without changes, needs no token.
func (r *appWebhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	appID, _, ok := r.appCredentials(&resp.Diagnostics)
	if !ok {
		return
	}
	var plan appWebhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("app_id"), appID)...)
		if !plan.Object.IsUnknown() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), appWebhookID(appID, plan.Object.ValueString()))...)
		}
		requireVerifyToken(ctx, req.Config, &resp.Diagnostics, "Meta verifies callback_url before it creates the subscription.")
		return
	}
	var state appWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.AppID.ValueString() != appID {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("app_id"), appID)...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("app_id"))
		requireVerifyToken(ctx, req.Config, &resp.Diagnostics, "Meta verifies callback_url before it creates the subscription for the new app.")
		return
	}
	resend := changed(plan.CallbackURL, state.CallbackURL) || changed(plan.IncludeValues, state.IncludeValues) ||
		changed(plan.VerifyTokenWOVersion, state.VerifyTokenWOVersion) || plan.Fields.IsUnknown()
	if !resend {
		planFields, stateFields := plan.fieldNames(ctx, &resp.Diagnostics), state.fieldNames(ctx, &resp.Diagnostics)
		resend = len(difference(planFields, stateFields)) > 0
	}
	if resend {
		requireVerifyToken(ctx, req.Config, &resp.Diagnostics, "Meta verifies callback_url each time the subscription is sent, which this change does.")
	}
}

// appCredentials returns the app id and app access token, or reports that they are missing.
func (r *appWebhookResource) appCredentials(diags *diag.Diagnostics) (appID, appToken string, ok bool) {
	if r.data.appID == "" || r.data.appSecret == "" {
		diags.AddError("Missing app credentials",
			"whatsapp_app_webhook manages /{app-id}/subscriptions, which Meta serves only to the app access token app_id|app_secret. "+
				"Set app_id (or "+envAppID+") and app_secret (or "+envAppSecret+") in the provider block.")
		return "", "", false
	}
	return r.data.appID, graph.AppAccessToken(r.data.appID, r.data.appSecret), true
}

func (r *appWebhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan appWebhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	token := configVerifyToken(ctx, req.Config, &resp.Diagnostics)
	appID, appToken, ok := r.appCredentials(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || !ok {
		return
	}
	object := plan.Object.ValueString()
	fields := plan.fieldNames(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	existing, err := r.data.client.FindAppSubscription(ctx, appID, appToken, object)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read the webhook subscriptions of app %s", appID), err, webhookAdvice)
		return
	}
	if existing != nil {
		resp.Diagnostics.AddError("App already subscribed",
			fmt.Sprintf("App %s already has a %s webhook subscription (callback %s, fields %s). Bring it under Terraform with: terraform import <address> %s",
				appID, object, existing.CallbackURL, strings.Join(existing.FieldNames(), ","), appWebhookID(appID, object)))
		return
	}
	if err := r.data.client.SubscribeAppObject(ctx, appID, appToken, plan.subscription(fields, token)); err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot subscribe app %s to %s webhooks at %s", appID, object, plan.CallbackURL.ValueString()), err, webhookAdvice)
		return
	}
	r.readInto(ctx, &plan, appID, appToken, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	appWebhookIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// readInto reads the subscription after a write and copies it into m.
func (r *appWebhookResource) readInto(ctx context.Context, m *appWebhookModel, appID, appToken string, diags *diag.Diagnostics) {
	object := m.Object.ValueString()
	sub, err := r.data.client.FindAppSubscription(ctx, appID, appToken, object)
	if err != nil {
		addGraphError(diags, "Cannot read the subscription back", err, webhookAdvice)
		return
	}
	if sub == nil {
		diags.AddError("Subscription not found after subscribing",
			fmt.Sprintf("Meta accepted the %s webhook subscription of app %s but does not list it. Apply again.", object, appID))
		return
	}
	m.applyRemote(ctx, appID, sub, diags)
}

func (r *appWebhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state appWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, appToken, ok := r.appCredentials(&resp.Diagnostics)
	if !ok {
		return
	}
	appID, object := state.AppID.ValueString(), state.Object.ValueString()
	sub, err := readerOf(r.data).appSubscription(ctx, appID, appToken, object)
	if err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read the webhook subscriptions of app %s", appID), err, webhookAdvice)
		return
	}
	if sub == nil {
		// The framework requires an identity after Read even for a removed object; when Terraform
		// sent none (before 1.12, or a state from before identities), give the prior state's.
		appWebhookIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Webhook subscription no longer exists",
			fmt.Sprintf("App %s has no %s webhook subscription any more; it is removed from state and will be planned for creation.", appID, object))
		return
	}
	state.applyRemote(ctx, appID, sub, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	appWebhookIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Update sends the subscription again when anything Meta verifies changes (callback, token,
// include_values, added fields), then removes the fields no longer wanted: Meta adds the fields
// it receives to those already subscribed.
func (r *appWebhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state appWebhookModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	token := configVerifyToken(ctx, req.Config, &resp.Diagnostics)
	appID, appToken, ok := r.appCredentials(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || !ok {
		return
	}
	object := state.Object.ValueString()
	planFields, stateFields := plan.fieldNames(ctx, &resp.Diagnostics), state.fieldNames(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	added, removed := difference(planFields, stateFields), difference(stateFields, planFields)
	resend := len(added) > 0 || !plan.CallbackURL.Equal(state.CallbackURL) || !plan.IncludeValues.Equal(state.IncludeValues) ||
		!plan.VerifyTokenWOVersion.Equal(state.VerifyTokenWOVersion)
	if resend {
		if err := r.data.client.SubscribeAppObject(ctx, appID, appToken, plan.subscription(planFields, token)); err != nil {
			addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot update the %s webhook subscription of app %s", object, appID), err, webhookAdvice)
			return
		}
	}
	if len(removed) > 0 {
		if err := r.data.client.DeleteAppSubscription(ctx, appID, appToken, object, removed); err != nil {
			addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot remove fields %s from the %s webhook subscription of app %s", strings.Join(removed, ", "), object, appID), err, webhookAdvice)
			return
		}
	}
	r.readInto(ctx, &plan, appID, appToken, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	appWebhookIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *appWebhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state appWebhookModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	_, appToken, ok := r.appCredentials(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || !ok {
		return
	}
	appID, object := state.AppID.ValueString(), state.Object.ValueString()
	if err := r.data.client.DeleteAppSubscription(ctx, appID, appToken, object, nil); err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot delete the %s webhook subscription of app %s", object, appID), err, webhookAdvice)
	}
}

// ImportState takes "<app_id>/<object>" or "<object>" (the provider's app), or the identity.
func (r *appWebhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := appWebhookIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	appID, _, ok := r.appCredentials(&resp.Diagnostics)
	if !ok {
		return
	}
	object := importID
	if before, after, found := strings.Cut(importID, "/"); found {
		if before != appID {
			resp.Diagnostics.AddError("Invalid import id",
				fmt.Sprintf("%q names app %s, but the provider's app_id is %s: only the provider's app can be managed with its app access token.", importID, before, appID))
			return
		}
		object = after
	}
	if !slices.Contains(webhookObjects, object) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be <app_id>/<object> or <object>, where object is one of %s; for example %s/%s.", importID, strings.Join(webhookObjects, ", "), appID, defaultWebhookObject))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), appWebhookID(appID, object))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("app_id"), appID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("object"), object)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("include_values"), false)...)
}
