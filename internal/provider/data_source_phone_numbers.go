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

var _ datasource.DataSourceWithConfigure = &phoneNumbersDataSource{}

// NewPhoneNumbersDataSource is the whatsapp_phone_numbers data source.
func NewPhoneNumbersDataSource() datasource.DataSource { return &phoneNumbersDataSource{} }

type phoneNumbersDataSource struct {
	configured
}

type phoneNumbersDataModel struct {
	BusinessAccountID         types.String          `tfsdk:"business_account_id"`
	AccountMode               types.String          `tfsdk:"account_mode"`
	MessagingLimitTier        types.String          `tfsdk:"messaging_limit_tier"`
	IsOfficialBusinessAccount types.Bool            `tfsdk:"is_official_business_account"`
	Sort                      types.String          `tfsdk:"sort"`
	PhoneNumbers              []phoneNumberListItem `tfsdk:"phone_numbers"`
}

type phoneNumberListItem struct {
	ImportID types.String `tfsdk:"import_id"`
	phoneNumberDataModel
}

func (d *phoneNumbersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_numbers"
}

func (d *phoneNumbersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := phoneNumberDataAttributes()
	item["id"] = schema.StringAttribute{MarkdownDescription: "Id of the phone number.", Computed: true}
	item["import_id"] = schema.StringAttribute{MarkdownDescription: "`<business_account_id>/<phone_number_id>`, the id `whatsapp_phone_number` imports.", Computed: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the business phone numbers of a WhatsApp Business Account, reading every page, optionally filtered by Meta and sorted. " +
			"Use it to find numbers added in WhatsApp Manager and adopt them with `import` blocks.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": businessAccountIDArgument("list"),
			"account_mode": schema.StringAttribute{
				MarkdownDescription: "Only numbers in this mode: `LIVE` or `SANDBOX`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(accountModes...)},
			},
			"messaging_limit_tier": schema.StringAttribute{
				MarkdownDescription: "Only numbers with this messaging limit: `TIER_50`, `TIER_250`, `TIER_1K`, `TIER_10K`, `TIER_100K` or `TIER_UNLIMITED`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(messagingLimitTiers...)},
			},
			"is_official_business_account": schema.BoolAttribute{
				MarkdownDescription: "Only numbers that have (`true`) or do not have (`false`) an Official Business Account.",
				Optional:            true,
			},
			"sort": schema.StringAttribute{
				MarkdownDescription: "Order of the list: `creation_time.asc`, `creation_time.desc`, `last_onboarded_time.asc` or `last_onboarded_time.desc`. Default: Meta's order.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(phoneSorts...)},
			},
			"phone_numbers": schema.ListNestedAttribute{
				MarkdownDescription: "The matching phone numbers.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
		},
	}
}

func (d *phoneNumbersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *phoneNumbersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg phoneNumbersDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := d.requireBusinessAccountID(cfg.BusinessAccountID.ValueString(), "here", &resp.Diagnostics)
	if !ok {
		return
	}
	filter := graph.PhoneNumberFilter{Sort: cfg.Sort.ValueString()}
	for _, f := range []struct {
		field string
		value types.String
	}{{"account_mode", cfg.AccountMode}, {"messaging_limit_tier", cfg.MessagingLimitTier}} {
		if !f.value.IsNull() {
			filter.Conditions = append(filter.Conditions, graph.PhoneNumberCondition{Field: f.field, Operator: "EQUAL", Value: f.value.ValueString()})
		}
	}
	if !cfg.IsOfficialBusinessAccount.IsNull() {
		filter.Conditions = append(filter.Conditions, graph.PhoneNumberCondition{Field: "is_official_business_account", Operator: "EQUAL", Value: cfg.IsOfficialBusinessAccount.ValueBool()})
	}
	read, err := graph.PhoneNumbersRead(waba, filter)
	var all []graph.PhoneNumber
	if err == nil {
		all, err = get(ctx, readerOf(d.data), read)
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot list the phone numbers of WhatsApp Business Account "+waba, err, phoneAdvice)
		return
	}
	cfg.BusinessAccountID = types.StringValue(waba)
	cfg.PhoneNumbers = make([]phoneNumberListItem, 0, len(all))
	for i := range all {
		cfg.PhoneNumbers = append(cfg.PhoneNumbers, phoneNumberListItem{
			ImportID:             types.StringValue(waba + "/" + all[i].ID),
			phoneNumberDataModel: phoneNumberData(&all[i]),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
