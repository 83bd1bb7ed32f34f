package provider

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// computedFromMeta are the attributes Meta sets; they stay as they are unless an edit is planned.
var computedFromMeta = []string{"status", "rejected_reason", "quality_score", "meta_category", "previous_category", "sub_category", "library_content", "unmodelled_components"}

// ModifyPlan shows what Meta's review means for the plan: it reports templates Meta paused,
// disabled, rejected or recategorised, warns before an edit that restarts review and spends edit
// quota, and refuses changes Meta forbids before any call is made.
func (r *messageTemplateResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var cfg *messageTemplateModel
	if !req.Config.Raw.IsNull() {
		cfg = &messageTemplateModel{}
		if resp.Diagnostics.Append(req.Config.Get(ctx, cfg)...); resp.Diagnostics.HasError() {
			return
		}
	}
	if req.State.Raw.IsNull() {
		// Media first: a plan that cannot be applied looks nothing up at Meta.
		if r.planNewMedia(ctx, cfg, req, resp); !resp.Diagnostics.HasError() {
			r.planCreate(ctx, req, resp)
		}
		return
	}
	// Media inputs are write-only: the state cannot tell whether they changed.
	if !cfg.mediaConfigured() && fastpath.PlannedUnchanged(ctx, r, req, resp) {
		return
	}
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		if state.Status.ValueString() == graph.TemplateStatusDisabled {
			resp.Diagnostics.AddWarning("Meta does not delete disabled templates", disabledStaysAtMeta(&state, "Destroying it"))
			return
		}
		resp.Diagnostics.AddWarning("Deleting a message template locks its name",
			fmt.Sprintf("Destroying template %q (%s) deletes it at Meta, which then refuses a new template with this name and language for about four weeks.", state.Name.ValueString(), state.Language.ValueString()))
		return
	}
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(statusWarnings(&state)...)

	sameIdentity := plan.Name.Equal(state.Name) && plan.Language.Equal(state.Language) && plan.BusinessAccountID.Equal(state.BusinessAccountID)
	if sameIdentity && libraryReplaced(&plan, &state) {
		resp.Diagnostics.AddAttributeError(path.Root("name"), "A replaced Template Library template needs a new name",
			fmt.Sprintf("Changing library_template_name or the library inputs of template %q (%s) replaces it: Meta does not edit them. The replacement cannot keep the name, because Meta locks a deleted template's name and language for about four weeks. "+
				"Change name along with them, or keep them as they are.", state.Name.ValueString(), state.Language.ValueString()))
		return
	}
	if !sameIdentity && state.Status.ValueString() == graph.TemplateStatusDisabled {
		resp.Diagnostics.AddWarning("Meta does not delete disabled templates", disabledStaysAtMeta(&state, "Replacing it creates the new template and"))
		r.planNewMedia(ctx, cfg, req, resp)
		return
	}
	if !sameIdentity {
		resp.Diagnostics.AddWarning("Message template will be replaced",
			fmt.Sprintf("Changing name, language or business account creates a new template and deletes %q (%s); Meta then locks that name and language for about four weeks. "+
				"To change only the content, keep name and language as they are.", state.Name.ValueString(), state.Language.ValueString()))
		r.planNewMedia(ctx, cfg, req, resp)
		return
	}
	media := r.planMediaSamples(cfg, &plan, &state, &resp.Diagnostics)

	// An edit is sent only when the configuration changed and Meta does not already hold it
	// (setting category to the one Meta assigned acknowledges it without an edit).
	asMetaHolds := state
	asMetaHolds.Category = state.MetaCategory
	sameContent := reflect.DeepEqual(plan.content(), state.content()) || reflect.DeepEqual(plan.content(), asMetaHolds.content())
	if sameContent && !media.changed {
		// No edit reaches Meta: keep its values instead of showing them as unknown.
		for _, attr := range computedFromMeta {
			var v types.String
			resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(attr), &v)...)
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), v)...)
		}
		media.set(ctx, &resp.Plan, false, &resp.Diagnostics)
		return
	}
	name := fmt.Sprintf("%q (%s)", state.Name.ValueString(), state.Language.ValueString())
	if refuseUnmodelledEdit(name, state.UnmodelledComponents, &resp.Diagnostics) {
		return
	}
	media.requireSamples("this plan edits the template (Meta takes every media sample again with each edit)", &resp.Diagnostics)
	media.set(ctx, &resp.Plan, true, &resp.Diagnostics)
	for _, attr := range computedFromMeta {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(attr), types.StringUnknown())...)
	}
	switch state.Status.ValueString() {
	case graph.TemplateStatusApproved:
		if !plan.Category.IsUnknown() && plan.Category.ValueString() != state.MetaCategory.ValueString() {
			resp.Diagnostics.AddAttributeError(path.Root("category"), "Meta does not allow changing an approved template's category",
				fmt.Sprintf("Template %s is APPROVED as %s. Meta refuses to change the category of an approved template. Keep category = %q, or create a template with a new name in the other category.",
					name, state.MetaCategory.ValueString(), state.MetaCategory.ValueString()))
			return
		}
		checkEditQuota(ctx, name, req.Private, resp)
	case graph.TemplateStatusDisabled:
		resp.Diagnostics.AddError("Meta does not allow editing a disabled template",
			fmt.Sprintf("Template %s is DISABLED for low quality and cannot be edited. Create a template with a new name for this content.", name))
	case graph.TemplateStatusPending, graph.TemplateStatusInAppeal:
		resp.Diagnostics.AddWarning("Message template is in review",
			fmt.Sprintf("Template %s is %s. Meta refuses edits during review, so apply waits for the review to end (up to the update timeout) before editing.", name, state.Status.ValueString()))
	}
}

