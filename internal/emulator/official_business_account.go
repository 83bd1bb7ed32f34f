package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The Official Business Account (OBA, the blue badge) request of a phone number: GET/POST
// /{phone-number-id}/official_business_account (Meta "Official Business Accounts",
// developers.facebook.com/documentation/business-messaging/whatsapp/official-business-accounts,
// and the "Official Business Account Status API" reference).
//
// POST submits a request: business_website_url and primary_country_of_operation are required
// (the reference's body schema), with primary_language, parent_business_or_brand,
// supporting_links (5 to 10 links, the reference says) and additional_supporting_information.
// It answers {"success": true}, which "does not indicate approval, only successful
// submission"; the request waits for Meta's review (ReviewOfficialBusinessAccount, or the
// control API's POST /_emulator/official-business-account). The guide's eligibility rules that
// the number can fail at once are refusals: the number must be registered, have two-step
// verification and an approved display name. A request while another is under review is
// "Cannot submit application: An active application already exists" (the reference's 400
// example); after a rejection, Meta takes a new request after 30 days. Meta documents no way to
// withdraw a request through this body, and the emulator offers none. An approved number is
// an official business account (is_official_business_account).
//
// GET answers {id, oba_status, status_message}, the reference's shape; the number's
// official_business_account field ({"oba_status"}, the guide's example) reads the same status.
// A number that never asked is NOT_STARTED, the guide's example.

// OBA statuses: the guide's NOT_STARTED and the reference's list.
const (
	obaNotStarted  = "NOT_STARTED"
	obaPending     = "PENDING"
	obaUnderReview = "UNDER_REVIEW"
	obaApproved    = "APPROVED"
	obaRejected    = "REJECTED"
	obaExpired     = "EXPIRED"
	obaCancelled   = "CANCELLED"

	obaResubmitAfter   = 30 * 24 * time.Hour
	minSupportingLinks = 5
	maxSupportingLinks = 10
)

var obaOutcomes = []string{obaPending, obaUnderReview, obaApproved, obaRejected, obaExpired, obaCancelled}

// obaRequest is the latest request of a phone number and its review.
type obaRequest struct {
	status, message string
	decidedAt       time.Time
	// Request is what was submitted.
	Request OfficialBusinessAccountRequest
}

// OfficialBusinessAccountRequest is the content of an OBA request.
type OfficialBusinessAccountRequest struct {
	BusinessWebsiteURL              string
	PrimaryCountryOfOperation       string
	PrimaryLanguage                 string
	ParentBusinessOrBrand           string
	SupportingLinks                 []string
	AdditionalSupportingInformation string
}

func (s *store) obaRequest(phoneID string) *obaRequest {
	return attached(s, phoneID, "official_business_account", func() *obaRequest {
		return &obaRequest{status: obaNotStarted, message: obaMessage(obaNotStarted)}
	})
}

func obaMessage(status string) string {
	switch status {
	case obaNotStarted:
		return "No Official Business Account request has been submitted for this phone number"
	case obaPending, obaUnderReview:
		return "Your Official Business Account application is under review"
	case obaApproved:
		return "Your Official Business Account has been approved"
	case obaRejected:
		return "Your Official Business Account application was rejected. Please review the requirements and reapply."
	case obaExpired:
		return "Your Official Business Account application has expired"
	case obaCancelled:
		return "Official Business Account application has been cancelled"
	}
	return ""
}

var obaFields = fieldSet{
	nodeType: "WhatsAppBusinessPhoneNumberOfficialBusinessAccount",
	allowed:  []string{"id", "oba_status", "status_message"},
	defaults: []string{"id", "oba_status", "status_message"},
}

// GET /{phone-number-id}/official_business_account
func getOfficialBusinessAccount(c *call) (any, *graphError) {
	fields, err := c.selectFields(obaFields)
	if err != nil {
		return nil, err
	}
	p := c.node.(*phone)
	r := c.e.store.obaRequest(p.id)
	return project(map[string]any{"id": p.id, "oba_status": r.status, "status_message": r.message}, fields), nil
}

// officialBusinessAccountField is the number's official_business_account field.
func officialBusinessAccountField(c *call, id string) any {
	return map[string]any{"oba_status": c.e.store.obaRequest(id).status}
}

