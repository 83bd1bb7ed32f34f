package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Unset fields of the models below are null: the zero value of a framework value is null.

func sv(s string) types.String { return types.StringValue(s) }

func svList(values ...string) []types.String {
	out := make([]types.String, 0, len(values))
	for _, v := range values {
		out = append(out, types.StringValue(v))
	}
	return out
}

func newButton(typ, text string) templateButtonModel {
	b := templateButtonModel{Type: sv(typ)}
	if text != "" {
		b.Text = sv(text)
	}
	return b
}

func newURLButton(text, url, example string) templateButtonModel {
	b := newButton("URL", text)
	b.URL = sv(url)
	if example != "" {
		b.Example = sv(example)
	}
	return b
}

func newPhoneButton() templateButtonModel {
	b := newButton("PHONE_NUMBER", "Call us")
	b.PhoneNumber = sv("+15551234567")
	return b
}

func newCopyCodeButton(code string) templateButtonModel {
	b := newButton("COPY_CODE", "")
	b.Example = sv(code)
	return b
}

func newOTPButton(otpType string) templateButtonModel {
	b := newButton("OTP", "")
	b.OTPType = sv(otpType)
	if otpType != "COPY_CODE" {
		b.AutofillText = sv("Autofill")
		b.SupportedApps = []supportedAppModel{{PackageName: sv("com.example.app"), SignatureHash: sv("K8a/AINcGX7")}}
	}
	if otpType == "ZERO_TAP" {
		b.ZeroTapTermsAccepted = types.BoolValue(true)
	}
	return b
}

func newFlowButton() templateButtonModel {
	b := newButton("FLOW", "Book now")
	b.FlowID = sv("1234567890")
	b.FlowAction = sv("navigate")
	b.NavigateScreen = sv("WELCOME")
	return b
}

// utilityTemplate: positional variables in header and body, a footer and a URL button with a variable.
func validUtilityTemplate() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("order_update"), Language: sv("en_US"), Category: sv("UTILITY"), ParameterFormat: sv(formatPositional),
		MessageSendTTLSeconds: types.Int64Value(3600),
		Header:                &templateHeaderModel{Format: sv("TEXT"), Text: sv("Order {{1}}"), Example: sv("#1234")},
		Body:                  &templateBodyModel{Text: sv("Hi {{1}}, your order {{2}} has shipped."), Examples: svList("Ana", "#1234")},
		Footer:                &templateFooterModel{Text: sv("Thanks for shopping with us")},
		Buttons:               []templateButtonModel{newURLButton("Track", "https://example.com/track/{{1}}", "https://example.com/track/1234")},
	}
}

// marketingTemplate: named variables, quick replies then a coupon code.
func validMarketingTemplate() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("summer_sale"), Language: sv("pt_BR"), Category: sv("MARKETING"), ParameterFormat: sv(formatNamed),
		MessageSendTTLSeconds: types.Int64Value(86400),
		Body: &templateBodyModel{
			Text:          sv("Hello {{first_name}}, use code {{code}} today and save on every order, {{first_name}}!"),
			NamedExamples: map[string]types.String{"first_name": sv("Ana"), "code": sv("SUMMER10")},
		},
		Footer:  &templateFooterModel{Text: sv("Reply STOP to opt out")},
		Buttons: []templateButtonModel{newButton("QUICK_REPLY", "Yes"), newButton("QUICK_REPLY", "No"), newCopyCodeButton("SUMMER10")},
	}
}

// authTemplate: a one-tap OTP button and Meta-written body and footer.
func validAuthTemplate() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("login_code"), Language: sv("en"), Category: sv(categoryAuthentication),
		MessageSendTTLSeconds: types.Int64Value(600),
		Body:                  &templateBodyModel{AddSecurityRecommendation: types.BoolValue(true)},
		Footer:                &templateFooterModel{CodeExpirationMinutes: types.Int64Value(10)},
		Buttons:               []templateButtonModel{newOTPButton("ONE_TAP")},
	}
}

