package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = &phoneNumberSettingsResource{}
	_ resource.ResourceWithImportState    = &phoneNumberSettingsResource{}
	_ resource.ResourceWithIdentity       = &phoneNumberSettingsResource{}
	_ resource.ResourceWithModifyPlan     = &phoneNumberSettingsResource{}
	_ resource.ResourceWithValidateConfig = &phoneNumberSettingsResource{}
)

var phoneNumberSettingsIdentity = phoneSettingsIdentity("settings")

// NewPhoneNumberSettingsResource is the whatsapp_phone_number_settings resource.
func NewPhoneNumberSettingsResource() resource.Resource { return &phoneNumberSettingsResource{} }

type phoneNumberSettingsResource struct {
	configured
}

// Values of the settings' enums, as Meta's guides spell them.
var (
	settingStatuses     = []string{"ENABLED", "DISABLED"}
	callIconVisibility  = []string{"DEFAULT", "DISABLE_ALL"}
	srtpProtocols       = []string{"DTLS", "SDES"}
	daysOfWeek          = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	storageStatuses     = []string{graph.StorageDefault, graph.StorageInCountry}
	defaultSIPPort      = int64(5061)
	phoneSettingsPrefix = "Settings of a WhatsApp business phone number"
)

func (r *phoneNumberSettingsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number_settings"
}

func (r *phoneNumberSettingsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = phoneNumberSettingsIdentity.schema()
}

func (r *phoneNumberSettingsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = phoneNumberSettingsSchema()
}

