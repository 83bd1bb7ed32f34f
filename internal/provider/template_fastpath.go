package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// The message template takes the protocol server's plan and refresh fast paths: a plan of a
// large account is mostly unchanged templates whose only news is Meta's review outcome.
var (
	_ fastpath.UnchangedPlanner = &messageTemplateResource{}
	_ fastpath.Refresher        = &messageTemplateResource{}
)

// PlanUnchanged is the plan of a template nothing changes in: only review outcomes are
// reported, read straight from the state (decoding the whole model costs far more than the
// rest of the plan).
func (r *messageTemplateResource) PlanUnchanged(_ context.Context, prior fastpath.State) diag.Diagnostics {
	return statusWarnings(&messageTemplateModel{
		Name: prior.String("name"), Language: prior.String("language"), Category: prior.String("category"), MetaCategory: prior.String("meta_category"),
		Status: prior.String("status"), RejectedReason: prior.String("rejected_reason"), QualityScore: prior.String("quality_score"),
		UnmodelledComponents: prior.String("unmodelled_components"),
	})
}

// Remote describes the template behind a state as the WABA's listing holds it: every template
// Create, Update and Read write state from is in the listing (they put it there), and a refresh
// finds it there. Read copies the review outcome (status, rejection reason, quality rating)
// from it as it is; everything else Read takes from it is in the digest.
func (r *messageTemplateResource) Remote(ctx context.Context, state fastpath.State) (fastpath.Remote, bool) {
	id := state.String("id").ValueString()
	if r.data == nil || id == "" {
		return fastpath.Remote{}, false
	}
	waba := r.businessAccountID(state.String("business_account_id").ValueString())
	if waba == "" {
		return fastpath.Remote{}, false
	}
	t, ok := templatesOf(r.data).listed(ctx, waba, id)
	if !ok || isGone(t.Status) {
		return fastpath.Remote{}, false
	}
	content := *t
	content.Status, content.RejectedReason, content.QualityScore = "", "", nil
	digest, err := json.Marshal(content)
	if err != nil {
		return fastpath.Remote{}, false
	}
	for _, c := range t.Components {
		digest = append(digest, c.Raw...) // what the typed fields leave out, such as unmodelled content
	}
	status, rejectedReason, qualityScore := reviewOutcome(t)
	return fastpath.Remote{Digest: digest, Copied: map[string]attr.Value{
		"status": status, "rejected_reason": rejectedReason, "quality_score": qualityScore,
	}}, true
}

// reviewOutcome is the template's review outcome as the state holds it.
func reviewOutcome(t *graph.MessageTemplate) (status, rejectedReason, qualityScore types.String) {
	qualityScore = types.StringNull()
	if t.QualityScore != nil && t.QualityScore.Score != "" {
		qualityScore = types.StringValue(t.QualityScore.Score)
	}
	return types.StringValue(t.Status), stringOrNull(t.RejectedReason), qualityScore
}
