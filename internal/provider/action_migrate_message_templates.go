package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ action.ActionWithConfigure      = &migrateTemplatesAction{}
	_ action.ActionWithValidateConfig = &migrateTemplatesAction{}
	_ action.ActionWithModifyPlan     = &migrateTemplatesAction{}
)

// NewMigrateTemplatesAction is the whatsapp_migrate_message_templates action.
func NewMigrateTemplatesAction() action.Action { return &migrateTemplatesAction{} }

type migrateTemplatesAction struct {
	configuredAction
}

type migrateTemplatesModel struct {
	Source      types.String `tfsdk:"source_business_account_id"`
	Destination types.String `tfsdk:"destination_business_account_id"`
	PageNumber  types.Int64  `tfsdk:"page_number"`
	PageSize    types.Int64  `tfsdk:"page_size"`
	TemplateIDs types.List   `tfsdk:"template_ids"`
}

// namesShown is how many template names a progress message lists before "and N more".
const namesShown = 20

func (a *migrateTemplatesAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migrate_message_templates"
}

func (a *migrateTemplatesAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Recreates the message templates of one WhatsApp Business Account in another (`POST /{destination-waba-id}/migrate_message_templates`), for instance when a business moves to a new account. " +
			"Actions need Terraform 1.14 or later; run it with `terraform apply -invoke=action.whatsapp_migrate_message_templates.<name>`.\n\n" +
			"Meta's rules: both accounts must be **owned by the same business**, and only templates that are **`APPROVED` with a `GREEN` or `UNKNOWN` quality rating** are eligible; the others stay behind. " +
			"Meta takes the source's templates in pages of up to 500 per call; the action reads the source's templates, calls once per page until all are done (or only `page_number`, or only `template_ids`), and reports through its progress messages which templates moved, which Meta refused and why (such as a template of that name and language already in the destination, or an incorrect category), and which were not eligible. " +
			"The copies start with no quality rating. Templates Meta refused are also reported in a warning; running the action again with their ids in `template_ids` retries them.\n\n" +
			"Migrated templates are not in Terraform state: adopt them in the destination with `import` blocks or `terraform query` if Terraform should manage them. When the run is cancelled, the action starts no further page and reports what was migrated so far; a page Meta is already processing may still complete, so check the destination, or run the action again (templates already there are reported as not migrated, never duplicated).",
		Attributes: map[string]schema.Attribute{
			"source_business_account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the WhatsApp Business Account whose templates are migrated. It must differ from the destination and belong to the same business.",
				Required:            true,
				Validators:          []validator.String{numericID},
			},
			"destination_business_account_id": schema.StringAttribute{
				MarkdownDescription: "Id of the WhatsApp Business Account that receives the templates. Defaults to the provider's `business_account_id`.",
				Optional:            true,
				Validators:          []validator.String{numericID},
			},
			"page_number": schema.Int64Attribute{
				MarkdownDescription: "Migrate only this page (from 0) of the source's templates, in pages of `page_size`. By default every page is migrated, one after the other.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(0), int64validator.ConflictsWith(path.MatchRoot("template_ids"))},
			},
			"page_size": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many templates of the source one call to Meta takes (the size of a page), 1 to %[1]d (Meta's default, %[1]d). Meta suggests a smaller count when calls time out.", graph.TemplateMigrationPageSize),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, graph.TemplateMigrationPageSize)},
			},
			"template_ids": schema.ListAttribute{
				MarkdownDescription: fmt.Sprintf("Migrate only these templates of the source (up to %d ids), such as the ones an earlier run reported as not migrated.", graph.TemplateMigrationPageSize),
				Optional:            true,
				ElementType:         types.StringType,
				Validators: []validator.List{
					listvalidator.SizeBetween(1, graph.TemplateMigrationPageSize),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(numericID),
				},
			},
		},
	}
}

// ValidateConfig refuses a source that is the destination, when both are in the configuration.
func (a *migrateTemplatesAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var cfg migrateTemplatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !known(cfg.Source) || !known(cfg.Destination) {
		return
	}
	cfg.accounts().check(cfg.Destination.ValueString(), "destination_business_account_id", &resp.Diagnostics)
}

