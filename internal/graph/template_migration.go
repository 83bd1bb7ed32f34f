package graph

import (
	"context"
	"net/http"
)

// TemplateMigrationPageSize is how many templates of the source one migration call takes at most
// (Meta's default and largest count).
const TemplateMigrationPageSize = 500

// TemplateMigration selects the templates of a source WABA that one call migrates: page
// PageNumber (from 0) of the source's templates in pages of Count (0 means Meta's default, 500),
// or the templates TemplateIDs names.
type TemplateMigration struct {
	SourceWABAID string
	PageNumber   int
	Count        int
	TemplateIDs  []string
}

// TemplateMigrationResult is Meta's answer: the ids of the templates recreated in the destination,
// and the ids of those that were not, each with Meta's reason.
type TemplateMigrationResult struct {
	Migrated []string          `json:"migrated_templates"`
	Failed   map[string]string `json:"failed_templates"`
}

// MigrateMessageTemplates recreates templates of another WABA of the same business in destWABA
// (POST /{destination-waba-id}/migrate_message_templates). Only APPROVED templates with GREEN or
// UNKNOWN quality are eligible; Meta leaves the others out of the answer. A repeat recreates
// nothing twice but reports the copies as failures, so the call is not repeated after an
// ambiguous failure.
func (c *Client) MigrateMessageTemplates(ctx context.Context, destWABA string, m TemplateMigration) (*TemplateMigrationResult, error) {
	body := map[string]any{"source_waba_id": m.SourceWABAID}
	if len(m.TemplateIDs) > 0 {
		body["template_ids"] = m.TemplateIDs
	} else {
		body["page_number"] = m.PageNumber
	}
	if m.Count > 0 {
		body["count"] = m.Count
	}
	var out TemplateMigrationResult
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: destWABA + "/migrate_message_templates", Body: body}, &out); err != nil {
		return nil, err
	}
	if out.Failed == nil {
		out.Failed = map[string]string{}
	}
	return &out, nil
}
