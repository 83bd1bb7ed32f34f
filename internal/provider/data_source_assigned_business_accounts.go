package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ datasource.DataSourceWithConfigure = &assignedAccountsDataSource{}

// NewAssignedAccountsDataSource is the whatsapp_assigned_business_accounts data source.
func NewAssignedAccountsDataSource() datasource.DataSource { return &assignedAccountsDataSource{} }

type assignedAccountsDataSource struct {
	configured
}

type assignedAccountsDataModel struct {
	UserID   types.String           `tfsdk:"user_id"`
	Task     types.String           `tfsdk:"task"`
	Accounts []assignedAccountModel `tfsdk:"accounts"`
}

type assignedAccountModel struct {
	ID                  types.String `tfsdk:"id"`
	Name                types.String `tfsdk:"name"`
	Tasks               []string     `tfsdk:"tasks"`
	OwnerBusinessID     types.String `tfsdk:"owner_business_id"`
	OwnerBusinessName   types.String `tfsdk:"owner_business_name"`
	OwnershipType       types.String `tfsdk:"ownership_type"`
	AccountReviewStatus types.String `tfsdk:"account_review_status"`
	Currency            types.String `tfsdk:"currency"`
	TimezoneID          types.String `tfsdk:"timezone_id"`
}

func (d *assignedAccountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_assigned_business_accounts"
}

func (d *assignedAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the WhatsApp Business Accounts assigned to a business user or system user (`GET /{user-id}/assigned_whatsapp_business_accounts`), reading every page, with the user's tasks on each. " +
			"A Solution Partner uses it to find the client accounts its system user was given through Embedded Signup (those whose `ownership_type` is `CLIENT_OWNED`), or to check what a user may do before wiring an account.\n\n" +
			"Meta answers for the token's own system user, and for the other users of its business when that system user is an admin of the business.",
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{
				MarkdownDescription: "Id of the business user or system user, as shown in Business Settings > Users (not a WhatsApp Business Account or business id).",
				Required:            true,
				Validators:          []validator.String{numericID},
			},
			"task": schema.StringAttribute{
				MarkdownDescription: "Only the accounts on which the user holds this task, one of `" + strings.Join(wabaTasks, "`, `") + "`. Tasks are compared as Meta lists them: `MANAGE` does not stand for the tasks it includes.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(wabaTasks...)},
			},
			"accounts": schema.ListNestedAttribute{
				MarkdownDescription: "The accounts, in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   computed("WhatsApp Business Account id."),
					"name": computed("Account name."),
					"tasks": schema.ListAttribute{
						MarkdownDescription: "What the user may do on the account, as Meta lists the tasks (such as `MANAGE`, `MANAGE_TEMPLATES`, `MESSAGING`).",
						Computed:            true,
						ElementType:         types.StringType,
					},
					"owner_business_id":     computed("Id of the business that owns the account."),
					"owner_business_name":   computed("Name of the business that owns the account."),
					"ownership_type":        computed("`SELF_OWNED`, or `CLIENT_OWNED` for a client's account shared with the partner."),
					"account_review_status": computed("Meta's review of the account: `APPROVED`, `PENDING`, `REJECTED` or `RESTRICTED`."),
					"currency":              computed("Currency the account is billed in (ISO 4217)."),
					"timezone_id":           computed("Meta's numeric time zone id of the account."),
				}},
			},
		},
	}
}

func (d *assignedAccountsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *assignedAccountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg assignedAccountsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	user := cfg.UserID.ValueString()
	all, err := d.data.client.ListAssignedWABAs(ctx, user)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot list the WhatsApp Business Accounts assigned to user "+user, err, assignedAccountsAdvice)
		return
	}
	task := cfg.Task.ValueString()
	cfg.Accounts = make([]assignedAccountModel, 0, len(all))
	for _, a := range all {
		if task != "" && !slices.Contains(a.Tasks, task) {
			continue
		}
		m := assignedAccountModel{
			ID: types.StringValue(a.ID), Name: types.StringValue(a.Name), Tasks: append([]string{}, a.Tasks...),
			OwnerBusinessID: types.StringNull(), OwnerBusinessName: types.StringNull(), OwnershipType: stringOrNull(a.OwnershipType),
			AccountReviewStatus: stringOrNull(a.AccountReviewStatus), Currency: stringOrNull(a.Currency), TimezoneID: stringOrNull(string(a.TimezoneID)),
		}
		if b := a.OwnerBusinessInfo; b != nil {
			m.OwnerBusinessID, m.OwnerBusinessName = stringOrNull(b.ID), stringOrNull(b.Name)
		}
		cfg.Accounts = append(cfg.Accounts, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// assignedAccountsAdvice explains Meta's refusals of a user's assigned accounts.
func assignedAccountsAdvice(err error) string {
	switch {
	case graph.IsPermission(err):
		return "Meta lists the assigned accounts of the token's own system user, and of the other users of its business only when that system user is an admin of the business. Check user_id, or use the token of an admin system user."
	case graph.ErrorCode(err) == graph.CodeInvalidParameter && !graph.IsNotFound(err):
		return "user_id must be the id of a business user or system user (Business Settings > Users), not of a WhatsApp Business Account, phone number or business: Meta has no such list for other objects."
	}
	return ""
}
