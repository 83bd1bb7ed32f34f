package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ datasource.DataSourceWithConfigure = &creditLinesDataSource{}

// NewCreditLinesDataSource is the whatsapp_credit_lines data source.
func NewCreditLinesDataSource() datasource.DataSource { return &creditLinesDataSource{} }

type creditLinesDataSource struct {
	configured
}

type creditLinesDataModel struct {
	BusinessID      types.String      `tfsdk:"business_id"`
	LegalEntityName types.String      `tfsdk:"legal_entity_name"`
	CreditLines     []creditLineModel `tfsdk:"credit_lines"`
}

type creditLineModel struct {
	ID                types.String `tfsdk:"id"`
	LegalEntityName   types.String `tfsdk:"legal_entity_name"`
	OwnerBusinessName types.String `tfsdk:"owner_business_name"`
	CreditType        types.String `tfsdk:"credit_type"`
	IsAccessRevoked   types.Bool   `tfsdk:"is_access_revoked"`
}

func (d *creditLinesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_credit_lines"
}

func (d *creditLinesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the lines of credit a business has with Meta (`GET /{business-id}/extendedcredits`), reading every page: what a Solution Partner pays its clients' WhatsApp messaging with.\n\n" +
			"Businesses onboarded through Embedded Signup can only send messages once their partner has shared a credit line with them. " +
			"The partner shares the credit line `id` with a client's WhatsApp Business Account with `POST /{credit-line-id}/whatsapp_credit_sharing_and_attach?waba_id=<client WABA id>&waba_currency=<USD, EUR, INR, IDR, GBP or AUD>`, " +
			"which answers with the `allocation_config_id` of the share; revoking it later uses that allocation config. The partner is then the bill-to party for the client's spend. " +
			"This data source reads the credit lines only; it does not share them.\n\n" +
			"Meta answers only a system user token of that business whose user has an Admin or Financial Editor role on it (and the `business_management` permission).",
		Attributes: map[string]schema.Attribute{
			"business_id": schema.StringAttribute{
				MarkdownDescription: "The business (portfolio) whose credit lines to list, as shown in Business Settings > Business info.",
				Required:            true,
				Validators:          []validator.String{numericID},
			},
			"legal_entity_name": schema.StringAttribute{
				MarkdownDescription: "Only the credit lines of this legal entity, as Meta writes its name (compared exactly).",
				Optional:            true,
				Validators:          []validator.String{charLength{1, 500}},
			},
			"credit_lines": schema.ListNestedAttribute{
				MarkdownDescription: "The credit lines, in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                  computed("Credit line (extended credit) id: the id to share with a client's account."),
					"legal_entity_name":   computed("The legal entity billed for the credit line."),
					"owner_business_name": computed("Name of the business that owns the credit line."),
					"credit_type":         computed("Meta's type of the credit line."),
					"is_access_revoked": schema.BoolAttribute{
						MarkdownDescription: "Whether the business's access to the credit line was revoked.",
						Computed:            true,
					},
				}},
			},
		},
	}
}

func (d *creditLinesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *creditLinesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg creditLinesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	business := cfg.BusinessID.ValueString()
	all, err := d.data.client.ListCreditLines(ctx, business)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot list the credit lines of business "+business, err, creditLinesAdvice)
		return
	}
	name := cfg.LegalEntityName.ValueString()
	cfg.CreditLines = make([]creditLineModel, 0, len(all))
	for _, cl := range all {
		if name != "" && cl.LegalEntityName != name {
			continue
		}
		m := creditLineModel{
			ID: types.StringValue(cl.ID), LegalEntityName: stringOrNull(cl.LegalEntityName), OwnerBusinessName: stringOrNull(cl.OwnerBusinessName),
			CreditType: stringOrNull(cl.CreditType), IsAccessRevoked: types.BoolNull(),
		}
		if cl.IsAccessRevoked != nil {
			m.IsAccessRevoked = types.BoolValue(*cl.IsAccessRevoked)
		}
		cfg.CreditLines = append(cfg.CreditLines, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// creditLinesAdvice explains Meta's refusals of a credit line listing.
func creditLinesAdvice(err error) string {
	switch {
	case graph.IsPermission(err):
		return "Meta lists a business's credit lines only to a system user of that business with an Admin or Financial Editor role, whose token has the business_management permission. Check business_id, and the system user's roles in Business Settings > Users > System users."
	case graph.ErrorCode(err) == graph.CodeInvalidParameter && !graph.IsNotFound(err):
		return "business_id must be the id of a business (portfolio), not of a WhatsApp Business Account or user: only businesses have credit lines."
	}
	return ""
}
