package graph

import (
	"context"
	"encoding/json"
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
	Components                 []TemplateComponent `json:"components"`
}

// QualityScore is Meta's quality rating of a template.
type QualityScore struct {
	Score string `json:"score"`
	Date  int64  `json:"date,omitempty"`
}

// TemplateComponent is one of HEADER, BODY, FOOTER or BUTTONS (and, later, CAROUSEL and
// LIMITED_TIME_OFFER).
type TemplateComponent struct {
	Type                      string            `json:"type"`
	Format                    string            `json:"format,omitempty"`
	Text                      string            `json:"text,omitempty"`
	Example                   *ComponentExample `json:"example,omitempty"`
	AddSecurityRecommendation *bool             `json:"add_security_recommendation,omitempty"`
	CodeExpirationMinutes     *int64            `json:"code_expiration_minutes,omitempty"`
	Buttons                   []TemplateButton  `json:"buttons,omitempty"`
}

// ComponentExample holds sample values Meta's reviewers see for variables and media.
type ComponentExample struct {
	HeaderText            []string     `json:"header_text,omitempty"`
	HeaderTextNamedParams []NamedParam `json:"header_text_named_params,omitempty"`
	HeaderHandle          []string     `json:"header_handle,omitempty"`
	BodyText              [][]string   `json:"body_text,omitempty"`
	BodyTextNamedParams   []NamedParam `json:"body_text_named_params,omitempty"`
}

// NamedParam is an example value for a named ({{first_name}}) variable.
type NamedParam struct {
	ParamName string `json:"param_name"`
	Example   string `json:"example"`
}

// TemplateButton is one button of a BUTTONS component.
type TemplateButton struct {
	Type                 string         `json:"type"`
	Text                 string         `json:"text,omitempty"`
	URL                  string         `json:"url,omitempty"`
	PhoneNumber          string         `json:"phone_number,omitempty"`
	Example              []string       `json:"-"`
	OTPType              string         `json:"otp_type,omitempty"`
	AutofillText         string         `json:"autofill_text,omitempty"`
	ZeroTapTermsAccepted *bool          `json:"zero_tap_terms_accepted,omitempty"`
	SupportedApps        []SupportedApp `json:"supported_apps,omitempty"`
	FlowID               string         `json:"flow_id,omitempty"`
	FlowName             string         `json:"flow_name,omitempty"`
	FlowAction           string         `json:"flow_action,omitempty"`
	NavigateScreen       string         `json:"navigate_screen,omitempty"`
}

// SupportedApp is an Android app allowed to receive one-tap or zero-tap codes.
type SupportedApp struct {
	PackageName   string `json:"package_name"`
	SignatureHash string `json:"signature_hash"`
}

type buttonJSON TemplateButton

// MarshalJSON writes "example" as Meta expects it: a string for COPY_CODE, a list otherwise.
func (b TemplateButton) MarshalJSON() ([]byte, error) {
	out := struct {
		buttonJSON
		Example any `json:"example,omitempty"`
	}{buttonJSON: buttonJSON(b)}
	switch {
	case len(b.Example) == 0:
	case b.Type == "COPY_CODE":
		out.Example = b.Example[0]
	default:
		out.Example = b.Example
	}
	return json.Marshal(out)
}

// UnmarshalJSON accepts "example" as a string or a list.
func (b *TemplateButton) UnmarshalJSON(data []byte) error {
	var in struct {
		buttonJSON
		Example flexStrings `json:"example"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	*b = TemplateButton(in.buttonJSON)
	b.Example = in.Example
	return nil
}

// MessageTemplateContent is what a create or an edit sends.
type MessageTemplateContent struct {
	Category                   string              `json:"category,omitempty"`
	ParameterFormat            string              `json:"parameter_format,omitempty"`
	MessageSendTTLSeconds      *int64              `json:"message_send_ttl_seconds,omitempty"`
	CTAURLLinkTrackingOptedOut *bool               `json:"cta_url_link_tracking_opted_out,omitempty"`
	Components                 []TemplateComponent `json:"components"`
}

// NewMessageTemplate is a template to create.
type NewMessageTemplate struct {
	Name                string `json:"name"`
	Language            string `json:"language"`
	AllowCategoryChange *bool  `json:"allow_category_change,omitempty"`
	MessageTemplateContent
}

// TemplateFields are the fields the client reads for a template.
var TemplateFields = strings.Join([]string{
	"id", "name", "language", "status", "category", "previous_category", "correct_category",
	"sub_category", "parameter_format", "rejected_reason", "quality_score",
	"message_send_ttl_seconds", "cta_url_link_tracking_opted_out", "components",
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
		CTAURLLinkTrackingOptedOut: t.CTAURLLinkTrackingOptedOut, Components: t.Components,
	}
}
