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

var _ list.ListResourceWithConfigure = &scheduleList{}

// NewScheduleList is the whatsapp_business_account_schedule list resource: the schedules of an
// account.
func NewScheduleList() list.ListResource { return &scheduleList{} }

type scheduleList struct {
	configuredList
}

type scheduleListModel struct {
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	Name              types.String `tfsdk:"name"`
	ScheduleType      types.String `tfsdk:"schedule_type"`
	Status            types.String `tfsdk:"status"`
}

func (l *scheduleList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account_schedule"
}

func (l *scheduleList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the schedules of a WhatsApp Business Account for `terraform query` (Terraform 1.14 and later), reading every page, optionally filtered. " +
			"Each result is a schedule's identity (business account and schedule id), shown as its name, type and status. " +
			"With `include_resource = true` a result also holds the schedule as `terraform import` stores it, so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_business_account_schedule` resource block for each.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": listAccountAttribute("schedules"),
			"name": schema.StringAttribute{
				MarkdownDescription: "Only schedules whose name contains this text, ignoring case.",
				Optional:            true,
			},
			"schedule_type": schema.StringAttribute{
				MarkdownDescription: "Only schedules of this type: " + orList(graph.ScheduleTypes) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(graph.ScheduleTypes...)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only schedules in this status: " + orList(graph.ScheduleStatuses) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(graph.ScheduleStatuses...)},
			},
		},
	}
}

func (l *scheduleList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg scheduleListModel
	waba, ok := l.listWABA(ctx, req, stream, &cfg, func() types.String { return cfg.BusinessAccountID }, "schedules")
	if !ok {
		return
	}
	all, err := l.data.client.ListSchedules(ctx, waba, graph.ScheduleFilter{Status: cfg.Status.ValueString(), ScheduleType: cfg.ScheduleType.ValueString()})
	if err != nil {
		listFailed(stream, "Cannot list the schedules of WhatsApp Business Account "+waba, err, scheduleAdvice)
		return
	}
	name := strings.ToLower(cfg.Name.ValueString())
	items := make([]found, 0, len(all))
	for _, s := range all {
		if !strings.Contains(strings.ToLower(s.Name), name) {
			continue
		}
		items = append(items, found{identity: []string{waba, s.ID}, display: s.Name + " (" + s.ScheduleType + ", " + s.Status + ")"})
	}
	streamFound(ctx, req, stream, &scheduleResource{l.configured}, scheduleIdentity, items)
}
