package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // IANA time zones for plan-time validation, whatever the host has

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = &scheduleResource{}
	_ resource.ResourceWithImportState    = &scheduleResource{}
	_ resource.ResourceWithIdentity       = &scheduleResource{}
	_ resource.ResourceWithModifyPlan     = &scheduleResource{}
	_ resource.ResourceWithValidateConfig = &scheduleResource{}
)

// scheduleIdentity is the account and the schedule, the import id
// <business_account_id>/<schedule_id>.
var scheduleIdentity = resourceIdentity{
	{"business_account_id", "the WhatsApp Business Account (WABA) id that holds the schedule"},
	{"id", "the schedule id"},
}

// NewScheduleResource is the whatsapp_business_account_schedule resource.
func NewScheduleResource() resource.Resource { return &scheduleResource{} }

type scheduleResource struct {
	configured
}

type scheduleModel struct {
	ID                types.String `tfsdk:"id"`
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	Name              types.String `tfsdk:"name"`
	ScheduleType      types.String `tfsdk:"schedule_type"`
	Description       types.String `tfsdk:"description"`
	StartTime         types.String `tfsdk:"start_time"`
	EndTime           types.String `tfsdk:"end_time"`
	Timezone          types.String `tfsdk:"timezone"`
	DaysOfWeek        types.Set    `tfsdk:"days_of_week"`
	IsActive          types.Bool   `tfsdk:"is_active"`
	RecurrencePattern types.Object `tfsdk:"recurrence_pattern"`
	Status            types.String `tfsdk:"status"`
	CreatedTime       types.String `tfsdk:"created_time"`
	UpdatedTime       types.String `tfsdk:"updated_time"`
}

var recurrenceAttrTypes = map[string]attr.Type{
	"frequency": types.StringType,
	"interval":  types.Int64Type,
	"end_date":  types.StringType,
}

var (
	clockTime = stringvalidator.RegexMatches(regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`), "must be a time of day in HH:MM (24-hour) format, such as 09:00 or 17:30")
	isoDate   = stringvalidator.RegexMatches(regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`), "must be a date in YYYY-MM-DD format")
)

func (r *scheduleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account_schedule"
}

func (r *scheduleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = scheduleIdentity.schema()
}

