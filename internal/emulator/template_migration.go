package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// POST /{destination-waba-id}/migrate_message_templates, as Meta's "Template
// migration" page documents it
// (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-migration/):
//
//   - source_waba_id is required; both WABAs must be owned by the same
//     business;
//   - only templates with status APPROVED and quality GREEN or UNKNOWN are
//     eligible: the others are left out of the answer;
//   - the source's templates (in creation order) are taken in pages of count
//     (default and maximum 500), page_number (zero-indexed) selecting one; or
//     template_ids (at most 500) names them;
//   - migration recreates each template in the destination and answers
//     {"migrated_templates": [source template ids], "failed_templates":
//     {source template id: reason}}.
//
// The page does not document the failures' codes, nor which reasons exist
// beyond its examples ("Incorrect category", "Formatting error - dangling
// parameter"). The emulator fails a template whose name and language the
// destination already has, and one that a REJECTED review rule matches (as
// Meta checks the copies' category again), with the rule's reason.

const (
	migrationPageSize    = 500
	migratedQualityScore = "UNKNOWN" // quality ratings are not copied
)

// migrationFailure is the failed_templates reason for a review rule's
// rejection reason.
var migrationFailure = map[string]string{
	"INCORRECT_CATEGORY": "Incorrect category",
	"INVALID_FORMAT":     "Formatting error - dangling parameter",
}

func migrateTemplates(c *call) (any, *graphError) {
	dest := c.node.(*waba)
	sourceID := c.params.string("source_waba_id")
	if sourceID == "" {
		return nil, errRequiredParam("source_waba_id")
	}
	if sourceID == dest.id {
		return nil, errParam("(#100) Param source_waba_id must be a WhatsApp Business Account other than the destination")
	}
	source := c.e.store.waba(sourceID)
	if source == nil {
		return nil, errUnsupported(http.MethodPost, sourceID)
	}
	if source.businessID != dest.businessID {
		return nil, &graphError{Message: "Invalid parameter", Type: "OAuthException", Code: 100,
			UserTitle: "WhatsApp Business Accounts of different businesses",
			UserMsg:   "Templates can only be migrated between WhatsApp Business Accounts owned by the same business."}
	}
	page, _, gerr := c.params.integer("page_number")
	if gerr != nil {
		return nil, gerr
	}
	if page < 0 {
		return nil, errParam("(#100) Param page_number must be 0 or more")
	}
	count, hasCount, gerr := c.params.integer("count")
	if gerr != nil {
		return nil, gerr
	}
	if !hasCount {
		count = migrationPageSize
	}
	if count < 1 || count > migrationPageSize {
		return nil, errParam("(#100) Param count must be between 1 and %d", migrationPageSize)
	}
	raw, hasIDs, gerr := c.params.structured("template_ids")
	if gerr != nil {
		return nil, gerr
	}

	migrated := []string{}
	failed := map[string]string{}
	var batch []*template
	if hasIDs {
		list, ok := raw.([]any)
		if !ok || len(list) == 0 || len(list) > migrationPageSize {
			return nil, errParam("(#100) Param template_ids must be an array of 1 to %d template ids", migrationPageSize)
		}
		for _, item := range list {
			id, _ := toString(item)
			t, _ := c.e.store.nodes[id].(*template)
			if t == nil || t.wabaID != source.id {
				failed[id] = "Template not found in the source WhatsApp Business Account"
				continue
			}
			batch = append(batch, t)
		}
	} else if start := page * count; start < len(source.templates) {
		batch = source.templates[start:min(start+count, len(source.templates))]
	}
	for _, t := range batch {
		if t.status != statusApproved || (t.qualityScore != "GREEN" && t.qualityScore != "UNKNOWN") {
			continue
		}
		if reason := c.migrationRefusal(dest, t); reason != "" {
			failed[t.id] = reason
			continue
		}
		cp := c.e.store.copyTemplate(dest, t, c.e.now())
		details := templateDetails(cp)
		details["source_template_id"], details["source_waba_id"] = t.id, source.id
		c.logActivity(dest.id, "TEMPLATE_CREATED", fmt.Sprintf("Message template '%s' was migrated from WhatsApp Business Account %s", t.name, source.id), details)
		migrated = append(migrated, t.id)
	}
	return map[string]any{"migrated_templates": migrated, "failed_templates": failed}, nil
}

// migrationRefusal is why a template cannot be recreated in dest, or "".
func (c *call) migrationRefusal(dest *waba, t *template) string {
	if c.e.store.templateIn(dest.id, t.name, t.language) != nil {
		return fmt.Sprintf("A template named %s in %s already exists in the destination WhatsApp Business Account", t.name, t.language)
	}
	for i := len(c.e.rules) - 1; i >= 0; i-- {
		r := c.e.rules[i]
		if !r.isOutcome() || !r.matches(t) {
			continue
		}
		if r.Status != statusRejected {
			return ""
		}
		if reason, ok := migrationFailure[r.Reason]; ok {
			return reason
		}
		return strings.ReplaceAll(strings.ToUpper(r.Reason[:1])+strings.ToLower(r.Reason[1:]), "_", " ")
	}
	return ""
}

// copyTemplate recreates t in dest: same content, APPROVED, with no quality
// rating yet.
func (s *store) copyTemplate(dest *waba, t *template, now time.Time) *template {
	comps := make([]map[string]any, 0, len(t.components))
	for _, comp := range t.components {
		m, _ := deepCopy(comp).(map[string]any)
		comps = append(comps, m)
	}
	cp := *t
	cp.id, cp.wabaID, cp.seq = s.newID(), dest.id, s.nextSeq()
	cp.components = comps
	cp.status, cp.qualityScore, cp.qualityDate = statusApproved, migratedQualityScore, now
	cp.createdAt, cp.submittedAt = now, now
	cp.approvedEdits, cp.pauseCount, cp.pausedUntil = nil, 0, time.Time{}
	cp.previousCategory, cp.correctCategory = "", ""
	cp.mediaURLs = nil
	cp.refreshMediaURLs()
	dest.templates = append(dest.templates, &cp)
	s.nodes[cp.id] = &cp
	return &cp
}