// phoneNumberSettingsSchema is the resource's schema; the model's object types come from it.
func phoneNumberSettingsSchema() schema.Schema {
	keepString := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepObject := []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
	enum := func(desc string, values ...string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true,
			Validators: []validator.String{stringvalidator.OneOf(values...)}, PlanModifiers: keepString,
		}
	}
	hhmmTime := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc + " in 24-hour `HHMM` format, such as `0930`.", Required: true}
	}
	return schema.Schema{
		MarkdownDescription: phoneSettingsPrefix + " (Meta's Settings API, `/{phone-number-id}/settings`): the Calling API settings (calling on or off, the call icon, call hours and holidays, callback permission requests, SIP call signaling), " +
			"the identity change check, payload encryption and local storage.\n\n" +
			"A phone number always has settings, so creating the resource adopts them and applies the configured values. **Every setting left unset keeps Meta's value**, which the resource reads back; " +
			"Meta takes one feature per request, so a change sends only the features whose values differ from Meta's. Settings Meta returns that the resource does not model (such as `calling.audio` or `calling.restrictions`) are shown in `unmodelled_settings` and left as they are.\n\n" +
			"Calling needs a messaging limit of 2,000 or more, and SIP or an app subscribed to the WhatsApp Business Account with the `calls` webhook field (see `whatsapp_app_webhook` and `whatsapp_webhook_subscription`). " +
			"WhatsApp clients may take up to 7 days to show a change. Local storage changes only while the number is not registered: plans warn when a change is planned for a registered number.\n\n" +
			"**Destroying the resource leaves the settings at Meta as they are** and only removes them from the Terraform state: Meta has no defaults to restore for most of them, and local storage cannot change on a registered number. " +
			"To turn calling off, set `calling.status = \"DISABLED\"` and apply before destroying.",
		Attributes: map[string]schema.Attribute{
			"id":              phoneSettingsIDAttribute(),
			"phone_number_id": phoneNumberIDAttribute("settings"),
			"calling": schema.SingleNestedAttribute{
				MarkdownDescription: "The Calling API settings (Meta \"Configure Call Settings\"). Unset, Meta's are kept and read back.",
				Optional:            true, Computed: true, PlanModifiers: keepObject,
				Attributes: map[string]schema.Attribute{
					"status": enum("Whether the Calling API is enabled on the number: `ENABLED` or `DISABLED` (Meta's default). When enabled, WhatsApp shows the call button in the chat and the business profile.", settingStatuses...),
					"call_icon_visibility": enum("Whether the call button shows: `DEFAULT` shows it in the chat menu bar and the business info page; `DISABLE_ALL` hides it there and in every entry point outside the chat, so users cannot call unprompted. "+
						"Call buttons in interactive and template messages still work.", callIconVisibility...),
					"callback_permission_status": enum("Whether a user who calls the business is asked for permission to be called back (after a missed or connected call): `ENABLED` or `DISABLED`.", settingStatuses...),
					"srtp_key_exchange_protocol": enum("The SRTP key exchange of calls: `DTLS` (Meta's default) or `SDES`, which needs SIP enabled.", srtpProtocols...),
					"call_icons": schema.SingleNestedAttribute{
						MarkdownDescription: "Where the call icon shows.",
						Optional:            true, Computed: true, PlanModifiers: keepObject,
						Attributes: map[string]schema.Attribute{
							"restrict_to_user_countries": schema.ListAttribute{
								MarkdownDescription: "Show the call icon only to users whose phone numbers are registered in these countries (ISO 3166-1 alpha-2 codes such as `US`), wherever they are; `[]` is no restriction.",
								ElementType:         types.StringType, Required: true,
							},
						},
					},
					"call_hours": schema.SingleNestedAttribute{
						MarkdownDescription: "The hours the business takes user-initiated calls. Outside them, WhatsApp offers the user a chat, or a callback request when `callback_permission_status` is `ENABLED`, and shows the next opening. " +
							"Meta replaces the call hours whole, holidays included. Unset, Meta's are kept and read back.",
						Optional: true, Computed: true, PlanModifiers: keepObject,
						Attributes: map[string]schema.Attribute{
							"status": schema.StringAttribute{
								MarkdownDescription: "`ENABLED` enforces the hours; `DISABLED` leaves the business open all day, every day.",
								Required:            true, Validators: []validator.String{stringvalidator.OneOf(settingStatuses...)},
							},
							"timezone_id": schema.StringAttribute{
								MarkdownDescription: "The IANA time zone of the hours, such as `America/Manaus` or `Asia/Singapore`.",
								Required:            true,
							},
							"weekly_operating_hours": schema.ListNestedAttribute{
								MarkdownDescription: "The opening hours of each day: at least one entry, at most two a day, that do not overlap.",
								Required:            true,
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"day_of_week": schema.StringAttribute{
										MarkdownDescription: "`MONDAY` to `SUNDAY`.", Required: true,
										Validators: []validator.String{stringvalidator.OneOf(daysOfWeek...)},
									},
									"open_time":  hhmmTime("Opening time,"),
									"close_time": hhmmTime("Closing time, after `open_time`,"),
								}},
							},
							"holiday_schedule": schema.ListNestedAttribute{
								MarkdownDescription: "Dates whose hours replace the weekly ones: up to 20, none in the past, at most two a date that do not overlap. Unset, the number has no holidays.",
								Optional:            true,
								Validators:          []validator.List{listvalidator.SizeBetween(1, 20)},
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"date": schema.StringAttribute{
										MarkdownDescription: "The date, `YYYY-MM-DD`.", Required: true,
									},
									"start_time": hhmmTime("Opening time,"),
									"end_time":   hhmmTime("Closing time, after `start_time`,"),
								}},
							},
						},
					},
					"sip": schema.SingleNestedAttribute{
						MarkdownDescription: "Call signaling over SIP instead of Graph API calls and webhooks (Meta \"SIP Configuration Guide\"). While SIP is enabled, the calling endpoints cannot be used and no calling webhooks are sent. " +
							"Meta generates a SIP user password for the number and the app; read it with `GET /{phone-number-id}/settings?include_sip_credentials=true`.",
						Optional: true, Computed: true, PlanModifiers: keepObject,
						Attributes: map[string]schema.Attribute{
							"status": enum("`ENABLED` or `DISABLED` (Meta's default). Enabling needs a server; disabling keeps the servers.", settingStatuses...),
							"servers": schema.ListNestedAttribute{
								MarkdownDescription: "The SIP server calls are signaled to: a number has one. Meta records the app of the provider's token as the server's app; `[]` removes that app's server. " +
									"Servers another app configured show here too and are removed with that app's token. Unset, Meta's are kept.",
								Optional: true, Computed: true,
								PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
								Validators:    []validator.List{listvalidator.SizeAtMost(1)},
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"hostname": schema.StringAttribute{
										MarkdownDescription: "The host name of the SIP server, such as `sip.example.com`. Meta connects over TLS; the server's certificate must cover the name.",
										Required:            true,
									},
									"port": schema.Int64Attribute{
										MarkdownDescription: "The TLS port of the SIP server. Default `5061`, as at Meta.",
										Optional:            true, Computed: true, Default: int64default.StaticInt64(defaultSIPPort),
									},
									"request_uri_user_params": schema.MapAttribute{
										MarkdownDescription: "Parameters Meta adds to the user part of the request URI of its SIP INVITEs, such as trunk groups (`tgrp`, `trunk-context`, RFC 4904). Keys and values are at most 128 characters.",
										ElementType:         types.StringType, Optional: true,
										Validators: []validator.Map{mapvalidator.SizeAtLeast(1)},
									},
									"app_id": schema.StringAttribute{
										MarkdownDescription: "The app that configured the server.",
										Computed:            true, PlanModifiers: keepString,
									},
								}},
							},
						},
					},
				},
			},
			"user_identity_change": schema.SingleNestedAttribute{
				MarkdownDescription: "The identity change check (Meta \"Identity change check\"): when enabled, a message sent with the customer's `recipient_identity_key_hash` is delivered only if the customer's identity has not changed since. " +
					"Meta's settings read does not return it, so a change made outside Terraform does not show. Unset, Meta's is kept.",
				Optional: true, Computed: true, PlanModifiers: keepObject,
				Attributes: map[string]schema.Attribute{
					"enable_identity_key_check": schema.BoolAttribute{
						MarkdownDescription: "Whether the check is on.", Required: true,
						PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
					},
				},
			},
			"payload_encryption": schema.SingleNestedAttribute{
				MarkdownDescription: "Encryption of payloads with a key of the business. Unset, Meta's setting is kept and read back.",
				Optional:            true, Computed: true, PlanModifiers: keepObject,
				Attributes: map[string]schema.Attribute{
					"status": enum("`ENABLED` (needs `client_encryption_key`) or `DISABLED`.", settingStatuses...),
					"client_encryption_key": schema.StringAttribute{
						MarkdownDescription: "The business's public key, Base64-encoded, for example `base64encode(file(\"client-public.pem\"))`. Meta returns only its fingerprint: when Meta's fingerprint is no longer the one of the key Terraform set, the next plan sets the key again.",
						Optional:            true,
					},
					"client_encryption_key_fingerprint": schema.StringAttribute{
						MarkdownDescription: "Meta's fingerprint of the client key.", Computed: true, PlanModifiers: keepString,
					},
					"cloud_encryption_key": schema.StringAttribute{
						MarkdownDescription: "Meta's (cloud) encryption key.", Computed: true, PlanModifiers: keepString,
					},
				},
			},
			"storage_configuration": schema.SingleNestedAttribute{
				MarkdownDescription: "Local storage (Meta \"Local storage\"): the country where message data is kept at rest. **Meta changes it only while the number is not registered**: deregister the number (`whatsapp_phone_number` with `register = false`), apply, then register it again. " +
					"Unset, Meta's is kept and read back.",
				Optional: true, Computed: true, PlanModifiers: keepObject,
				Attributes: map[string]schema.Attribute{
					"status":                   enum("`IN_COUNTRY_STORAGE_ENABLED` keeps data at rest in `data_localization_region`; `DEFAULT` is Meta's storage (Terraform sends `IN_COUNTRY_STORAGE_DISABLED`).", storageStatuses...),
					"data_localization_region": enum("The country of local storage, with `IN_COUNTRY_STORAGE_ENABLED`: `"+strings.Join(graph.DataLocalizationRegions, "`, `")+"`.", graph.DataLocalizationRegions...),
				},
			},
			"unmodelled_settings": schema.StringAttribute{
				MarkdownDescription: "The settings Meta returns that this resource does not model, as Meta's JSON (`null` when there are none), such as `calling.audio` or `calling.restrictions`. They are left as they are.",
				Computed:            true, PlanModifiers: keepString,
			},
		},
	}
}

