package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &qrCodeResource{}
	_ resource.ResourceWithImportState = &qrCodeResource{}
	_ resource.ResourceWithIdentity    = &qrCodeResource{}
)

// NewQRCodeResource is the whatsapp_qr_code resource.
func NewQRCodeResource() resource.Resource { return &qrCodeResource{} }

type qrCodeResource struct {
	configured
}

type qrCodeModel struct {
	ID               types.String `tfsdk:"id"`
	PhoneNumberID    types.String `tfsdk:"phone_number_id"`
	PrefilledMessage types.String `tfsdk:"prefilled_message"`
	ImageFormat      types.String `tfsdk:"image_format"`
	Code             types.String `tfsdk:"code"`
	DeepLinkURL      types.String `tfsdk:"deep_link_url"`
	QRImageURL       types.String `tfsdk:"qr_image_url"`
}

const maxPrefilledMessage = 140

var qrCodeIdentity = resourceIdentity{{"phone_number_id", "Id of the business phone number."}, {"code", "The QR code's code, such as ANED2T5QRU7HG2."}}

// qrCodeImportPattern is "<phone_number_id>/<code>". Codes are 14 uppercase letters and digits.
var qrCodeImportPattern = regexp.MustCompile(`^([0-9]+)/([A-Z0-9]{14})$`)

func (r *qrCodeResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_qr_code"
}

func (r *qrCodeResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = qrCodeIdentity.schema()
}

func (r *qrCodeResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A message QR code of a WhatsApp business phone number: a `wa.me` link, and a QR image of it, that opens a chat with the business with a message already typed. " +
			"Changing the message keeps the code, so printed QR codes keep working. Destroying the resource deletes the QR code: its link and image stop working.\n\n" +
			"When the response to a create is lost, the provider adopts the QR code Meta made (a new code carrying the message) rather than making a second one.",
		Attributes: map[string]schema.Attribute{
			"id": computed("`<phone_number_id>/<code>`, the import id."),
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "Id of the business phone number the QR code opens a chat with. Changing it creates a new QR code (with a new link) and deletes this one.",
				Required:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"prefilled_message": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Message typed into the chat when a user scans the code or opens the link, 1 to %d characters. Changing it updates the QR code in place: code, link and image stay the same.", maxPrefilledMessage),
				Required:            true,
				Validators:          []validator.String{charLength{1, maxPrefilledMessage}},
			},
			"image_format": schema.StringAttribute{
				MarkdownDescription: "Format of the image `qr_image_url` points to: `PNG` (default) or `SVG`. Changing it only reads the other image's URL; the QR code stays the same.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(graph.QRImagePNG),
				Validators:          []validator.String{stringvalidator.OneOf(graph.QRImagePNG, graph.QRImageSVG)},
			},
			"code":          computed("Code Meta assigned, 14 characters such as `ANED2T5QRU7HG2`."),
			"deep_link_url": computed("Link that opens the chat, `https://wa.me/message/<code>`."),
			"qr_image_url": schema.StringAttribute{
				MarkdownDescription: "URL of the QR image in `image_format` on Meta's CDN. The URL is signed and may change over time; the image does not.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stateUnlessChanged{path.Root("image_format")}},
			},
		},
	}
}

func (r *qrCodeResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *qrCodeResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan qrCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	phone := plan.PhoneNumberID.ValueString()
	qr, err := r.data.client.CreateQRCode(ctx, phone, plan.PrefilledMessage.ValueString(), plan.ImageFormat.ValueString())
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot create a QR code for phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	readerOf(r.data).putQRCode(phone, plan.ImageFormat.ValueString(), qr)
	plan.applyRemote(qr)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	qrCodeIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *qrCodeResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state qrCodeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	qr, err := readerOf(r.data).qrCode(ctx, state.PhoneNumberID.ValueString(), state.Code.ValueString(), state.ImageFormat.ValueString())
	if graph.IsNotFound(err) {
		// The framework requires an identity after Read, even one removing the object, and a
		// state saved without one (Terraform before 1.12, an earlier provider) has none to keep.
		qrCodeIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "QR code no longer exists",
			fmt.Sprintf("QR code %s of phone number %s was deleted outside Terraform; it is removed from state and will be planned for creation (with a new code and link).", state.Code.ValueString(), state.PhoneNumberID.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read QR code "+state.ID.ValueString(), err, phoneSettingsAdvice)
		return
	}
	state.applyRemote(qr)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	qrCodeIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *qrCodeResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state qrCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	phone, code := state.PhoneNumberID.ValueString(), state.Code.ValueString()
	if !plan.PrefilledMessage.Equal(state.PrefilledMessage) {
		readerOf(r.data).forgetQRCode(phone, code)
		if _, err := r.data.client.UpdateQRCode(ctx, phone, code, plan.PrefilledMessage.ValueString()); err != nil {
			addGraphError(&resp.Diagnostics, "Cannot update QR code "+state.ID.ValueString(), err, phoneSettingsAdvice)
			return
		}
	}
	// A new image format needs no write: the image URL is read in that format.
	qr, err := r.data.client.GetQRCode(ctx, phone, code, plan.ImageFormat.ValueString())
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read QR code "+state.ID.ValueString(), err, phoneSettingsAdvice)
		return
	}
	readerOf(r.data).putQRCode(phone, plan.ImageFormat.ValueString(), qr)
	plan.Code = state.Code
	plan.applyRemote(qr)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	qrCodeIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *qrCodeResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state qrCodeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.client.DeleteQRCode(ctx, state.PhoneNumberID.ValueString(), state.Code.ValueString())
	readerOf(r.data).forgetQRCode(state.PhoneNumberID.ValueString(), state.Code.ValueString())
	if err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, "Cannot delete QR code "+state.ID.ValueString(), err, phoneSettingsAdvice)
	}
}

// ImportState takes "<phone_number_id>/<code>", or the identity with both. The image URL is read
// as PNG until image_format says otherwise.
func (r *qrCodeResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := qrCodeIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	m := qrCodeImportPattern.FindStringSubmatch(strings.TrimSpace(id))
	if m == nil {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be <phone_number_id>/<code>, for example 106540352242922/ANED2T5QRU7HG2 (the code is 14 uppercase letters and digits).", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), m[1]+"/"+m[2])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), m[1])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("code"), m[2])...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("image_format"), graph.QRImagePNG)...)
}

// applyRemote sets the state from the QR code Meta returns.
func (m *qrCodeModel) applyRemote(qr *graph.QRCode) {
	m.Code = types.StringValue(qr.Code)
	m.ID = types.StringValue(m.PhoneNumberID.ValueString() + "/" + qr.Code)
	m.PrefilledMessage = types.StringValue(qr.PrefilledMessage)
	m.DeepLinkURL = types.StringValue(qr.DeepLinkURL)
	m.QRImageURL = types.StringNull()
	if qr.QRImageURL != "" {
		m.QRImageURL = types.StringValue(qr.QRImageURL)
	}
}
