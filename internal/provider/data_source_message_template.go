package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ datasource.DataSourceWithConfigure        = &messageTemplateDataSource{}
	_ datasource.DataSourceWithConfigValidators = &messageTemplateDataSource{}
)

// NewMessageTemplateDataSource is the whatsapp_message_template data source.
func NewMessageTemplateDataSource() datasource.DataSource { return &messageTemplateDataSource{} }

type messageTemplateDataSource struct {
	configured
}

type messageTemplateDataModel struct {
	ID                    types.String          `tfsdk:"id"`
	BusinessAccountID     types.String          `tfsdk:"business_account_id"`
	Name                  types.String          `tfsdk:"name"`
	Language              types.String          `tfsdk:"language"`
	Category              types.String          `tfsdk:"category"`
	ParameterFormat       types.String          `tfsdk:"parameter_format"`
	MessageSendTTLSeconds types.Int64           `tfsdk:"message_send_ttl_seconds"`
	Header                *templateHeaderModel  `tfsdk:"header"`
	Body                  *templateBodyModel    `tfsdk:"body"`
	Footer                *templateFooterModel  `tfsdk:"footer"`
	Buttons               []templateButtonModel `tfsdk:"buttons"`
	Status                types.String          `tfsdk:"status"`
	RejectedReason        types.String          `tfsdk:"rejected_reason"`
	QualityScore          types.String          `tfsdk:"quality_score"`
	PreviousCategory      types.String          `tfsdk:"previous_category"`
}

func (d *messageTemplateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_template"
}

func (d *messageTemplateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one message template, by `id` or by `name` and `language`, with its content and Meta's review status.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Template id. Set this, or `name` and `language`.",
				Optional:            true, Computed: true,
				Validators: []validator.String{numericID},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "WhatsApp Business Account to look in. Defaults to the provider's `business_account_id`.",
				Optional:            true, Computed: true,
				Validators: []validator.String{numericID},
			},
			"name":                     schema.StringAttribute{MarkdownDescription: "Template name (exact match).", Optional: true, Computed: true},
			"language":                 schema.StringAttribute{MarkdownDescription: "Template language, such as `en_US`.", Optional: true, Computed: true},
			"category":                 computed("Category Meta holds: `AUTHENTICATION`, `MARKETING` or `UTILITY`."),
			"parameter_format":         computed("`POSITIONAL` or `NAMED`."),
			"message_send_ttl_seconds": schema.Int64Attribute{MarkdownDescription: "Delivery time-to-live of messages sent with the template, when set.", Computed: true},
			"header": schema.SingleNestedAttribute{
				MarkdownDescription: "Header, if any.", Computed: true,
				Attributes: map[string]schema.Attribute{
					"format":       computed("`TEXT`, `IMAGE`, `VIDEO`, `GIF`, `DOCUMENT` or `LOCATION`."),
					"text":         computed("Header text."),
					"example":      computed("Sample value of the header variable."),
					"media_handle": computed("Sample media, as the URL Meta returns."),
				},
			},
			"body": schema.SingleNestedAttribute{
				MarkdownDescription: "Body.", Computed: true,
				Attributes: map[string]schema.Attribute{
					"text":                        computed("Body text with its variables."),
					"examples":                    schema.ListAttribute{MarkdownDescription: "Sample values of positional variables.", Computed: true, ElementType: types.StringType},
					"named_examples":              schema.MapAttribute{MarkdownDescription: "Sample values of named variables.", Computed: true, ElementType: types.StringType},
					"add_security_recommendation": schema.BoolAttribute{MarkdownDescription: "Authentication templates: whether Meta's security line is added.", Computed: true},
				},
			},
			"footer": schema.SingleNestedAttribute{
				MarkdownDescription: "Footer, if any.", Computed: true,
				Attributes: map[string]schema.Attribute{
					"text":                    computed("Footer text."),
					"code_expiration_minutes": schema.Int64Attribute{MarkdownDescription: "Authentication templates: code validity in minutes.", Computed: true},
				},
			},
			"buttons": schema.ListNestedAttribute{
				MarkdownDescription: "Buttons, in order.", Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type":                    computed("Button type."),
					"text":                    computed("Label."),
					"url":                     computed("URL of `URL` buttons."),
					"phone_number":            computed("Number of `PHONE_NUMBER` buttons."),
					"example":                 computed("Sample value."),
					"otp_type":                computed("`OTP` buttons: `COPY_CODE`, `ONE_TAP` or `ZERO_TAP`."),
					"autofill_text":           computed("`OTP` buttons: autofill label."),
					"zero_tap_terms_accepted": schema.BoolAttribute{MarkdownDescription: "`OTP` zero-tap buttons: terms accepted.", Computed: true},
					"supported_apps": schema.ListNestedAttribute{
						MarkdownDescription: "`OTP` buttons: apps allowed to receive the code.", Computed: true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"package_name":   computed("Android package name."),
							"signature_hash": computed("App signing key hash."),
						}},
					},
					"flow_id":         computed("`FLOW` buttons: Flow id."),
					"flow_name":       computed("`FLOW` buttons: Flow name."),
					"flow_action":     computed("`FLOW` buttons: action."),
					"navigate_screen": computed("`FLOW` buttons: first screen."),
				}},
			},
			"status":            computed("Review status, such as `APPROVED`."),
			"rejected_reason":   computed("Rejection reason, or `NONE`."),
			"quality_score":     computed("Quality rating: `GREEN`, `YELLOW`, `RED` or `UNKNOWN`."),
			"previous_category": computed("Category before Meta's last recategorisation, if any."),
		},
	}
}

func (d *messageTemplateDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("name"), path.MatchRoot("language")),
	}
}

func (d *messageTemplateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *messageTemplateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg messageTemplateDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba := d.businessAccountID(cfg.BusinessAccountID.ValueString())
	var t *graph.MessageTemplate
	var err error
	if id := cfg.ID.ValueString(); id != "" {
		t, err = d.data.client.GetMessageTemplate(ctx, id)
	} else {
		if waba == "" {
			resp.Diagnostics.AddAttributeError(path.Root("business_account_id"), "Missing WhatsApp Business Account id", "Set business_account_id here or on the provider to look a template up by name.")
			return
		}
		t, err = d.data.templates.find(ctx, waba, cfg.Name.ValueString(), cfg.Language.ValueString())
		if err == nil && t == nil {
			// Not in this process's listing: ask Graph before reporting it missing.
			t, err = d.data.client.FindMessageTemplate(ctx, waba, cfg.Name.ValueString(), cfg.Language.ValueString())
		}
		if err == nil && t == nil {
			resp.Diagnostics.AddError("Message template not found", fmt.Sprintf("No template named %q in language %s exists in WhatsApp Business Account %s.", cfg.Name.ValueString(), cfg.Language.ValueString(), waba))
			return
		}
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read message template", err, templateAdvice)
		return
	}
	var m messageTemplateModel
	m.applyRemote(t, nil)
	out := messageTemplateDataModel{
		ID: m.ID, BusinessAccountID: types.StringValue(waba), Name: m.Name, Language: m.Language,
		Category: m.MetaCategory, ParameterFormat: m.ParameterFormat, MessageSendTTLSeconds: m.MessageSendTTLSeconds,
		Header: m.Header, Body: m.Body, Footer: m.Footer, Buttons: m.Buttons,
		Status: m.Status, RejectedReason: m.RejectedReason, QualityScore: m.QualityScore, PreviousCategory: m.PreviousCategory,
	}
	if waba == "" {
		out.BusinessAccountID = types.StringNull()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}