// imageTemplate: an IMAGE header and a phone button; parameter_format left null (POSITIONAL).
func validImageTemplate() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("new_catalog"), Language: sv("de"), Category: sv("MARKETING"),
		Header:  &templateHeaderModel{Format: sv("IMAGE"), MediaSample: handleSample("4::aW1hZ2UvcG5n:ARb")},
		Body:    &templateBodyModel{Text: sv("Dear {{1}}, see our new collection."), Examples: svList("Ana")},
		Buttons: []templateButtonModel{newPhoneButton(), newURLButton("Shop", "https://example.com/shop", "")},
	}
}

func TestValidateTemplateValid(t *testing.T) {
	cases := map[string]func() *messageTemplateModel{
		"utility positional with URL button": validUtilityTemplate,
		"marketing named with copy code":     validMarketingTemplate,
		"authentication one tap":             validAuthTemplate,
		"image header":                       validImageTemplate,
		"authentication zero tap": func() *messageTemplateModel {
			m := validAuthTemplate()
			m.Buttons = []templateButtonModel{newOTPButton("ZERO_TAP")}
			return m
		},
		"authentication copy code without footer": func() *messageTemplateModel {
			m := validAuthTemplate()
			m.Footer, m.Body.AddSecurityRecommendation = nil, types.BoolNull()
			m.Buttons = []templateButtonModel{newOTPButton("COPY_CODE")}
			return m
		},
		"location header with flow button": func() *messageTemplateModel {
			m := validUtilityTemplate()
			m.Header = &templateHeaderModel{Format: sv("LOCATION")}
			m.Buttons = []templateButtonModel{newFlowButton(), newButton("QUICK_REPLY", "Later")}
			return m
		},
		"flow by name with data exchange": func() *messageTemplateModel {
			m := validUtilityTemplate()
			b := newButton("FLOW", "Start")
			b.FlowName, b.FlowAction = sv("booking"), sv("data_exchange")
			m.Buttons = []templateButtonModel{b}
			return m
		},
		"catalog alone": func() *messageTemplateModel {
			m := validMarketingTemplate()
			m.Buttons = []templateButtonModel{newButton("CATALOG", "View catalog")}
			return m
		},
		"no variables, no header, footer or buttons": func() *messageTemplateModel {
			return &messageTemplateModel{Category: sv("UTILITY"), Body: &templateBodyModel{Text: sv("Your appointment is confirmed.")}}
		},
		"ten quick replies and two URLs grouped": func() *messageTemplateModel {
			m := validMarketingTemplate()
			m.Buttons = nil
			for i := 0; i < 8; i++ {
				m.Buttons = append(m.Buttons, newButton("QUICK_REPLY", "Option"))
			}
			m.Buttons = append(m.Buttons, newURLButton("A", "https://a.example", ""), newURLButton("B", "http://b.example/{{1}}", "http://b.example/x"))
			return m
		},
		"unknown values skip the rules they feed": func() *messageTemplateModel {
			m := validUtilityTemplate()
			m.Body.Text = types.StringUnknown()
			m.Header.Example = types.StringUnknown()
			m.Buttons[0].URL = types.StringUnknown()
			m.Buttons = append(m.Buttons, templateButtonModel{Type: types.StringUnknown(), PhoneNumber: sv("+15551234567")})
			return m
		},
		"unknown category": func() *messageTemplateModel {
			m := validAuthTemplate()
			m.Category = types.StringUnknown()
			m.MessageSendTTLSeconds = types.Int64Value(2000000)
			return m
		},
		"unknown parameter format": func() *messageTemplateModel {
			m := validMarketingTemplate()
			m.ParameterFormat = types.StringUnknown()
			return m
		},
		"unknown example values": func() *messageTemplateModel {
			m := validUtilityTemplate()
			m.Body.Examples[1] = types.StringUnknown()
			return m
		},
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			if diags := validateTemplate(build()); diags.HasError() {
				t.Errorf("unexpected errors: %s", describeDiags(diags))
			}
		})
	}
}

