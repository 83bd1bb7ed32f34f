package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// FuzzValidateTemplate runs the plan-time template rules on arbitrary templates: they never
// panic, they are deterministic, and every error they raise names an attribute (it has a path,
// and its detail starts with that attribute). Seeds: testdata/fuzz/FuzzValidateTemplate.
func FuzzValidateTemplate(f *testing.F) {
	f.Add("UTILITY", "", "TEXT", "Order {{1}}", "A-1", "Hi {{1}}, your order {{2}} has shipped.", "Ana|A-1", "Reply STOP", "URL", "Track", "https://x.example/{{1}}", "https://x.example/1", "", int64(0))
	f.Add("MARKETING", "NAMED", "IMAGE", "", "", "Hi {{first_name}}, {{deal}} today.", "first_name=Ana|deal=10%", "", "COPY_CODE", "", "", "SAVE10SAVE10SAVE10", "", int64(60))
	f.Add("AUTHENTICATION", "", "", "", "", "", "", "", "OTP", "", "", "", "ZERO_TAP", int64(600))
	f.Add("UTILITY", "POSITIONAL", "LOCATION", "{{1}}{{2}}", "", "{{1}}{{3}} {{1}}", "", "{{x}}", "FLOW", "Book", "", "", "", int64(-1))
	f.Add("", "", "TEXT", "{{", "}}", "{{ {{1}} }} {{}}", "|", "", "QUICK_REPLY", "", "", "", "", int64(0))
	f.Fuzz(func(t *testing.T, category, format, headerFormat, headerText, headerExample, bodyText, examples, footer, buttonType, buttonText, buttonURL, buttonExample, otpType string, ttl int64) {
		m := fuzzTemplate(category, format, headerFormat, headerText, headerExample, bodyText, examples, footer, buttonType, buttonText, buttonURL, buttonExample, otpType, ttl)
		first := namingAttributes(validateTemplate(m))
		second := namingAttributes(validateTemplate(m))
		if render(first) != render(second) {
			t.Fatalf("validation is not deterministic:\n%s\nvs\n%s", render(first), render(second))
		}
		for _, d := range first.Errors() {
			wp, ok := d.(diag.DiagnosticWithPath)
			if !ok || wp.Path().String() == "" {
				t.Fatalf("error without an attribute: %s: %s", d.Summary(), d.Detail())
			}
			if !strings.HasPrefix(d.Detail(), "Attribute "+wp.Path().String()+": ") || d.Summary() == "" {
				t.Fatalf("error does not name its attribute %s: %s: %s", wp.Path(), d.Summary(), d.Detail())
			}
		}
		templateVariables(bodyText)
	})
}

// fuzzTemplate builds a template model from fuzz inputs; empty strings stand for null.
func fuzzTemplate(category, format, headerFormat, headerText, headerExample, bodyText, examples, footer, buttonType, buttonText, buttonURL, buttonExample, otpType string, ttl int64) *messageTemplateModel {
	str := func(s string) types.String {
		if s == "" {
			return types.StringNull()
		}
		return types.StringValue(s)
	}
	m := &messageTemplateModel{
		Name: types.StringValue("fuzz"), Language: types.StringValue("en_US"),
		Category: str(category), ParameterFormat: str(format),
		MessageSendTTLSeconds: types.Int64Null(),
	}
	if ttl != 0 {
		m.MessageSendTTLSeconds = types.Int64Value(ttl)
	}
	if headerFormat != "" {
		m.Header = &templateHeaderModel{Format: str(headerFormat), Text: str(headerText), Example: str(headerExample), MediaSample: nullMediaSample()}
	}
	if bodyText != "" || examples != "" {
		b := &templateBodyModel{Text: str(bodyText), AddSecurityRecommendation: types.BoolNull()}
		for _, ex := range strings.Split(examples, "|") {
			if k, v, named := strings.Cut(ex, "="); named {
				if b.NamedExamples == nil {
					b.NamedExamples = map[string]types.String{}
				}
				b.NamedExamples[k] = types.StringValue(v)
			} else if examples != "" {
				b.Examples = append(b.Examples, types.StringValue(ex))
			}
		}
		m.Body = b
	}
	if footer != "" {
		m.Footer = &templateFooterModel{Text: str(footer), CodeExpirationMinutes: types.Int64Null()}
	}
	for _, bt := range strings.Split(buttonType, ",") {
		if bt == "" {
			continue
		}
		btn := templateButtonModel{
			Type: types.StringValue(bt), Text: str(buttonText), URL: str(buttonURL), PhoneNumber: types.StringNull(),
			Example: str(buttonExample), OTPType: str(otpType), AutofillText: types.StringNull(),
			ZeroTapTermsAccepted: types.BoolNull(), FlowID: types.StringNull(), FlowName: types.StringNull(),
			FlowAction: types.StringNull(), NavigateScreen: types.StringNull(),
		}
		if otpType == "ONE_TAP" {
			btn.SupportedApps = []supportedAppModel{{}}
		}
		m.Buttons = append(m.Buttons, btn)
	}
	return m
}

func render(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%v|%s|%s\n", d.Severity(), d.Summary(), d.Detail())
	}
	return b.String()
}
