package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ datasource.DataSourceWithConfigure = &flowsDataSource{}

// NewFlowsDataSource is the whatsapp_flows data source.
func NewFlowsDataSource() datasource.DataSource { return &flowsDataSource{} }

type flowsDataSource struct {
	configured
}

type flowsDataModel struct {
	BusinessAccountID types.String       `tfsdk:"business_account_id"`
	Status            types.String       `tfsdk:"status"`
	Flows             []flowSummaryModel `tfsdk:"flows"`
}

type flowSummaryModel struct {
	ID                   types.String `tfsdk:"id"`
	Name                 types.String `tfsdk:"name"`
	Status               types.String `tfsdk:"status"`
	Categories           []string     `tfsdk:"categories"`
	JSONVersion          types.String `tfsdk:"json_version"`
	DataAPIVersion       types.String `tfsdk:"data_api_version"`
	EndpointURI          types.String `tfsdk:"endpoint_uri"`
	ValidationErrorCount types.Int64  `tfsdk:"validation_error_count"`
}

func (d *flowsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_flows"
}

func (d *flowsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the WhatsApp Flows of a WhatsApp Business Account, reading every page. Use it to find flows made in Flow Builder and adopt them with `import` blocks.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": businessAccountIDArgument("list"),
			"status": schema.StringAttribute{
				MarkdownDescription: "Only flows in this status: `DRAFT`, `PUBLISHED`, `DEPRECATED`, `BLOCKED` or `THROTTLED`.",
				Optional:            true,
				Validators: []validator.String{stringvalidator.OneOf(graph.FlowStatusDraft, graph.FlowStatusPublished,
					graph.FlowStatusDeprecated, graph.FlowStatusBlocked, graph.FlowStatusThrottled)},
			},
			"flows": schema.ListNestedAttribute{
				MarkdownDescription: "Matching flows, oldest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               computed("Flow id."),
					"name":             computed("Flow name."),
					"status":           computed("Flow status."),
					"categories":       schema.ListAttribute{MarkdownDescription: "Categories, sorted.", Computed: true, ElementType: types.StringType},
					"json_version":     computed("Flow JSON version, if the flow has a document."),
					"data_api_version": computed("Data API version, for flows with an endpoint."),
					"endpoint_uri":     computed("Data endpoint, if set."),
					"validation_error_count": schema.Int64Attribute{
						MarkdownDescription: "Number of validation errors in the Flow JSON; a flow with errors cannot be published.",
						Computed:            true,
					},
				}},
			},
		},
	}
}

func (d *flowsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *flowsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg flowsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := d.requireBusinessAccountID(cfg.BusinessAccountID.ValueString(), "here", &resp.Diagnostics)
	if !ok {
		return
	}
	all, err := get(ctx, readerOf(d.data), graph.FlowsRead(waba))
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot list flows", err, flowAdvice)
		return
	}
	cfg.BusinessAccountID = types.StringValue(waba)
	cfg.Flows = make([]flowSummaryModel, 0, len(all))
	for _, f := range all {
		if s := cfg.Status.ValueString(); s != "" && f.Status != s {
			continue
		}
		cats := append([]string{}, f.Categories...)
		sort.Strings(cats)
		cfg.Flows = append(cfg.Flows, flowSummaryModel{
			ID: types.StringValue(f.ID), Name: types.StringValue(f.Name), Status: types.StringValue(f.Status),
			Categories: cats, JSONVersion: stringOrNull(f.JSONVersion), DataAPIVersion: stringOrNull(f.DataAPIVersion),
			EndpointURI: stringOrNull(f.Endpoint()), ValidationErrorCount: types.Int64Value(int64(len(f.ValidationErrors))),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
