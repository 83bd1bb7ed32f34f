package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// defaultReviewTimeout bounds how long create and update wait for Meta's review.
const defaultReviewTimeout = 20 * time.Minute

// defaultPacedCreateTimeout bounds the wait for a creation slot when the create timeout is unset:
// enough for Meta's limit of 100 creations per hour to let 500 templates through.
const defaultPacedCreateTimeout = 6 * time.Hour

// errReviewNotFinished is returned when a wait ends while the template is still in review.
var errReviewNotFinished = errors.New("review not finished")

// inReview reports statuses in which Meta is still deciding.
func inReview(status string) bool {
	return status == graph.TemplateStatusPending || status == graph.TemplateStatusInAppeal
}

// waitForReview polls the template until Meta's review ends or the timeout passes. It returns
// the last template read; on timeout or cancellation the error wraps errReviewNotFinished.
func (r *messageTemplateResource) waitForReview(ctx context.Context, timeout time.Duration, id string) (*graph.MessageTemplate, error) {
	deadline := time.Now().Add(timeout)
	started := time.Now()
	for {
		t, err := r.data.client.GetMessageTemplate(ctx, id)
		if err != nil {
			return nil, err
		}
		templatesOf(r.data).refresh(t)
		if !inReview(t.Status) {
			return t, nil
		}
		wait := r.data.reviewPollInterval
		if remaining := time.Until(deadline); remaining < wait {
			wait = remaining
		}
		if wait <= 0 {
			return t, fmt.Errorf("%w after %s", errReviewNotFinished, timeout)
		}
		tflog.Info(ctx, "waiting for Meta's review of the message template", map[string]any{
			"id": id, "name": t.Name, "language": t.Language, "status": t.Status, "elapsed": time.Since(started).Round(time.Second).String(),
		})
		select {
		case <-ctx.Done():
			return t, fmt.Errorf("%w: %w", errReviewNotFinished, ctx.Err())
		case <-time.After(wait):
		}
	}
}

// waitAndSave waits for the review of a submitted template and records the outcome in state
// (the state keeps the submitted template when the wait could not read it).
// A timeout is a warning (the template stays in state, PENDING and untainted). A rejection is an
// error carrying Meta's reason; the template stays at Meta and in state, and when Terraform then
// plans to replace it, ModifyPlan turns the replacement into a re-submission.
func (r *messageTemplateResource) waitAndSave(ctx context.Context, timeout time.Duration, m *messageTemplateModel, state *tfsdk.State, diags *diag.Diagnostics) {
	t, err := r.waitForReview(ctx, timeout, m.ID.ValueString())
	if errors.Is(err, errReviewNotFinished) {
		diags.AddWarning("Message template still in review",
			fmt.Sprintf("Template %q (%s) is still %s: %v. It is saved in state as it is; the next plan or apply shows Meta's decision, and a longer wait can be set in timeouts.",
				m.Name.ValueString(), m.Language.ValueString(), t.Status, err))
	}
	if err != nil && !errors.Is(err, errReviewNotFinished) {
		diags.AddWarning("Could not follow the message template's review", fmt.Sprintf("Template %q (%s) was submitted, but reading its status failed; the next plan shows its status.\n\n%s", m.Name.ValueString(), m.Language.ValueString(), graphErrorDetail(err, templateAdvice)))
		return
	}
	m.applyRemote(t, m)
	diags.Append(state.Set(ctx, m)...)
	if t.Status != graph.TemplateStatusRejected {
		return
	}
	diags.AddAttributeError(path.Root("body"), "Meta rejected the message template",
		fmt.Sprintf("Meta rejected template %q (%s, id %s) with reason %s. %s\n\n"+
			"The template is kept (deleting it would lock its name and language for about four weeks). Fix the content and apply again: "+
			"the same template is edited and re-submitted for review.",
			m.Name.ValueString(), m.Language.ValueString(), t.ID, t.RejectedReason, rejectionAdvice(t.RejectedReason)))
}

// rejectionAdvice explains Meta's rejection reasons.
func rejectionAdvice(reason string) string {
	switch reason {
	case "INVALID_FORMAT":
		return "The content breaks Meta's formatting rules, for example variables at the start or end, adjacent variables, or examples that do not fit."
	case "INCORRECT_CATEGORY":
		return "The content does not fit the category. Change category, or set allow_category_change so Meta assigns the right one."
	case "TAG_CONTENT_MISMATCH":
		return "The content does not match the language or category it was submitted with."
	case "ABUSIVE_CONTENT", "SCAM", "PROMOTIONAL":
		return "Meta found the content against its WhatsApp Business and Commerce policies."
	}
	return "See the template's rejection details in WhatsApp Manager."
}

// sameContent reports whether Meta already holds the content m would send, so that no edit (and
// no review, and no edit quota) is spent on it.
func sameContent(m *messageTemplateModel, current *graph.MessageTemplate) bool {
	remote := *m
	remote.applyRemote(current, m)
	remote.Category = types.StringValue(current.Category)
	want, have := m.content(), remote.content()
	if want.MessageSendTTLSeconds == nil {
		have.MessageSendTTLSeconds = nil
	}
	return reflect.DeepEqual(want, have)
}

// templatePrivate is what the resource keeps in private state.
type templatePrivate struct {
	// ResubmitID, in a planned create, names the REJECTED template of the same name and language
	// that the create re-submits by editing; the delete half of a replacement keeps it.
	ResubmitID string `json:"resubmit_id,omitempty"`
	// ApprovedEdits are the times of edits made to the template while it was APPROVED, to
	// foresee Meta's edit limit (one per 24 hours, ten per 30 days).
	ApprovedEdits []time.Time `json:"approved_edits,omitempty"`
}

const privateKey = "template"

type privateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateStore interface {
	privateReader
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func readPrivate(ctx context.Context, p privateReader) templatePrivate {
	var tp templatePrivate
	if p == nil {
		return tp
	}
	raw, _ := p.GetKey(ctx, privateKey)
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &tp)
	}
	return tp
}

func updatePrivate(ctx context.Context, from privateReader, to privateStore, change func(*templatePrivate)) diag.Diagnostics {
	tp := readPrivate(ctx, from)
	change(&tp)
	raw, err := json.Marshal(tp)
	if err != nil {
		var d diag.Diagnostics
		d.AddError("Cannot save private state", err.Error())
		return d
	}
	return to.SetKey(ctx, privateKey, raw)
}

func resubmitID(ctx context.Context, p privateReader) string {
	return readPrivate(ctx, p).ResubmitID
}

// recordEdit remembers an edit of an APPROVED template, keeping 30 days of history.
func recordEdit(ctx context.Context, statusBefore string, from privateReader, to privateStore, diags *diag.Diagnostics) {
	diags.Append(updatePrivate(ctx, from, to, func(p *templatePrivate) {
		if statusBefore != graph.TemplateStatusApproved {
			return
		}
		now := time.Now()
		kept := p.ApprovedEdits[:0]
		for _, t := range p.ApprovedEdits {
			if now.Sub(t) < editWindowMonth {
				kept = append(kept, t)
			}
		}
		p.ApprovedEdits = append(kept, now)
	})...)
}

// Meta's edit limit for APPROVED templates.
const (
	editWindowDay   = 24 * time.Hour
	editWindowMonth = 30 * 24 * time.Hour
	editsPerMonth   = 10
)
