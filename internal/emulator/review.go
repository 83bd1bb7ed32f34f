package emulator

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Template review. A created or edited template is PENDING until its review
// delay has passed on the emulator clock; then the latest matching review
// rule decides APPROVED or REJECTED (default APPROVED, rejected_reason
// "NONE"). Outcomes are settled lazily at the start of every Graph call, so
// no goroutines run.
//
// Meta pauses an approved template whose quality drops: the first pause
// lasts 3 hours, the second 6 hours, and the third disables the template.

// ReviewRule scripts Meta's side of template review for templates whose
// name matches NameRegex and whose text matches ContentRegex (empty matches
// all).
type ReviewRule struct {
	NameRegex string `json:"name_regex"`
	// ContentRegex matches the template's text: the header, body and footer
	// texts, the button labels, the limited-time offer text and the texts of
	// carousel cards, joined by newlines.
	ContentRegex string `json:"content_regex,omitempty"`
	// Status APPROVED or REJECTED sets the outcome of pending and future
	// reviews. PAUSED and DISABLED, and any status with ApplyToExisting,
	// move existing matching templates now.
	Status string `json:"status"`
	// Reason is the rejected_reason for REJECTED (default INVALID_FORMAT).
	Reason string `json:"reason"`
	// Category recategorises existing matching templates now, recording
	// previous_category.
	Category string `json:"category"`
	// QualityScore (GREEN, YELLOW, RED, UNKNOWN) sets existing matching
	// templates' quality now.
	QualityScore string `json:"quality_score"`
	// DelayMS overrides the review delay for matching templates.
	DelayMS int `json:"delay_ms"`
	// ApplyToExisting applies Status to existing matching templates now.
	ApplyToExisting bool `json:"apply_to_existing"`
}

type compiledRule struct {
	ReviewRule
	re      *regexp.Regexp
	content *regexp.Regexp
}

// matches reports whether the rule applies to a template.
func (r compiledRule) matches(t *template) bool {
	if !r.re.MatchString(t.name) {
		return false
	}
	return r.content == nil || r.content.MatchString(templateText(t.components))
}

// templateText joins the texts of a template's components and the labels of
// its buttons, one per line, with the components of carousel cards and the
// text of a limited-time offer.
func templateText(comps []map[string]any) string {
	var parts []string
	for _, comp := range comps {
		if s, ok := comp["text"].(string); ok {
			parts = append(parts, s)
		}
		if s, ok := mapOf(comp, "limited_time_offer")["text"].(string); ok {
			parts = append(parts, s)
		}
		if buttons, ok := comp["buttons"].([]any); ok {
			for _, b := range buttons {
				if bm, ok := b.(map[string]any); ok {
					if s, ok := bm["text"].(string); ok {
						parts = append(parts, s)
					}
				}
			}
		}
		if comp["type"] == "CAROUSEL" {
			for _, card := range carouselCards(comp) {
				if s := templateText(cardComponents(card)); s != "" {
					parts = append(parts, s)
				}
			}
		}
	}
	return strings.Join(parts, "\n")
}

var rejectionReasons = []string{"ABUSIVE_CONTENT", "CATEGORY_NOT_AVAILABLE", "INCORRECT_CATEGORY",
	"INVALID_FORMAT", "PROMOTIONAL", "SCAM", "TAG_CONTENT_MISMATCH", "NONE"}

var qualityScores = []string{"GREEN", "YELLOW", "RED", "UNKNOWN"}

var ruleStatuses = []string{statusApproved, statusRejected, statusPaused, statusDisabled,
	statusInAppeal, statusPendingDeletion}

const (
	firstPause  = 3 * time.Hour
	secondPause = 6 * time.Hour
)

func compileRule(rule ReviewRule) (compiledRule, error) {
	rule.Status = strings.ToUpper(strings.TrimSpace(rule.Status))
	rule.Reason = strings.ToUpper(strings.TrimSpace(rule.Reason))
	rule.Category = strings.ToUpper(strings.TrimSpace(rule.Category))
	rule.QualityScore = strings.ToUpper(strings.TrimSpace(rule.QualityScore))
	re, err := regexp.Compile(rule.NameRegex)
	if err != nil {
		return compiledRule{}, fmt.Errorf("name_regex: %w", err)
	}
	var content *regexp.Regexp
	if rule.ContentRegex != "" {
		if content, err = regexp.Compile(rule.ContentRegex); err != nil {
			return compiledRule{}, fmt.Errorf("content_regex: %w", err)
		}
	}
	switch {
	case rule.Status != "" && !contains(ruleStatuses, rule.Status):
		return compiledRule{}, fmt.Errorf("status %q is not one of %s", rule.Status, strings.Join(ruleStatuses, ", "))
	case rule.Reason != "" && rule.Status != statusRejected:
		return compiledRule{}, fmt.Errorf("reason is only meaningful with status REJECTED")
	case rule.Reason != "" && !contains(rejectionReasons, rule.Reason):
		return compiledRule{}, fmt.Errorf("reason %q is not one of %s", rule.Reason, strings.Join(rejectionReasons, ", "))
	case rule.Category != "" && !contains(templateCategories, rule.Category):
		return compiledRule{}, fmt.Errorf("category %q is not one of %s", rule.Category, strings.Join(templateCategories, ", "))
	case rule.QualityScore != "" && !contains(qualityScores, rule.QualityScore):
		return compiledRule{}, fmt.Errorf("quality_score %q is not one of %s", rule.QualityScore, strings.Join(qualityScores, ", "))
	case rule.DelayMS < 0:
		return compiledRule{}, fmt.Errorf("delay_ms must not be negative")
	case (rule.Status == statusInAppeal || rule.Status == statusPendingDeletion) && !rule.ApplyToExisting:
		return compiledRule{}, fmt.Errorf("status %s only moves existing templates: set apply_to_existing", rule.Status)
	case rule.Status == "" && rule.Category == "" && rule.QualityScore == "" && rule.DelayMS == 0:
		return compiledRule{}, fmt.Errorf("rule has no effect: set status, category, quality_score or delay_ms")
	}
	if rule.Status == statusRejected && rule.Reason == "" {
		rule.Reason = "INVALID_FORMAT"
	}
	return compiledRule{ReviewRule: rule, re: re, content: content}, nil
}

