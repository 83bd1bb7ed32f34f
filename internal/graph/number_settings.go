package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// PhoneSettings is a phone number's settings, GET /{phone-number-id}/settings: calling,
// payload encryption and local storage. Meta's answer does not include the identity change
// check; UserIdentityChange is set only when it does.
type PhoneSettings struct {
	Calling              *CallingSettings      `json:"calling,omitempty"`
	UserIdentityChange   *UserIdentityChange   `json:"user_identity_change,omitempty"`
	PayloadEncryption    *PayloadEncryption    `json:"payload_encryption,omitempty"`
	StorageConfiguration *StorageConfiguration `json:"storage_configuration,omitempty"`
	// Raw is the answer as Meta sent it, for what these types do not hold.
	Raw json.RawMessage `json:"-"`
}

// CallingSettings are the Calling API settings of a number (Meta "Configure Call Settings").
// In a request, empty fields and nil pointers are left out, and Meta keeps their values;
// CallHours is replaced whole.
type CallingSettings struct {
	Status                   string      `json:"status,omitempty"`
	CallIconVisibility       string      `json:"call_icon_visibility,omitempty"`
	CallbackPermissionStatus string      `json:"callback_permission_status,omitempty"`
	SRTPKeyExchangeProtocol  string      `json:"srtp_key_exchange_protocol,omitempty"`
	CallIcons                *CallIcons  `json:"call_icons,omitempty"`
	CallHours                *CallHours  `json:"call_hours,omitempty"`
	SIP                      *SIPSetting `json:"sip,omitempty"`
}

// CallIcons restricts the call icon to users whose phone numbers are registered in these
// countries (ISO 3166-1 alpha-2); an empty list is no restriction.
type CallIcons struct {
	RestrictToUserCountries []string `json:"restrict_to_user_countries"`
}

// CallHours are the hours a number takes user-initiated calls. A request without
// HolidaySchedule clears the holidays, so it is always sent.
type CallHours struct {
	Status               string         `json:"status"`
	TimezoneID           string         `json:"timezone_id"`
	WeeklyOperatingHours []WeeklyHours  `json:"weekly_operating_hours"`
	HolidaySchedule      []HolidayHours `json:"holiday_schedule"`
}

// WeeklyHours are the opening hours of a day of the week; times are HHMM in 24-hour format.
type WeeklyHours struct {
	DayOfWeek string `json:"day_of_week"`
	OpenTime  string `json:"open_time"`
	CloseTime string `json:"close_time"`
}

// HolidayHours replace the weekly hours on a date (YYYY-MM-DD).
type HolidayHours struct {
	Date      string `json:"date"`
	StartTime string `json:"start_time"`
	EndTime   string `json:"end_time"`
}

// SIPSetting is SIP call signaling. Servers nil leaves Meta's servers as they are; an empty list
// removes the servers of the token's app.
type SIPSetting struct {
	Status  string       `json:"status,omitempty"`
	Servers *[]SIPServer `json:"servers,omitempty"`
}

// SIPServer is the SIP server calls are signaled to. Meta reads which app configured it from the
// access token and reports it as AppID.
type SIPServer struct {
	AppID                FlexString        `json:"app_id,omitempty"`
	Hostname             string            `json:"hostname"`
	Port                 FlexInt           `json:"port,omitempty"`
	RequestURIUserParams map[string]string `json:"request_uri_user_params,omitempty"`
}

// UserIdentityChange is the identity change check (Meta "Identity change check").
type UserIdentityChange struct {
	EnableIdentityKeyCheck bool `json:"enable_identity_key_check"`
}

// PayloadEncryption is the encryption of webhook and message payloads with a client key.
type PayloadEncryption struct {
	Status string `json:"status"`
	// ClientEncryptionKey is sent (Base64) to enable encryption; Meta does not return it.
	ClientEncryptionKey            string `json:"client_encryption_key,omitempty"`
	ClientEncryptionKeyFingerprint string `json:"client_encryption_key_fingerprint,omitempty"`
	CloudEncryptionKey             string `json:"cloud_encryption_key,omitempty"`
}

// StorageConfiguration is local storage (Meta "Local storage"): where message data is kept at
// rest.
type StorageConfiguration struct {
	Status                 string `json:"status"`
	DataLocalizationRegion string `json:"data_localization_region,omitempty"`
}

