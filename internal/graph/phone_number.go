package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Phone number statuses and values the client and provider branch on. Meta reports more; unknown
// values are kept as they come.
const (
	PhoneStatusConnected    = "CONNECTED"
	PhoneStatusPending      = "PENDING"
	PhoneStatusDisconnected = "DISCONNECTED"
	CodeVerificationDone    = "VERIFIED"
	NameStatusPendingReview = "PENDING_REVIEW"
	NameStatusDeclined      = "DECLINED"
)

// PhoneNumber is a WhatsApp business phone number as Graph returns it.
type PhoneNumber struct {
	ID                        string                `json:"id"`
	DisplayPhoneNumber        string                `json:"display_phone_number"`
	VerifiedName              string                `json:"verified_name"`
	QualityRating             string                `json:"quality_rating"`
	Status                    string                `json:"status"`
	CodeVerificationStatus    string                `json:"code_verification_status"`
	NameStatus                string                `json:"name_status"`
	NewDisplayName            string                `json:"new_display_name"`
	NewNameStatus             string                `json:"new_name_status"`
	PlatformType              string                `json:"platform_type"`
	Throughput                *Throughput           `json:"throughput"`
	MessagingLimitTier        string                `json:"messaging_limit_tier"`
	MessagingLimit            string                `json:"whatsapp_business_manager_messaging_limit"`
	AccountMode               string                `json:"account_mode"`
	IsOfficialBusinessAccount bool                  `json:"is_official_business_account"`
	SearchVisibility          string                `json:"search_visibility"`
	WebhookConfiguration      *WebhookConfiguration `json:"webhook_configuration"`
}

// Throughput is a number's messages-per-second level.
type Throughput struct {
	Level string `json:"level"`
}

// ThroughputLevel is the throughput level, or "".
func (p *PhoneNumber) ThroughputLevel() string {
	if p.Throughput == nil {
		return ""
	}
	return p.Throughput.Level
}

// Registered reports whether the number is registered on the Cloud API: connected, possibly with
// restrictions or a messaging tier Meta placed on it. A status this client does not know (Meta
// adds them) says nothing either way, so the platform the number is on decides.
func (p *PhoneNumber) Registered() bool {
	switch {
	case p.Status == PhoneStatusConnected, p.Status == "FLAGGED", p.Status == "RESTRICTED", p.Status == "RATE_LIMITED",
		strings.HasPrefix(p.Status, "MESSAGING_LIMIT_TIER_"):
		return true
	case p.Status == PhoneStatusPending, p.Status == PhoneStatusDisconnected, p.Status == "":
		return false
	}
	return p.PlatformType == "CLOUD_API"
}

// Verified reports whether the number's ownership was verified with a code.
func (p *PhoneNumber) Verified() bool { return p.CodeVerificationStatus == CodeVerificationDone }

// Digits is the number in E.164 without "+": country code and national number.
func (p *PhoneNumber) Digits() string { return digitsOnly(p.DisplayPhoneNumber) }