// isOutcome reports rules that decide pending reviews.
func (r compiledRule) isOutcome() bool {
	return r.Status == statusApproved || r.Status == statusRejected
}

// Review applies a rule and returns how many existing templates it changed
// right away (0 for rules that only decide future review outcomes).
func (e *Emulator) Review(rule ReviewRule) (matched int, err error) {
	cr, err := compileRule(rule)
	if err != nil {
		return 0, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.settleTemplates()
	if cr.isOutcome() || cr.DelayMS > 0 {
		e.rules = append(e.rules, cr)
	}
	now := e.now()
	for _, t := range e.allTemplates() {
		if !cr.matches(t) {
			continue
		}
		if e.applyNow(cr, t, now) {
			matched++
		}
	}
	return matched, nil
}

// applyNow applies a rule's immediate effects to one template.
func (e *Emulator) applyNow(r compiledRule, t *template, now time.Time) bool {
	touched := false
	switch {
	case r.Status == statusPaused:
		if t.status == statusApproved {
			t.pause(now)
			touched = true
		}
	case r.Status == statusDisabled || (r.ApplyToExisting && r.Status != ""):
		t.status = r.Status
		t.pausedUntil = time.Time{}
		t.rejectedReason = "NONE"
		if r.Status == statusRejected {
			t.rejectedReason = r.Reason
		}
		touched = true
	}
	if r.Category != "" && r.Category != t.category {
		t.previousCategory = t.category
		t.category = r.Category
		touched = true
	}
	if r.QualityScore != "" {
		t.qualityScore = r.QualityScore
		t.qualityDate = now
		touched = true
	}
	return touched
}

// pause moves an approved template to PAUSED, or to DISABLED on the third
// pause.
func (t *template) pause(now time.Time) {
	t.pauseCount++
	switch t.pauseCount {
	case 1:
		t.status, t.pausedUntil = statusPaused, now.Add(firstPause)
	case 2:
		t.status, t.pausedUntil = statusPaused, now.Add(secondPause)
	default:
		t.status, t.pausedUntil = statusDisabled, time.Time{}
	}
}

func (e *Emulator) allTemplates() []*template {
	var out []*template
	for _, n := range e.store.nodes {
		if w, ok := n.(*waba); ok {
			out = append(out, w.templates...)
		}
	}
	sortBySeq(out, func(t *template) int64 { return t.seq })
	return out
}

// settleTemplates resolves reviews and pauses that are due. Callers hold
// e.mu.
func (e *Emulator) settleTemplates() {
	now := e.now()
	for _, n := range e.store.nodes {
		t, ok := n.(*template)
		if !ok {
			continue
		}
		switch t.status {
		case statusPending:
			if !now.Before(t.submittedAt.Add(e.reviewDelay(t))) {
				e.decide(t)
			}
		case statusPaused:
			if !t.pausedUntil.IsZero() && !now.Before(t.pausedUntil) {
				t.status, t.pausedUntil = statusApproved, time.Time{}
			}
		}
	}
}

func (e *Emulator) reviewDelay(t *template) time.Duration {
	for i := len(e.rules) - 1; i >= 0; i-- {
		r := e.rules[i]
		if r.DelayMS > 0 && r.matches(t) {
			return time.Duration(r.DelayMS) * time.Millisecond
		}
	}
	return e.opts.ReviewDelay
}

// decide applies the latest matching outcome rule, or approval.
func (e *Emulator) decide(t *template) {
	t.status, t.rejectedReason = statusApproved, "NONE"
	for i := len(e.rules) - 1; i >= 0; i-- {
		r := e.rules[i]
		if r.isOutcome() && r.matches(t) {
			t.status = r.Status
			if r.Status == statusRejected {
				t.rejectedReason = r.Reason
			}
			return
		}
	}
}