// disabledStaysAtMeta explains what becomes of a disabled template that leaves the configuration:
// Meta refuses to delete it, so the provider removes it from state without asking Meta, and it
// stays at Meta under its name and language. what starts the sentence ("Destroying it").
func disabledStaysAtMeta(state *messageTemplateModel, what string) string {
	return fmt.Sprintf("Template %q (%s) is DISABLED for low quality, and Meta refuses to delete a disabled template. %s removes it from the Terraform state only: "+
		"it stays at Meta, disabled, under this name and language, and no template with them can be created while it is there. "+
		"Delete it in WhatsApp Manager once Meta allows it (after a successful appeal, for example).", state.Name.ValueString(), state.Language.ValueString(), what)
}

// keepMetaValues restores, after an apply that sent Meta nothing, the values of Meta's
// attributes the plan kept known: Meta may have moved on since (a review ended, a media URL was
// renewed), and the state must be what the plan said; the next refresh shows Meta's news.
func (m *messageTemplateModel) keepMetaValues(planned *messageTemplateModel) {
	keep := func(dst *types.String, v types.String) {
		if !v.IsUnknown() {
			*dst = v
		}
	}
	keep(&m.Status, planned.Status)
	keep(&m.RejectedReason, planned.RejectedReason)
	keep(&m.QualityScore, planned.QualityScore)
	keep(&m.MetaCategory, planned.MetaCategory)
	keep(&m.PreviousCategory, planned.PreviousCategory)
	keep(&m.SubCategory, planned.SubCategory)
	keep(&m.LibraryContent, planned.LibraryContent)
	keep(&m.UnmodelledComponents, planned.UnmodelledComponents)
	before := planned.mediaInputs()
	for _, in := range m.mediaInputs() {
		if p := mediaAt(before, in.at); p != nil {
			keep(&in.sample.MediaURL, p.sample.MediaURL)
		}
	}
}

// checkEditQuota refuses an edit Meta's limit for approved templates would refuse (one per 24
// hours, ten per 30 days), as far as this state's own edits show, and otherwise warns.
func checkEditQuota(ctx context.Context, name string, private privateReader, resp *resource.ModifyPlanResponse) {
	edits := readPrivate(ctx, private).ApprovedEdits
	now := time.Now()
	inMonth := 0
	var last time.Time
	for _, t := range edits {
		if now.Sub(t) < editWindowMonth {
			inMonth++
		}
		if t.After(last) {
			last = t
		}
	}
	switch {
	case !last.IsZero() && now.Sub(last) < editWindowDay:
		resp.Diagnostics.AddError("Approved template edit limit reached",
			fmt.Sprintf("Template %s was last edited at %s. Meta allows one edit of an approved template per 24 hours; apply this change after %s.",
				name, last.UTC().Format(time.RFC3339), last.Add(editWindowDay).UTC().Format(time.RFC3339)))
	case inMonth >= editsPerMonth:
		resp.Diagnostics.AddError("Approved template edit limit reached",
			fmt.Sprintf("Template %s was edited %d times in the last 30 days. Meta allows ten edits of an approved template per 30 days.", name, inMonth))
	default:
		resp.Diagnostics.AddWarning("Editing an approved message template",
			fmt.Sprintf("Template %s is APPROVED. The edit sends it back to Meta's review (it cannot be sent while PENDING) and uses edit quota: one edit per 24 hours and ten per 30 days.", name))
	}
}

