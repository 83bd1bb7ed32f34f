package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ datasource.DataSourceWithConfigure      = &activitiesDataSource{}
	_ datasource.DataSourceWithValidateConfig = &activitiesDataSource{}
)

// defaultMaxActivities is how many activities the data source reads when max_results is not set.
const defaultMaxActivities = 1000

// maxActivities is the largest max_results.
const maxActivities = 10000

// NewActivitiesDataSource is the whatsapp_business_account_activities data source.
func NewActivitiesDataSource() datasource.DataSource { return &activitiesDataSource{} }

type activitiesDataSource struct {
	configured
}

type activitiesDataModel struct {
	BusinessAccountID types.String    `tfsdk:"business_account_id"`
	ActivityTypes     types.Set       `tfsdk:"activity_types"`
	Since             types.String    `tfsdk:"since"`
	Until             types.String    `tfsdk:"until"`
	MaxResults        types.Int64     `tfsdk:"max_results"`
	Truncated         types.Bool      `tfsdk:"truncated"`
	Activities        []activityModel `tfsdk:"activities"`
}

type activityModel struct {
	ID           types.String `tfsdk:"id"`
	ActivityType types.String `tfsdk:"activity_type"`
	Timestamp    types.String `tfsdk:"timestamp"`
	ActorType    types.String `tfsdk:"actor_type"`
	ActorID      types.String `tfsdk:"actor_id"`
	ActorName    types.String `tfsdk:"actor_name"`
	Description  types.String `tfsdk:"description"`
	Details      jsonValue    `tfsdk:"details"`
	IPAddress    types.String `tfsdk:"ip_address"`
	UserAgent    types.String `tfsdk:"user_agent"`
}

func (d *activitiesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account_activities"
}

func (d *activitiesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	timeArgument := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc + " An RFC 3339 time such as `2025-06-01T00:00:00Z`, for instance from `timeadd(timestamp(), \"-168h\")`.",
			Optional:            true,
			Validators:          []validator.String{rfc3339Time{}},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The activity log of a WhatsApp Business Account (`GET /{waba-id}/activities`): what was done to the account, when and by whom, " +
			"such as templates created and deleted, phone numbers added and verified, users added, removed or given other tasks, and webhook and account settings changed. " +
			"Use it for audit reports, or to check in a pipeline what changed outside Terraform.\n\n" +
			"The data source reads every page, newest first, up to `max_results` activities; `truncated` tells whether the log holds more. " +
			"Meta filters by `activity_types`, `since` and `until`, and serves at most 90 days between `since` and `until`, which is checked at plan time.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": businessAccountIDArgument("read the activity log of"),
			"activity_types": schema.SetAttribute{
				MarkdownDescription: "Only activities of these types, such as `TEMPLATE_CREATED` or `USER_ADDED`. Meta's types: `" + strings.Join(graph.ActivityTypes, "`, `") + "`.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(graph.ActivityTypes...)),
				},
			},
			"since": timeArgument("Only activities at or after this time."),
			"until": timeArgument("Only activities at or before this time. With `since`, at most 90 days after it."),
			"max_results": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("The most activities to read, newest first: 1 to %d, default %d. The log of a busy account can be long; each page holds up to 100.", maxActivities, defaultMaxActivities),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, maxActivities)},
			},
			"truncated": schema.BoolAttribute{
				MarkdownDescription: "Whether the log has more matching activities than `max_results`: narrow the filters or raise `max_results` to see them.",
				Computed:            true,
			},
			"activities": schema.ListNestedAttribute{
				MarkdownDescription: "The matching activities, newest first, with the fields Meta returns.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            computed("Activity id."),
					"activity_type": computed("Activity type, such as `TEMPLATE_CREATED`."),
					"timestamp":     computed("When the activity happened, in RFC 3339 (UTC)."),
					"actor_type":    computed("Who performed it: `USER`, `SYSTEM`, `API`, `ADMIN` or `AUTOMATED_PROCESS`."),
					"actor_id":      computed("Id of the user or system that performed it, when Meta gives one."),
					"actor_name":    computed("Name of the user or system that performed it, when Meta gives one."),
					"description":   computed("What happened, in Meta's words."),
					"details": schema.StringAttribute{
						MarkdownDescription: "The activity's details as a JSON object, whose keys depend on the type (a template's `template_name` and `template_language`, a user's `user_id`…); null when Meta gives none. Read them with `jsondecode()`.",
						Computed:            true,
						CustomType:          jsonType{},
					},
					"ip_address": computed("IP address the activity came from, when Meta gives it."),
					"user_agent": computed("User agent of the client that performed it, when Meta gives it."),
				}},
			},
		},
	}
}