func (r *scheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A schedule of a WhatsApp Business Account (`POST /{waba-id}/schedules`): a time window on days of the week, in a time zone, that the account's automation uses, " +
			"such as its business hours, when automated responses answer, when a message campaign runs, or a maintenance window.\n\n" +
			"Meta's API creates and lists schedules and has **no call to change or delete one**, so:\n\n" +
			"- every argument forces a new schedule, and schedule names are unique in an account: a changed schedule needs a new `name` (the plan fails otherwise, before anything reaches Meta);\n" +
			"- **destroying the resource only removes it from the Terraform state**: the schedule stays in the account (remove it in WhatsApp Manager if it should go), and the plan says so.\n\n" +
			"`status` is Meta's: `ACTIVE` or `INACTIVE` as `is_active` asks, and `PAUSED` or `EXPIRED` when Meta changes it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Schedule id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "WhatsApp Business Account (WABA) that holds the schedule. Defaults to the provider's `business_account_id`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Schedule name, 1 to 100 characters, unique in the account.",
				Required:            true,
				Validators:          []validator.String{charLength{1, 100}},
				PlanModifiers:       replace,
			},
			"schedule_type": schema.StringAttribute{
				MarkdownDescription: "What the schedule is for: `" + strings.Join(graph.ScheduleTypes, "`, `") + "`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(graph.ScheduleTypes...)},
				PlanModifiers:       replace,
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "What the schedule is for, in words: 1 to 500 characters.",
				Optional:            true,
				Validators:          []validator.String{charLength{1, 500}},
				PlanModifiers:       replace,
			},
			"start_time": schema.StringAttribute{
				MarkdownDescription: "Start of the window, `HH:MM` (24-hour) in `timezone`.",
				Required:            true,
				Validators:          []validator.String{clockTime},
				PlanModifiers:       replace,
			},
			"end_time": schema.StringAttribute{
				MarkdownDescription: "End of the window, `HH:MM` (24-hour) in `timezone`. An end before the start is a window that crosses midnight (such as `18:00` to `08:00`); it cannot equal the start.",
				Required:            true,
				Validators:          []validator.String{clockTime},
				PlanModifiers:       replace,
			},
			"timezone": schema.StringAttribute{
				MarkdownDescription: "IANA time zone of the window, such as `America/New_York`. Default `UTC`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("UTC"),
				Validators:          []validator.String{ianaTimezone{}},
				PlanModifiers:       replace,
			},
			"days_of_week": schema.SetAttribute{
				MarkdownDescription: "Days the window applies to: `" + strings.Join(graph.DaysOfWeek, "`, `") + "`.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(graph.DaysOfWeek...)),
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
			},
			"is_active": schema.BoolAttribute{
				MarkdownDescription: "Whether the schedule is active from its creation. Default `true`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"recurrence_pattern": schema.SingleNestedAttribute{
				MarkdownDescription: "How the schedule repeats.",
				Optional:            true,
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.RequiresReplace()},
				Attributes: map[string]schema.Attribute{
					"frequency": schema.StringAttribute{
						MarkdownDescription: "`" + strings.Join(graph.RecurrenceFrequencies, "`, `") + "`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(graph.RecurrenceFrequencies...)},
					},
					"interval": schema.Int64Attribute{
						MarkdownDescription: "Repeat every this many periods of `frequency` (1 when unset).",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"end_date": schema.StringAttribute{
						MarkdownDescription: "Last day of the recurrence, `YYYY-MM-DD`.",
						Optional:            true,
						Validators:          []validator.String{isoDate},
					},
				},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Status Meta reports: `" + strings.Join(graph.ScheduleStatuses, "`, `") + "`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_time": schema.StringAttribute{
				MarkdownDescription: "When the schedule was created, RFC 3339.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_time": schema.StringAttribute{
				MarkdownDescription: "When Meta last changed the schedule (its status), RFC 3339.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *scheduleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig refuses a window that starts when it ends.
func (r *scheduleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var start, end types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("start_time"), &start)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("end_time"), &end)...)
	if resp.Diagnostics.HasError() || !known(start) || !known(end) {
		return
	}
	if start.ValueString() == end.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("end_time"), "Empty schedule window",
			fmt.Sprintf("start_time and end_time are both %s; Meta requires the window to start before it ends (an end_time before start_time crosses midnight).", start.ValueString()))
	}
}

// ModifyPlan resolves the account at plan time, says that a destroy leaves the schedule at Meta,
// and refuses a replacement that keeps the name: Meta cannot delete the old schedule, so a new
// one under the same name would be refused.
func (r *scheduleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var state scheduleModel
		if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.AddWarning("The schedule stays at Meta",
			fmt.Sprintf("Meta has no API to delete a schedule. Destroying %s removes schedule %s (%q) from the Terraform state only; it stays in WhatsApp Business Account %s. Remove it in WhatsApp Manager if it should go.",
				"whatsapp_business_account_schedule", state.ID.ValueString(), state.Name.ValueString(), state.BusinessAccountID.ValueString()))
		return
	}
	var plan scheduleModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	var cfgWABA types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("business_account_id"), &cfgWABA)...)
	if plan.BusinessAccountID.IsUnknown() && cfgWABA.IsNull() && r.data != nil {
		if waba := r.data.businessAccountID; waba != "" {
			plan.BusinessAccountID = types.StringValue(waba)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("business_account_id"), waba)...)
		}
	}
	if req.State.Raw.IsNull() {
		return
	}
	var state scheduleModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	inputs := [][2]attr.Value{
		{plan.BusinessAccountID, state.BusinessAccountID}, {plan.Name, state.Name}, {plan.ScheduleType, state.ScheduleType},
		{plan.Description, state.Description}, {plan.StartTime, state.StartTime}, {plan.EndTime, state.EndTime},
		{plan.Timezone, state.Timezone}, {plan.DaysOfWeek, state.DaysOfWeek}, {plan.IsActive, state.IsActive},
		{plan.RecurrencePattern, state.RecurrencePattern},
	}
	replaced := false
	for _, in := range inputs {
		replaced = replaced || !in[0].Equal(in[1])
	}
	if replaced && known(plan.Name) && plan.Name.Equal(state.Name) && known(plan.BusinessAccountID) && plan.BusinessAccountID.Equal(state.BusinessAccountID) {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "A changed schedule needs a new name",
			fmt.Sprintf("Meta has no API to change or delete a schedule, so this change creates a new schedule and the current one, %s, stays in WhatsApp Business Account %s under the name %q. "+
				"Schedule names are unique in an account: give the changed schedule a new name (such as %q).",
				state.ID.ValueString(), state.BusinessAccountID.ValueString(), state.Name.ValueString(), state.Name.ValueString()+" v2"))
	}
}