// ModifyPlan resolves the destination with the provider's default at plan time, so a missing or
// identical destination fails the plan rather than the apply.
func (a *migrateTemplatesAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var cfg migrateTemplatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || a.data == nil || !known(cfg.Source) || cfg.Destination.IsUnknown() {
		return
	}
	cfg.accounts().resolve(&a.configuredAction, &resp.Diagnostics)
}

// accounts are the migration's source and destination.
func (cfg migrateTemplatesModel) accounts() migrationAccounts {
	return migrationAccounts{source: cfg.Source, destination: cfg.Destination, sameAccount: "Templates migrate from one WhatsApp Business Account to another."}
}

// migrationRun is what one invocation has done so far.
type migrationRun struct {
	source, dest string
	templates    map[string]graph.MessageTemplate
	pagesDone    int
	migrated     []string
	failed       map[string]string
}

// label names a source template for people: name (language) and id.
func (r *migrationRun) label(id string) string {
	if t, ok := r.templates[id]; ok {
		return fmt.Sprintf("%s (%s, %s)", t.Name, t.Language, id)
	}
	return id
}

func (r *migrationRun) labels(ids []string) string {
	shown := make([]string, 0, min(len(ids), namesShown))
	for i, id := range ids {
		if i == namesShown {
			break
		}
		shown = append(shown, r.label(id))
	}
	s := strings.Join(shown, ", ")
	if len(ids) > namesShown {
		s += fmt.Sprintf(" and %d more", len(ids)-namesShown)
	}
	return s
}

// summary says what was done, for the last progress message and for errors.
func (r *migrationRun) summary() string {
	return fmt.Sprintf("%d templates migrated from %s to %s, %d not migrated, in %d calls.", len(r.migrated), r.source, r.dest, len(r.failed), r.pagesDone)
}

// eligibility is why Meta does not migrate a template, or "" when it does.
func eligibility(t graph.MessageTemplate) string {
	if t.Status != "APPROVED" {
		return "status " + t.Status
	}
	if q := t.QualityScore; q != nil && q.Score != "" && q.Score != "GREEN" && q.Score != "UNKNOWN" {
		return "quality " + q.Score
	}
	return ""
}

