package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ datasource.DataSourceWithConfigure = &qrCodesDataSource{}

// NewQRCodesDataSource is the whatsapp_qr_codes data source.
func NewQRCodesDataSource() datasource.DataSource { return &qrCodesDataSource{} }

type qrCodesDataSource struct {
	configured
}

type qrCodesDataModel struct {
	PhoneNumberID types.String         `tfsdk:"phone_number_id"`
	ImageFormat   types.String         `tfsdk:"image_format"`
	QRCodes       []qrCodeSummaryModel `tfsdk:"qr_codes"`
}

type qrCodeSummaryModel struct {
	Code             types.String `tfsdk:"code"`
	PrefilledMessage types.String `tfsdk:"prefilled_message"`
	DeepLinkURL      types.String `tfsdk:"deep_link_url"`
	QRImageURL       types.String `tfsdk:"qr_image_url"`
}

func (d *qrCodesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_qr_codes"
}

func (d *qrCodesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the message QR codes of a WhatsApp business phone number, newest first, reading every page. Use it to find the codes of QR codes made in WhatsApp Manager and adopt them with `import` blocks (`<phone_number_id>/<code>`).",
		Attributes: map[string]schema.Attribute{
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "Id of the business phone number whose QR codes to list.",
				Required:            true,
				Validators:          []validator.String{numericID},
			},
			"image_format": schema.StringAttribute{
				MarkdownDescription: "`PNG` or `SVG` to also read each code's image URL; left out, `qr_image_url` is null.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(graph.QRImagePNG, graph.QRImageSVG)},
			},
			"qr_codes": schema.ListNestedAttribute{
				MarkdownDescription: "The QR codes, newest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"code":              computed("Code of the QR code, 14 characters."),
					"prefilled_message": computed("Message typed into the chat when the code is scanned."),
					"deep_link_url":     computed("Link that opens the chat, `https://wa.me/message/<code>`."),
					"qr_image_url":      computed("URL of the QR image in `image_format`; null when no format was given."),
				}},
			},
		},
	}
}

func (d *qrCodesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *qrCodesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m qrCodesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	codes, err := get(ctx, readerOf(d.data), graph.QRCodesRead(m.PhoneNumberID.ValueString(), m.ImageFormat.ValueString()))
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot list the QR codes of phone number "+m.PhoneNumberID.ValueString(), err, phoneSettingsAdvice)
		return
	}
	m.QRCodes = make([]qrCodeSummaryModel, 0, len(codes))
	for _, qr := range codes {
		s := qrCodeSummaryModel{
			Code:             types.StringValue(qr.Code),
			PrefilledMessage: types.StringValue(qr.PrefilledMessage),
			DeepLinkURL:      types.StringValue(qr.DeepLinkURL),
			QRImageURL:       types.StringNull(),
		}
		if qr.QRImageURL != "" {
			s.QRImageURL = types.StringValue(qr.QRImageURL)
		}
		m.QRCodes = append(m.QRCodes, s)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