// POST /{phone-number-id}/official_business_account
func requestOfficialBusinessAccount(c *call) (any, *graphError) {
	p := c.node.(*phone)
	req := OfficialBusinessAccountRequest{
		BusinessWebsiteURL:              strings.TrimSpace(c.params.string("business_website_url")),
		PrimaryCountryOfOperation:       strings.TrimSpace(c.params.string("primary_country_of_operation")),
		PrimaryLanguage:                 c.params.string("primary_language"),
		ParentBusinessOrBrand:           c.params.string("parent_business_or_brand"),
		AdditionalSupportingInformation: c.params.string("additional_supporting_information"),
	}
	for _, name := range []string{"business_website_url", "primary_country_of_operation"} {
		if strings.TrimSpace(c.params.string(name)) == "" {
			return nil, errRequiredParam(name)
		}
	}
	if !httpsURL(req.BusinessWebsiteURL) {
		return nil, errUnprocessable("Invalid website URL format: URL must be a valid HTTPS URL")
	}
	if _, present := c.params["supporting_links"]; present {
		links, _, ge := c.stringList("supporting_links")
		if ge != nil {
			return nil, ge
		}
		if len(links) < minSupportingLinks || len(links) > maxSupportingLinks {
			return nil, errParam("(#100) Param supporting_links must have %d to %d links, not %d", minSupportingLinks, maxSupportingLinks, len(links))
		}
		for _, l := range links {
			if !httpURL(l) {
				return nil, errParam("(#100) Param supporting_links holds %q, which is not a URL", l)
			}
		}
		req.SupportingLinks = links
	}
	switch {
	case !p.registered():
		return nil, errParam("(#100) Phone number %s must be registered on the WhatsApp Business Platform to request an Official Business Account", p.id)
	case p.pin == "":
		return nil, errParam("(#100) Enable two-step verification on phone number %s before requesting an Official Business Account", p.id)
	case p.nameStatus != nameApproved:
		return nil, errParam("(#100) The display name of phone number %s must be approved before requesting an Official Business Account", p.id)
	}
	r := c.e.store.obaRequest(p.id)
	switch r.status {
	case obaPending, obaUnderReview:
		return nil, errParam("Cannot submit application: An active application already exists")
	case obaApproved:
		return nil, errParam("Cannot submit application: phone number %s is already an Official Business Account", p.id)
	case obaRejected:
		if next := r.decidedAt.Add(obaResubmitAfter); c.e.now().Before(next) {
			return nil, errParam("Cannot submit application: a new request can be submitted 30 days after a rejection, on %s", next.UTC().Format(time.DateOnly))
		}
	}
	*r = obaRequest{status: obaPending, message: obaMessage(obaPending), Request: req}
	return map[string]any{"success": true}, nil
}

func httpsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// ReviewOfficialBusinessAccount decides the OBA request of a phone number, or moves it to any of
// Meta's statuses: PENDING, UNDER_REVIEW, APPROVED, REJECTED, EXPIRED or CANCELLED. message
// replaces Meta's status message when not empty. An approved number is an official business
// account; any other status takes the badge away.
func (e *Emulator) ReviewOfficialBusinessAccount(phoneID, status, message string) error {
	if !contains(obaOutcomes, status) {
		return fmt.Errorf("status must be one of %s, not %q", strings.Join(obaOutcomes, ", "), status)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p, err := e.settingsPhone(phoneID)
	if err != nil {
		return err
	}
	r := e.store.obaRequest(phoneID)
	if r.status == obaNotStarted {
		return fmt.Errorf("emulator: phone number %s has no Official Business Account request", phoneID)
	}
	if message == "" {
		message = obaMessage(status)
	}
	r.status, r.message, r.decidedAt = status, message, e.now()
	p.officialBusiness = status == obaApproved
	return nil
}

// OfficialBusinessAccountOf returns the OBA status of a phone number and the request Meta
// received.
func (e *Emulator) OfficialBusinessAccountOf(phoneID string) (string, OfficialBusinessAccountRequest, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return "", OfficialBusinessAccountRequest{}, err
	}
	r := e.store.obaRequest(phoneID)
	return r.status, r.Request, nil
}

// controlOfficialBusinessAccount is POST /_emulator/official-business-account
// {"phone_number_id", "status", "status_message"}: Meta's review of an OBA request.
func (e *Emulator) controlOfficialBusinessAccount(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodPost) {
		return
	}
	var body struct {
		PhoneNumberID string `json:"phone_number_id"`
		Status        string `json:"status"`
		StatusMessage string `json:"status_message"`
	}
	if err := decodeControl(r, &body); err != nil {
		controlError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := e.ReviewOfficialBusinessAccount(body.PhoneNumberID, body.Status, body.StatusMessage); err != nil {
		controlError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeControl(w, http.StatusOK, map[string]any{"success": true})
}
