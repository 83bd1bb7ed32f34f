package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ datasource.DataSourceWithConfigure = &phoneNumberDataSource{}

// NewPhoneNumberDataSource is the whatsapp_phone_number data source.
func NewPhoneNumberDataSource() datasource.DataSource { return &phoneNumberDataSource{} }

type phoneNumberDataSource struct {
	configured
}

// phoneNumberDataModel is one phone number as the data sources show it.
type phoneNumberDataModel struct {
	ID               types.String `tfsdk:"id"`
	CountryCode      types.String `tfsdk:"country_code"`
	PhoneNumber      types.String `tfsdk:"phone_number"`
	SearchVisibility types.String `tfsdk:"search_visibility"`
	phoneNumberComputed
}

func phoneNumberData(p *graph.PhoneNumber) phoneNumberDataModel {
	m := phoneNumberDataModel{ID: types.StringValue(p.ID), SearchVisibility: stringOrNull(p.SearchVisibility), phoneNumberComputed: computedFromAPI(p)}
	m.CountryCode, m.PhoneNumber = types.StringNull(), types.StringNull()
	if cc, national, ok := graph.SplitDisplayNumber(p.DisplayPhoneNumber); ok {
		m.CountryCode, m.PhoneNumber = types.StringValue(cc), types.StringValue(national)
	}
	return m
}

// phoneNumberDataAttributes are the attributes of one phone number in the data sources; id is
// added by the caller.
func phoneNumberDataAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	boolean := func(desc string) schema.Attribute {
		return schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"country_code":             str("Country calling code, such as `1`, read from `display_phone_number`."),
		"phone_number":             str("National number without the country code, digits only."),
		"display_phone_number":     str("The number as Meta shows it, such as `+1 631-555-1000`."),
		"verified_name":            str("The display name in effect."),
		"name_status":              str("Review status of `verified_name`: `PENDING_REVIEW`, `APPROVED`, `DECLINED`, `EXPIRED`, `AVAILABLE_WITHOUT_REVIEW` or `NONE`."),
		"new_display_name":         str("A requested display name change Meta has not approved, or null."),
		"new_name_status":          str("Review status of `new_display_name`, or null."),
		"status":                   str("Meta's status of the number, such as `PENDING`, `CONNECTED`, `DISCONNECTED`, `FLAGGED` or `RESTRICTED`."),
		"registered":               boolean("Whether the number is registered on the Cloud API."),
		"code_verification_status": str("`VERIFIED`, or `NOT_VERIFIED` / `UNVERIFIED` / `EXPIRED`."),
		"quality_rating":           str("`GREEN`, `YELLOW`, `RED`, or `UNKNOWN`/`NA` for new numbers."),
		"messaging_limit_tier": schema.StringAttribute{
			MarkdownDescription: messagingLimitTierDescription, DeprecationMessage: messagingLimitTierDeprecation, Computed: true,
		},
		"messaging_limit":              str(messagingLimitDescription),
		"throughput_level":             str("Messages-per-second level: `STANDARD` or `HIGH`."),
		"platform_type":                str("`CLOUD_API`, `ON_PREMISE` or `NOT_APPLICABLE` (not registered)."),
		"account_mode":                 str("`LIVE` or `SANDBOX`."),
		"is_official_business_account": boolean("Whether the number has an Official Business Account (the blue badge)."),
		"search_visibility":            str("`VISIBLE` or `HIDDEN` in WhatsApp business search."),
	}
}

func (d *phoneNumberDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_phone_number"
}

func (d *phoneNumberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := phoneNumberDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "Id of the business phone number.",
		Required:            true,
		Validators:          []validator.String{numericID},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one business phone number by id: its status, verification and registration, display name review, quality rating and messaging limit.",
		Attributes:          attrs,
	}
}

func (d *phoneNumberDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *phoneNumberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg phoneNumberDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := get(ctx, readerOf(d.data), graph.PhoneNumberRead(cfg.ID.ValueString()))
	if err != nil {
		summary := "Cannot read phone number " + cfg.ID.ValueString()
		if graph.IsNotFound(err) {
			summary = fmt.Sprintf("Phone number %s not found", cfg.ID.ValueString())
		}
		addGraphError(&resp.Diagnostics, summary, err, phoneAdvice)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, phoneNumberData(p))...)
}
