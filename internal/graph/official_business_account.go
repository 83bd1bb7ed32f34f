package graph

import (
	"context"
	"net/http"
)

// OfficialBusinessAccount is the status of a phone number's Official Business Account (OBA, the
// blue badge) request, GET /{phone-number-id}/official_business_account.
type OfficialBusinessAccount struct {
	ID            string `json:"id"`
	Status        string `json:"oba_status"`
	StatusMessage string `json:"status_message"`
}

// OBA statuses: NOT_STARTED (Meta's guide) and the reference's list.
const (
	OBANotStarted  = "NOT_STARTED"
	OBAPending     = "PENDING"
	OBAUnderReview = "UNDER_REVIEW"
	OBAApproved    = "APPROVED"
	OBARejected    = "REJECTED"
	OBAExpired     = "EXPIRED"
	OBACancelled   = "CANCELLED"
)

// OBARequest is a request for OBA status (Meta "Official Business Accounts").
type OBARequest struct {
	BusinessWebsiteURL              string   `json:"business_website_url"`
	PrimaryCountryOfOperation       string   `json:"primary_country_of_operation"`
	PrimaryLanguage                 string   `json:"primary_language,omitempty"`
	ParentBusinessOrBrand           string   `json:"parent_business_or_brand,omitempty"`
	SupportingLinks                 []string `json:"supporting_links,omitempty"`
	AdditionalSupportingInformation string   `json:"additional_supporting_information,omitempty"`
}

// GetOfficialBusinessAccount reads the OBA status of a phone number.
func (c *Client) GetOfficialBusinessAccount(ctx context.Context, phoneNumberID string) (*OfficialBusinessAccount, error) {
	var out OfficialBusinessAccount
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: phoneNumberID + "/official_business_account", Idempotent: true}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RequestOfficialBusinessAccount submits a request for OBA status; success is only the
// submission, Meta reviews it. Meta refuses a second request while one is under review, so the
// call is not repeated after an ambiguous failure.
func (c *Client) RequestOfficialBusinessAccount(ctx context.Context, phoneNumberID string, r OBARequest) error {
	return c.Do(ctx, Request{Method: http.MethodPost, Path: phoneNumberID + "/official_business_account", Body: r}, nil)
}
