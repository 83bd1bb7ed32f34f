package emulator

import (
	"fmt"
	"net/url"
	"regexp"
)

// AUTHENTICATION templates are not free text. The caller only chooses
// whether to add a security recommendation, the code expiry and the OTP
// button; Meta generates the body and footer text and turns the OTP button
// into a URL button. Reads return that generated shape, not the request.

func validateAuthentication(comps []map[string]any, counts map[string]int) *graphError {
	for _, t := range []string{"HEADER", "CAROUSEL", "LIMITED_TIME_OFFER", "CALL_PERMISSION_REQUEST"} {
		if counts[t] > 0 {
			return invalid("Component not allowed", "AUTHENTICATION templates can't have a %s component.", t)
		}
	}
	if counts["BUTTONS"] != 1 {
		return invalid("OTP button missing", "AUTHENTICATION templates need one BUTTONS component with one OTP button.")
	}
	for _, c := range comps {
		switch c["type"] {
		case "BODY":
			if text, _ := strOf(c, "text"); text != "" {
				return invalid("Body text not allowed",
					"AUTHENTICATION templates use preset body text. Remove text and use add_security_recommendation instead.")
			}
			if v, ok := c["add_security_recommendation"]; ok {
				if _, isBool := toBool(v); !isBool {
					return invalid("Invalid security recommendation", "add_security_recommendation must be true or false.")
				}
			}
		case "FOOTER":
			if text, _ := strOf(c, "text"); text != "" {
				return invalid("Footer text not allowed",
					"AUTHENTICATION templates use preset footer text. Remove text and use code_expiration_minutes instead.")
			}
			n, ok := toInt(c["code_expiration_minutes"])
			if !ok || n < 1 || n > 90 {
				return invalid("Invalid code expiration", "code_expiration_minutes must be a whole number from 1 to 90.")
			}
		case "BUTTONS":
			if err := validateOTPButtons(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func validateOTPButtons(c map[string]any) *graphError {
	buttons, _ := listOf(c, "buttons")
	if len(buttons) != 1 {
		return invalid("Invalid OTP buttons", "AUTHENTICATION templates need exactly one OTP button; this one has %d buttons.", len(buttons))
	}
	b, _ := buttons[0].(map[string]any)
	if t, _ := strOf(b, "type"); t != "OTP" {
		return invalid("Invalid OTP buttons", "The button of an AUTHENTICATION template must have type OTP.")
	}
	for _, key := range []string{"text", "autofill_text"} {
		if s, _ := strOf(b, key); runes(s) > 25 {
			return invalid("Invalid button text", "The OTP button %s can have at most 25 characters.", key)
		}
	}
	otpType, _ := strOf(b, "otp_type")
	switch otpType {
	case "COPY_CODE":
		return nil
	case "ONE_TAP", "ZERO_TAP":
	default:
		return invalid("Invalid OTP type", "otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP.")
	}
	apps := supportedApps(b)
	if len(apps) < 1 || len(apps) > 5 {
		return invalid("Supported apps missing", "%s buttons need 1 to 5 supported_apps, each with package_name and signature_hash.", otpType)
	}
	for _, app := range apps {
		if app.packageName == "" || runes(app.signatureHash) != 11 {
			return invalid("Invalid supported app", "Each supported app needs a package_name and an 11-character signature_hash.")
		}
		if err := validateSupportedApp(app); err != nil {
			return err
		}
	}
	if otpType == "ZERO_TAP" {
		if accepted, _ := toBool(b["zero_tap_terms_accepted"]); !accepted {
			return invalid("Zero-tap terms not accepted", "ZERO_TAP buttons need zero_tap_terms_accepted set to true.")
		}
	}
	return nil
}

type supportedApp struct{ packageName, signatureHash string }

// Meta's one-tap autofill page, supported_apps table
// (developers.facebook.com/documentation/business-messaging/whatsapp/templates/authentication-templates/autofill-button-authentication-templates):
// package_name has at least two segments (one or more dots), each starting
// with a letter, every character a letter, digit or underscore, at most 224
// characters; signature_hash is 11 characters of a-z, A-Z, 0-9, +, / or =.
// Zero-tap templates take the same supported_apps.
var (
	androidPackagePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$`)
	signatureHashPattern  = regexp.MustCompile(`^[A-Za-z0-9+/=]{11}$`)
)

const maxPackageNameLength = 224

func validateSupportedApp(app supportedApp) *graphError {
	if len(app.packageName) > maxPackageNameLength || !androidPackagePattern.MatchString(app.packageName) {
		return invalid("Invalid package name",
			"The package_name %q isn't an Android package name: it needs at least two segments separated by dots, "+
				"each starting with a letter and made of letters, digits and underscores, at most %d characters.",
			truncate(app.packageName, 60), maxPackageNameLength)
	}
	if !signatureHashPattern.MatchString(app.signatureHash) {
		return invalid("Invalid signature hash",
			"The signature_hash must be 11 characters of letters, digits, +, / or =.")
	}
	return nil
}

// supportedApps reads supported_apps, or the older package_name and
// signature_hash on the button itself (still used in Meta's examples, where
// the hash is URL-encoded).
func supportedApps(b map[string]any) []supportedApp {
	var out []supportedApp
	if list, ok := listOf(b, "supported_apps"); ok {
		for _, item := range list {
			m, _ := item.(map[string]any)
			p, _ := strOf(m, "package_name")
			h, _ := strOf(m, "signature_hash")
			out = append(out, supportedApp{p, h})
		}
		return out
	}
	p, _ := strOf(b, "package_name")
	h, _ := strOf(b, "signature_hash")
	if p == "" && h == "" {
		return nil
	}
	if unescaped, err := url.QueryUnescape(h); err == nil {
		h = unescaped
	}
	return []supportedApp{{p, h}}
}

// renderAuthentication returns the components as Meta reads them back.
func renderAuthentication(comps []map[string]any) []any {
	out := make([]any, 0, len(comps))
	for _, c := range comps {
		switch c["type"] {
		case "BODY":
			text := "*{{1}}* is your verification code."
			body := map[string]any{"type": "BODY", "example": map[string]any{"body_text": []any{[]any{"123456"}}}}
			if v, ok := c["add_security_recommendation"]; ok {
				rec, _ := toBool(v)
				body["add_security_recommendation"] = rec
				if rec {
					text += " For your security, do not share this code."
				}
			}
			body["text"] = text
			out = append(out, body)
		case "FOOTER":
			n, _ := toInt(c["code_expiration_minutes"])
			out = append(out, map[string]any{
				"type":                    "FOOTER",
				"text":                    fmt.Sprintf("This code expires in %d minutes.", n),
				"code_expiration_minutes": n,
			})
		case "BUTTONS":
			buttons, _ := listOf(c, "buttons")
			rendered := make([]any, 0, len(buttons))
			for _, item := range buttons {
				b, _ := item.(map[string]any)
				rendered = append(rendered, renderOTPButton(b))
			}
			out = append(out, map[string]any{"type": "BUTTONS", "buttons": rendered})
		default:
			out = append(out, deepCopy(c))
		}
	}
	return out
}

func renderOTPButton(b map[string]any) map[string]any {
	otpType, _ := strOf(b, "otp_type")
	text, _ := strOf(b, "text")
	if text == "" {
		text = "Copy code"
	}
	extra := ""
	if otpType == "ONE_TAP" || otpType == "ZERO_TAP" {
		autofill, _ := strOf(b, "autofill_text")
		if autofill == "" {
			autofill = "Autofill"
		}
		if apps := supportedApps(b); len(apps) > 0 {
			extra = "&cta_display_name=" + url.QueryEscape(autofill) +
				"&package_name=" + url.QueryEscape(apps[0].packageName) +
				"&signature_hash=" + url.QueryEscape(apps[0].signatureHash)
		}
	}
	base := "https://www.whatsapp.com/otp/code/?otp_type=" + otpType
	return map[string]any{
		"type":    "URL",
		"text":    text,
		"url":     base + extra + "&code=otp{{1}}",
		"example": []any{base + extra + "&code=otp123456"},
	}
}
