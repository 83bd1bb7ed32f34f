package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Onboarding a business phone number, as Meta documents it: create the number
// on a WABA, request a verification code (SMS or voice), verify it, register
// the verified number with a two-step PIN. Deregistering disconnects it again.

var (
	// e164Digits is the spec's pattern for phone_number: E.164 without "+".
	e164Digits       = regexp.MustCompile(`^[1-9][0-9]{6,14}$`)
	dialCodePattern  = regexp.MustCompile(`^[0-9]{1,3}$`)
	verifyCodeFormat = regexp.MustCompile(`^[0-9]{6}$`)
	localePattern    = regexp.MustCompile(`^[a-z]{2}_[A-Z]{2}$`)
	codeMethods      = []string{"SMS", "VOICE"}
	dataRegions      = []string{"AE", "AU", "BH", "BR", "CA", "CH", "DE", "GB", "ID", "IN", "JP", "KR", "SG", "ZA"}
)

// Error codes of the onboarding edges, from Meta's Graph API reference for
// request_code, verify_code and register
// (developers.facebook.com/docs/graph-api/reference/whats-app-business-account-to-number-current-status/…).
const (
	codeVerifyCodeError      = 136025 // verify_code: "Verify code error"
	codeReverificationNeeded = 133006 // register: "Phone number re-verification needed"
)

// POST /{waba-id}/phone_numbers {cc, phone_number, verified_name}.
//
// Meta documents phone_number as "with or without the country calling code"
// and its example sends cc "1" with phone_number "16315551000". The emulator
// reads phone_number as the full number when it starts with cc, else as the
// national number after cc. Clients avoid the ambiguity by sending the full
// number (country code included) together with cc.
func createPhone(c *call) (any, *graphError) {
	w := c.node.(*waba)
	number := c.params.string("phone_number")
	if number == "" {
		return nil, errRequiredParam("phone_number")
	}
	name, hasName := c.params.str("verified_name")
	if !hasName {
		return nil, errRequiredParam("verified_name")
	}
	cc := c.params.string("cc")
	if cc != "" && !dialCodePattern.MatchString(cc) {
		return nil, errParam("Invalid parameter: cc must be a country calling code of 1 to 3 digits")
	}
	e164 := number
	if cc != "" && !strings.HasPrefix(number, cc) {
		e164 = cc + number
	}
	if !e164Digits.MatchString(number) || !e164Digits.MatchString(e164) {
		return nil, errParam("Invalid parameter: phone_number must be in E.164 format")
	}
	if err := checkDisplayName("verified_name", name); err != nil {
		return nil, err
	}
	if c.e.store.phoneByNumber(e164) != nil {
		return nil, &graphError{Status: http.StatusConflict, Message: "Phone number is already registered with WhatsApp Business",
			Type: "GraphMethodException", Code: 100}
	}
	if len(w.phones) >= c.e.opts.PhoneNumberLimit {
		return nil, &graphError{Message: "Phone number limit exceeded for this WhatsApp Business Account", Type: "OAuthException",
			Code: 200, Subcode: 1349175, UserTitle: "Limit Exceeded",
			UserMsg: "You have reached the maximum number of phone numbers for this account"}
	}
	if cc == "" {
		cc = guessDialCode(e164)
	}
	p := c.e.store.newPhone(w, cc, e164, name)
	c.e.scheduleNameReview(p)
	c.logActivity(w.id, "PHONE_NUMBER_ADDED", fmt.Sprintf("Phone number %s was added", p.displayPhoneNumber),
		map[string]any{"phone_number_id": p.id, "phone_number": "+" + e164, "verified_name": p.verifiedName})
	return map[string]any{"id": p.id}, nil
}

// newPhone adds an unverified, unregistered number to a WABA.
func (s *store) newPhone(w *waba, dialCode, e164, verifiedName string) *phone {
	p := &phone{
		id:                     s.newID(),
		wabaID:                 w.id,
		seq:                    s.nextSeq(),
		displayPhoneNumber:     formatDisplayNumber(dialCode, e164[len(dialCode):]),
		verifiedName:           strings.TrimSpace(verifiedName),
		qualityRating:          "UNKNOWN",
		status:                 phoneStatusPending,
		codeVerificationStatus: codeNotVerified,
		nameStatus:             namePendingReview,
		platformType:           platformNotApplicable,
		throughputLevel:        "STANDARD",
		messagingLimitTier:     "TIER_250",
		accountMode:            "LIVE",
		phoneState: phoneState{
			e164:             e164,
			dialCode:         dialCode,
			searchVisibility: "VISIBLE",
		},
	}
	w.phones = append(w.phones, p)
	s.nodes[p.id] = p
	return p
}

