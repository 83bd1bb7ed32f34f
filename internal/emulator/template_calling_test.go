package emulator

import (
	"strings"
	"testing"
)

func TestCallingTemplatesValid(t *testing.T) {
	cpr := map[string]any{"type": "call_permission_request"}
	checkValid(t, map[string]map[string]any{
		// Call button messages and deep links: the call button template.
		"voice call button": tmpl("MARKETING", map[string]any{"type": "BODY", "text": "You can call us on WhatsApp now for faster service!"},
			buttons(button("voice_call", "Call Now"), button("URL", "Contact Support", "url", "https://www.luckyshrub.com/support"))),
		"voice call in utility": tmpl("UTILITY", body("Call us about order {{1}} today.", "A1"), buttons(button("VOICE_CALL", "Call now"))),
		// Call permission request message template: sample_cpr_template.
		"call permission request": tmpl("MARKETING", body("We would like to call you to help support your order."), cpr),
		// User call permissions: header, body, footer and the request.
		"call permission request with header and footer": tmpl("UTILITY",
			header("TEXT", "text", "Support of Order No: {{1}}", "example", map[string]any{"header_text": []any{"ON-12345"}}),
			body("We would like to call you to help support your query on Order No: {{1}} for the item {{2}}.", "ON-12345", "Avocados"),
			footer("Talk to you soon!"), cpr),
	})
}

func TestCallingTemplateRules(t *testing.T) {
	cpr := map[string]any{"type": "CALL_PERMISSION_REQUEST"}
	checkRules(t, []ruleCase{
		{"voice call without text", tmpl("MARKETING", body("a"), buttons(button("VOICE_CALL", ""))), 0, "Invalid button text"},
		{"voice call text over 25", tmpl("MARKETING", body("a"), buttons(button("VOICE_CALL", strings.Repeat("c", 26)))), 0, "Invalid button text"},
		{"voice call in authentication", authTemplate(button("VOICE_CALL", "Call")), 0, "Invalid OTP buttons"},
		{"call permission request in authentication", authTemplate(otpBody(), cpr), 0, "Component not allowed"},
		{"two call permission requests", tmpl("MARKETING", body("a"), cpr, cpr), 0, "Too many components"},
	})
}