func TestValidateTemplateInvalid(t *testing.T) {
	body, header, footer, ttl := path.Root("body"), path.Root("header"), path.Root("footer"), path.Root("message_send_ttl_seconds")
	button := func(i int, name string) path.Path { return path.Root("buttons").AtListIndex(i).AtName(name) }
	cases := []struct {
		name   string
		base   func() *messageTemplateModel
		change func(m *messageTemplateModel)
		path   path.Path
		want   string
	}{
		// Variables.
		{"positional out of sequence", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Hi {{2}}, order {{1}} shipped.") }, body.AtName("text"), "out of sequence"},
		{"positional starting at 0", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Hi {{0}}, order {{1}} shipped.") }, body.AtName("text"), "{{1}} is expected"},
		{"positional repeated", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Hi {{1}}, {{2}} or {{1}} shipped.") }, body.AtName("text"), "more than once"},
		{"named variable in positional template", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Hi {{name}}, order {{1}} shipped.") }, body.AtName("text"), "mixes positional"},
		{"named variables with null parameter_format", validImageTemplate, func(m *messageTemplateModel) {
			m.Body.Text, m.Body.Examples = sv("Dear {{name}}, hello."), svList("Ana")
		}, body.AtName("text"), "parameter_format is POSITIONAL"},
		{"positional variable in named template", validMarketingTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Hello {{1}}, use {{code}} now.") }, body.AtName("text"), "mixes positional"},
		{"only positional variables in named template", validMarketingTemplate, func(m *messageTemplateModel) {
			m.Body.Text = sv("Hello {{1}}, welcome.")
		}, body.AtName("text"), "parameter_format is NAMED"},
		{"invalid named variable", validMarketingTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Hello {{First-Name}}, use {{code}} now.") }, body.AtName("text"), "is neither positional"},
		{"header variable out of sequence", validUtilityTemplate, func(m *messageTemplateModel) { m.Header.Text = sv("Order {{2}}") }, header.AtName("text"), "out of sequence"},
		{"named header in positional template", validUtilityTemplate, func(m *messageTemplateModel) { m.Header.Text = sv("Order {{order}}") }, header.AtName("text"), "parameter_format is POSITIONAL"},

		// Body.
		{"too many variables for the length", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Body.Text = sv("Hi {{1}}, order {{2}} shipped.")
		}, body.AtName("text"), "2 variables and 3 words besides them"},
		{"missing body text", validUtilityTemplate, func(m *messageTemplateModel) { m.Body = &templateBodyModel{} }, body.AtName("text"), "require body.text"},
		{"missing body", validUtilityTemplate, func(m *messageTemplateModel) { m.Body = nil }, body, "requires body"},
		{"authentication body text", validAuthTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Your code is here.") }, body.AtName("text"), "Meta writes the body"},
		{"authentication body examples", validAuthTemplate, func(m *messageTemplateModel) { m.Body.Examples = svList("123456") }, body.AtName("examples"), "remove body.examples"},
		{"authentication named examples", validAuthTemplate, func(m *messageTemplateModel) {
			m.Body.NamedExamples = map[string]types.String{"code": sv("1")}
		}, body.AtName("named_examples"), "remove body.named_examples"},
		{"security recommendation outside authentication", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.AddSecurityRecommendation = types.BoolValue(true) }, body.AtName("add_security_recommendation"), "AUTHENTICATION templates only"},
		{"body starts with variable", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("  {{1}}, your order {{2}} has shipped.") }, body.AtName("text"), "must not start with a variable"},
		{"body ends with variable", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Hi {{1}}, your order is {{2}}\n ") }, body.AtName("text"), "must not end with a variable"},
		{"adjacent variables", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Hi {{1}}{{2}} shipped.") }, body.AtName("text"), "next to each other"},
		{"missing positional examples", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Examples = nil }, body.AtName("examples"), "Missing body examples"},
		{"too few positional examples", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Examples = svList("Ana") }, body.AtName("examples"), "has 1 value(s) but body.text has 2"},
		{"too many positional examples", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Examples = svList("Ana", "#1", "x") }, body.AtName("examples"), "Wrong number of body examples"},
		{"missing named examples", validMarketingTemplate, func(m *messageTemplateModel) { m.Body.NamedExamples = nil }, body.AtName("named_examples"), "first_name, code"},
		{"named example missing a variable", validMarketingTemplate, func(m *messageTemplateModel) { delete(m.Body.NamedExamples, "code") }, body.AtName("named_examples"), "{{code}}"},
		{"named example for no variable", validMarketingTemplate, func(m *messageTemplateModel) { m.Body.NamedExamples["discount"] = sv("10%") }, body.AtName("named_examples").AtMapKey("discount"), "not a variable of body.text"},
		{"positional examples in named template", validMarketingTemplate, func(m *messageTemplateModel) { m.Body.Examples = svList("Ana") }, body.AtName("examples"), "use body.named_examples"},
		{"named examples in positional template", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Body.NamedExamples = map[string]types.String{"a": sv("b")}
		}, body.AtName("named_examples"), "Named examples in a positional template"},
		{"examples without variables", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Text = sv("Your order has shipped.") }, body.AtName("examples"), "has no variables"},
		{"empty positional example", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Examples = svList("Ana", "") }, body.AtName("examples").AtListIndex(1), "must not be empty"},
		{"null positional example", validUtilityTemplate, func(m *messageTemplateModel) { m.Body.Examples[0] = types.StringNull() }, body.AtName("examples").AtListIndex(0), "must not be empty"},
		{"empty named example", validMarketingTemplate, func(m *messageTemplateModel) { m.Body.NamedExamples["code"] = sv("") }, body.AtName("named_examples").AtMapKey("code"), "must not be empty"},

		// Header.
		{"header in authentication template", validAuthTemplate, func(m *messageTemplateModel) { m.Header = &templateHeaderModel{Format: sv("TEXT"), Text: sv("Code")} }, header, "have no header"},
		{"text header without text", validUtilityTemplate, func(m *messageTemplateModel) { m.Header = &templateHeaderModel{Format: sv("TEXT")} }, header.AtName("text"), "requires header.text"},
		{"text header with media handle", validUtilityTemplate, func(m *messageTemplateModel) { m.Header.MediaHandle = sv("4::x") }, header.AtName("media_handle"), "TEXT header does not use it"},
		{"header with two variables", validUtilityTemplate, func(m *messageTemplateModel) { m.Header.Text = sv("Order {{1}} {{2}}") }, header.AtName("text"), "at most one variable"},
		{"header variable without example", validUtilityTemplate, func(m *messageTemplateModel) { m.Header.Example = types.StringNull() }, header.AtName("example"), "set header.example"},
		{"header example without variable", validUtilityTemplate, func(m *messageTemplateModel) { m.Header.Text = sv("Your order") }, header.AtName("example"), "has no variable"},
		{"empty header example", validUtilityTemplate, func(m *messageTemplateModel) { m.Header.Example = sv("") }, header.AtName("example"), "must not be empty"},
		{"image header with text", validImageTemplate, func(m *messageTemplateModel) { m.Header.Text = sv("Hi") }, header.AtName("text"), "IMAGE header does not use it"},
		{"video header with example", validImageTemplate, func(m *messageTemplateModel) {
			m.Header.Format, m.Header.Example = sv("VIDEO"), sv("x")
		}, header.AtName("example"), "VIDEO header does not use it"},
		{"text header with media file", validUtilityTemplate, func(m *messageTemplateModel) { m.Header.MediaFile = sv("photo.png") }, header.AtName("media_file"), "TEXT header does not use it"},
		{"location header with media handle", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Header = &templateHeaderModel{Format: sv("LOCATION"), MediaSample: handleSample("4::x")}
		}, header.AtName("media_handle"), "LOCATION header does not use it"},

		// Footer.
		{"authentication footer text", validAuthTemplate, func(m *messageTemplateModel) { m.Footer.Text = sv("Expires soon") }, footer.AtName("text"), "Meta writes the footer"},
		{"code expiration outside authentication", validUtilityTemplate, func(m *messageTemplateModel) { m.Footer.CodeExpirationMinutes = types.Int64Value(5) }, footer.AtName("code_expiration_minutes"), "AUTHENTICATION templates only"},
		{"footer without text", validUtilityTemplate, func(m *messageTemplateModel) { m.Footer = &templateFooterModel{} }, footer.AtName("text"), "requires footer.text"},
		{"footer with variable", validUtilityTemplate, func(m *messageTemplateModel) { m.Footer.Text = sv("Ref {{1}}") }, footer.AtName("text"), "must not contain variables"},

		// Buttons: fields by type.
		{"quick reply without text", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons[0].Text = types.StringNull() }, button(0, "text"), "requires text"},
		{"URL button without url", validUtilityTemplate, func(m *messageTemplateModel) { m.Buttons[0] = newButton("URL", "Go") }, button(0, "url"), "requires url"},
		{"URL button without text", validUtilityTemplate, func(m *messageTemplateModel) { m.Buttons[0].Text = types.StringNull() }, button(0, "text"), "requires text"},
		{"URL not http", validUtilityTemplate, func(m *messageTemplateModel) { m.Buttons[0] = newURLButton("Go", "ftp://example.com", "") }, button(0, "url"), "http:// or https://"},
		{"URL variable not at end", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Buttons[0].URL = sv("https://example.com/{{1}}/track")
		}, button(0, "url"), "at its very end"},
		{"URL variable other than 1", validUtilityTemplate, func(m *messageTemplateModel) { m.Buttons[0].URL = sv("https://example.com/{{2}}") }, button(0, "url"), "only as {{1}}"},
		{"URL with two variables", validUtilityTemplate, func(m *messageTemplateModel) { m.Buttons[0].URL = sv("https://example.com/{{1}}?a={{1}}") }, button(0, "url"), "at most one variable"},
		{"URL variable without example", validUtilityTemplate, func(m *messageTemplateModel) { m.Buttons[0].Example = types.StringNull() }, button(0, "example"), "set buttons[0].example to a sample URL"},
		{"URL example without variable", validUtilityTemplate, func(m *messageTemplateModel) { m.Buttons[0].URL = sv("https://example.com/track") }, button(0, "example"), "has no variable"},
		{"phone number on URL button", validUtilityTemplate, func(m *messageTemplateModel) { m.Buttons[0].PhoneNumber = sv("+15551234567") }, button(0, "phone_number"), "URL button does not use it"},
		{"flow id on quick reply", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons[1].FlowID = sv("1") }, button(1, "flow_id"), "QUICK_REPLY button does not use it"},
		{"phone button without number", validImageTemplate, func(m *messageTemplateModel) { m.Buttons[0].PhoneNumber = types.StringNull() }, button(0, "phone_number"), "requires phone_number"},
		{"copy code with text", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons[2].Text = sv("Copy") }, button(2, "text"), "COPY_CODE button does not use it"},
		{"copy code without example", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons[2].Example = types.StringNull() }, button(2, "example"), "requires example"},
		{"copy code too long", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons[2].Example = sv("ABCDEFGHIJKLMNOP") }, button(2, "example"), "1 to 15 characters"},
		{"copy code in authentication", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons = append(m.Buttons, newCopyCodeButton("X1")) }, button(1, "type"), "exactly one OTP button"},
		{"OTP in marketing", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons = append(m.Buttons, newOTPButton("COPY_CODE")) }, button(3, "type"), "AUTHENTICATION templates only"},
		{"OTP without type", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons = []templateButtonModel{newButton("OTP", "")} }, button(0, "otp_type"), "requires otp_type"},
		{"one tap without apps", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons[0].SupportedApps = nil }, button(0, "supported_apps"), "requires supported_apps"},
		{"zero tap without terms", validAuthTemplate, func(m *messageTemplateModel) {
			m.Buttons[0] = newOTPButton("ZERO_TAP")
			m.Buttons[0].ZeroTapTermsAccepted = types.BoolNull()
		}, button(0, "zero_tap_terms_accepted"), "zero_tap_terms_accepted = true"},
		{"zero tap terms refused", validAuthTemplate, func(m *messageTemplateModel) {
			m.Buttons[0] = newOTPButton("ZERO_TAP")
			m.Buttons[0].ZeroTapTermsAccepted = types.BoolValue(false)
		}, button(0, "zero_tap_terms_accepted"), "Zero-tap terms not accepted"},
		{"copy code OTP with apps", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons[0].OTPType = sv("COPY_CODE") }, button(0, "supported_apps"), "ONE_TAP and ZERO_TAP OTP buttons only"},
		{"copy code OTP with autofill text", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons[0].OTPType = sv("COPY_CODE") }, button(0, "autofill_text"), "ONE_TAP and ZERO_TAP"},
		{"one tap with zero tap terms", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons[0].ZeroTapTermsAccepted = types.BoolValue(true) }, button(0, "zero_tap_terms_accepted"), "ZERO_TAP OTP buttons only"},
		{"url on OTP button", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons[0].URL = sv("https://example.com") }, button(0, "url"), "OTP button does not use it"},
		{"flow without id or name", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Buttons[0] = newFlowButton()
			m.Buttons[0].FlowID = types.StringNull()
		}, button(0, "flow_id"), "set flow_id or flow_name"},
		{"flow with id and name", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Buttons[0] = newFlowButton()
			m.Buttons[0].FlowName = sv("booking")
		}, button(0, "flow_name"), "keep only one"},
		{"navigate screen with data exchange", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Buttons[0] = newFlowButton()
			m.Buttons[0].FlowAction = sv("data_exchange")
		}, button(0, "navigate_screen"), "flow_action = \"navigate\""},
		{"flow without text", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Buttons[0] = newFlowButton()
			m.Buttons[0].Text = types.StringNull()
		}, button(0, "text"), "FLOW button, which requires text"},
		{"catalog with other buttons", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons[2] = newButton("CATALOG", "View") }, button(2, "type"), "may have no other buttons"},
		{"MPM with other buttons", validMarketingTemplate, func(m *messageTemplateModel) {
			m.Buttons = []templateButtonModel{newButton("MPM", "View items"), newButton("QUICK_REPLY", "No")}
		}, button(0, "type"), "MPM button must be alone"},
		{"catalog without text", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons = []templateButtonModel{newButton("CATALOG", "")} }, button(0, "text"), "requires text"},

		// Buttons: counts and order.
		{"three URL buttons", validUtilityTemplate, func(m *messageTemplateModel) {
			m.Buttons = append(m.Buttons, newURLButton("A", "https://a.example", ""), newURLButton("B", "https://b.example", ""))
		}, button(2, "type"), "at most 2"},
		{"two phone buttons", validImageTemplate, func(m *messageTemplateModel) { m.Buttons = append(m.Buttons, newPhoneButton()) }, button(2, "type"), "Too many PHONE_NUMBER buttons"},
		{"two copy code buttons", validMarketingTemplate, func(m *messageTemplateModel) { m.Buttons = append(m.Buttons, newCopyCodeButton("B")) }, button(3, "type"), "at most 1"},
		{"two OTP buttons", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons = append(m.Buttons, newOTPButton("COPY_CODE")) }, button(1, "type"), "Too many OTP buttons"},
		{"authentication without buttons", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons = nil }, path.Root("buttons"), "exactly one OTP button"},
		{"authentication with only a quick reply", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons = []templateButtonModel{newButton("QUICK_REPLY", "Ok")} }, path.Root("buttons"), "Missing OTP button"},
		{"authentication with an extra button", validAuthTemplate, func(m *messageTemplateModel) { m.Buttons = append(m.Buttons, newButton("QUICK_REPLY", "Ok")) }, button(1, "type"), "no other"},
		{"quick replies split", validMarketingTemplate, func(m *messageTemplateModel) {
			m.Buttons = []templateButtonModel{newButton("QUICK_REPLY", "Yes"), newCopyCodeButton("A"), newButton("QUICK_REPLY", "No")}
		}, button(2, "type"), "next to each other"},

		// TTL.
		{"authentication TTL too long", validAuthTemplate, func(m *messageTemplateModel) { m.MessageSendTTLSeconds = types.Int64Value(901) }, ttl, "between 30 and 900"},
		{"utility TTL too long", validUtilityTemplate, func(m *messageTemplateModel) { m.MessageSendTTLSeconds = types.Int64Value(43201) }, ttl, "between 30 and 43200"},
		{"marketing TTL too short", validMarketingTemplate, func(m *messageTemplateModel) { m.MessageSendTTLSeconds = types.Int64Value(600) }, ttl, "between 43200 and 2592000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.base()
			tc.change(m)
			expectErrorAt(t, validateTemplate(m), tc.path, tc.want)
		})
	}
}

