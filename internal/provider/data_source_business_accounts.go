package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ datasource.DataSourceWithConfigure = &businessAccountsDataSource{}

// NewBusinessAccountsDataSource is the whatsapp_business_accounts data source.
func NewBusinessAccountsDataSource() datasource.DataSource { return &businessAccountsDataSource{} }

type businessAccountsDataSource struct {
	configured
}

type businessAccountsDataModel struct {
	BusinessID   types.String `tfsdk:"business_id"`
	Relationship types.String `tfsdk:"relationship"`
	Accounts     types.List   `tfsdk:"accounts"`
}

const (
	relationshipOwned  = "owned"
	relationshipClient = "client"
)

func (d *businessAccountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_accounts"
}

func (d *businessAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := businessAccountDataAttributes()
	item["id"] = schema.StringAttribute{MarkdownDescription: "WhatsApp Business Account id.", Computed: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the WhatsApp Business Accounts (WABAs) of a business, reading every page: the accounts it owns, " +
			"or the accounts its clients share with it (as a Solution Partner or through Embedded Signup). " +
			"Use it with `import` blocks and `for_each` to adopt the accounts as `whatsapp_business_account` resources.",
		Attributes: map[string]schema.Attribute{
			"business_id": schema.StringAttribute{
				MarkdownDescription: "Business (portfolio) id whose accounts to list, as shown in Business Settings > Business info.",
				Required:            true,
				Validators:          []validator.String{numericID},
			},
			"relationship": schema.StringAttribute{
				MarkdownDescription: "Which accounts to list: `owned` (the default), the accounts the business owns, or `client`, the accounts other businesses share with it.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(relationshipOwned, relationshipClient)},
			},
			"accounts": schema.ListNestedAttribute{
				MarkdownDescription: "The accounts, in Meta's order.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
		},
	}
}

func (d *businessAccountsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *businessAccountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg businessAccountsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	business := cfg.BusinessID.ValueString()
	relationship := cfg.Relationship.ValueString()
	if relationship == "" {
		relationship = relationshipOwned
	}
	read := graph.OwnedWABAsRead(business)
	if relationship == relationshipClient {
		read = graph.ClientWABAsRead(business)
	}
	all, err := get(ctx, readerOf(d.data), read)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot list the %s WhatsApp Business Accounts of business %s", relationship, business), err)
		return
	}
	accounts := make([]businessAccountModel, 0, len(all))
	for i := range all {
		accounts = append(accounts, businessAccountFromAPI(ctx, &all[i], &resp.Diagnostics))
	}
	value, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: businessAccountAttrTypes}, accounts)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Relationship = types.StringValue(relationship)
	cfg.Accounts = value
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
