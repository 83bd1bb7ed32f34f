package provider

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// phoneNumberModel is the whatsapp_phone_number resource.
type phoneNumberModel struct {
	ID                        types.String `tfsdk:"id"`
	BusinessAccountID         types.String `tfsdk:"business_account_id"`
	CountryCode               types.String `tfsdk:"country_code"`
	PhoneNumber               types.String `tfsdk:"phone_number"`
	DisplayName               types.String `tfsdk:"display_name"`
	VerificationCodeWO        types.String `tfsdk:"verification_code_wo"`
	VerificationCodeWOVersion types.Int64  `tfsdk:"verification_code_wo_version"`
	CodeMethod                types.String `tfsdk:"code_method"`
	CodeLanguage              types.String `tfsdk:"code_language"`
	Register                  types.Bool   `tfsdk:"register"`
	PinWO                     types.String `tfsdk:"pin_wo"`
	PinWOVersion              types.Int64  `tfsdk:"pin_wo_version"`
	DeregisterOnDestroy       types.Bool   `tfsdk:"deregister_on_destroy"`
	SearchVisibility          types.String `tfsdk:"search_visibility"`

	phoneNumberComputed
}

// Meta sets messaging limits for the business portfolio since 2025-10-07 (Meta "Messaging
// limits"): whatsapp_business_manager_messaging_limit replaces the per-number
// messaging_limit_tier, which Meta still returns but has deprecated.
const (
	messagingLimitDescription = "The business portfolio's messaging limit, shared by all its numbers: how many customers they may message outside a customer service window in 24 hours: " +
		"`TIER_250`, `TIER_2K`, `TIER_10K`, `TIER_100K` or `TIER_UNLIMITED` (Meta's `whatsapp_business_manager_messaging_limit`)."
	messagingLimitTierDescription = "The number's own messaging limit from before Meta set limits per business portfolio: `TIER_50`, `TIER_250`, `TIER_1K`, `TIER_10K`, `TIER_100K` or `TIER_UNLIMITED`, while Meta still returns it."
	messagingLimitTierDeprecation = "Meta deprecated messaging_limit_tier when it moved messaging limits to the business portfolio; use messaging_limit."
)

// phoneNumberComputed are the attributes Meta reports, shared by the resource and the data sources.
type phoneNumberComputed struct {
	DisplayPhoneNumber        types.String `tfsdk:"display_phone_number"`
	VerifiedName              types.String `tfsdk:"verified_name"`
	NameStatus                types.String `tfsdk:"name_status"`
	NewDisplayName            types.String `tfsdk:"new_display_name"`
	NewNameStatus             types.String `tfsdk:"new_name_status"`
	Status                    types.String `tfsdk:"status"`
	Registered                types.Bool   `tfsdk:"registered"`
	CodeVerificationStatus    types.String `tfsdk:"code_verification_status"`
	QualityRating             types.String `tfsdk:"quality_rating"`
	MessagingLimitTier        types.String `tfsdk:"messaging_limit_tier"`
	MessagingLimit            types.String `tfsdk:"messaging_limit"`
	ThroughputLevel           types.String `tfsdk:"throughput_level"`
	PlatformType              types.String `tfsdk:"platform_type"`
	AccountMode               types.String `tfsdk:"account_mode"`
	IsOfficialBusinessAccount types.Bool   `tfsdk:"is_official_business_account"`
}

func computedFromAPI(p *graph.PhoneNumber) phoneNumberComputed {
	return phoneNumberComputed{
		DisplayPhoneNumber:        types.StringValue(p.DisplayPhoneNumber),
		VerifiedName:              types.StringValue(p.VerifiedName),
		NameStatus:                stringOrNull(p.NameStatus),
		NewDisplayName:            stringOrNull(p.NewDisplayName),
		NewNameStatus:             stringOrNull(p.NewNameStatus),
		Status:                    stringOrNull(p.Status),
		Registered:                types.BoolValue(p.Registered()),
		CodeVerificationStatus:    stringOrNull(p.CodeVerificationStatus),
		QualityRating:             stringOrNull(p.QualityRating),
		MessagingLimitTier:        stringOrNull(p.MessagingLimitTier),
		MessagingLimit:            stringOrNull(p.MessagingLimit),
		ThroughputLevel:           stringOrNull(p.ThroughputLevel()),
		PlatformType:              stringOrNull(p.PlatformType),
		AccountMode:               stringOrNull(p.AccountMode),
		IsOfficialBusinessAccount: types.BoolValue(p.IsOfficialBusinessAccount),
	}
}

// mergeUnknown keeps the planned value of every computed attribute the plan knows and takes the
// fresh value for the ones it left unknown: apply must return what the plan promised.
func (c *phoneNumberComputed) mergeUnknown(fresh phoneNumberComputed) {
	for _, pair := range []struct{ dst, src *types.String }{
		{&c.DisplayPhoneNumber, &fresh.DisplayPhoneNumber}, {&c.VerifiedName, &fresh.VerifiedName},
		{&c.NameStatus, &fresh.NameStatus}, {&c.NewDisplayName, &fresh.NewDisplayName},
		{&c.NewNameStatus, &fresh.NewNameStatus}, {&c.Status, &fresh.Status},
		{&c.CodeVerificationStatus, &fresh.CodeVerificationStatus}, {&c.QualityRating, &fresh.QualityRating},
		{&c.MessagingLimitTier, &fresh.MessagingLimitTier}, {&c.MessagingLimit, &fresh.MessagingLimit},
		{&c.ThroughputLevel, &fresh.ThroughputLevel},
		{&c.PlatformType, &fresh.PlatformType}, {&c.AccountMode, &fresh.AccountMode},
	} {
		if pair.dst.IsUnknown() {
			*pair.dst = *pair.src
		}
	}
	for _, pair := range []struct{ dst, src *types.Bool }{
		{&c.Registered, &fresh.Registered}, {&c.IsOfficialBusinessAccount, &fresh.IsOfficialBusinessAccount},
	} {
		if pair.dst.IsUnknown() {
			*pair.dst = *pair.src
		}
	}
}