// SplitDisplayNumber splits display_phone_number ("+1 631-555-1000") into the country calling
// code ("1") and the national number ("6315551000"). Meta writes the country code first, after
// "+" and before a space; ok is false when the number is not written that way.
func SplitDisplayNumber(display string) (countryCode, national string, ok bool) {
	s := strings.TrimSpace(display)
	if !strings.HasPrefix(s, "+") {
		return "", "", false
	}
	cc, rest, found := strings.Cut(s[1:], " ")
	cc = digitsOnly(cc)
	national = digitsOnly(rest)
	if !found || cc == "" || len(cc) > 3 || national == "" {
		return "", "", false
	}
	return cc, national, true
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// WebhookConfiguration lists the callbacks that apply to a phone number for the calling app,
// from the most specific: the number's override, the WABA's override, the app's callback.
type WebhookConfiguration struct {
	PhoneNumber             string `json:"phone_number"`
	WhatsAppBusinessAccount string `json:"whatsapp_business_account"`
	Application             string `json:"application"`
}

// PhoneNumberFields are the fields the client reads for a phone number.
var PhoneNumberFields = strings.Join([]string{
	"id", "display_phone_number", "verified_name", "quality_rating", "status", "code_verification_status",
	"name_status", "new_display_name", "new_name_status", "platform_type", "throughput", "messaging_limit_tier",
	"account_mode", "is_official_business_account", "search_visibility", "whatsapp_business_manager_messaging_limit",
}, ",")

// NewPhoneNumber is a number to add to a WABA.
type NewPhoneNumber struct {
	// CountryCode is the country calling code, such as "1".
	CountryCode string
	// Number is the national number, without the country code.
	Number string
	// VerifiedName is the display name Meta reviews.
	VerifiedName string
}

// E164 is the full number without "+".
func (n NewPhoneNumber) E164() string { return n.CountryCode + n.Number }

// CreatePhoneNumber adds a number to a WABA and returns its id. Meta reads phone_number "with or
// without the country calling code"; the client always sends the full number with cc, which
// cannot be misread.
//
// A create is not repeated blindly: after a lost response or an ambiguous failure, the client
// looks the number up in the WABA and returns it if Meta created it.
func (c *Client) CreatePhoneNumber(ctx context.Context, wabaID string, n NewPhoneNumber) (string, error) {
	body := map[string]string{"cc": n.CountryCode, "phone_number": n.E164(), "verified_name": n.VerifiedName}
	for attempt := 0; ; attempt++ {
		var created struct {
			ID string `json:"id"`
		}
		err := c.Do(ctx, Request{Method: http.MethodPost, Path: wabaID + "/phone_numbers", Body: body}, &created)
		if err == nil {
			return created.ID, nil
		}
		existsAfterRetry := attempt > 0 && IsConflict(err)
		if !IsAmbiguous(err) && !existsAfterRetry {
			return "", err
		}
		found, findErr := c.FindPhoneNumber(ctx, wabaID, n.E164())
		if findErr != nil {
			return "", fmt.Errorf("%w; looking up whether the number was added anyway also failed: %w", err, findErr)
		}
		if found != nil {
			return found.ID, nil
		}
		if attempt >= c.cfg.MaxRetries {
			return "", err
		}
		if err := c.retryPause(ctx, attempt); err != nil {
			return "", err
		}
	}
}

// GetPhoneNumber reads one phone number by id.
func (c *Client) GetPhoneNumber(ctx context.Context, id string) (*PhoneNumber, error) {
	return PhoneNumberRead(id).Get(ctx, c)
}

// PhoneNumberRead is the read of GetPhoneNumber.
func PhoneNumberRead(id string) Read[*PhoneNumber] {
	return objectRead(getRequest(id, url.Values{"fields": {PhoneNumberFields}}), pointerTo[PhoneNumber])
}

// PhoneNumberCondition is one condition of Meta's filtering parameter, such as
// {Field: "account_mode", Operator: "EQUAL", Value: "LIVE"}. Meta supports the fields
// account_mode, messaging_limit_tier and is_official_business_account.
type PhoneNumberCondition struct {
	Field    string `json:"field"`
	Operator string `json:"operator"`
	Value    any    `json:"value"`
}

// PhoneNumberFilter narrows and orders a phone number listing.
type PhoneNumberFilter struct {
	Conditions []PhoneNumberCondition
	// Sort is creation_time.asc|desc or last_onboarded_time.asc|desc; "" is Meta's order.
	Sort string
	// PageSize is the limit of each page, 1 to 100; 0 is Meta's default (25).
	PageSize int
}

// ListPhoneNumbers returns every phone number of a WABA that matches the filter, across all pages.
func (c *Client) ListPhoneNumbers(ctx context.Context, wabaID string, f PhoneNumberFilter) ([]PhoneNumber, error) {
	r, err := PhoneNumbersRead(wabaID, f)
	if err != nil {
		return nil, err
	}
	return r.Get(ctx, c)
}

// PhoneNumbersRead is the read of ListPhoneNumbers.
func PhoneNumbersRead(wabaID string, f PhoneNumberFilter) (Read[[]PhoneNumber], error) {
	q := url.Values{"fields": {PhoneNumberFields}}
	if len(f.Conditions) > 0 {
		b, err := json.Marshal(f.Conditions)
		if err != nil {
			return Read[[]PhoneNumber]{}, fmt.Errorf("encoding phone number filter: %w", err)
		}
		q.Set("filtering", string(b))
	}
	if f.Sort != "" {
		q.Set("sort", f.Sort)
	}
	if f.PageSize > 0 {
		q.Set("limit", strconv.Itoa(f.PageSize))
	}
	return listRead[PhoneNumber](wabaID+"/phone_numbers", q), nil
}

// FindPhoneNumber returns the WABA's number whose digits (country code included) are e164, or nil.
func (c *Client) FindPhoneNumber(ctx context.Context, wabaID, e164 string) (*PhoneNumber, error) {
	all, err := c.ListPhoneNumbers(ctx, wabaID, PhoneNumberFilter{})
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Digits() == e164 {
			return &all[i], nil
		}
	}
	return nil, nil
}

