package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ list.ListResourceWithConfigure = &flowList{}

// NewFlowList is the whatsapp_flow list resource: the flows of an account.
func NewFlowList() list.ListResource { return &flowList{} }

type flowList struct {
	configuredList
}

type flowListModel struct {
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	Name              types.String `tfsdk:"name"`
	Status            types.String `tfsdk:"status"`
}

var flowStatuses = []string{graph.FlowStatusDraft, graph.FlowStatusPublished, graph.FlowStatusDeprecated, graph.FlowStatusBlocked, graph.FlowStatusThrottled}

func (l *flowList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_flow"
}

func (l *flowList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the WhatsApp Flows of a WhatsApp Business Account for `terraform query` (Terraform 1.14 and later), reading every page, optionally filtered. " +
			"Each result is a flow's identity (business account and flow id), shown as the flow's name and status. " +
			"With `include_resource = true` a result also holds the flow as `terraform import` stores it, its Flow JSON included, so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_flow` resource block for each flow that plan without changes.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": listAccountAttribute("flows"),
			"name": schema.StringAttribute{
				MarkdownDescription: "Only flows whose name contains this text, ignoring case.",
				Optional:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only flows in this status: " + orList(flowStatuses) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(flowStatuses...)},
			},
		},
	}
}

func (l *flowList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg flowListModel
	waba, ok := l.listWABA(ctx, req, stream, &cfg, func() types.String { return cfg.BusinessAccountID }, "flows")
	if !ok {
		return
	}
	all, err := l.data.client.ListFlows(ctx, waba)
	if err != nil {
		listFailed(stream, "Cannot list the flows of WhatsApp Business Account "+waba, err, flowAdvice)
		return
	}
	name, status := strings.ToLower(cfg.Name.ValueString()), cfg.Status.ValueString()
	items := make([]found, 0, len(all))
	for _, f := range all {
		if !strings.Contains(strings.ToLower(f.Name), name) || (status != "" && f.Status != status) {
			continue
		}
		items = append(items, found{identity: []string{waba, f.ID}, display: f.Name + " (" + f.Status + ")"})
	}
	streamFound(ctx, req, stream, &flowResource{l.configured}, flowIdentity, items)
}