// desiredDisplayName is the display name Meta holds as the number's intent: a requested change
// that is pending or was declined, else the verified name.
func desiredDisplayName(p *graph.PhoneNumber) string {
	if p.NewDisplayName != "" && p.NewNameStatus != "" && p.NewNameStatus != "APPROVED" {
		return p.NewDisplayName
	}
	return p.VerifiedName
}

// applyRemote copies what Meta reports into the model. Inputs Meta does not return keep their
// configured values; inputs unset after an import take Meta's.
func (m *phoneNumberModel) applyRemote(p *graph.PhoneNumber, diags *diag.Diagnostics) {
	m.ID = types.StringValue(p.ID)
	m.phoneNumberComputed = computedFromAPI(p)
	m.DisplayName = types.StringValue(desiredDisplayName(p))
	if p.SearchVisibility != "" {
		m.SearchVisibility = types.StringValue(p.SearchVisibility)
	}
	m.setNumber(p, diags)
	if m.Register.IsNull() {
		m.Register = types.BoolValue(p.Registered())
	}
	if m.DeregisterOnDestroy.IsNull() {
		m.DeregisterOnDestroy = types.BoolValue(true)
	}
}

// setNumber splits display_phone_number into country_code and phone_number unless the model
// already holds the same number.
func (m *phoneNumberModel) setNumber(p *graph.PhoneNumber, diags *diag.Diagnostics) {
	if m.CountryCode.ValueString()+m.PhoneNumber.ValueString() == p.Digits() && !m.CountryCode.IsNull() {
		return
	}
	cc, national, ok := graph.SplitDisplayNumber(p.DisplayPhoneNumber)
	if !ok {
		diags.AddWarning("Cannot read the phone number's country code",
			fmt.Sprintf("Meta reports phone number %s as %q, which does not start with +<country code> and a space. country_code and phone_number keep their previous values.", p.ID, p.DisplayPhoneNumber))
		return
	}
	m.CountryCode, m.PhoneNumber = types.StringValue(cc), types.StringValue(national)
}

// displayNumber is the number for messages: "+1 6315551000".
func (m *phoneNumberModel) displayNumber() string {
	if s := m.DisplayPhoneNumber.ValueString(); s != "" && !m.DisplayPhoneNumber.IsUnknown() {
		return s
	}
	return "+" + m.CountryCode.ValueString() + " " + m.PhoneNumber.ValueString()
}

// Formats checked at plan time.
var (
	countryCodePattern = regexp.MustCompile(`^[1-9][0-9]{0,2}$`)
	nationalPattern    = regexp.MustCompile(`^[0-9]{4,14}$`)
	e164Pattern        = regexp.MustCompile(`^[1-9][0-9]{6,14}$`)
	sixDigits          = regexp.MustCompile(`^[0-9]{6}$`)
	localePattern      = regexp.MustCompile(`^[a-z]{2}_[A-Z]{2}$`)
	displayNamePattern = regexp.MustCompile(`^\S(?s:.{0,73})\S$`)

	displayNameValidator = stringvalidator.RegexMatches(displayNamePattern, "must be 2 to 75 characters long, without spaces at the start or end")
	codeMethods          = []string{"SMS", "VOICE"}
	searchVisibilities   = []string{"VISIBLE", "HIDDEN"}
	messagingLimitTiers  = []string{"TIER_50", "TIER_250", "TIER_1K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED"}
	accountModes         = []string{"LIVE", "SANDBOX"}
	phoneSorts           = []string{"creation_time.asc", "creation_time.desc", "last_onboarded_time.asc", "last_onboarded_time.desc"}
)

// Defaults of the verification code request.
const (
	defaultCodeMethod   = "SMS"
	defaultCodeLanguage = "en_US"
)

// phoneAdvice is what to do about the errors particular to the phone number endpoints.
func phoneAdvice(err error) string {
	switch {
	case graph.IsPINMismatch(err):
		return "The number already has a two-step verification PIN, from an earlier registration, and pin_wo differs from it. " +
			"Set pin_wo to that PIN, or reset the PIN in WhatsApp Manager (Phone numbers > Settings > Two-step verification), then apply again."
	case graph.IsPhoneNumberLimit(err):
		return "The WhatsApp Business Account has as many phone numbers as Meta allows. Remove one in WhatsApp Manager or ask Meta for a higher limit."
	}
	return ""
}

// unregistrable are statuses from which Meta does not register a number.
func unregistrable(status string) bool {
	switch strings.ToUpper(status) {
	case "BANNED", "DELETED", "MIGRATED":
		return true
	}
	return false
}