func (r *phoneNumberSettingsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *phoneNumberSettingsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan phoneSettingsModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, nil, &resp.State, resp.Private, &resp.Diagnostics)
	phoneNumberSettingsIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *phoneNumberSettingsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state phoneSettingsModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	phone := state.PhoneNumberID.ValueString()
	s, err := r.data.client.GetPhoneSettings(ctx, phone)
	if graph.IsNotFound(err) {
		phoneNumberSettingsIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Phone number no longer exists",
			fmt.Sprintf("Phone number %s is gone, and its settings with it; they are removed from state.", phone))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the settings of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	recorded, diags := req.Private.GetKey(ctx, clientKeyFingerprintKey)
	resp.Diagnostics.Append(diags...)
	var fingerprint string
	if len(recorded) > 0 {
		_ = json.Unmarshal(recorded, &fingerprint)
	}
	state.applyRemote(ctx, s, fingerprint, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	phoneNumberSettingsIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *phoneNumberSettingsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state phoneSettingsModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &state, &resp.State, resp.Private, &resp.Diagnostics)
	phoneNumberSettingsIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete leaves the settings at Meta: see the resource description.
func (r *phoneNumberSettingsResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState takes the phone number id.
func (r *phoneNumberSettingsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importPhoneSettings(ctx, phoneNumberSettingsIdentity, req, resp)
}

// clientKeyFingerprintKey is the private state key holding Meta's fingerprint of the client
// encryption key Terraform last set.
const clientKeyFingerprintKey = "client_encryption_key_fingerprint"

// privateSetter is the private state of a Create or Update response.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// write sends the features whose planned values differ from Meta's, one request each, then
// saves what Meta reads back.
func (r *phoneNumberSettingsResource) write(ctx context.Context, plan, prior *phoneSettingsModel, state *tfsdk.State, private privateSetter, diags *diag.Diagnostics) {
	phone := plan.PhoneNumberID.ValueString()
	current, err := r.data.client.GetPhoneSettings(ctx, phone)
	if err != nil {
		addGraphError(diags, "Cannot read the settings of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	for _, step := range plan.changes(ctx, prior, current, diags) {
		if diags.HasError() {
			return
		}
		if err := step.send(ctx, r.data.client, phone); err != nil {
			addGraphError(diags, fmt.Sprintf("Cannot set the %s of phone number %s", step.what, phone), err, settingsAdvice)
			return
		}
	}
	if diags.HasError() {
		return
	}
	after, err := r.data.client.GetPhoneSettings(ctx, phone)
	if err != nil {
		addGraphError(diags, "Cannot read the settings of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	plan.applyRemote(ctx, after, "", diags)
	if diags.HasError() {
		return
	}
	fingerprint := ""
	if after.PayloadEncryption != nil {
		fingerprint = after.PayloadEncryption.ClientEncryptionKeyFingerprint
	}
	recorded, _ := json.Marshal(fingerprint)
	diags.Append(private.SetKey(ctx, clientKeyFingerprintKey, recorded)...)
	diags.Append(state.Set(ctx, plan)...)
}

// ModifyPlan says that a destroy leaves the settings at Meta, warns when local storage would
// change on a registered number, refuses holidays in the past, and marks what Meta computes
// from a changed value as unknown.
func (r *phoneNumberSettingsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var state phoneSettingsModel
		if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.AddWarning("The phone number settings stay at Meta",
			fmt.Sprintf("Destroying whatsapp_phone_number_settings removes the settings of phone number %s from the Terraform state only: calling, SIP, the identity change check, payload encryption and local storage keep their current values at Meta.",
				state.PhoneNumberID.ValueString()))
		return
	}
	var plan phoneSettingsModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	var state *phoneSettingsModel
	if !req.State.Raw.IsNull() {
		state = &phoneSettingsModel{}
		if resp.Diagnostics.Append(req.State.Get(ctx, state)...); resp.Diagnostics.HasError() {
			return
		}
	}
	checkHolidaysNotPast(ctx, &plan, state, &resp.Diagnostics)
	plan.dropRegionOfDefaultStorage(ctx, &resp.Diagnostics)
	if state != nil && !req.Plan.Raw.Equal(req.State.Raw) {
		plan.UnmodelledSettings = types.StringUnknown()
		plan.markComputedUnknown(ctx, state, &resp.Diagnostics)
	}
	r.warnAboutStorage(ctx, &plan, state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// warnAboutStorage warns when the plan changes local storage of a number that is registered:
// Meta refuses the change then.
func (r *phoneNumberSettingsResource) warnAboutStorage(ctx context.Context, plan, state *phoneSettingsModel, diags *diag.Diagnostics) {
	want := plan.storage(ctx, diags)
	if want == nil || r.data == nil || plan.PhoneNumberID.IsUnknown() {
		return
	}
	phone := plan.PhoneNumberID.ValueString()
	var have *graph.StorageConfiguration
	if state != nil {
		have = state.storage(ctx, diags)
	} else if s, err := r.data.client.GetPhoneSettings(ctx, phone); err == nil {
		have = s.StorageConfiguration
	}
	if have != nil && sameStorage(*want, *have) {
		return
	}
	p, err := r.data.client.GetPhoneNumber(ctx, phone)
	if err != nil || !p.Registered() {
		return
	}
	diags.AddAttributeWarning(path.Root("storage_configuration"), "Local storage cannot change while the number is registered",
		fmt.Sprintf("Phone number %s is registered, and Meta enables or disables local storage only on a number that is not registered: apply would fail. "+
			"Deregister the number first (whatsapp_phone_number with register = false), apply the storage change, then register the number again; Meta takes about 5 minutes and no new verification.", phone))
}

// settingsAdvice explains Meta's refusals of a settings change.
func settingsAdvice(err error) string {
	switch {
	case graph.IsCallingLimitTooLow(err):
		return "Meta enables calling only for numbers whose business has a messaging limit of 2,000 or more."
	case graph.IsCallingPrerequisiteMissing(err):
		return "Meta enables calling only with SIP (calling.sip) or with an app subscribed to the WhatsApp Business Account whose webhooks include the calls field: " +
			"add \"calls\" to the fields of whatsapp_app_webhook, subscribe the app with whatsapp_webhook_subscription, and make this resource depend on them."
	case graph.IsNotFound(err):
		return phoneSettingsAdvice(err)
	}
	return ""
}