func (d *activitiesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks the time window at plan time: since not after until, and Meta's
// 90-day limit between them.
func (d *activitiesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg activitiesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !known(cfg.Since) || !known(cfg.Until) {
		return
	}
	since, err1 := time.Parse(time.RFC3339, cfg.Since.ValueString())
	until, err2 := time.Parse(time.RFC3339, cfg.Until.ValueString())
	if err1 != nil || err2 != nil {
		return // the attribute validators report these
	}
	switch {
	case until.Before(since):
		resp.Diagnostics.AddAttributeError(path.Root("until"), "Time window ends before it starts",
			fmt.Sprintf("until (%s) is before since (%s).", cfg.Until.ValueString(), cfg.Since.ValueString()))
	case until.Sub(since) > graph.ActivityRangeLimit:
		resp.Diagnostics.AddAttributeError(path.Root("until"), "Time window too long",
			fmt.Sprintf("until is %s after since; Meta serves at most 90 days of activities between since and until. Narrow the window, or read it in several data sources.",
				until.Sub(since).Round(time.Hour)))
	}
}

func (d *activitiesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg activitiesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := d.requireBusinessAccountID(cfg.BusinessAccountID.ValueString(), "here", &resp.Diagnostics)
	if !ok {
		return
	}
	f := graph.ActivityFilter{Max: defaultMaxActivities}
	if known(cfg.MaxResults) {
		f.Max = int(cfg.MaxResults.ValueInt64())
	}
	if known(cfg.ActivityTypes) {
		resp.Diagnostics.Append(cfg.ActivityTypes.ElementsAs(ctx, &f.Types, false)...)
	}
	for _, t := range []struct {
		v   types.String
		dst *time.Time
	}{{cfg.Since, &f.Since}, {cfg.Until, &f.Until}} {
		if known(t.v) {
			*t.dst, _ = time.Parse(time.RFC3339, t.v.ValueString())
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	all, more, err := d.data.client.ListActivities(ctx, waba, f)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the activity log of WhatsApp Business Account "+waba, err)
		return
	}
	cfg.BusinessAccountID = types.StringValue(waba)
	cfg.Truncated = types.BoolValue(more)
	cfg.Activities = make([]activityModel, 0, len(all))
	for _, a := range all {
		m := activityModel{
			ID: types.StringValue(a.ID), ActivityType: types.StringValue(a.ActivityType), Timestamp: types.StringNull(),
			ActorType: stringOrNull(a.ActorType), ActorID: stringOrNull(string(a.ActorID)), ActorName: stringOrNull(a.ActorName),
			Description: stringOrNull(a.Description), Details: newJSONNull(),
			IPAddress: stringOrNull(a.IPAddress), UserAgent: stringOrNull(a.UserAgent),
		}
		if !a.Timestamp.IsZero() {
			m.Timestamp = types.StringValue(a.Timestamp.UTC().Format(time.RFC3339))
		}
		if len(a.Details) > 0 {
			m.Details = newJSONValue(string(a.Details))
		}
		cfg.Activities = append(cfg.Activities, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

// rfc3339Time checks a time written in RFC 3339, as timestamp() gives it.
type rfc3339Time struct{}

func (rfc3339Time) Description(context.Context) string {
	return "must be an RFC 3339 time such as 2025-06-01T00:00:00Z"
}

func (v rfc3339Time) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v rfc3339Time) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time",
			fmt.Sprintf("Attribute %s %s, got %q.", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}
