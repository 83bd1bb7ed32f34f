package provider

import "strings"

// The enums of a message template, each listed once with what the validator knows of its
// values. The schema's validators and descriptions and the validator's rules all read them.

// templateCategory is a template category and the delivery time-to-live Meta allows for it
// (message_send_ttl_seconds).
type templateCategory struct {
	name           string
	minTTL, maxTTL int64
}

// templateCategories are Meta's template categories.
var templateCategories = []templateCategory{
	{categoryAuthentication, 30, 900},
	{"MARKETING", 43200, 2592000},
	{"UTILITY", 30, 43200},
}

// templateHeaderFormat is a header format; a media header takes a sample file (media_file or media_handle).
type templateHeaderFormat struct {
	name  string
	media bool
}

// templateHeaderFormats are Meta's header formats.
var templateHeaderFormats = []templateHeaderFormat{
	{"TEXT", false}, {"IMAGE", true}, {"VIDEO", true}, {"GIF", true}, {"DOCUMENT", true}, {"LOCATION", false},
	{formatProduct, false}, // single-product templates: the catalog item the message names
}

// templateButtonType is a button type: the fields it takes ("!" marks the required ones) and
// Meta's limit of buttons of the type, within the schema's limit of 10 in all (0: no own limit).
type templateButtonType struct {
	name   string
	fields []string
	max    int
}

// templateButtonTypes are Meta's button types.
var templateButtonTypes = []templateButtonType{
	{"QUICK_REPLY", []string{"!text"}, 10},
	{"URL", []string{"!text", "!url", "example"}, 2},
	{"PHONE_NUMBER", []string{"!text", "!phone_number"}, 1},
	{"COPY_CODE", []string{"!example"}, 1},
	{"OTP", []string{"!otp_type", "text", "autofill_text", "zero_tap_terms_accepted", "supported_apps"}, 1},
	{"FLOW", []string{"!text", "flow_id", "flow_name", "flow_action", "navigate_screen"}, 0},
	{"CATALOG", []string{"!text"}, 0},
	{"MPM", []string{"!text"}, 0},
	{"SPM", []string{"!text"}, 1},
	{"VOICE_CALL", []string{"!text"}, 1},
}

// otpTypes are the kinds of OTP button.
var otpTypes = []string{"COPY_CODE", "ONE_TAP", "ZERO_TAP"}

func (c templateCategory) value() string     { return c.name }
func (f templateHeaderFormat) value() string { return f.name }
func (b templateButtonType) value() string   { return b.name }

// enumValue is one value of an enum with what is known of it.
type enumValue interface{ value() string }

// enumValues lists the values of an enum, in order.
func enumValues[T enumValue](rows []T) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.value()
	}
	return out
}

// enumIndex looks up the values of an enum by name.
func enumIndex[T enumValue](rows []T) map[string]T {
	out := make(map[string]T, len(rows))
	for _, r := range rows {
		out[r.value()] = r
	}
	return out
}

var (
	categories    = enumValues(templateCategories)
	headerFormats = enumValues(templateHeaderFormats)
	buttonTypes   = enumValues(templateButtonTypes)

	categoryByName     = enumIndex(templateCategories)
	headerFormatByName = enumIndex(templateHeaderFormats)
	buttonTypeByName   = enumIndex(templateButtonTypes)
)

// orList writes values for a description: "`A`, `B` or `C`".
func orList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "`" + v + "`"
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