func (a *migrateTemplatesAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg migrateTemplatesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !a.ready(&resp.Diagnostics) {
		return
	}
	dest, ok := cfg.accounts().resolve(&a.configuredAction, &resp.Diagnostics)
	if !ok {
		return
	}
	c := a.data.client
	run := &migrationRun{source: cfg.Source.ValueString(), dest: dest, templates: map[string]graph.MessageTemplate{}, failed: map[string]string{}}
	fields := map[string]any{"source_waba_id": run.source, "destination_waba_id": dest}

	progress(ctx, resp, fmt.Sprintf("Reading the templates of WhatsApp Business Account %s", run.source), fields)
	all, err := c.ListMessageTemplates(ctx, run.source, graph.TemplateFilter{})
	if interrupted(ctx, &resp.Diagnostics, "No template was migrated.") {
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the templates of WhatsApp Business Account "+run.source, err)
		return
	}
	var ineligible []string
	for _, t := range all {
		run.templates[t.ID] = t
		if why := eligibility(t); why != "" {
			ineligible = append(ineligible, fmt.Sprintf("%s (%s, %s)", t.Name, t.Language, why))
		}
	}
	eligible := len(all) - len(ineligible)
	progress(ctx, resp, fmt.Sprintf("%s has %d templates; %d are eligible (APPROVED with GREEN or UNKNOWN quality)", run.source, len(all), eligible), fields)
	if len(ineligible) > 0 {
		shown := ineligible[:min(len(ineligible), namesShown)]
		more := ""
		if len(ineligible) > namesShown {
			more = fmt.Sprintf(" and %d more", len(ineligible)-namesShown)
		}
		progress(ctx, resp, fmt.Sprintf("Not eligible, so not migrated: %s%s", strings.Join(shown, ", "), more), fields)
	}

	calls := a.calls(ctx, cfg, run.source, len(all), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	for i, m := range calls {
		if interrupted(ctx, &resp.Diagnostics, "So far: "+run.summary()) {
			return
		}
		what := fmt.Sprintf("%d listed templates", len(m.TemplateIDs))
		if len(m.TemplateIDs) == 0 {
			size := m.Count
			if size == 0 {
				size = graph.TemplateMigrationPageSize
			}
			what = fmt.Sprintf("page %d (templates %d to %d of %d)", m.PageNumber, min(m.PageNumber*size+1, len(all)), min((m.PageNumber+1)*size, len(all)), len(all))
			if len(all) == 0 {
				what = fmt.Sprintf("page %d (the source has no templates)", m.PageNumber)
			}
		}
		progress(ctx, resp, fmt.Sprintf("Call %d of %d: migrating %s from %s to %s", i+1, len(calls), what, run.source, dest), fields)
		res, err := c.MigrateMessageTemplates(ctx, dest, m)
		if interrupted(ctx, &resp.Diagnostics, "So far: "+run.summary()) {
			return
		}
		if err != nil {
			addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot migrate %s from %s to %s", what, run.source, dest), fmt.Errorf("%w\n\nBefore this call: %s", err, run.summary()), migrationAdvice)
			return
		}
		run.pagesDone++
		run.migrated = append(run.migrated, res.Migrated...)
		failedIDs := make([]string, 0, len(res.Failed))
		for id, reason := range res.Failed {
			run.failed[id] = reason
			failedIDs = append(failedIDs, id)
		}
		sort.Strings(failedIDs)
		msg := fmt.Sprintf("Call %d of %d: %d migrated", i+1, len(calls), len(res.Migrated))
		if len(res.Migrated) > 0 {
			msg += ": " + run.labels(res.Migrated)
		}
		progress(ctx, resp, msg, fields)
		for _, id := range failedIDs {
			progress(ctx, resp, fmt.Sprintf("Not migrated: %s: %s", run.label(id), res.Failed[id]), fields)
		}
	}
	progress(ctx, resp, "Done: "+run.summary(), fields)
	if len(run.failed) > 0 {
		ids := make([]string, 0, len(run.failed))
		for id := range run.failed {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		lines := make([]string, 0, len(ids))
		for _, id := range ids {
			lines = append(lines, fmt.Sprintf("- %s: %s", run.label(id), run.failed[id]))
		}
		resp.Diagnostics.AddWarning(fmt.Sprintf("%d templates were not migrated", len(ids)),
			fmt.Sprintf("Meta did not recreate these templates of %s in %s:\n%s\n\nFix the cause and run the action again with their ids in template_ids (%s).",
				run.source, dest, strings.Join(lines, "\n"), strings.Join(ids, ", ")))
	}
}

// calls are the migration calls one invocation makes: the listed templates, one page, or every
// page of the source's templates.
func (a *migrateTemplatesAction) calls(ctx context.Context, cfg migrateTemplatesModel, source string, total int, diags *diag.Diagnostics) []graph.TemplateMigration {
	size := 0
	if known(cfg.PageSize) {
		size = int(cfg.PageSize.ValueInt64())
	}
	if known(cfg.TemplateIDs) {
		var ids []string
		diags.Append(cfg.TemplateIDs.ElementsAs(ctx, &ids, false)...)
		return []graph.TemplateMigration{{SourceWABAID: source, TemplateIDs: ids}}
	}
	if known(cfg.PageNumber) {
		return []graph.TemplateMigration{{SourceWABAID: source, PageNumber: int(cfg.PageNumber.ValueInt64()), Count: size}}
	}
	per := size
	if per == 0 {
		per = graph.TemplateMigrationPageSize
	}
	// A source without templates still gets one call: Meta then checks the two accounts.
	out := []graph.TemplateMigration{{SourceWABAID: source, PageNumber: 0, Count: size}}
	for page := 1; page*per < total; page++ {
		out = append(out, graph.TemplateMigration{SourceWABAID: source, PageNumber: page, Count: size})
	}
	return out
}

// migrationAdvice is what to do about Meta's refusals of a migration.
func migrationAdvice(err error) string {
	if graph.ErrorCode(err) == graph.CodeInvalidParameter && !graph.IsNotFound(err) {
		return "Meta migrates templates only between two different WhatsApp Business Accounts owned by the same business. Check both ids, and that the token's system user has access to both."
	}
	return ""
}
