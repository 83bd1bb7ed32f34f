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

var _ datasource.DataSourceWithConfigure = &messageTemplatesDataSource{}

// templateStatuses are the review statuses Meta filters a template listing by.
var templateStatuses = []string{"APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED", "IN_APPEAL", "PENDING_DELETION", "LIMIT_EXCEEDED", "ARCHIVED"}

// NewMessageTemplatesDataSource is the whatsapp_message_templates data source.
func NewMessageTemplatesDataSource() datasource.DataSource { return &messageTemplatesDataSource{} }

type messageTemplatesDataSource struct {
	configured
}

type messageTemplatesDataModel struct {
	BusinessAccountID types.String           `tfsdk:"business_account_id"`
	NameContains      types.String           `tfsdk:"name_contains"`
	Status            types.String           `tfsdk:"status"`
	Category          types.String           `tfsdk:"category"`
	Language          types.String           `tfsdk:"language"`
	Templates         []templateSummaryModel `tfsdk:"templates"`
}

type templateSummaryModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Language         types.String `tfsdk:"language"`
	Category         types.String `tfsdk:"category"`
	Status           types.String `tfsdk:"status"`
	RejectedReason   types.String `tfsdk:"rejected_reason"`
	QualityScore     types.String `tfsdk:"quality_score"`
	ParameterFormat  types.String `tfsdk:"parameter_format"`
	PreviousCategory types.String `tfsdk:"previous_category"`
	ImportID         types.String `tfsdk:"import_id"`
}

func (d *messageTemplatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_templates"
}

func (d *messageTemplatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the message templates of a WhatsApp Business Account, reading every page, optionally filtered. Use it to adopt templates made in WhatsApp Manager: render `import` blocks from `import_id` (see the adoption guide), or import into a `for_each` resource.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": businessAccountIDArgument("list"),
			"name_contains":       schema.StringAttribute{MarkdownDescription: "Only templates whose name contains this text.", Optional: true},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only templates in this review status, such as `APPROVED`.", Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(templateStatuses...)},
			},
			"category": schema.StringAttribute{
				MarkdownDescription: "Only templates of this category.", Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(categories...)},
			},
			"language": schema.StringAttribute{MarkdownDescription: "Only templates in this language, such as `en_US`.", Optional: true},
			"templates": schema.ListNestedAttribute{
				MarkdownDescription: "Matching templates, in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                computed("Template id."),
					"name":              computed("Template name."),
					"language":          computed("Template language."),
					"category":          computed("Category Meta holds."),
					"status":            computed("Review status."),
					"rejected_reason":   computed("Rejection reason, or `NONE`."),
					"quality_score":     computed("Quality rating."),
					"parameter_format":  computed("`POSITIONAL` or `NAMED`."),
					"previous_category": computed("Category before Meta's last recategorisation, if any."),
					"import_id":         computed("`<business_account_id>/<id>`, the id a `whatsapp_message_template` import block takes."),
				}},
			},
		},
	}
}

func (d *messageTemplatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *messageTemplatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg messageTemplatesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := d.requireBusinessAccountID(cfg.BusinessAccountID.ValueString(), "here", &resp.Diagnostics)
	if !ok {
		return
	}
	all, err := d.data.client.ListMessageTemplates(ctx, waba, graph.TemplateFilter{
		Name: cfg.NameContains.ValueString(), Status: cfg.Status.ValueString(),
		Category: cfg.Category.ValueString(), Language: cfg.Language.ValueString(),
	})
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot list message templates", err, templateAdvice)
		return
	}
	cfg.BusinessAccountID = types.StringValue(waba)
	cfg.Templates = make([]templateSummaryModel, 0, len(all))
	for _, t := range all {
		s := templateSummaryModel{
			ID: types.StringValue(t.ID), Name: types.StringValue(t.Name), Language: types.StringValue(t.Language),
			Category: types.StringValue(t.Category), Status: types.StringValue(t.Status),
			RejectedReason: stringOrNull(t.RejectedReason), QualityScore: types.StringNull(),
			ParameterFormat: stringOrNull(t.ParameterFormat), PreviousCategory: stringOrNull(t.PreviousCategory),
			ImportID: types.StringValue(waba + "/" + t.ID),
		}
		if t.QualityScore != nil {
			s.QualityScore = stringOrNull(t.QualityScore.Score)
		}
		cfg.Templates = append(cfg.Templates, s)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
