package graph

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Template review statuses reported by Meta.
const (
	TemplateStatusPending         = "PENDING"
	TemplateStatusApproved        = "APPROVED"
	TemplateStatusRejected        = "REJECTED"
	TemplateStatusPaused          = "PAUSED"
	TemplateStatusDisabled        = "DISABLED"
	TemplateStatusInAppeal        = "IN_APPEAL"
	TemplateStatusPendingDeletion = "PENDING_DELETION"
	TemplateStatusDeleted         = "DELETED"
	TemplateStatusLimitExceeded   = "LIMIT_EXCEEDED"
	TemplateStatusArchived        = "ARCHIVED"
)

// MessageTemplate is a message template as Graph returns it.
type MessageTemplate struct {
	ID                         string              `json:"id"`
	Name                       string              `json:"name"`
	Language                   string              `json:"language"`
	Status                     string              `json:"status"`
	Category                   string              `json:"category"`
	PreviousCategory           string              `json:"previous_category,omitempty"`
	CorrectCategory            string              `json:"correct_category,omitempty"`
	SubCategory                string              `json:"sub_category,omitempty"`
	ParameterFormat            string              `json:"parameter_format,omitempty"`
	RejectedReason             string              `json:"rejected_reason,omitempty"`
	QualityScore               *QualityScore       `json:"quality_score,omitempty"`
	MessageSendTTLSeconds      *int64              `json:"message_send_ttl_seconds,omitempty"`
	CTAURLLinkTrackingOptedOut *bool               `json:"cta_url_link_tracking_opted_out,omitempty"`
	LibraryTemplateName        string              `json:"library_template_name,omitempty"`
	Components                 []TemplateComponent `json:"components"`
}

// QualityScore is Meta's quality rating of a template.
type QualityScore struct {
	Score string `json:"score"`
	Date  int64  `json:"date,omitempty"`
}

// MessageTemplateContent is what a create or an edit sends.
type MessageTemplateContent struct {
	Category                   string              `json:"category,omitempty"`
	ParameterFormat            string              `json:"parameter_format,omitempty"`
	MessageSendTTLSeconds      *int64              `json:"message_send_ttl_seconds,omitempty"`
	CTAURLLinkTrackingOptedOut *bool               `json:"cta_url_link_tracking_opted_out,omitempty"`
	Components                 []TemplateComponent `json:"components,omitempty"`
}

// NewMessageTemplate is a template to create.
type NewMessageTemplate struct {
	Name     string `json:"name"`
	Language string `json:"language"`
	// LibraryTemplateName creates the template from Meta's Template Library, whose content it
	// takes (no Components are sent); the inputs fill the library template's buttons and body.
	LibraryTemplateName         string               `json:"library_template_name,omitempty"`
	LibraryTemplateButtonInputs []LibraryButtonInput `json:"library_template_button_inputs,omitempty"`
	LibraryTemplateBodyInputs   *LibraryBodyInputs   `json:"library_template_body_inputs,omitempty"`
	MessageTemplateContent
}

// TemplateFields are the fields the client reads for a template.
var TemplateFields = strings.Join([]string{
	"id", "name", "language", "status", "category", "previous_category", "correct_category",
	"sub_category", "parameter_format", "rejected_reason", "quality_score",
	"message_send_ttl_seconds", "cta_url_link_tracking_opted_out", "library_template_name", "components",
}, ",")