func (s *store) phoneByNumber(e164 string) *phone {
	for _, n := range s.nodes {
		if p, ok := n.(*phone); ok && p.e164 == e164 {
			return p
		}
	}
	return nil
}

// POST /{phone-number-id}/request_code {code_method, language}.
func requestCode(c *call) (any, *graphError) {
	p := c.node.(*phone)
	method := c.params.string("code_method")
	if method == "" {
		return nil, errRequiredParam("code_method")
	}
	if !contains(codeMethods, method) {
		return nil, errParam("Invalid parameter: code_method must be SMS or VOICE")
	}
	language := c.params.string("language")
	if language == "" {
		return nil, errRequiredParam("language")
	}
	if !localePattern.MatchString(language) {
		return nil, errParam("Invalid parameter: language must be a language and locale code such as en_US")
	}
	// Meta's request_code reference lists 136024 "Request code error", 100 "Invalid parameter"
	// and 200 "Permissions error", none for a number that is already registered. 136024 is
	// Meta failing to send a code (faults script it); a registered number, which needs no code,
	// gets the documented 400 OAuthException 100 rather than the spec's generic 422.
	if p.registered() {
		return nil, errParam("Phone number is not eligible for verification at this time")
	}
	p.code = &verificationCode{value: c.e.opts.VerificationCode, expires: c.e.now().Add(verificationCodeTTL)}
	return map[string]any{"success": true}, nil
}

// POST /{phone-number-id}/verify_code {code}. Codes are single use and
// expire after ten minutes; a wrong code leaves the requested one valid.
func verifyCode(c *call) (any, *graphError) {
	p := c.node.(*phone)
	code := c.params.string("code")
	if code == "" {
		return nil, errRequiredParam("code")
	}
	if !verifyCodeFormat.MatchString(code) {
		return nil, errParam("Invalid verification code format")
	}
	if p.code != nil && !c.e.now().Before(p.code.expires) {
		p.code = nil
	}
	// Meta's verify_code reference lists 136025 "Verify code error" for a code it does not
	// accept, an HTTP 400 OAuthException, not the spec's generic 422.
	if p.code == nil || code != p.code.value {
		return nil, &graphError{Message: "(#136025) Verify code error", Type: "OAuthException", Code: codeVerifyCodeError,
			UserTitle: "Verification Failed",
			UserMsg:   "The verification code you entered is invalid or has expired. Request a new code with request_code."}
	}
	p.code = nil
	p.codeVerificationStatus = codeVerified
	c.logActivity(p.wabaID, "PHONE_NUMBER_VERIFIED", fmt.Sprintf("Phone number %s was successfully verified", p.displayPhoneNumber),
		map[string]any{"phone_number_id": p.id, "phone_number": "+" + p.e164})
	return map[string]any{"success": true, "id": p.id}, nil
}