func (r *scheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan scheduleModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	waba, ok := r.requireBusinessAccountID(stringOr(plan.BusinessAccountID, ""), "on the schedule", &resp.Diagnostics)
	if !ok {
		return
	}
	body := graph.NewSchedule{
		Name: plan.Name.ValueString(), ScheduleType: plan.ScheduleType.ValueString(), Description: plan.Description.ValueString(),
		StartTime: plan.StartTime.ValueString(), EndTime: plan.EndTime.ValueString(), Timezone: plan.Timezone.ValueString(),
		IsActive: boolPointer(plan.IsActive),
	}
	if known(plan.DaysOfWeek) {
		resp.Diagnostics.Append(plan.DaysOfWeek.ElementsAs(ctx, &body.DaysOfWeek, false)...)
	}
	if known(plan.RecurrencePattern) {
		attrs := plan.RecurrencePattern.Attributes()
		rp := &graph.RecurrencePattern{Frequency: attrs["frequency"].(types.String).ValueString()}
		if v := attrs["interval"].(types.Int64); known(v) {
			rp.Interval = v.ValueInt64()
		}
		if v := attrs["end_date"].(types.String); known(v) {
			rp.EndDate = v.ValueString()
		}
		body.RecurrencePattern = rp
	}
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.data.client.CreateSchedule(ctx, waba, body)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot create schedule %q in WhatsApp Business Account %s", body.Name, waba), err, scheduleAdvice)
		return
	}
	plan.ID, plan.BusinessAccountID = types.StringValue(id), types.StringValue(waba)
	s, err := r.data.client.FindSchedule(ctx, waba, id)
	if err != nil || s == nil {
		if err == nil {
			err = fmt.Errorf("meta created schedule %s but does not list it", id)
		}
		// Keep what was created in state, so that the next refresh reads it.
		plan.Status, plan.CreatedTime, plan.UpdatedTime = types.StringNull(), types.StringNull(), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		scheduleIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read schedule %q after creating it", body.Name), err)
		return
	}
	plan.applyRemote(s)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	scheduleIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *scheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state scheduleModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	waba, ok := r.requireBusinessAccountID(stringOr(state.BusinessAccountID, ""), "on the schedule", &resp.Diagnostics)
	if !ok {
		return
	}
	id := state.ID.ValueString()
	s, err := r.data.client.FindSchedule(ctx, waba, id)
	if graph.IsNotFound(err) || (err == nil && s == nil) {
		scheduleIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Schedule no longer exists",
			fmt.Sprintf("WhatsApp Business Account %s no longer lists schedule %s (%q); it is removed from state and will be planned for creation.", waba, id, state.Name.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read schedule %s of WhatsApp Business Account %s", id, waba), err, scheduleAdvice)
		return
	}
	state.BusinessAccountID = types.StringValue(waba)
	state.applyRemote(s)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	scheduleIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Update is never called: every argument forces a new schedule.
func (r *scheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.AddError("Schedules cannot be changed", "Meta has no API to change a schedule; every change plans a new one.")
}

// Delete forgets the schedule: Meta has no API to delete it (ModifyPlan warns).
func (r *scheduleResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState accepts "<schedule_id>" (in the provider's account) or
// "<business_account_id>/<schedule_id>", or the identity.
func (r *scheduleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := scheduleIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	parts := strings.Split(importID, "/")
	valid := len(parts) == 1 || len(parts) == 2
	for _, p := range parts {
		valid = valid && graphIDPattern.MatchString(p)
	}
	if !valid {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be <schedule_id> or <business_account_id>/<schedule_id>, for example 1234567890123456 or 102290129340398/1234567890123456.", importID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), parts[len(parts)-1])...)
	if len(parts) == 2 {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("business_account_id"), parts[0])...)
	}
}

// applyRemote copies Meta's view of the schedule. Values Meta leaves out keep the state's (the
// defaults), and Meta's interval of 1 stays unset when the state's recurrence sets none.
func (m *scheduleModel) applyRemote(s *graph.Schedule) {
	m.ID = types.StringValue(s.ID)
	m.Name = types.StringValue(s.Name)
	m.ScheduleType = types.StringValue(s.ScheduleType)
	m.Description = stringOrNull(s.Description)
	m.StartTime = types.StringValue(s.StartTime)
	m.EndTime = types.StringValue(s.EndTime)
	switch {
	case s.Timezone != "":
		m.Timezone = types.StringValue(s.Timezone)
	case !known(m.Timezone):
		m.Timezone = types.StringValue("UTC")
	}
	if len(s.DaysOfWeek) > 0 {
		days := make([]attr.Value, 0, len(s.DaysOfWeek))
		for _, d := range s.DaysOfWeek {
			days = append(days, types.StringValue(d))
		}
		m.DaysOfWeek = types.SetValueMust(types.StringType, days)
	} else {
		m.DaysOfWeek = types.SetNull(types.StringType)
	}
	switch {
	case s.IsActive != nil:
		m.IsActive = types.BoolValue(*s.IsActive)
	case !known(m.IsActive):
		m.IsActive = types.BoolValue(s.Status != "INACTIVE")
	}
	prior, hadPattern := m.priorInterval()
	m.RecurrencePattern = types.ObjectNull(recurrenceAttrTypes)
	if rp := s.RecurrencePattern; rp != nil && rp.Frequency != "" {
		interval := types.Int64Null()
		if rp.Interval > 0 {
			interval = types.Int64Value(rp.Interval)
		}
		if rp.Interval == 1 && hadPattern && prior.IsNull() {
			interval = types.Int64Null()
		}
		m.RecurrencePattern = types.ObjectValueMust(recurrenceAttrTypes, map[string]attr.Value{
			"frequency": types.StringValue(rp.Frequency), "interval": interval, "end_date": stringOrNull(rp.EndDate),
		})
	}
	m.Status = stringOrNull(s.Status)
	m.CreatedTime, m.UpdatedTime = timeOrNull(s.CreatedTime.Time), timeOrNull(s.UpdatedTime.Time)
}

// priorInterval is the interval the model held before applyRemote replaced the recurrence, and
// whether it had a recurrence at all (an imported schedule has none yet).
func (m *scheduleModel) priorInterval() (types.Int64, bool) {
	if !known(m.RecurrencePattern) {
		return types.Int64Null(), false
	}
	v, _ := m.RecurrencePattern.Attributes()["interval"].(types.Int64)
	return v, true
}

func timeOrNull(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// scheduleAdvice explains Meta's refusals of a schedule.
func scheduleAdvice(err error) string {
	switch {
	case graph.IsConflict(err):
		return "The account already has a schedule of this name (Meta keeps schedules that Terraform no longer manages, since it has no API to delete them). Choose another name, or import the existing schedule."
	case graph.IsScheduleLimit(err):
		return "The account holds as many schedules as Meta allows. Remove schedules it no longer needs in WhatsApp Manager."
	}
	return ""
}

// ianaTimezone checks an IANA time zone name.
type ianaTimezone struct{}

func (ianaTimezone) Description(context.Context) string {
	return "must be an IANA time zone such as UTC or America/New_York"
}

func (v ianaTimezone) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v ianaTimezone) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	tz := req.ConfigValue.ValueString()
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || tz == "Local" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time zone",
			fmt.Sprintf("Attribute %s %s, got %q.", req.Path, v.Description(ctx), tz))
	}
}
