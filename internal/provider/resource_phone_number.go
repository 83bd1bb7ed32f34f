package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = &phoneNumberResource{}
	_ resource.ResourceWithImportState    = &phoneNumberResource{}
	_ resource.ResourceWithModifyPlan     = &phoneNumberResource{}
	_ resource.ResourceWithValidateConfig = &phoneNumberResource{}
	_ resource.ResourceWithIdentity       = &phoneNumberResource{}
)

// phoneNumberIdentity is the phone number id, imported in the provider's business_account_id.
var phoneNumberIdentity = resourceIdentity{{"id", "Phone number id assigned by Meta, in the provider's business_account_id."}}

// NewPhoneNumberResource is the whatsapp_phone_number resource.
func NewPhoneNumberResource() resource.Resource { return &phoneNumberResource{} }

type phoneNumberResource struct {
	configured
}

func (r *phoneNumberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number"
}

func (r *phoneNumberResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = phoneNumberIdentity.schema()
}

func (r *phoneNumberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A business phone number of a WhatsApp Business Account, taken through Meta's onboarding: " +
			"the number is added with its display name, verified with a code Meta sends by SMS or voice call, and registered on the Cloud API with a two-step verification PIN.\n\n" +
			"Verification needs a person to read the code, so it takes two applies: the first adds the number and has Meta send the code " +
			"(the number then stays `NOT_VERIFIED` and every plan says so); after you put the code in `verification_code_wo`, the next apply verifies and registers it. " +
			"A number that is already verified (or already registered, such as one imported from WhatsApp Manager) needs no code.\n\n" +
			"Meta has no API to remove a number from a WhatsApp Business Account. Destroying this resource deregisters the number from the Cloud API " +
			"(unless `deregister_on_destroy = false`) and forgets it; it stays listed in WhatsApp Manager, where it can be deleted. " +
			"Creating the resource again for a number that is still in the account adopts it instead of failing.\n\n" +
			"The PIN and the verification code are write-only: Terraform never stores them.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Phone number id assigned by Meta (the id used to send messages).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "WhatsApp Business Account (WABA) the number belongs to. Defaults to the provider's `business_account_id`. Changing it adds the number to the other account.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"country_code": schema.StringAttribute{
				MarkdownDescription: "Country calling code of the number, digits only: `1` for the United States and Canada, `44` for the United Kingdom, `55` for Brazil. Changing it means another number.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(countryCodePattern, "must be a country calling code: 1 to 3 digits, not starting with 0, such as 1 or 44")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"phone_number": schema.StringAttribute{
				MarkdownDescription: "The national number, digits only, without the country code, `+`, spaces or a leading trunk `0`: `6315551000` for +1 631-555-1000. " +
					"Together with `country_code` it is the E.164 number (at most 15 digits). Changing it means another number.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.RegexMatches(nationalPattern, "must be the national number: 4 to 14 digits, without country code, +, spaces or dashes")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "The business name shown with the number (2 to 75 characters), which Meta reviews against its display name guidelines. " +
					"It is sent as the number's `verified_name` when the number is added; changing it later requests a display name change, which Meta reviews again: " +
					"until then `new_display_name` and `new_name_status` show the request and `verified_name` keeps the current name.",
				Required:   true,
				Validators: []validator.String{displayNameValidator},
			},
			"verification_code_wo": schema.StringAttribute{
				MarkdownDescription: "The 6-digit verification code Meta sent to the number. While the number is not verified, every apply with a code verifies it (and registers it when `register` is true). " +
					"A code is valid for about 10 minutes and once: when Meta refuses it, apply fails, has Meta send a new code and asks for it. Ignored once the number is verified. Write-only: never stored in plan or state (requires Terraform 1.11 or later).",
				Optional:   true,
				WriteOnly:  true,
				Validators: []validator.String{stringvalidator.RegexMatches(sixDigits, "must be the 6-digit code Meta sent, digits only")},
			},
			"verification_code_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Any value; change it together with `verification_code_wo` when you enter a new code, to record the change in the plan. Verification does not depend on it.",
				Optional:            true,
			},
			"code_method": schema.StringAttribute{
				MarkdownDescription: "How Meta sends verification codes: `SMS` (the default) or `VOICE` (a call that reads the code).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(codeMethods...)},
			},
			"code_language": schema.StringAttribute{
				MarkdownDescription: "Language of the verification message, as `ll_CC` such as `en_US` (the default) or `pt_BR`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(localePattern, `must be a language and country such as "en_US" (pattern ^[a-z]{2}_[A-Z]{2}$)`)},
			},
			"register": schema.BoolAttribute{
				MarkdownDescription: "Register the number on the Cloud API once it is verified, so it can send and receive messages (default `true`). Registering needs `pin_wo`. " +
					"Setting it to `false` deregisters a registered number. A number deregistered outside Terraform shows in the plan and is registered again.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"pin_wo": schema.StringAttribute{
				MarkdownDescription: "The number's 6-digit two-step verification PIN. It is sent when the number registers; if the number already has a PIN from an earlier registration, it must be that PIN. " +
					"Change `pin_wo_version` to set a new PIN on a registered number. Not needed to import or manage a registered number. Write-only: never stored in plan or state (requires Terraform 1.11 or later).",
				Optional:  true,
				WriteOnly: true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(sixDigits, "must be exactly 6 digits"),
					stringvalidator.AlsoRequires(path.MatchRoot("pin_wo_version")),
				},
			},
			"pin_wo_version": schema.Int64Attribute{
				MarkdownDescription: "Change this value (for example increment it) to send `pin_wo` as the registered number's new two-step verification PIN.",
				Optional:            true,
			},
			"deregister_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "Deregister the number from the Cloud API when the resource is destroyed (default `true`). With `false`, destroy only forgets the number. Either way the number stays in the WhatsApp Business Account: Meta has no API to remove it.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"search_visibility": schema.StringAttribute{
				MarkdownDescription: "Whether people can find the business by searching in WhatsApp: `VISIBLE` or `HIDDEN`. Unset keeps Meta's value.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(searchVisibilities...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"display_phone_number": computedString("The number as Meta shows it, such as `+1 631-555-1000`."),
			"verified_name":        computedString("The display name in effect. After a change of `display_name` it keeps the current name until Meta approves the new one."),
			"name_status":          computedString("Review status of `verified_name`: `PENDING_REVIEW`, `APPROVED`, `DECLINED`, `EXPIRED`, `AVAILABLE_WITHOUT_REVIEW` or `NONE`."),
			"new_display_name":     computedString("A requested display name change that Meta has not approved, or null."),
			"new_name_status":      computedString("Review status of `new_display_name` (`PENDING_REVIEW` or `DECLINED`), or null."),
			"status":               computedString("Meta's status of the number, such as `PENDING` (added, not registered), `CONNECTED` (registered), `DISCONNECTED` (deregistered), `FLAGGED` or `RESTRICTED`."),
			"registered": schema.BoolAttribute{
				MarkdownDescription: "Whether the number is registered on the Cloud API (status `CONNECTED`, `FLAGGED`, `RESTRICTED` or `RATE_LIMITED`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"code_verification_status": computedString("Whether the number was verified with a code: `VERIFIED`, or `NOT_VERIFIED` / `UNVERIFIED` / `EXPIRED`."),
			"quality_rating":           computedString("Quality rating from recipients' feedback: `GREEN`, `YELLOW`, `RED`, or `UNKNOWN`/`NA` for new numbers."),
			"messaging_limit_tier": schema.StringAttribute{
				MarkdownDescription: messagingLimitTierDescription, DeprecationMessage: messagingLimitTierDeprecation, Computed: true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"messaging_limit":  computedString(messagingLimitDescription),
			"throughput_level": computedString("Messages-per-second level: `STANDARD` or `HIGH`."),
			"platform_type":    computedString("Where the number is registered: `CLOUD_API`, `ON_PREMISE` or `NOT_APPLICABLE` (not registered)."),
			"account_mode":     computedString("`LIVE` or `SANDBOX`."),
			"is_official_business_account": schema.BoolAttribute{
				MarkdownDescription: "Whether the number has an Official Business Account (the blue badge).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// computedString is a read-only string that keeps its value across plans that do not affect it.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func (r *phoneNumberResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks that the country code and the national number make an E.164 number.
func (r *phoneNumberResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cc, number types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("country_code"), &cc)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("phone_number"), &number)...)
	if cc.IsNull() || cc.IsUnknown() || number.IsNull() || number.IsUnknown() ||
		!countryCodePattern.MatchString(cc.ValueString()) || !nationalPattern.MatchString(number.ValueString()) {
		return // the attribute validators report malformed values
	}
	if full := cc.ValueString() + number.ValueString(); !e164Pattern.MatchString(full) {
		resp.Diagnostics.AddAttributeError(path.Root("phone_number"), "Invalid phone number",
			fmt.Sprintf("country_code %q and phone_number %q make +%s, which is not an E.164 number: together they must have 7 to 15 digits.", cc.ValueString(), number.ValueString(), full))
	}
}

func (r *phoneNumberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan phoneNumberModel
	var code, pin types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verification_code_wo"), &code)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("pin_wo"), &pin)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := r.requireBusinessAccountID(plan.BusinessAccountID.ValueString(), "on the phone number", &resp.Diagnostics)
	if !ok {
		return
	}
	plan.BusinessAccountID = types.StringValue(waba)
	c := r.data.client
	number := graph.NewPhoneNumber{CountryCode: plan.CountryCode.ValueString(), Number: plan.PhoneNumber.ValueString(), VerifiedName: plan.DisplayName.ValueString()}
	id, err := c.CreatePhoneNumber(ctx, waba, number)
	adopted := false
	if graph.IsConflict(err) {
		// Meta cannot remove numbers from an account, so a number destroyed earlier is still
		// there: adopt it. A number in another account is refused.
		existing, findErr := c.FindPhoneNumber(ctx, waba, number.E164())
		switch {
		case findErr != nil:
			addGraphError(&resp.Diagnostics, "Cannot look up phone number "+plan.displayNumber(), findErr, phoneAdvice)
			return
		case existing == nil:
			addGraphError(&resp.Diagnostics, "Phone number "+plan.displayNumber()+" is already on the WhatsApp Business Platform", fmt.Errorf(
				"%w\n\nThe number is registered outside WhatsApp Business Account %s (in another account, or in the WhatsApp Business app). Migrate or delete it there first", err, waba), phoneAdvice)
			return
		}
		id, adopted = existing.ID, true
		resp.Diagnostics.AddWarning("Adopted an existing phone number",
			fmt.Sprintf("Phone number %s is already in WhatsApp Business Account %s (id %s); Terraform manages it now instead of adding it again.", plan.displayNumber(), waba, id))
	} else if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot add phone number "+plan.displayNumber(), err, phoneAdvice)
		return
	}
	plan.ID = types.StringValue(id)

	// From here on the number exists: steps that fail are reported as warnings, and the plan
	// of the next apply shows what remains to do.
	p, err := c.GetPhoneNumber(ctx, id)
	if err == nil {
		r.onboardNew(ctx, &plan, p, adopted, code, pin, &resp.Diagnostics)
		p, err = c.GetPhoneNumber(ctx, id)
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read phone number "+plan.displayNumber()+" after adding it", err, phoneAdvice)
		return
	}
	readerOf(r.data).phones.put(waba, *p)
	plan.applyRemote(p, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	phoneNumberIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *phoneNumberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state phoneNumberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := readerOf(r.data).phone(ctx, state.BusinessAccountID.ValueString(), state.ID.ValueString())
	if graph.IsNotFound(err) {
		// The framework requires an identity after Read, even one removing the object, and a
		// state saved without one (Terraform before 1.12, an earlier provider) has none to keep.
		phoneNumberIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Phone number no longer exists",
			fmt.Sprintf("Phone number %s (%s) was removed outside Terraform; it is removed from state and will be planned for creation.", state.ID.ValueString(), state.displayNumber()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read phone number "+state.ID.ValueString(), err, phoneAdvice)
		return
	}
	state.applyRemote(p, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	phoneNumberIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *phoneNumberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state phoneNumberModel
	var code, pin types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verification_code_wo"), &code)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("pin_wo"), &pin)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, id := r.data.client, state.ID.ValueString()
	// Whatever the outcome, the command's listing forgets the number, so a later read reads it.
	readerOf(r.data).forgetPhone(state.BusinessAccountID.ValueString(), id)
	// done is the state as far as the changes went; a failed step saves it, so the next plan
	// shows exactly what is left.
	done := state
	fail := func(summary string, err error) {
		addGraphError(&resp.Diagnostics, summary, err, phoneAdvice)
		if p, getErr := c.GetPhoneNumber(ctx, id); getErr == nil {
			done.phoneNumberComputed = computedFromAPI(p)
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, done)...)
	}

	if !plan.DisplayName.Equal(state.DisplayName) {
		name := plan.DisplayName.ValueString()
		if err := c.UpdatePhoneNumber(ctx, id, graph.PhoneNumberSettings{NewDisplayName: &name}); err != nil {
			fail("Cannot request display name "+strconv.Quote(name)+" for phone number "+state.displayNumber(), err)
			return
		}
		done.DisplayName = plan.DisplayName
	}
	if v := plan.SearchVisibility; !v.IsUnknown() && !v.IsNull() && !v.Equal(state.SearchVisibility) {
		s := v.ValueString()
		if err := c.UpdatePhoneNumber(ctx, id, graph.PhoneNumberSettings{SearchVisibility: &s}); err != nil {
			fail("Cannot set search_visibility of phone number "+state.displayNumber(), err)
			return
		}
		done.SearchVisibility = v
	}
	p, err := c.GetPhoneNumber(ctx, id)
	if err != nil {
		fail("Cannot read phone number "+state.displayNumber(), err)
		return
	}
	done.CodeMethod, done.CodeLanguage, done.DeregisterOnDestroy = plan.CodeMethod, plan.CodeLanguage, plan.DeregisterOnDestroy
	if !p.Verified() && !code.IsNull() {
		if err := c.VerifyCode(ctx, id, code.ValueString()); err != nil {
			fail("Meta refused the verification code of phone number "+state.displayNumber(), r.newCodeAfterFailure(ctx, &plan, id, err))
			return
		}
		p.CodeVerificationStatus = graph.CodeVerificationDone
	}
	done.VerificationCodeWOVersion = plan.VerificationCodeWOVersion

	steps := planSteps(p.Registered(), p.Verified(), p.Status, plan.Register.ValueBool(), false, !plan.PinWOVersion.Equal(state.PinWOVersion))
	switch {
	case steps.register:
		if err := r.register(ctx, id, pin); err != nil {
			fail("Cannot register phone number "+state.displayNumber(), err)
			return
		}
	case steps.deregister:
		if err := c.DeregisterPhoneNumber(ctx, id); err != nil && !graph.IsNotRegistered(err) {
			fail("Cannot deregister phone number "+state.displayNumber(), err)
			return
		}
	case steps.changePIN:
		if pin.IsNull() {
			fail("Cannot change the two-step verification PIN of phone number "+state.displayNumber(), errors.New("pin_wo_version changed but pin_wo is not set"))
			return
		}
		if err := c.SetTwoStepPIN(ctx, id, pin.ValueString()); err != nil {
			fail("Cannot change the two-step verification PIN of phone number "+state.displayNumber(), err)
			return
		}
	}
	done.Register, done.PinWOVersion = plan.Register, plan.PinWOVersion

	if p, err = c.GetPhoneNumber(ctx, id); err != nil {
		fail("Cannot read phone number "+state.displayNumber(), err)
		return
	}
	plan.mergeUnknown(computedFromAPI(p))
	if plan.SearchVisibility.IsUnknown() {
		plan.SearchVisibility = stringOrNull(p.SearchVisibility)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	phoneNumberIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *phoneNumberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state phoneNumberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.DeregisterOnDestroy.ValueBool() {
		return
	}
	id := state.ID.ValueString()
	readerOf(r.data).forgetPhone(state.BusinessAccountID.ValueString(), id)
	err := r.data.client.DeregisterPhoneNumber(ctx, id)
	if err == nil || graph.IsNotRegistered(err) || graph.IsNotFound(err) {
		return
	}
	// Meta words "not registered" in several ways; the number's status decides.
	if p, getErr := r.data.client.GetPhoneNumber(ctx, id); graph.IsNotFound(getErr) || (getErr == nil && !p.Registered()) {
		return
	}
	addGraphError(&resp.Diagnostics, "Cannot deregister phone number "+state.displayNumber(), err, phoneAdvice)
}

// ImportState accepts "<phone_number_id>" (in the provider's business_account_id) or
// "<business_account_id>/<phone_number_id>"; an identity is the phone number id.
func (r *phoneNumberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := phoneNumberIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	waba, id := r.data.businessAccountID, importID
	if before, after, found := strings.Cut(importID, "/"); found {
		waba, id = before, after
	}
	if !graphIDPattern.MatchString(id) || !graphIDPattern.MatchString(waba) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be <phone_number_id> (with business_account_id set on the provider) or <business_account_id>/<phone_number_id>, for example 106540352242922 or 102290129340398/106540352242922.", importID))
		return
	}
	all, err := readerOf(r.data).phones.all(ctx, waba)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot list the phone numbers of WhatsApp Business Account "+waba, err, phoneAdvice)
		return
	}
	found := false
	for _, p := range all {
		found = found || p.ID == id
	}
	if !found {
		resp.Diagnostics.AddError("Phone number not found",
			fmt.Sprintf("WhatsApp Business Account %s has no phone number with id %s. Import it as <business_account_id>/<phone_number_id> with the account that holds it.", waba, id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("business_account_id"), waba)...)
}