func TestValidateTemplateReportsOnlyTheRepeat(t *testing.T) {
	m := validUtilityTemplate()
	m.Body.Text = sv("Hi {{1}}, {{1}} and {{2}} have shipped to your home address today.")
	diags := validateTemplate(m)
	if len(diags) != 1 || diags[0].Summary() != "Repeated positional variable" {
		t.Errorf("want only the repeated variable reported, got: %s", describeDiags(diags))
	}
}

// TestValidateConfig runs the validation through the framework's decoding of a configuration.
func TestValidateConfig(t *testing.T) {
	ctx := context.Background()
	r := &messageTemplateResource{}
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	config := func(m *messageTemplateModel, unknownButtons bool) tfsdk.Config {
		m.Timeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType})}
		plan := tfsdk.Plan{Schema: sresp.Schema, Raw: tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)}
		if diags := plan.Set(ctx, m); diags.HasError() {
			t.Fatalf("building config: %s", describeDiags(diags))
		}
		if unknownButtons {
			buttons := sresp.Schema.Attributes["buttons"].GetType().(types.ListType)
			if diags := plan.SetAttribute(ctx, path.Root("buttons"), types.ListUnknown(buttons.ElemType)); diags.HasError() {
				t.Fatalf("building config: %s", describeDiags(diags))
			}
		}
		return tfsdk.Config(plan)
	}
	validate := func(c tfsdk.Config) diag.Diagnostics {
		var resp resource.ValidateConfigResponse
		r.ValidateConfig(ctx, resource.ValidateConfigRequest{Config: c}, &resp)
		return resp.Diagnostics
	}

	if diags := validate(config(validUtilityTemplate(), false)); diags.HasError() {
		t.Errorf("valid configuration: unexpected errors: %s", describeDiags(diags))
	}
	bad := validUtilityTemplate()
	bad.Buttons[0].URL = sv("example.com")
	if diags := validate(config(bad, false)); !diags.HasError() {
		t.Error("invalid configuration: want an error for buttons[0].url")
	}
	if diags := validate(config(validUtilityTemplate(), true)); len(diags) != 0 {
		t.Errorf("configuration with unknown buttons: want no diagnostics, got %s", describeDiags(diags))
	}
}

