package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// WhatsAppBusinessAccount is a WhatsApp Business Account (WABA) as Graph returns it. Meta has no
// API to create or delete one; it can be read and its name and time zone changed.
type WhatsAppBusinessAccount struct {
	ID                         string        `json:"id"`
	Name                       string        `json:"name"`
	Currency                   string        `json:"currency,omitempty"`
	TimezoneID                 FlexString    `json:"timezone_id,omitempty"`
	MessageTemplateNamespace   string        `json:"message_template_namespace,omitempty"`
	AccountReviewStatus        string        `json:"account_review_status,omitempty"`
	BusinessVerificationStatus string        `json:"business_verification_status,omitempty"`
	Country                    string        `json:"country,omitempty"`
	OwnershipType              string        `json:"ownership_type,omitempty"`
	PrimaryBusinessLocation    string        `json:"primary_business_location,omitempty"`
	PurchaseOrderNumber        string        `json:"purchase_order_number,omitempty"`
	IsEnabledForInsights       *bool         `json:"is_enabled_for_insights,omitempty"`
	OwnerBusinessInfo          *BusinessInfo `json:"owner_business_info,omitempty"`
	OnBehalfOfBusinessInfo     *BusinessInfo `json:"on_behalf_of_business_info,omitempty"`
	HealthStatus               *HealthStatus `json:"health_status,omitempty"`
}

// BusinessInfo names a business (portfolio).
type BusinessInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// HealthStatus is Meta's messaging health summary: AVAILABLE, LIMITED or BLOCKED overall, and per
// entity (the WABA, its business, the app; a phone number or template when read on those nodes).
type HealthStatus struct {
	CanSendMessage string         `json:"can_send_message"`
	Entities       []HealthEntity `json:"entities,omitempty"`
}

// HealthEntity is one entity of a health status.
type HealthEntity struct {
	EntityType     string        `json:"entity_type"`
	ID             string        `json:"id"`
	CanSendMessage string        `json:"can_send_message"`
	Errors         []HealthError `json:"errors,omitempty"`
	AdditionalInfo []string      `json:"additional_info,omitempty"`
}

// HealthError explains why an entity is limited or blocked.
type HealthError struct {
	ErrorCode        int64  `json:"error_code"`
	ErrorDescription string `json:"error_description"`
	PossibleSolution string `json:"possible_solution"`
}

// WABAFields are the fields the client reads for a WABA.
var WABAFields = strings.Join([]string{
	"id", "name", "currency", "timezone_id", "message_template_namespace", "account_review_status",
	"business_verification_status", "country", "ownership_type", "primary_business_location",
	"purchase_order_number", "is_enabled_for_insights", "owner_business_info{id,name}",
	"on_behalf_of_business_info{id,name}", "health_status",
}, ",")

// GetWABA reads a WABA by id. A WABA that does not exist or is not shared with the token's app
// returns an *Error for which IsNotFound is true.
func (c *Client) GetWABA(ctx context.Context, id string) (*WhatsAppBusinessAccount, error) {
	return WABARead(id).Get(ctx, c)
}

// WABARead is the read of GetWABA.
func WABARead(id string) Read[*WhatsAppBusinessAccount] {
	return objectRead(getRequest(id, url.Values{"fields": {WABAFields}}), pointerTo[WhatsAppBusinessAccount])
}

// WABAUpdate holds the WABA fields Graph lets a client change; nil fields are not sent.
type WABAUpdate struct {
	Name       *string `json:"name,omitempty"`
	TimezoneID *string `json:"timezone_id,omitempty"`
}

// UpdateWABA changes a WABA's name and time zone. Setting the same values twice is harmless, so
// the call is idempotent.
func (c *Client) UpdateWABA(ctx context.Context, id string, u WABAUpdate) error {
	if u.Name == nil && u.TimezoneID == nil {
		return nil
	}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id, Body: u, Idempotent: true}, nil)
}

// ListOwnedWABAs returns every WABA a business owns, across all pages.
func (c *Client) ListOwnedWABAs(ctx context.Context, businessID string) ([]WhatsAppBusinessAccount, error) {
	return OwnedWABAsRead(businessID).Get(ctx, c)
}

// OwnedWABAsRead is the read of ListOwnedWABAs.
func OwnedWABAsRead(businessID string) Read[[]WhatsAppBusinessAccount] {
	return listRead[WhatsAppBusinessAccount](businessID+"/owned_whatsapp_business_accounts", url.Values{"fields": {WABAFields}, "limit": {"100"}})
}

// ListClientWABAs returns every WABA other businesses share with a business (the accounts of its
// clients), across all pages.
func (c *Client) ListClientWABAs(ctx context.Context, businessID string) ([]WhatsAppBusinessAccount, error) {
	return ClientWABAsRead(businessID).Get(ctx, c)
}

// ClientWABAsRead is the read of ListClientWABAs.
func ClientWABAsRead(businessID string) Read[[]WhatsAppBusinessAccount] {
	return listRead[WhatsAppBusinessAccount](businessID+"/client_whatsapp_business_accounts", url.Values{"fields": {WABAFields}, "limit": {"100"}})
}

// FlexString decodes a JSON string or number as a string: Graph returns some ids and codes in
// either form.
type FlexString string

// UnmarshalJSON accepts a string, a number or null.
func (f *FlexString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = FlexString(s)
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		*f = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = FlexString(n.String())
	return nil
}
