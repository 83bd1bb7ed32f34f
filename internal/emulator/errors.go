package emulator

import (
	"fmt"
	"net/http"
)

// graphError is a Graph API error. Meta's envelope is
// {"error":{"message","type","code","error_subcode","error_user_title",
// "error_user_msg","is_transient","fbtrace_id"}}; clients should branch on
// code and error_subcode, not on the HTTP status or message.
type graphError struct {
	Status      int // 0 → statusForCode(Code)
	Message     string
	Type        string
	Code        int
	Subcode     int
	UserTitle   string
	UserMsg     string
	IsTransient bool
	// Details is error_data.details, the explanation the Cloud API's
	// messaging errors carry (sent with messaging_product "whatsapp").
	Details string
	// RegainMinutes is reported as estimated_time_to_regain_access in the
	// X-Business-Use-Case-Usage header of throttling errors.
	RegainMinutes int
}

func (g *graphError) Error() string {
	return fmt.Sprintf("graph error %d/%d: %s", g.Code, g.Subcode, g.Message)
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Message     string     `json:"message"`
	Type        string     `json:"type"`
	Code        int        `json:"code"`
	Subcode     int        `json:"error_subcode,omitempty"`
	UserTitle   string     `json:"error_user_title,omitempty"`
	UserMsg     string     `json:"error_user_msg,omitempty"`
	IsTransient bool       `json:"is_transient,omitempty"`
	ErrorData   *errorData `json:"error_data,omitempty"`
	FBTraceID   string     `json:"fbtrace_id"`
}

// errorData is the error_data object of Cloud API errors.
type errorData struct {
	MessagingProduct string `json:"messaging_product"`
	Details          string `json:"details"`
}

func (g *graphError) body(traceID string) errorBody {
	typ := g.Type
	if typ == "" {
		typ = "OAuthException"
	}
	var data *errorData
	if g.Details != "" {
		data = &errorData{MessagingProduct: "whatsapp", Details: g.Details}
	}
	return errorBody{Error: errorDetail{
		ErrorData:   data,
		Message:     g.Message,
		Type:        typ,
		Code:        g.Code,
		Subcode:     g.Subcode,
		UserTitle:   g.UserTitle,
		UserMsg:     g.UserMsg,
		IsTransient: g.IsTransient,
		FBTraceID:   traceID,
	}}
}

func (g *graphError) status() int {
	if g.Status != 0 {
		return g.Status
	}
	return statusForCode(g.Code)
}

// statusForCode is the HTTP status real Graph uses for an error code: most
// errors, validation and throttling included, come back as 400.
func statusForCode(code int) int {
	switch code {
	case 104, 190:
		return http.StatusUnauthorized
	case 200:
		return http.StatusForbidden
	case 1, 2:
		return http.StatusInternalServerError
	default:
		return http.StatusBadRequest
	}
}

// isRateLimitCode reports the throttling codes: 4 (app), 17 (user), 32
// (page), 613 (custom), 80007 and 80008 (WhatsApp business use case).
func isRateLimitCode(code int) bool {
	switch code {
	case 4, 17, 32, 613, 80007, 80008:
		return true
	}
	return false
}

// defaultMessage is the message Graph sends for a code when nothing more
// specific applies. Graph prefixes the message of most numbered errors with
// "(#code) ", as in Meta's examples: "(#4) Application request limit
// reached", "(#17) User request limit reached", "(#32) Page request limit
// reached", "(#613) Calls to this api have exceeded the rate limit." (Graph
// API rate limiting, developers.facebook.com/docs/graph-api/overview/rate-limiting),
// "(#10) Application does not have permission for this action" and "(#200)
// Permissions error" (Graph API error handling,
// developers.facebook.com/docs/graph-api/guides/error-handling), "(#80007)"
// and "(#80008)" for the WhatsApp rate limits (WhatsApp error codes,
// developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes).
// The generic server errors (1, 2), the token errors (104, 190) and the
// template validation "Invalid parameter" (100) come without the prefix.
func defaultMessage(code int) string {
	switch code {
	case 1:
		return "An unknown error occurred"
	case 2:
		return "An unexpected error occurred. Please retry your request later."
	case 4:
		return "(#4) Application request limit reached"
	case 10:
		return "(#10) Application does not have permission for this action"
	case 17:
		return "(#17) User request limit reached"
	case 32:
		return "(#32) Page request limit reached"
	case 100:
		return "Invalid parameter"
	case 104:
		return "An access token is required to request this resource."
	case 190:
		return "Invalid OAuth access token - Cannot parse access token"
	case 200:
		return "(#200) Permissions error"
	case 613:
		return "(#613) Calls to this api have exceeded the rate limit."
	case 80007:
		return "(#80007) The WhatsApp Business Account has reached its rate limit."
	case 80008:
		return bucThrottleMessage
	default:
		if code > 0 {
			return fmt.Sprintf("(#%d) An unknown error occurred", code)
		}
		return "An unknown error occurred"
	}
}

// isTransientCode reports codes Meta marks is_transient: server hiccups and
// throttling, both worth retrying later.
func isTransientCode(code int) bool {
	return code == 2 || isRateLimitCode(code)
}

const bucThrottleMessage = "(#80008) There have been too many calls to this WhatsApp Business account. Wait a bit and try again."

func errInvalidVersionFormat() *graphError {
	return &graphError{
		Message: "Invalid version format. Use format like 'v23.0'",
		Type:    "OAuthException",
		Code:    100,
	}
}

// errParam is a plain code 100 parameter error.
func errParam(format string, args ...any) *graphError {
	return &graphError{Message: fmt.Sprintf(format, args...), Type: "OAuthException", Code: 100}
}

// errInvalid is the shape Meta uses for template validation failures:
// message "Invalid parameter" with the explanation in error_user_title and
// error_user_msg.
func errInvalid(subcode int, title, msg string) *graphError {
	return &graphError{
		Message:   "Invalid parameter",
		Type:      "OAuthException",
		Code:      100,
		Subcode:   subcode,
		UserTitle: title,
		UserMsg:   msg,
	}
}

// errUnsupported is Graph's answer for ids the token cannot see, ids that do
// not exist, and node types that do not support the method.
func errUnsupported(method, id string) *graphError {
	return &graphError{
		Message: fmt.Sprintf("Unsupported %s request. Object with ID '%s' does not exist, "+
			"cannot be loaded due to missing permissions, or does not support this operation. "+
			"Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
			methodVerb(method), id),
		Type:    "GraphMethodException",
		Code:    100,
		Subcode: 33,
	}
}

func methodVerb(method string) string {
	switch method {
	case http.MethodPost:
		return "post"
	case http.MethodDelete:
		return "delete"
	default:
		return "get"
	}
}

func errUnknownPath(rest string) *graphError {
	return &graphError{Message: "Unknown path components: " + rest, Type: "OAuthException", Code: 100}
}

func errUnknownField(field, nodeType string) *graphError {
	return &graphError{
		Message: fmt.Sprintf("(#100) Tried accessing nonexisting field (%s) on node type (%s)", field, nodeType),
		Type:    "OAuthException",
		Code:    100,
	}
}

func errRequiredParam(name string) *graphError {
	return errParam("(#100) The parameter %s is required", name)
}
