package provider

import (
	"context"
	"fmt"

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
	_ resource.ResourceWithConfigure   = &businessEncryptionResource{}
	_ resource.ResourceWithImportState = &businessEncryptionResource{}
	_ resource.ResourceWithIdentity    = &businessEncryptionResource{}
	_ resource.ResourceWithModifyPlan  = &businessEncryptionResource{}
)

var businessEncryptionIdentity = phoneSettingsIdentity("business public key")

// NewBusinessEncryptionResource is the whatsapp_business_encryption resource.
func NewBusinessEncryptionResource() resource.Resource { return &businessEncryptionResource{} }

type businessEncryptionResource struct {
	configured
}

type businessEncryptionModel struct {
	ID                types.String `tfsdk:"id"`
	PhoneNumberID     types.String `tfsdk:"phone_number_id"`
	BusinessPublicKey types.String `tfsdk:"business_public_key"`
	SignatureStatus   types.String `tfsdk:"signature_status"`
}

func (r *businessEncryptionResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_encryption"
}

func (r *businessEncryptionResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = businessEncryptionIdentity.schema()
}

func (r *businessEncryptionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The business public key of a WhatsApp business phone number: the public half of the 2048-bit RSA key pair that encrypts the data exchange between WhatsApp and the endpoint of a Flow (`endpoint_uri` of `whatsapp_flow`). " +
			"Meta signs the key for the number; a WhatsApp Business Account's numbers share their keys one by one. The number must be registered.\n\n" +
			"Only the public key is given to Terraform and Meta; keep the private key with the endpoint that decrypts the requests. " +
			"`signature_status` shows Meta's check of the key: when Meta reports `MISMATCH` (the signature no longer matches the number), the next plan shares the key again and Meta signs it anew.\n\n" +
			"Meta offers no way to remove a number's key: **destroying the resource only removes it from the state**, and the number keeps sharing the key until another is set.",
		Attributes: map[string]schema.Attribute{
			"id":              phoneSettingsIDAttribute(),
			"phone_number_id": phoneNumberIDAttribute("business public key"),
			"business_public_key": schema.StringAttribute{
				MarkdownDescription: "The public key in PEM, as `openssl rsa -in private.pem -pubout` writes it (`-----BEGIN PUBLIC KEY-----`), for example `file(\"public.pem\")`. " +
					"It must be a 2048-bit RSA key; a private key is refused at plan time. A key set outside Terraform shows as a change when Meta returns it in full; its line breaks and surrounding space do not count.",
				Required:   true,
				Validators: []validator.String{businessPublicKeyValidator{}},
			},
			"signature_status": schema.StringAttribute{
				MarkdownDescription: "Meta's check of the key's signature: `VALID`, or `MISMATCH` when it no longer matches the number.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *businessEncryptionResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan shares the key again when Meta reports its signature as anything but VALID, and
// says that a destroy leaves the key at Meta.
func (r *businessEncryptionResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	var state businessEncryptionModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("The business public key stays at Meta",
			fmt.Sprintf("Meta offers no way to remove the business public key of phone number %s. Destroying the resource removes it from the Terraform state only; the number keeps sharing the key until another is set.", state.PhoneNumberID.ValueString()))
		return
	}
	var plan businessEncryptionModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	keyChanged := !plan.BusinessPublicKey.Equal(state.BusinessPublicKey)
	if status := state.SignatureStatus.ValueString(); status != graph.KeySignatureValid && !keyChanged {
		resp.Diagnostics.AddWarning("Business public key not signed",
			fmt.Sprintf("Meta reports the signature of the business public key of phone number %s as %s. Apply shares the key again so that Meta signs it.", state.PhoneNumberID.ValueString(), status))
	} else if !keyChanged {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("signature_status"), types.StringUnknown())...)
}

func (r *businessEncryptionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan businessEncryptionModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	businessEncryptionIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *businessEncryptionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state businessEncryptionModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	phone := state.PhoneNumberID.ValueString()
	enc, err := readerOf(r.data).encryption.get(ctx, phone)
	if graph.IsNotFound(err) || (err == nil && enc == nil) {
		businessEncryptionIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Business public key no longer exists",
			fmt.Sprintf("Phone number %s shares no business public key (or is gone); the key is removed from state and the next plan shares it again.", phone))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the business public key of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	state.applyRemote(enc)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	businessEncryptionIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *businessEncryptionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan businessEncryptionModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	businessEncryptionIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete forgets the key: Meta has no way to remove it.
func (r *businessEncryptionResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState takes the phone number id.
func (r *businessEncryptionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importPhoneSettings(ctx, businessEncryptionIdentity, req, resp)
}

// write shares the planned key and saves Meta's signature status.
func (r *businessEncryptionResource) write(ctx context.Context, plan *businessEncryptionModel, state *tfsdk.State, diags *diag.Diagnostics) {
	phone := plan.PhoneNumberID.ValueString()
	readerOf(r.data).encryption.forget(phone)
	if err := r.data.client.SetBusinessPublicKey(ctx, phone, plan.BusinessPublicKey.ValueString()); err != nil {
		addGraphError(diags, "Cannot set the business public key of phone number "+phone, err, businessKeyAdvice)
		return
	}
	enc, err := r.data.client.GetBusinessEncryption(ctx, phone)
	if err != nil || enc == nil {
		if err == nil {
			err = fmt.Errorf("meta reports no business public key for phone number %s after setting it", phone)
		}
		addGraphError(diags, "Cannot read the business public key of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	readerOf(r.data).encryption.put(phone, enc)
	key := plan.BusinessPublicKey
	plan.applyRemote(enc)
	plan.BusinessPublicKey = key // the configured text, whatever Meta's line breaks
	diags.Append(state.Set(ctx, plan)...)
}

// applyRemote copies Meta's view. Meta may return the key blank (with a MISMATCH signature) or
// cut short: only a complete key that differs from the state's replaces it, so a key changed
// outside Terraform shows as a change and a key Meta does not show in full does not.
func (m *businessEncryptionModel) applyRemote(enc *graph.BusinessEncryption) {
	m.ID = m.PhoneNumberID
	m.SignatureStatus = types.StringValue(enc.SignatureStatus)
	if graph.CheckBusinessPublicKey(enc.PublicKey) == nil && !graph.SameBusinessKey(enc.PublicKey, m.BusinessPublicKey.ValueString()) {
		m.BusinessPublicKey = types.StringValue(enc.PublicKey)
	}
}

// businessKeyAdvice explains Meta's refusals of a business public key.
func businessKeyAdvice(err error) string {
	if graph.IsNotFound(err) {
		return phoneSettingsAdvice(err)
	}
	return "Meta takes a PEM-encoded 2048-bit RSA public key for a registered phone number. Check that the number is registered (whatsapp_phone_number with register = true) and that business_public_key is the public key."
}

// businessPublicKeyValidator refuses, at plan time, a key Meta would refuse.
type businessPublicKeyValidator struct{}

func (businessPublicKeyValidator) Description(context.Context) string {
	return "must be a PEM-encoded 2048-bit RSA public key"
}

func (v businessPublicKeyValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (businessPublicKeyValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := graph.CheckBusinessPublicKey(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid business public key",
			fmt.Sprintf("%s must be a PEM-encoded 2048-bit RSA public key, but %v.", req.Path, err))
	}
}