// POST /{phone-number-id}/register {messaging_product, pin}. The number
// must be verified and not registered. A number that already has a two-step
// PIN (from an earlier registration) must be registered with that PIN.
func registerPhone(c *call) (any, *graphError) {
	p := c.node.(*phone)
	product := c.params.string("messaging_product")
	if product == "" {
		return nil, errRequiredParam("messaging_product")
	}
	if product != "whatsapp" {
		return nil, errParam("Invalid parameter: messaging_product must be whatsapp")
	}
	pin := c.params.string("pin")
	if pin == "" {
		return nil, errRequiredParam("pin")
	}
	if !pinPattern.MatchString(pin) {
		return nil, errInvalidPIN()
	}
	if tier, ok := c.params.str("tier"); ok && tier != "PROD" && tier != "SANDBOX" {
		return nil, errParam("Invalid parameter: tier must be PROD or SANDBOX")
	}
	if region, ok := c.params.str("data_localization_region"); ok && !contains(dataRegions, region) {
		return nil, errParam("Invalid parameter: data_localization_region must be one of %s", strings.Join(dataRegions, ", "))
	}
	// Meta's register reference lists no error for a number that is already registered (it
	// lists 133016, 100, 133005, 133015, 131031, 133006, 200, 131009, 131000, 133009), so a
	// repeat registration keeps the spec's 422 example.
	if p.registered() {
		return nil, errUnprocessable("Phone number is already registered or in invalid state for registration")
	}
	// A number not verified yet is 133006 "Phone number re-verification needed" (Meta's
	// register reference and error codes page: the number must be verified before it is
	// registered), an HTTP 400 OAuthException.
	if p.codeVerificationStatus != codeVerified {
		return nil, &graphError{Message: "(#133006) Phone number re-verification needed", Type: "OAuthException", Code: codeReverificationNeeded,
			UserTitle: "Phone number not verified",
			UserMsg:   "Verify the phone number with a code from request_code and verify_code before registering it."}
	}
	if p.pin != "" && p.pin != pin {
		return nil, &graphError{Message: "Two step verification PIN Mismatch", Type: "OAuthException", Code: 133005,
			UserMsg: "The PIN does not match the two-step verification PIN of this phone number."}
	}
	p.status = phoneStatusConnected
	p.platformType = platformCloudAPI
	p.pin = pin
	p.onboardedSeq = c.e.store.nextSeq()
	p.onboardedAt = c.e.now()
	if region, ok := c.params.str("data_localization_region"); ok {
		// Before v21, local storage was enabled at registration (Meta "Local storage").
		c.e.store.phoneSettings(p.id).storage = storageConfiguration{status: storageEnabled, region: region}
	}
	return map[string]any{"success": true}, nil
}

// POST /{phone-number-id}/deregister.
func deregisterPhone(c *call) (any, *graphError) {
	p := c.node.(*phone)
	if !p.registered() {
		return nil, &graphError{Message: "Phone number not registered on the WhatsApp Business Platform.", Type: "OAuthException",
			Code: 100, Subcode: 2207051}
	}
	p.status = phoneStatusDisconnected
	p.platformType = platformNotApplicable
	return map[string]any{"success": true}, nil
}

// formatDisplayNumber formats a number the way display_phone_number shows
// it: "+1 631-555-1000" for North American numbers, else the country code
// and the national number.
func formatDisplayNumber(dialCode, national string) string {
	if dialCode == "1" && len(national) == 10 {
		return "+1 " + national[:3] + "-" + national[3:6] + "-" + national[6:]
	}
	return "+" + dialCode + " " + national
}

// guessDialCode picks the country calling code a full number starts with.
func guessDialCode(e164 string) string {
	for n := 3; n >= 1; n-- {
		if len(e164) > n {
			if _, ok := isoCountries[e164[:n]]; ok {
				return e164[:n]
			}
		}
	}
	return e164[:1]
}

// isoCountries maps country calling codes to the ISO country Meta reports as
// country_code (for shared codes, the main country).
var isoCountries = map[string]string{
	"1": "US", "7": "RU", "20": "EG", "27": "ZA", "30": "GR", "31": "NL", "32": "BE", "33": "FR", "34": "ES",
	"36": "HU", "39": "IT", "40": "RO", "41": "CH", "43": "AT", "44": "GB", "45": "DK", "46": "SE", "47": "NO",
	"48": "PL", "49": "DE", "51": "PE", "52": "MX", "54": "AR", "55": "BR", "56": "CL", "57": "CO", "58": "VE",
	"60": "MY", "61": "AU", "62": "ID", "63": "PH", "64": "NZ", "65": "SG", "66": "TH", "81": "JP", "82": "KR",
	"84": "VN", "86": "CN", "90": "TR", "91": "IN", "92": "PK", "93": "AF", "94": "LK", "95": "MM", "98": "IR",
	"212": "MA", "213": "DZ", "216": "TN", "233": "GH", "234": "NG", "254": "KE", "255": "TZ", "256": "UG",
	"351": "PT", "352": "LU", "353": "IE", "358": "FI", "380": "UA", "420": "CZ", "421": "SK", "593": "EC",
	"852": "HK", "880": "BD", "886": "TW", "961": "LB", "962": "JO", "965": "KW", "966": "SA", "971": "AE",
	"972": "IL", "973": "BH", "974": "QA",
}
