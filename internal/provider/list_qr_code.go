package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ list.ListResourceWithConfigure = &qrCodeList{}

// NewQRCodeList is the whatsapp_qr_code list resource: the QR codes of one number or of every
// number of an account.
func NewQRCodeList() list.ListResource { return &qrCodeList{} }

type qrCodeList struct {
	configuredList
}

func (l *qrCodeList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_qr_code"
}

func (l *qrCodeList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the QR codes (short message links) of a business phone number, or of every number of a WhatsApp Business Account, for `terraform query` (Terraform 1.14 and later), reading every page. " +
			"Each result is a QR code's identity (phone number id and code), shown as the code and its prefilled message. " +
			"With `include_resource = true` a result also holds the QR code as `terraform import` stores it (with its image URL as PNG, `image_format = \"PNG\"`), so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_qr_code` resource block for each code that plan without changes.",
		Attributes: listPhoneAttributes("QR codes"),
	}
}

func (l *qrCodeList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	phones, ok := l.listPhones(ctx, req, stream, "QR codes")
	if !ok {
		return
	}
	var items []found
	for _, p := range phones {
		codes, err := l.data.client.ListQRCodes(ctx, p.ID, "")
		if err != nil {
			listFailed(stream, "Cannot list the QR codes of phone number "+p.ID, err, phoneSettingsAdvice)
			return
		}
		for _, qr := range codes {
			items = append(items, found{identity: []string{p.ID, qr.Code}, display: qr.Code + " " + strconv.Quote(qr.PrefilledMessage)})
		}
	}
	streamFound(ctx, req, stream, &qrCodeResource{l.configured}, qrCodeIdentity, items)
}
