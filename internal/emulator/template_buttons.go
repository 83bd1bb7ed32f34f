package emulator

import (
	"fmt"
	"net/url"
)

// Button rules (Meta's components page,
// developers.facebook.com/documentation/business-messaging/whatsapp/templates/components#buttons,
// and BSP button lists): 1–10 buttons; labels of at most 25 characters; at most 10
// QUICK_REPLY, 2 URL, 1 PHONE_NUMBER and 1 COPY_CODE; quick replies grouped
// together; CATALOG, MPM and SPM alone; OTP only in AUTHENTICATION
// templates (see template_auth.go). Templates built around a button
// (catalog, multi-product, single-product) add rules in template_product.go;
// VOICE_CALL buttons are in template_calling.go.

func validateButtons(c map[string]any, category string) *graphError {
	raw, _ := listOf(c, "buttons")
	if len(raw) == 0 || len(raw) > 10 {
		return invalid("Invalid number of buttons", "A BUTTONS component needs 1 to 10 buttons; this one has %d.", len(raw))
	}
	buttons := make([]map[string]any, 0, len(raw))
	counts := map[string]int{}
	firstQR, lastQR := -1, -1
	for i, item := range raw {
		b, ok := item.(map[string]any)
		if !ok {
			return invalid("Invalid button", "Each button must be an object with a type.")
		}
		t, _ := strOf(b, "type")
		counts[t]++
		if t == "QUICK_REPLY" {
			if firstQR < 0 {
				firstQR = i
			}
			lastQR = i
		}
		buttons = append(buttons, b)
	}
	limits := []struct {
		typ string
		max int
	}{{"QUICK_REPLY", 10}, {"URL", 2}, {"PHONE_NUMBER", 1}, {"COPY_CODE", 1}}
	for _, l := range limits {
		if counts[l.typ] > l.max {
			return invalid("Too many buttons", "A template can have at most %d %s button(s).", l.max, l.typ)
		}
	}
	if firstQR >= 0 && lastQR-firstQR+1 != counts["QUICK_REPLY"] {
		return invalid("Quick reply buttons must be grouped",
			"Quick reply buttons must be next to each other, not mixed in among other buttons.")
	}
	for _, only := range []string{"CATALOG", "MPM", "SPM"} {
		if counts[only] > 0 && len(buttons) != 1 {
			return invalid("Invalid button combination", "A %s button must be the only button in the template.", only)
		}
	}
	for _, b := range buttons {
		if err := validateButton(b, category); err != nil {
			return err
		}
	}
	return nil
}

func validateButton(b map[string]any, category string) *graphError {
	t, _ := strOf(b, "type")
	text, _ := strOf(b, "text")
	switch t {
	case "QUICK_REPLY", "URL", "PHONE_NUMBER", "FLOW", "CATALOG", "MPM", "SPM", "VOICE_CALL":
		if text == "" || runes(text) > 25 {
			return invalid("Invalid button text", "%s button text must be 1 to 25 characters.", t)
		}
	}
	switch t {
	case "QUICK_REPLY", "CATALOG", "MPM", "SPM":
	case "URL":
		return validateURLButton(b)
	case "PHONE_NUMBER":
		num, _ := strOf(b, "phone_number")
		if num == "" || len(num) > 20 || !buttonPhonePattern.MatchString(num) {
			return invalid("Invalid phone number", "A PHONE_NUMBER button needs phone_number of at most 20 characters: digits with an optional leading +.")
		}
	case "COPY_CODE":
		return validateCopyCodeButton(b)
	case "VOICE_CALL":
		return validateVoiceCallButton(category)
	case "OTP":
		return invalid("OTP button not allowed", "OTP buttons are only allowed in AUTHENTICATION templates.")
	case "FLOW":
		id, _ := strOf(b, "flow_id")
		name, _ := strOf(b, "flow_name")
		if id == "" && name == "" && b["flow_json"] == nil {
			return invalid("Flow missing", "A FLOW button needs flow_id, flow_name or flow_json.")
		}
	case "":
		return invalid("Button type missing", "Every button needs a type.")
	default:
		return invalid("Unsupported button type", "Button type %s isn't supported.", t)
	}
	return nil
}

func validateURLButton(b map[string]any) *graphError {
	raw, _ := strOf(b, "url")
	u, err := url.Parse(raw)
	if raw == "" || len(raw) > 2000 || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("Invalid URL", "A URL button needs an http or https url of at most 2000 characters.")
	}
	vars := variablePattern.FindAllStringSubmatchIndex(raw, -1)
	if len(vars) == 0 {
		return nil
	}
	if len(vars) > 1 || vars[0][1] != len(raw) || raw[vars[0][2]:vars[0][3]] != "1" {
		return invalid("Invalid URL variable", "A URL button can have one variable, {{1}}, and only at the end of the url.")
	}
	examples, _ := listOf(b, "example")
	if len(examples) == 0 {
		return invalid("Sample values missing", "A URL button with a variable needs a sample url suffix in example.")
	}
	if s, ok := toString(examples[0]); !ok || s == "" {
		return invalid("Sample values missing", "A URL button with a variable needs a sample url suffix in example.")
	}
	return nil
}

// Copy code buttons: Meta's coupon code templates page
// (developers.facebook.com/documentation/business-messaging/whatsapp/templates/marketing-templates/coupon-templates)
// and the components page (…/whatsapp/templates/components#copy-code-buttons):
// one COPY_CODE button per template (the count limit above); its example is
// the code to copy, required, at most 15 characters; its text can't be
// customised. Meta's utility templates page
// (…/whatsapp/templates/utility-templates/utility-templates) lists copy code
// among the buttons of UTILITY templates, so, following Meta's pages over
// the BSP material that limits them to MARKETING, both categories take one.
const copyCodeLimit = 15

func validateCopyCodeButton(b map[string]any) *graphError {
	code, _ := strOf(b, "example")
	if list, ok := listOf(b, "example"); ok && len(list) == 1 {
		code, _ = toString(list[0])
	}
	if code == "" {
		return invalid("Offer code missing", "A COPY_CODE button needs example: the code to copy, 1 to %d characters.", copyCodeLimit)
	}
	if runes(code) > copyCodeLimit {
		return errInvalid(subcodeCharacterLimit, "Character limit exceeded",
			fmt.Sprintf("The COPY_CODE example has %d characters; the limit is %d.", runes(code), copyCodeLimit))
	}
	return nil
}