// Local storage statuses: Meta reports StorageDefault or StorageInCountry, and takes
// StorageInCountry (with a region) or StorageInCountryOff.
const (
	StorageDefault      = "DEFAULT"
	StorageInCountry    = "IN_COUNTRY_STORAGE_ENABLED"
	StorageInCountryOff = "IN_COUNTRY_STORAGE_DISABLED"
)

// DataLocalizationRegions are the countries local storage can keep data in (Meta "Register a
// business phone number", data_localization_region).
var DataLocalizationRegions = []string{"AE", "AU", "BH", "BR", "CA", "CH", "DE", "GB", "ID", "IN", "JP", "KR", "SG", "ZA"}

// FlexInt decodes a JSON number or a numeric string.
type FlexInt int64

// UnmarshalJSON accepts a number, a string holding one, or null.
func (f *FlexInt) UnmarshalJSON(b []byte) error {
	var s FlexString
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*f = 0
		return nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(s)), 10, 64)
	if err != nil {
		return err
	}
	*f = FlexInt(n)
	return nil
}

// GetPhoneSettings reads a phone number's settings.
func (c *Client) GetPhoneSettings(ctx context.Context, phoneNumberID string) (*PhoneSettings, error) {
	var raw json.RawMessage
	if err := c.Do(ctx, Request{Method: http.MethodGet, Path: phoneNumberID + "/settings", Idempotent: true}, &raw); err != nil {
		return nil, err
	}
	var s PhoneSettings
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	s.Raw = raw
	return &s, nil
}

// setPhoneSetting posts one feature: Meta takes one per request. Setting a value again is
// harmless, so the calls are idempotent.
func (c *Client) setPhoneSetting(ctx context.Context, phoneNumberID, feature string, value any) error {
	return c.Do(ctx, Request{Method: http.MethodPost, Path: phoneNumberID + "/settings", Body: map[string]any{feature: value}, Idempotent: true}, nil)
}

// SetCallingSettings updates the calling settings given.
func (c *Client) SetCallingSettings(ctx context.Context, phoneNumberID string, s CallingSettings) error {
	return c.setPhoneSetting(ctx, phoneNumberID, "calling", s)
}

// SetIdentityKeyCheck turns the identity change check on or off.
func (c *Client) SetIdentityKeyCheck(ctx context.Context, phoneNumberID string, enabled bool) error {
	return c.setPhoneSetting(ctx, phoneNumberID, "user_identity_change", UserIdentityChange{EnableIdentityKeyCheck: enabled})
}

// SetPayloadEncryption enables payload encryption with a Base64 client key, or disables it
// (key ""). The reference spells the statuses in lowercase.
func (c *Client) SetPayloadEncryption(ctx context.Context, phoneNumberID string, enabled bool, clientKey string) error {
	v := PayloadEncryption{Status: "disabled"}
	if enabled {
		v = PayloadEncryption{Status: "enabled", ClientEncryptionKey: clientKey}
	}
	return c.setPhoneSetting(ctx, phoneNumberID, "payload_encryption", v)
}

// SetLocalStorage enables local storage in a region, or disables it (region ""). Meta changes
// it only on a number that is not registered.
func (c *Client) SetLocalStorage(ctx context.Context, phoneNumberID, region string) error {
	v := StorageConfiguration{Status: StorageInCountryOff}
	if region != "" {
		v = StorageConfiguration{Status: StorageInCountry, DataLocalizationRegion: region}
	}
	return c.setPhoneSetting(ctx, phoneNumberID, "storage_configuration", v)
}

// Calling errors (Meta "Troubleshoot WhatsApp Calling Errors").
const (
	CodeCallingCannotBeEnabled = 138015
	CodeCallingPrerequisites   = 138018
)

// IsCallingLimitTooLow reports Meta's refusal to enable calling on a number whose messaging
// limit is under 2,000 (138015).
func IsCallingLimitTooLow(err error) bool { return hasCode(err, CodeCallingCannotBeEnabled) }

// IsCallingPrerequisiteMissing reports Meta's refusal to enable calling without SIP or an app
// subscribed to the calls webhook field (138018).
func IsCallingPrerequisiteMissing(err error) bool { return hasCode(err, CodeCallingPrerequisites) }
