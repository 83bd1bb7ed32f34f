package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Error is Graph's error object, plus the HTTP status it came with.
type Error struct {
	HTTPStatus     int    `json:"-"`
	Message        string `json:"message"`
	Type           string `json:"type"`
	Code           int    `json:"code"`
	Subcode        int    `json:"error_subcode"`
	UserTitle      string `json:"error_user_title"`
	UserMessage    string `json:"error_user_msg"`
	FBTraceID      string `json:"fbtrace_id"`
	IsTransient    bool   `json:"is_transient"`
	RegainAccessIn int    `json:"-"` // minutes, from X-Business-Use-Case-Usage
	// Data is error_data, the explanation Cloud API (messaging) errors carry.
	Data *ErrorData `json:"error_data,omitempty"`
}

// ErrorData is the error_data object of Cloud API errors: details says what was wrong, such as
// the component whose parameters do not match the template.
type ErrorData struct {
	MessagingProduct string `json:"messaging_product"`
	Details          string `json:"details"`
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Graph API error %d", e.Code)
	if e.Subcode != 0 {
		fmt.Fprintf(&b, "/%d", e.Subcode)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.UserTitle != "" || e.UserMessage != "" {
		fmt.Fprintf(&b, " (%s", e.UserTitle)
		if e.UserTitle != "" && e.UserMessage != "" {
			b.WriteString(": ")
		}
		fmt.Fprintf(&b, "%s)", e.UserMessage)
	}
	if e.Data != nil && e.Data.Details != "" {
		fmt.Fprintf(&b, ": %s", e.Data.Details)
	}
	if e.FBTraceID != "" {
		fmt.Fprintf(&b, " [fbtrace_id %s]", e.FBTraceID)
	}
	return b.String()
}

// Graph error codes the client classifies by. Meta localises messages, so only codes count.
const (
	CodeUnknown           = 1
	CodeService           = 2
	CodeAppRateLimit      = 4
	CodePermissionDenied  = 10
	CodeUserRateLimit     = 17
	CodePageRateLimit     = 32
	CodeInvalidParameter  = 100
	CodeTokenRequired     = 104
	CodeInvalidToken      = 190
	CodePermission        = 200
	CodeCustomRateLimit   = 613
	CodeNotFound          = 803
	CodeWABARateLimit     = 80007
	CodeBusinessRateLimit = 80008
	CodeThroughput        = 130429

	SubcodeObjectMissing          = 33
	SubcodeTemplateNameLocked     = 2388023
	SubcodeTemplateLanguageExists = 2388024
)

// Error codes of the webhook subscription endpoints.
const (
	// CodeAppTokenRequired: the call needs the app access token (app_id|app_secret).
	CodeAppTokenRequired = 15
	// CodeCallbackVerificationFailed: the subscriptions edge could not verify the callback.
	CodeCallbackVerificationFailed = 2200
)

// Error codes of the phone number endpoints.
const (
	// SubcodePhoneNotRegistered: deregistering a number that is not registered.
	SubcodePhoneNotRegistered = 2207051
	// CodePINMismatch: registering a number with a PIN other than its two-step verification PIN.
	CodePINMismatch = 133005
	// SubcodePhoneNumberLimit: the WABA cannot take more phone numbers.
	SubcodePhoneNumberLimit = 1349175
	// CodeRequestCodeFailed: Meta could not send a verification code (request_code's "Request
	// code error" in Meta's Graph API reference).
	CodeRequestCodeFailed = 136024
)

// Flow Management API error codes (Meta's "Flows error codes" table).
const (
	CodeFlowBlockedByIntegrity = 139000
	CodeFlowNotUpdatable       = 139001
	CodeFlowNotPublishable     = 139002
	CodeFlowNotDeprecatable    = 139003
	CodeFlowNotDeletable       = 139004
)

// TransportError is a call that got no usable response: the connection failed or dropped.
// Meta may or may not have acted on it.
type TransportError struct {
	Method, Path string
	Err          error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: no response from Graph: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// decodeError turns a non-2xx response into an *Error, tolerating bodies that are not Graph's.
func decodeError(status int, hdr http.Header, body []byte) error {
	var envelope struct {
		Error *Error `json:"error"`
	}
	e := &Error{}
	if json.Unmarshal(body, &envelope) == nil && envelope.Error != nil {
		e = envelope.Error
	} else {
		e.Message = truncateText(strings.TrimSpace(string(body)), maxRawErrorBody)
		if status >= 500 {
			e.Code, e.IsTransient = CodeService, true
		}
	}
	// Every error carries a message, whatever the body was: Graph's error object without one
	// ({"error":{}}), an empty body, or a status Go has no name for.
	if strings.TrimSpace(e.Message) == "" {
		e.Message = http.StatusText(status)
		if e.Message == "" {
			e.Message = fmt.Sprintf("HTTP status %d without an error message", status)
		}
	}
	e.HTTPStatus = status
	if mins, ok := regainAccessMinutes(hdr); ok {
		e.RegainAccessIn = mins
	}
	return e
}

// maxRawErrorBody is how much of a body that is not a Graph error object becomes the message.
const maxRawErrorBody = 200

// truncateText shortens s to at most n bytes without splitting a character, and replaces
// invalid UTF-8 (a binary body) so the message prints.
func truncateText(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports an object that does not exist or cannot be seen: code 803, or code 100
// with subcode 33 ("Unsupported get request. Object with ID … does not exist").
func IsNotFound(err error) bool {
	e, ok := asError(err)
	return ok && (e.Code == CodeNotFound || (e.Code == CodeInvalidParameter && e.Subcode == SubcodeObjectMissing))
}

// IsRateLimited reports a throttling refusal; Meta did not act on the call.
func IsRateLimited(err error) bool {
	e, ok := asError(err)
	if !ok {
		return false
	}
	switch e.Code {
	case CodeAppRateLimit, CodeUserRateLimit, CodePageRateLimit, CodeCustomRateLimit,
		CodeWABARateLimit, CodeBusinessRateLimit, CodeThroughput:
		return true
	}
	return false
}

// RegainAccessMinutes is how many minutes Meta said a throttled caller waits for access again
// (X-Business-Use-Case-Usage), or 0 when err does not say.
func RegainAccessMinutes(err error) int {
	if e, ok := asError(err); ok {
		return e.RegainAccessIn
	}
	return 0
}

// IsTransient reports a server-side failure that may succeed when repeated (codes 1 and 2, or
// is_transient set). Unlike a rate limit, Meta may already have acted on the call.
func IsTransient(err error) bool {
	e, ok := asError(err)
	return ok && !IsRateLimited(err) && (e.IsTransient || e.Code == CodeUnknown || e.Code == CodeService)
}

// IsAmbiguous reports a failure after which Meta may or may not have acted: a lost response or
// a transient server error.
func IsAmbiguous(err error) bool {
	var t *TransportError
	return errors.As(err, &t) || IsTransient(err)
}

// IsPermission reports missing permissions or an asset not shared with the app (codes 10, 200).
func IsPermission(err error) bool {
	e, ok := asError(err)
	return ok && (e.Code == CodePermissionDenied || e.Code == CodePermission)
}

// IsAuth reports a missing, invalid or expired access token (codes 104, 190).
func IsAuth(err error) bool {
	e, ok := asError(err)
	return ok && (e.Code == CodeInvalidToken || e.Code == CodeTokenRequired)
}

// IsAppSecretProofMissing reports Meta's refusal of a call without appsecret_proof when the
// token's app requires one (code 100, "API calls from the server require an appsecret_proof
// argument"). Graph has no subcode for it, so the message is the only sign.
func IsAppSecretProofMissing(err error) bool {
	e, ok := asError(err)
	return ok && e.Code == CodeInvalidParameter && strings.Contains(e.Message, "require an appsecret_proof")
}

// IsAppSecretProofInvalid reports an appsecret_proof Meta refused: computed with a secret that is
// not the token's app's (code 100, "Invalid appsecret_proof provided in the API argument").
func IsAppSecretProofInvalid(err error) bool {
	e, ok := asError(err)
	return ok && e.Code == CodeInvalidParameter && strings.Contains(e.Message, "Invalid appsecret_proof")
}

// hasCode reports a Graph error with the given code.
func hasCode(err error, code int) bool {
	e, ok := asError(err)
	return ok && e.Code == code
}

// hasSubcode reports a Graph error with the given code and subcode.
func hasSubcode(err error, code, subcode int) bool {
	e, ok := asError(err)
	return ok && e.Code == code && e.Subcode == subcode
}

// IsTemplateNameLocked reports Meta's refusal of a template name and language deleted less than
// about four weeks ago (code 100, subcode 2388023).
func IsTemplateNameLocked(err error) bool {
	return hasSubcode(err, CodeInvalidParameter, SubcodeTemplateNameLocked)
}

// IsTemplateLanguageExists reports creating a template whose name already exists in that
// language (code 100, subcode 2388024).
func IsTemplateLanguageExists(err error) bool {
	return hasSubcode(err, CodeInvalidParameter, SubcodeTemplateLanguageExists)
}

// IsAppTokenRequired reports a call made with a user or system user token that needs the app
// access token (code 15).
func IsAppTokenRequired(err error) bool {
	return hasCode(err, CodeAppTokenRequired)
}

// IsCallbackVerificationFailed reports Meta's refusal of a callback it could not verify: HTTP 400
// with code 2200 ("(#2200) Callback verification failed …"), from an app's subscriptions edge and
// from the endpoints that set a WABA's or a phone number's override callback. The v23.0 spec's
// examples show HTTP 422 with code 100 ("Webhook callback URL is not reachable or invalid") for
// the override endpoints, without a subcode; that answer counts too, so ask only about calls
// that set a callback.
func IsCallbackVerificationFailed(err error) bool {
	e, ok := asError(err)
	return ok && (e.Code == CodeCallbackVerificationFailed ||
		(e.Code == CodeInvalidParameter && e.HTTPStatus == http.StatusUnprocessableEntity))
}

// IsConflict reports Meta's answer to adding a number that is already on the WhatsApp Business
// Platform (HTTP 409, code 100).
func IsConflict(err error) bool {
	e, ok := asError(err)
	return ok && e.HTTPStatus == http.StatusConflict
}

// IsNotRegistered reports deregistering a number that is not registered.
func IsNotRegistered(err error) bool {
	return hasSubcode(err, CodeInvalidParameter, SubcodePhoneNotRegistered)
}

// IsPINMismatch reports registering a number with a PIN other than its two-step PIN.
func IsPINMismatch(err error) bool {
	return hasCode(err, CodePINMismatch)
}

// IsPhoneNumberLimit reports adding a phone number to a WhatsApp Business Account that has as
// many as Meta allows (code 200, subcode 1349175).
func IsPhoneNumberLimit(err error) bool {
	return hasSubcode(err, CodePermission, SubcodePhoneNumberLimit)
}

// IsFlowBlockedByIntegrity reports Meta's refusal to create or publish flows for an account with
// an integrity issue (code 139000).
func IsFlowBlockedByIntegrity(err error) bool {
	return hasCode(err, CodeFlowBlockedByIntegrity)
}

// IsFlowNotUpdatable reports a change to a flow Meta no longer lets change, such as a published
// one (code 139001).
func IsFlowNotUpdatable(err error) bool {
	return hasCode(err, CodeFlowNotUpdatable)
}

// IsFlowNotPublishable reports Meta's refusal to publish a flow (code 139002).
func IsFlowNotPublishable(err error) bool {
	return hasCode(err, CodeFlowNotPublishable)
}

// IsFlowNotDeprecatable reports Meta's refusal to deprecate a flow (code 139003).
func IsFlowNotDeprecatable(err error) bool {
	return hasCode(err, CodeFlowNotDeprecatable)
}
