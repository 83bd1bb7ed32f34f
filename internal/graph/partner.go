package graph

import (
	"context"
	"net/url"
)

// AssignedWABA is a WhatsApp Business Account assigned to a business user or system user
// (GET /{user-id}/assigned_whatsapp_business_accounts), with the user's tasks on it.
type AssignedWABA struct {
	ID                  string        `json:"id"`
	Name                string        `json:"name"`
	Tasks               []string      `json:"tasks"`
	Currency            string        `json:"currency,omitempty"`
	TimezoneID          FlexString    `json:"timezone_id,omitempty"`
	AccountReviewStatus string        `json:"account_review_status,omitempty"`
	OwnershipType       string        `json:"ownership_type,omitempty"`
	OwnerBusinessInfo   *BusinessInfo `json:"owner_business_info,omitempty"`
	// Permissions is the tasks under the name the WhatsApp reference of the edge gives them;
	// Tasks falls back to it.
	Permissions []string `json:"permissions,omitempty"`
}

// AssignedWABAFields are the fields the client reads for an assigned account: WABA fields and
// the user's tasks, as Meta's Graph API reference of the edge documents them.
const AssignedWABAFields = "id,name,tasks,currency,timezone_id,account_review_status,ownership_type,owner_business_info{id,name}"

// ListAssignedWABAs returns every WABA assigned to a business user or system user, across all
// pages, in the order Meta lists them.
func (c *Client) ListAssignedWABAs(ctx context.Context, userID string) ([]AssignedWABA, error) {
	q := url.Values{"fields": {AssignedWABAFields}, "limit": {"100"}}
	all, err := listAll[AssignedWABA](ctx, c, userID+"/assigned_whatsapp_business_accounts", q)
	return normalizeAssigned(all), err
}

// normalizeAssigned takes the tasks from permissions where Meta sends only those.
func normalizeAssigned(all []AssignedWABA) []AssignedWABA {
	for i := range all {
		if len(all[i].Tasks) == 0 {
			all[i].Tasks = all[i].Permissions
		}
	}
	return all
}

// CreditLine is a business's line of credit with Meta (an ExtendedCredit node,
// GET /{business-id}/extendedcredits). A Solution Partner shares it with a client's WABA with
// POST /{credit-line-id}/whatsapp_credit_sharing_and_attach.
type CreditLine struct {
	ID                string `json:"id"`
	LegalEntityName   string `json:"legal_entity_name"`
	OwnerBusinessName string `json:"owner_business_name,omitempty"`
	CreditType        string `json:"credit_type,omitempty"`
	IsAccessRevoked   *bool  `json:"is_access_revoked,omitempty"`
}

// CreditLineFields are the fields the client reads for a credit line.
const CreditLineFields = "id,legal_entity_name,owner_business_name,credit_type,is_access_revoked"

// ListCreditLines returns every credit line of a business, across all pages. Meta answers only a
// system user of the business with an Admin or Financial Editor role.
func (c *Client) ListCreditLines(ctx context.Context, businessID string) ([]CreditLine, error) {
	q := url.Values{"fields": {CreditLineFields}, "limit": {"100"}}
	return listAll[CreditLine](ctx, c, businessID+"/extendedcredits", q)
}
