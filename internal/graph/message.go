package graph

import (
	"context"
	"fmt"
	"net/http"
)

// Template messages through the Cloud API: POST /{phone-number-id}/messages with type
// "template". Meta sends only APPROVED templates, in a language the template has, with
// parameters matching its variables.

// Cloud API error codes of template sends (Meta's "Error codes" page of the Cloud API).
const (
	CodeRequiredParamMissing     = 131008
	CodeParamValueInvalid        = 131009
	CodeRecipientNotAllowed      = 131030
	CodeTemplateParamCount       = 132000
	CodeTemplateNotFound         = 132001
	CodeTemplateHydratedTooLong  = 132005
	CodeTemplateFormatPolicy     = 132007
	CodeTemplateParamFormat      = 132012
	CodeTemplatePaused           = 132015
	CodeTemplateDisabled         = 132016
	CodePhoneNumberNotRegistered = 133010
	messagingProductWhatsApp     = "whatsapp"
	messageTypeTemplate          = "template"
)

// TemplateMessage is a template message to one recipient.
type TemplateMessage struct {
	// To is the recipient's phone number with its country code.
	To string
	// Name and Language identify the template; Language is its code, such as en_US.
	Name, Language string
	// Components hold the parameters of the template's variables, by component.
	Components []MessageComponent
}

// MessageComponent is the parameters of one component of a template: type header, body or
// button (with SubType url or copy_code and the button's Index).
type MessageComponent struct {
	Type       string             `json:"type"`
	SubType    string             `json:"sub_type,omitempty"`
	Index      *int               `json:"index,omitempty"`
	Parameters []MessageParameter `json:"parameters"`
}

// MessageParameter is one parameter: Type text (with Text, and ParameterName for templates with
// NAMED parameters), coupon_code, or image, video or document (with Media).
type MessageParameter struct {
	Type          string     `json:"type"`
	Text          string     `json:"text,omitempty"`
	ParameterName string     `json:"parameter_name,omitempty"`
	CouponCode    string     `json:"coupon_code,omitempty"`
	Image         *MediaLink `json:"image,omitempty"`
	Video         *MediaLink `json:"video,omitempty"`
	Document      *MediaLink `json:"document,omitempty"`
}

// MediaLink is a media parameter by URL.
type MediaLink struct {
	Link string `json:"link"`
}

// SentMessage is Meta's answer to a send: the recipient's WhatsApp id and the message's wamid.
type SentMessage struct {
	Input, WAID string
	ID          string
	// Status is message_status, such as accepted, when Meta reports one.
	Status string
}

// SendTemplateMessage sends a template message from a phone number. A send is not idempotent
// (a repeat sends the message again), so it is not repeated after an ambiguous failure.
func (c *Client) SendTemplateMessage(ctx context.Context, phoneNumberID string, m TemplateMessage) (*SentMessage, error) {
	tmpl := map[string]any{"name": m.Name, "language": map[string]string{"code": m.Language}}
	if len(m.Components) > 0 {
		tmpl["components"] = m.Components
	}
	body := map[string]any{
		"messaging_product": messagingProductWhatsApp,
		"recipient_type":    "individual",
		"to":                m.To,
		"type":              messageTypeTemplate,
		"template":          tmpl,
	}
	var out struct {
		Contacts []struct {
			Input string `json:"input"`
			WAID  string `json:"wa_id"`
		} `json:"contacts"`
		Messages []struct {
			ID     string `json:"id"`
			Status string `json:"message_status"`
		} `json:"messages"`
	}
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: phoneNumberID + "/messages", Body: body}, &out); err != nil {
		return nil, err
	}
	if len(out.Messages) == 0 || out.Messages[0].ID == "" {
		return nil, fmt.Errorf("POST %s/messages: the response has no message id", phoneNumberID)
	}
	sent := &SentMessage{ID: out.Messages[0].ID, Status: out.Messages[0].Status}
	if len(out.Contacts) > 0 {
		sent.Input, sent.WAID = out.Contacts[0].Input, out.Contacts[0].WAID
	}
	return sent, nil
}

// ErrorCode is Meta's error code of a failed call, or 0 when err is not a Graph error.
func ErrorCode(err error) int {
	if e, ok := asError(err); ok {
		return e.Code
	}
	return 0
}