// CreateMessageTemplate submits a template for review and returns it as Graph then reports it.
//
// A create is not idempotent, so it is never repeated blindly: when the response is lost or
// Graph fails ambiguously, the client first looks the template up by its identity (name and
// language) and adopts what Meta created; only when nothing exists does it submit again.
//
// Creations are paced per WABA (see postTemplate): past Meta's creation limit a create waits
// for the limit to lift for as long as ctx allows.
func (c *Client) CreateMessageTemplate(ctx context.Context, wabaID string, t NewMessageTemplate) (*MessageTemplate, error) {
	for attempt := 0; ; attempt++ {
		var created struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			Category string `json:"category"`
		}
		err := c.postTemplate(ctx, wabaID, t, &created)
		if err == nil {
			got, getErr := c.GetMessageTemplate(ctx, created.ID)
			if getErr != nil {
				// The template exists; a failed read-back (a lockout, an interruption) must not
				// report the create as failed, or the next run would find the name taken.
				return submittedTemplate(created.ID, created.Status, created.Category, t), nil //nolint:nilerr // the create succeeded; only its read-back failed
			}
			return got, nil
		}
		existsAfterRetry := attempt > 0 && IsTemplateLanguageExists(err)
		if !IsAmbiguous(err) && !existsAfterRetry {
			return nil, err
		}
		found, findErr := c.FindMessageTemplate(ctx, wabaID, t.Name, t.Language)
		if findErr != nil {
			return nil, fmt.Errorf("%w; looking up whether the template was created anyway also failed: %w", err, findErr)
		}
		if found != nil {
			return found, nil
		}
		if attempt >= c.cfg.MaxRetries {
			return nil, err
		}
		if err := c.retryPause(ctx, attempt); err != nil {
			return nil, err
		}
	}
}

// GetMessageTemplate reads one template by id.
func (c *Client) GetMessageTemplate(ctx context.Context, id string) (*MessageTemplate, error) {
	var t MessageTemplate
	q := url.Values{"fields": {TemplateFields}}
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: id, Query: q, Idempotent: true}, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// TemplateFilter narrows a template listing. Name is matched by Meta as a substring.
type TemplateFilter struct {
	Name, Status, Category, Language string
	// PageSize is the "limit" per page; 0 uses 100.
	PageSize int
}

// ListMessageTemplates returns every template of a WABA that matches the filter, across all pages.
func (c *Client) ListMessageTemplates(ctx context.Context, wabaID string, f TemplateFilter) ([]MessageTemplate, error) {
	q := url.Values{"fields": {TemplateFields}}
	if f.PageSize <= 0 {
		f.PageSize = 100
	}
	q.Set("limit", fmt.Sprint(f.PageSize))
	for k, v := range map[string]string{"name": f.Name, "status": f.Status, "category": f.Category, "language": f.Language} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return listAll[MessageTemplate](ctx, c, wabaID+"/message_templates", q)
}

// FindMessageTemplate returns the template with exactly this name and language, or nil.
func (c *Client) FindMessageTemplate(ctx context.Context, wabaID, name, language string) (*MessageTemplate, error) {
	all, err := c.ListMessageTemplates(ctx, wabaID, TemplateFilter{Name: name, Language: language})
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Name == name && all[i].Language == language {
			return &all[i], nil
		}
	}
	return nil, nil
}

// EditMessageTemplate changes a template's content; Meta reviews it again. Name and language
// cannot change. Editing the same content twice is harmless, so the call is idempotent.
func (c *Client) EditMessageTemplate(ctx context.Context, id string, content MessageTemplateContent) error {
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id, Body: content, Idempotent: true}, nil)
}

// DeleteMessageTemplate deletes one template: the language identified by id of template name.
// Meta locks a deleted name and language for about four weeks.
func (c *Client) DeleteMessageTemplate(ctx context.Context, wabaID, name, id string) error {
	q := url.Values{"name": {name}, "hsm_id": {id}}
	return c.Do(ctx, Request{Method: http.MethodDelete, Path: wabaID + "/message_templates", Query: q, Idempotent: true}, nil)
}

// submittedTemplate is a created template as the create response and the request describe it,
// for when reading it back fails.
func submittedTemplate(id, status, category string, t NewMessageTemplate) *MessageTemplate {
	if status == "" {
		status = TemplateStatusPending
	}
	if category == "" {
		category = t.Category
	}
	return &MessageTemplate{
		ID: id, Name: t.Name, Language: t.Language, Status: status, Category: category,
		ParameterFormat: t.ParameterFormat, MessageSendTTLSeconds: t.MessageSendTTLSeconds,
		CTAURLLinkTrackingOptedOut: t.CTAURLLinkTrackingOptedOut, LibraryTemplateName: t.LibraryTemplateName, Components: t.Components,
	}
}