// statusWarnings reports review outcomes that need a person's attention.
func statusWarnings(state *messageTemplateModel) diag.Diagnostics {
	var diags diag.Diagnostics
	name := fmt.Sprintf("%q (%s)", state.Name.ValueString(), state.Language.ValueString())
	switch state.Status.ValueString() {
	case graph.TemplateStatusRejected:
		diags.AddWarning("Message template rejected by Meta",
			fmt.Sprintf("Template %s was rejected (%s). %s Change its content to re-submit it.", name, state.RejectedReason.ValueString(), rejectionAdvice(state.RejectedReason.ValueString())))
	case graph.TemplateStatusPaused:
		diags.AddWarning("Message template paused by Meta",
			fmt.Sprintf("Template %s is PAUSED because of low quality (quality %s) and cannot be sent until Meta resumes it (after 3 hours the first time, 6 hours the second; a third pause disables it). Improving its content by editing it sends it to review again.", name, state.QualityScore.ValueString()))
	case graph.TemplateStatusDisabled:
		diags.AddWarning("Message template disabled by Meta",
			fmt.Sprintf("Template %s is DISABLED after repeated low quality and can no longer be sent or edited.", name))
	}
	unmodelledWarning(name, state.UnmodelledComponents, &diags)
	if !state.MetaCategory.IsNull() && state.MetaCategory.ValueString() != state.Category.ValueString() {
		diags.AddAttributeWarning(path.Root("category"), "Meta changed the template's category",
			fmt.Sprintf("Meta holds template %s as %s, not %s as configured (pricing follows Meta's category). Set category = %q to acknowledge it; that sends no edit.",
				name, state.MetaCategory.ValueString(), state.Category.ValueString(), state.MetaCategory.ValueString()))
	}
	return diags
}

// planNewMedia plans the media samples of a template to be created: each needs its file or
// handle.
func (r *messageTemplateResource) planNewMedia(ctx context.Context, cfg *messageTemplateModel, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || cfg == nil {
		return
	}
	var plan messageTemplateModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	media := r.planMediaSamples(cfg, &plan, nil, &resp.Diagnostics)
	media.requireSamples("the template is created with it", &resp.Diagnostics)
	media.set(ctx, &resp.Plan, true, &resp.Diagnostics)
}

// planCreate checks a planned template against what Meta already has under its name and
// language. A REJECTED template there is an earlier submission (typically one whose rejection
// failed an apply and left it tainted): apply re-submits it by editing instead of deleting it,
// which would lock the name. Any other template of that identity must be imported, not created.
func (r *messageTemplateResource) planCreate(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	waba := r.businessAccountID(plan.BusinessAccountID.ValueString())
	if resp.Diagnostics.HasError() || waba == "" || plan.Name.IsUnknown() || plan.Language.IsUnknown() {
		return
	}
	existing, err := templatesOf(r.data).find(ctx, waba, plan.Name.ValueString(), plan.Language.ValueString())
	if err != nil {
		resp.Diagnostics.AddWarning("Cannot check for an existing template", fmt.Sprintf("Looking up %q (%s) failed: %s", plan.Name.ValueString(), plan.Language.ValueString(), graphErrorDetail(err, templateAdvice)))
		return
	}
	switch {
	case existing == nil:
	case existing.Status == graph.TemplateStatusRejected:
		resp.Diagnostics.Append(updatePrivate(ctx, req.Private, resp.Private, func(p *templatePrivate) { p.ResubmitID = existing.ID })...)
		resp.Diagnostics.AddWarning("Re-submitting a rejected message template",
			fmt.Sprintf("Template %q (%s) exists at Meta as REJECTED (id %s, reason %s). Apply edits it with this configuration and submits it for review again; it is not deleted, which would lock its name for about four weeks.",
				plan.Name.ValueString(), plan.Language.ValueString(), existing.ID, existing.RejectedReason))
	default:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Message template already exists",
			fmt.Sprintf("A template named %q in %s already exists in WhatsApp Business Account %s (id %s, %s). Creating it again is impossible, and deleting it locks the name for about four weeks.\n\n"+
				"To manage it with Terraform, import it: terraform import <address> %s/%s/%s (or an import block). "+
				"If Terraform plans to replace this template because it is tainted, run terraform untaint <address> instead.",
				plan.Name.ValueString(), plan.Language.ValueString(), waba, existing.ID, existing.Status, waba, plan.Name.ValueString(), plan.Language.ValueString()))
	}
}
