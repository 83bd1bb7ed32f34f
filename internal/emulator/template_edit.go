package emulator

import (
	"fmt"
	"time"
)

// Editing a template (POST /{template-id}) sends it back to review. Meta
// allows edits only to APPROVED, REJECTED and PAUSED templates, never
// changes an approved template's category, and limits approved templates to
// one edit per 24 hours and ten per 30 days. Rejected and paused templates
// can be edited without limit. Name and language cannot change.

const (
	editWindowDay   = 24 * time.Hour
	editWindowMonth = 30 * 24 * time.Hour
	editsPerMonth   = 10
)

func editTemplate(c *call) (any, *graphError) {
	t := c.node.(*template)
	now := c.e.now()

	switch t.status {
	case statusApproved, statusRejected, statusPaused:
	default:
		return nil, &graphError{
			Message:   fmt.Sprintf("Message templates with status %s can't be edited", t.status),
			Type:      "OAuthException",
			Code:      100,
			UserTitle: "Template can't be edited",
			UserMsg: fmt.Sprintf("This template's status is %s. Only templates that are approved, rejected "+
				"or paused can be edited.", t.status),
		}
	}
	if name, ok := c.params.str("name"); ok && name != t.name {
		return nil, invalid("Template name can't be changed", "A template's name can't be edited. Create a new template instead.")
	}
	if lang, ok := c.params.str("language"); ok && lang != t.language {
		return nil, invalid("Template language can't be changed", "A template's language can't be edited. Create a new template instead.")
	}
	category := t.category
	if raw, ok := c.params.str("category"); ok {
		var err *graphError
		if category, err = parseCategory(raw); err != nil {
			return nil, err
		}
	}
	if t.status == statusApproved {
		if category != t.category {
			return nil, invalid("Category can't be changed",
				"The category of an approved template can't be changed. Create a new template instead.")
		}
		if err := checkEditQuota(t, now); err != nil {
			return nil, err
		}
	}

	format := t.parameterFormat
	if f, has, err := parseParameterFormat(c.params); err != nil {
		return nil, err
	} else if has {
		format = f
	}
	comps, err := c.components(category, format, false)
	if err != nil {
		return nil, err
	}
	if comps == nil && (category != t.category || format != t.parameterFormat) {
		// The kept components must still be valid under the new category
		// or parameter format (content the emulator does not model, kept
		// from a seed file, is not checked).
		if err := validateComponents(c.rules(category, format), modelledComponents(t.components)); err != nil {
			return nil, err
		}
	}
	settings, err := c.templateSettings(category, t)
	if err != nil {
		return nil, err
	}

	if t.status == statusApproved {
		t.approvedEdits = append(t.approvedEdits, now)
	}
	t.category = category
	if comps != nil {
		t.components = comps
		t.refreshMediaURLs()
	}
	t.applySettings(settings)
	t.status = statusPending
	t.rejectedReason = "NONE"
	t.submittedAt = now
	t.pausedUntil = time.Time{}
	c.logActivity(t.wabaID, "TEMPLATE_UPDATED", fmt.Sprintf("Message template '%s' (%s) was edited", t.name, t.language), templateDetails(t))
	return map[string]any{"success": true}, nil
}

func checkEditQuota(t *template, now time.Time) *graphError {
	inDay, inMonth := 0, 0
	for _, at := range t.approvedEdits {
		age := now.Sub(at)
		if age < editWindowDay {
			inDay++
		}
		if age < editWindowMonth {
			inMonth++
		}
	}
	if inDay >= 1 || inMonth >= editsPerMonth {
		return &graphError{
			Message:   "Message template edit limit reached",
			Type:      "OAuthException",
			Code:      100,
			UserTitle: "Edit limit reached",
			UserMsg:   "You can edit an approved template once per 24 hours and up to 10 times per 30 days.",
		}
	}
	return nil
}