// expectErrorAt fails the test unless diags hold an error at p whose summary or detail contains want.
// A URL button's sample may be the full URL or the variable's value alone: Meta's pages show
// both, and adopted templates hold both.
func TestURLExampleForms(t *testing.T) {
	for _, example := range []string{"https://shop.example.com/track/A-1042", "A-1042"} {
		m := validUtilityTemplate()
		m.Buttons = []templateButtonModel{{Type: sv("URL"), Text: sv("Track"), URL: sv("https://shop.example.com/track/{{1}}"), Example: sv(example)}}
		if diags := validateTemplate(m); diags.HasError() {
			t.Errorf("example %q: %v", example, diags)
		}
	}
}

// handleSample is a media sample configured as a handle; "" configures none.
func handleSample(handle string) MediaSample {
	s := nullMediaSample()
	if handle != "" {
		s.MediaHandle = sv(handle)
	}
	return s
}

func expectErrorAt(t *testing.T, diags diag.Diagnostics, p path.Path, want string) {
	t.Helper()
	for _, d := range diags.Errors() {
		dp, ok := d.(diag.DiagnosticWithPath)
		if ok && dp.Path().Equal(p) && (strings.Contains(d.Summary(), want) || strings.Contains(d.Detail(), want)) {
			return
		}
	}
	t.Errorf("want an error at %s containing %q, got: %s", p, want, describeDiags(diags))
}

func describeDiags(diags diag.Diagnostics) string {
	var parts []string
	for _, d := range diags {
		s := d.Summary() + ": " + d.Detail()
		if p, ok := d.(diag.DiagnosticWithPath); ok {
			s = p.Path().String() + ": " + s
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}
