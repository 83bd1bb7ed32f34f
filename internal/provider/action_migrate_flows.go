package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ action.ActionWithConfigure      = &migrateFlowsAction{}
	_ action.ActionWithValidateConfig = &migrateFlowsAction{}
	_ action.ActionWithModifyPlan     = &migrateFlowsAction{}
)

// NewMigrateFlowsAction is the whatsapp_migrate_flows action.
func NewMigrateFlowsAction() action.Action { return &migrateFlowsAction{} }

type migrateFlowsAction struct {
	configuredAction
}

type migrateFlowsModel struct {
	Source      types.String `tfsdk:"source_business_account_id"`
	Destination types.String `tfsdk:"destination_business_account_id"`
	FlowNames   types.List   `tfsdk:"flow_names"`
}

func (a *migrateFlowsAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migrate_flows"
}

func (a *migrateFlowsAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Copies the WhatsApp Flows of one WhatsApp Business Account into another (`POST /{destination-waba-id}/migrate_flows`), for instance when a business moves to a new account. " +
			"Actions need Terraform 1.14 or later; run it with `terraform apply -invoke=action.whatsapp_migrate_flows.<name>`.\n\n" +
			"Meta's rules: both accounts must be **owned by the same business**. Migration does not move the flows: it creates copies **with the same names** and new ids in the destination, " +
			"with their categories, endpoint and Flow JSON. A copy is **published when the original is published**, and a draft otherwise (the copy of a deprecated flow is a draft). " +
			"A flow whose name the destination already has is skipped, as is a name the source does not have; the other flows are still copied.\n\n" +
			fmt.Sprintf("Meta migrates at most %d flows a call: the action reads the source's flows (or takes `flow_names`) and calls once per %d names, ", graph.FlowMigrationBatch, graph.FlowMigrationBatch) +
			"reporting through its progress messages which flows were copied (with their new ids) and which Meta refused and why. Refused flows are also reported in a warning; " +
			"running the action again with their names in `flow_names`, once the cause is fixed, retries them (flows already copied are refused, never duplicated).\n\n" +
			"The copies are not in Terraform state: adopt them in the destination with `import` blocks or `terraform query` if Terraform should manage them. " +
			"When the run is cancelled, the action starts no further call and reports what was copied so far; a call Meta is already processing may still complete, so check the destination.",
		Attributes: map[string]schema.Attribute{
			"source_business_account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the WhatsApp Business Account whose flows are copied. It must differ from the destination and belong to the same business.",
				Required:            true,
				Validators:          []validator.String{numericID},
			},
			"destination_business_account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the WhatsApp Business Account that receives the copies. Defaults to the provider's `business_account_id`.",
				Optional:            true,
				Validators:          []validator.String{numericID},
			},
			"flow_names": schema.ListAttribute{
				MarkdownDescription: "Copy only the flows of these names (as in the source, compared exactly), such as the ones an earlier run reported as not migrated. By default every flow of the source is copied.",
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(flowNameNotBlank),
				},
			},
		},
	}
}

// ValidateConfig refuses a source that is the destination, when both are in the configuration.
func (a *migrateFlowsAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var cfg migrateFlowsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !known(cfg.Source) || !known(cfg.Destination) {
		return
	}
	cfg.accounts().check(cfg.Destination.ValueString(), "destination_business_account_id", &resp.Diagnostics)
}

// ModifyPlan resolves the destination with the provider's default at plan time, so a missing or
// identical destination fails the plan rather than the apply.
func (a *migrateFlowsAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var cfg migrateFlowsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || a.data == nil || !known(cfg.Source) || cfg.Destination.IsUnknown() {
		return
	}
	cfg.accounts().resolve(&a.configuredAction, &resp.Diagnostics)
}

// accounts are the migration's source and destination.
func (cfg migrateFlowsModel) accounts() migrationAccounts {
	return migrationAccounts{source: cfg.Source, destination: cfg.Destination, sameAccount: "Flows migrate from one WhatsApp Business Account to another; to copy a flow within an account, create a whatsapp_flow with clone_flow_id."}
}

// flowMigrationRun is what one invocation has done so far.
type flowMigrationRun struct {
	source, dest string
	calls        int
	migrated     []graph.MigratedFlow
	failed       []graph.FailedFlow
}

func (r *flowMigrationRun) summary() string {
	return fmt.Sprintf("%d flows migrated from %s to %s, %d not migrated, in %d calls.", len(r.migrated), r.source, r.dest, len(r.failed), r.calls)
}

// shownNames lists names for people, up to namesShown of them.
func shownNames(names []string) string {
	shown := names[:min(len(names), namesShown)]
	s := strings.Join(shown, ", ")
	if len(names) > namesShown {
		s += fmt.Sprintf(" and %d more", len(names)-namesShown)
	}
	return s
}