// RequestVerificationCode has Meta send a verification code to the number by SMS or VOICE, in
// the language given as ll_CC.
func (c *Client) RequestVerificationCode(ctx context.Context, id, method, language string) error {
	body := map[string]string{"code_method": method, "language": language}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id + "/request_code", Body: body}, nil)
}

// VerifyCode verifies the number with the code Meta sent. Codes are single use, so the call is
// not repeated after an ambiguous failure.
func (c *Client) VerifyCode(ctx context.Context, id, code string) error {
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id + "/verify_code", Body: map[string]string{"code": code}, Secrets: []string{code}}, nil)
}

// RegisterPhoneNumber registers a verified number on the Cloud API with its two-step verification
// PIN. A repeat after a lost response is refused by Meta (the number is registered), so the call
// is not retried; callers check the number's status instead.
func (c *Client) RegisterPhoneNumber(ctx context.Context, id, pin string) error {
	body := map[string]string{"messaging_product": "whatsapp", "pin": pin}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id + "/register", Body: body, Secrets: []string{pin}}, nil)
}

// DeregisterPhoneNumber disconnects a number from the Cloud API. A number that is not registered
// is reported with code 100, subcode 2207051 (see IsNotRegistered).
func (c *Client) DeregisterPhoneNumber(ctx context.Context, id string) error {
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id + "/deregister", Idempotent: true}, nil)
}

// PhoneNumberSettings are the settings UpdatePhoneNumber changes; nil fields are not sent.
type PhoneNumberSettings struct {
	// NewDisplayName asks Meta to review a new display name.
	NewDisplayName *string `json:"new_display_name,omitempty"`
	// SearchVisibility is VISIBLE or HIDDEN.
	SearchVisibility *string `json:"search_visibility,omitempty"`
}

// UpdatePhoneNumber changes a number's settings.
func (c *Client) UpdatePhoneNumber(ctx context.Context, id string, s PhoneNumberSettings) error {
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id, Body: s, Idempotent: true}, nil)
}

// SetTwoStepPIN changes a registered number's two-step verification PIN (6 digits).
func (c *Client) SetTwoStepPIN(ctx context.Context, id, pin string) error {
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id, Body: map[string]string{"pin": pin}, Secrets: []string{pin}, Idempotent: true}, nil)
}

// GetWebhookConfiguration reads the callbacks that apply to a number for the calling app.
func (c *Client) GetWebhookConfiguration(ctx context.Context, id string) (*WebhookConfiguration, error) {
	return WebhookConfigurationRead(id).Get(ctx, c)
}

// WebhookConfigurationRead is the read of GetWebhookConfiguration.
func WebhookConfigurationRead(id string) Read[*WebhookConfiguration] {
	return objectRead(getRequest(id, url.Values{"fields": {"webhook_configuration"}}), func(out *struct {
		WebhookConfiguration *WebhookConfiguration `json:"webhook_configuration"`
	}) (*WebhookConfiguration, error) {
		if out.WebhookConfiguration == nil {
			return &WebhookConfiguration{}, nil
		}
		return out.WebhookConfiguration, nil
	})
}

// SetPhoneCallbackOverride sets the calling app's alternate callback for a number's webhooks.
// Meta first verifies the callback: a GET with hub.mode=subscribe, hub.challenge and
// hub.verify_token that must answer with the challenge. An empty callback clears the override.
func (c *Client) SetPhoneCallbackOverride(ctx context.Context, id, callbackURL, verifyToken string) error {
	cfg := map[string]string{"override_callback_uri": callbackURL}
	if verifyToken != "" {
		cfg["verify_token"] = verifyToken
	}
	body := map[string]any{"webhook_configuration": cfg}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id, Body: body, Secrets: []string{verifyToken}, Idempotent: true}, nil)
}
