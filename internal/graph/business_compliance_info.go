package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// ComplianceInfo is the business compliance information of a phone number (Meta "Business
// Compliance Information API"), which businesses based in India publish: the legal entity,
// its grievance officer and its customer care contacts.
type ComplianceInfo struct {
	WhatsAppBusinessAccountID string `json:"whatsapp_business_account_id,omitempty"`
	MessagingProduct          string `json:"messaging_product"`
	EntityName                string `json:"entity_name"`
	// EntityType is one of EntityTypes in a request; Meta reads it back spelled as words
	// ("Partnership"): NormalizeEntityType compares them.
	EntityType              string             `json:"entity_type"`
	EntityTypeCustom        string             `json:"entity_type_custom,omitempty"`
	IsRegistered            *bool              `json:"is_registered,omitempty"`
	GrievanceOfficerDetails *ComplianceContact `json:"grievance_officer_details,omitempty"`
	CustomerCareDetails     *ComplianceContact `json:"customer_care_details,omitempty"`
}

// ComplianceContact is the grievance officer (with a name) or customer care.
type ComplianceContact struct {
	Name           string `json:"name,omitempty"`
	Email          string `json:"email"`
	MobileNumber   string `json:"mobile_number,omitempty"`
	LandlineNumber string `json:"landline_number,omitempty"`
}

// UnmarshalJSON takes an object, or the empty string and null Meta's examples give for a number
// without information.
func (c *ComplianceContact) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); bytes.Equal(t, []byte(`""`)) || bytes.Equal(t, []byte("null")) {
		*c = ComplianceContact{}
		return nil
	}
	type plain ComplianceContact
	return json.Unmarshal(b, (*plain)(c))
}

// EntityTypes are the entity types Meta takes.
var EntityTypes = []string{"LIMITED_LIABILITY_PARTNERSHIP", "SOLE_PROPRIETORSHIP", "PARTNERSHIP", "PUBLIC_COMPANY", "PRIVATE_COMPANY", "OTHER"}

// NormalizeEntityType spells an entity type as a request does: "Private Company" and
// "private_company" are PRIVATE_COMPANY.
func NormalizeEntityType(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// GetComplianceInfo reads a phone number's compliance information; nil when it has none (Meta
// answers empty fields then).
func (c *Client) GetComplianceInfo(ctx context.Context, phoneNumberID string) (*ComplianceInfo, error) {
	var out struct {
		Data []ComplianceInfo `json:"data"`
	}
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: phoneNumberID + "/business_compliance_info", Idempotent: true}, &out); err != nil {
		return nil, err
	}
	if len(out.Data) == 0 || out.Data[0].EntityName == "" {
		return nil, nil
	}
	return &out.Data[0], nil
}

// SetComplianceInfo creates or replaces a phone number's compliance information. Sending the
// same information again is harmless, so the call is idempotent.
func (c *Client) SetComplianceInfo(ctx context.Context, phoneNumberID string, info ComplianceInfo) error {
	info.MessagingProduct = "whatsapp"
	info.WhatsAppBusinessAccountID = ""
	return c.Do(ctx, Request{Method: http.MethodPost, Path: phoneNumberID + "/business_compliance_info", Body: info, Idempotent: true}, nil)
}