func (a *migrateFlowsAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg migrateFlowsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !a.ready(&resp.Diagnostics) {
		return
	}
	dest, ok := cfg.accounts().resolve(&a.configuredAction, &resp.Diagnostics)
	if !ok {
		return
	}
	c := a.data.client
	run := &flowMigrationRun{source: cfg.Source.ValueString(), dest: dest}
	fields := map[string]any{"source_waba_id": run.source, "destination_waba_id": dest}

	progress(ctx, resp, "Reading the flows of WhatsApp Business Account "+run.source, fields)
	all, err := c.ListFlows(ctx, run.source)
	if interrupted(ctx, &resp.Diagnostics, "No flow was migrated.") {
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the flows of WhatsApp Business Account "+run.source, err, flowMigrationAdvice)
		return
	}
	published := 0
	var names []string
	for _, f := range all {
		if f.Status == graph.FlowStatusPublished || f.Status == graph.FlowStatusBlocked || f.Status == graph.FlowStatusThrottled {
			published++
		}
		names = append(names, f.Name)
	}
	progress(ctx, resp, fmt.Sprintf("%s has %d flows, %d of them published: their copies are published, the others' are drafts", run.source, len(all), published), fields)
	if known(cfg.FlowNames) {
		names = nil
		resp.Diagnostics.Append(cfg.FlowNames.ElementsAs(ctx, &names, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	// A source without flows still gets one call, without names: Meta then checks the two
	// accounts.
	batches := [][]string{nil}
	if len(names) > 0 {
		batches = nil
		for start := 0; start < len(names); start += graph.FlowMigrationBatch {
			batches = append(batches, names[start:min(start+graph.FlowMigrationBatch, len(names))])
		}
	}
	for i, batch := range batches {
		if interrupted(ctx, &resp.Diagnostics, "So far: "+run.summary()) {
			return
		}
		what := fmt.Sprintf("%d flows (%s)", len(batch), shownNames(batch))
		if batch == nil {
			what = "every flow (the source has none)"
		}
		progress(ctx, resp, fmt.Sprintf("Call %d of %d: migrating %s from %s to %s", i+1, len(batches), what, run.source, dest), fields)
		res, err := c.MigrateFlows(ctx, dest, run.source, batch)
		if interrupted(ctx, &resp.Diagnostics, "So far: "+run.summary()) {
			return
		}
		if err != nil {
			addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot migrate %s from %s to %s", what, run.source, dest),
				fmt.Errorf("%w\n\nBefore this call: %s", err, run.summary()), flowMigrationAdvice)
			return
		}
		run.calls++
		run.migrated = append(run.migrated, res.Migrated...)
		run.failed = append(run.failed, res.Failed...)
		msg := fmt.Sprintf("Call %d of %d: %d migrated", i+1, len(batches), len(res.Migrated))
		if len(res.Migrated) > 0 {
			copies := make([]string, 0, len(res.Migrated))
			for _, m := range res.Migrated {
				copies = append(copies, fmt.Sprintf("%s (%s, now %s)", m.SourceName, m.SourceID, m.MigratedID))
			}
			msg += ": " + shownNames(copies)
		}
		progress(ctx, resp, msg, fields)
		for _, f := range res.Failed {
			progress(ctx, resp, fmt.Sprintf("Not migrated: %s: %s (error %s)", f.SourceName, f.ErrorMessage, f.ErrorCode), fields)
		}
	}
	progress(ctx, resp, "Done: "+run.summary(), fields)
	if len(run.failed) > 0 {
		lines := make([]string, 0, len(run.failed))
		failedNames := make([]string, 0, len(run.failed))
		for _, f := range run.failed {
			lines = append(lines, fmt.Sprintf("- %s: %s (error %s)", f.SourceName, f.ErrorMessage, f.ErrorCode))
			failedNames = append(failedNames, fmt.Sprintf("%q", f.SourceName))
		}
		resp.Diagnostics.AddWarning(fmt.Sprintf("%d flows were not migrated", len(run.failed)),
			fmt.Sprintf("Meta did not copy these flows of %s into %s:\n%s\n\n"+
				"A flow of the same name in the destination blocks the copy: rename or delete that flow, or leave it if it is already the copy. "+
				"A name the source does not have is a typo in flow_names. Then run the action again with flow_names = [%s].",
				run.source, dest, strings.Join(lines, "\n"), strings.Join(failedNames, ", ")))
	}
}

// flowMigrationAdvice is what to do about Meta's refusals of a flow migration.
func flowMigrationAdvice(err error) string {
	if graph.ErrorCode(err) == graph.CodeInvalidParameter && !graph.IsNotFound(err) {
		return "Meta migrates flows only between two different WhatsApp Business Accounts owned by the same business, and at most 100 a call. Check both ids, and that the token's system user has access to both."
	}
	return flowAdvice(err)
}
