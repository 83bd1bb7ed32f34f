package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ list.ListResourceWithConfigure = &phoneNumberList{}

// NewPhoneNumberList is the whatsapp_phone_number list resource: the numbers of an account.
func NewPhoneNumberList() list.ListResource { return &phoneNumberList{} }

type phoneNumberList struct {
	configuredList
}

type phoneNumberListModel struct {
	BusinessAccountID types.String `tfsdk:"business_account_id"`
}

func (l *phoneNumberList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number"
}

func (l *phoneNumberList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the business phone numbers of a WhatsApp Business Account for `terraform query` (Terraform 1.14 and later), reading every page. " +
			"Each result is a number's identity (its phone number id), shown as the display number and the verified name. " +
			"With `include_resource = true` a result also holds the number as `terraform import` stores it, so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_phone_number` resource block for each number that plan without changes. " +
			"The two-step verification PIN and the verification code are write-only and never listed.\n\n" +
			"A phone number's identity is its id in the provider's `business_account_id`: to adopt the numbers of another account, " +
			"configure the provider (or an alias used by the list block) with that account's `business_account_id`.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": listAccountAttribute("numbers"),
		},
	}
}

func (l *phoneNumberList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg phoneNumberListModel
	waba, ok := l.listWABA(ctx, req, stream, &cfg, func() types.String { return cfg.BusinessAccountID }, "phone numbers")
	if !ok {
		return
	}
	all, err := l.data.client.ListPhoneNumbers(ctx, waba, graph.PhoneNumberFilter{})
	if err != nil {
		listFailed(stream, "Cannot list the phone numbers of WhatsApp Business Account "+waba, err, phoneAdvice)
		return
	}
	items := make([]found, 0, len(all))
	for _, p := range all {
		items = append(items, found{identity: []string{p.ID}, display: phoneDisplayName(&p), importID: waba + "/" + p.ID})
	}
	streamFound(ctx, req, stream, &phoneNumberResource{l.configured}, phoneNumberIdentity, items)
}

// phoneDisplayName is how a list shows a phone number: its display number and verified name.
func phoneDisplayName(p *graph.PhoneNumber) string {
	if p.VerifiedName == "" {
		return p.DisplayPhoneNumber
	}
	return p.DisplayPhoneNumber + " (" + p.VerifiedName + ")"
}
