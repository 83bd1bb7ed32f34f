package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ list.ListResourceWithConfigure = &businessAccountList{}

// NewBusinessAccountList is the whatsapp_business_account list resource: the accounts of a
// business, or the provider's own account.
func NewBusinessAccountList() list.ListResource { return &businessAccountList{} }

type businessAccountList struct {
	configuredList
}

type businessAccountListModel struct {
	BusinessID   types.String `tfsdk:"business_id"`
	Relationship types.String `tfsdk:"relationship"`
}

func (l *businessAccountList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account"
}

func (l *businessAccountList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds WhatsApp Business Accounts (WABAs) for `terraform query` (Terraform 1.14 and later). " +
			"With `business_id`, it finds every account of that business (portfolio), reading every page: the accounts it owns, or with `relationship = \"client\"` the accounts its clients share with it. " +
			"Without `business_id`, it finds the provider's own account (its `business_account_id`), so a configuration can adopt the account it manages. " +
			"Each result is an account's identity (its id), shown as the account's name and id. " +
			"With `include_resource = true` a result also holds the account as `terraform import` stores it, so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_business_account` resource block for each account that plan without changes.",
		Attributes: map[string]schema.Attribute{
			"business_id": schema.StringAttribute{
				MarkdownDescription: "Business (portfolio) whose accounts to list, as shown in Business Settings > Business info. When not set, only the provider's `business_account_id` is listed.",
				Optional:            true,
				Validators:          []validator.String{numericID},
			},
			"relationship": schema.StringAttribute{
				MarkdownDescription: "Which accounts of `business_id` to list: `owned` (the default), the accounts the business owns, or `client`, the accounts other businesses share with it (as a Solution Partner or through Embedded Signup).",
				Optional:            true,
				Validators: []validator.String{
					stringvalidator.OneOf(relationshipOwned, relationshipClient),
					stringvalidator.AlsoRequires(path.MatchRoot("business_id")),
				},
			},
		},
	}
}

func (l *businessAccountList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg businessAccountListModel
	if !l.startList(ctx, req, stream, &cfg, "WhatsApp Business Accounts") {
		return
	}
	var all []graph.WhatsAppBusinessAccount
	var err error
	switch business := cfg.BusinessID.ValueString(); {
	case business == "":
		waba := l.data.businessAccountID
		if waba == "" {
			var diags diag.Diagnostics
			diags.AddError("Nothing to list", "Set business_id in the list block to list the accounts of a business, or business_account_id (or "+envBusinessAccountID+") on the provider to list its account.")
			stream.Results = list.ListResultsStreamDiagnostics(diags)
			return
		}
		var w *graph.WhatsAppBusinessAccount
		if w, err = l.data.client.GetWABA(ctx, waba); err == nil {
			all = append(all, *w)
		}
	case cfg.Relationship.ValueString() == relationshipClient:
		all, err = l.data.client.ListClientWABAs(ctx, business)
	default:
		all, err = l.data.client.ListOwnedWABAs(ctx, business)
	}
	if err != nil {
		listFailed(stream, "Cannot find WhatsApp Business Accounts", err)
		return
	}
	items := make([]found, 0, len(all))
	for _, w := range all {
		items = append(items, found{identity: []string{w.ID}, display: fmt.Sprintf("%s (%s)", w.Name, w.ID)})
	}
	streamFound(ctx, req, stream, &businessAccountResource{l.configured}, businessAccountIdentity, items)
}
