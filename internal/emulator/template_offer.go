package emulator

import (
	"fmt"
)

// Limited-time offer templates
// (developers.facebook.com/documentation/business-messaging/whatsapp/templates/marketing-templates/limited-time-offer-templates):
// an optional HEADER, a LIMITED_TIME_OFFER component
// {"type":"limited_time_offer","limited_time_offer":{"text":"…","has_expiration":true}},
// a BODY and BUTTONS.
//   - MARKETING templates only; FOOTER components are not supported.
//   - The header, if any, is IMAGE or VIDEO with a sample handle.
//   - limited_time_offer.text is required, at most 16 characters;
//     has_expiration is an optional boolean.
//   - The BODY has at most 600 characters.
//   - Buttons: the page's syntax has a COPY_CODE button (its code at most
//     15 characters) and a URL button. The URL button is required (its text
//     and url are marked required). The copy code button is required when
//     has_expiration is true, since the expiration details show the offer
//     code; when present it comes first. Meta's current table marks the
//     code "Required" without a condition, while the earlier text of the
//     same page (as 360dialog reproduces it) states both conditions; the
//     emulator follows the explicit conditions.
//   - No other component beside these (the page lists no other).

const (
	offerTextLimit = 16
	offerBodyLimit = 600
)

var (
	offerComponentTypes = []string{"HEADER", "LIMITED_TIME_OFFER", "BODY", "BUTTONS"}
	offerButtonTypes    = []string{"COPY_CODE", "URL"}
)

func validateLimitedTimeOffer(r componentRules, comps []map[string]any, counts map[string]int) *graphError {
	if r.category != "MARKETING" {
		return invalid("Limited-time offer not allowed", "Limited-time offer templates must be MARKETING templates.")
	}
	if counts["FOOTER"] > 0 {
		return invalid("Footer not allowed", "Limited-time offer templates can't have a FOOTER component.")
	}
	for _, t := range modelledComponentTypes {
		if counts[t] > 0 && !contains(offerComponentTypes, t) {
			return invalid("Component not allowed", "Limited-time offer templates can't have a %s component.", t)
		}
	}
	if h := componentOf(comps, "HEADER"); h != nil {
		format, _ := strOf(h, "format")
		if format != "IMAGE" && format != "VIDEO" {
			return errInvalid(subcodeHeaderFormat, "Invalid header format",
				fmt.Sprintf("The header of a limited-time offer template must be IMAGE or VIDEO, not %q.", format))
		}
		if err := r.media(format, headerHandle(h), "header"); err != nil {
			return err
		}
	}
	hasExpiration, err := validateOfferComponent(componentOf(comps, "LIMITED_TIME_OFFER"))
	if err != nil {
		return err
	}
	if err := validateBody(componentOf(comps, "BODY"), r.format, "BODY", offerBodyLimit); err != nil {
		return err
	}
	buttons := componentOf(comps, "BUTTONS")
	if buttons == nil {
		return invalid("URL button missing", "Limited-time offer templates need a BUTTONS component with a URL button.")
	}
	if err := validateOfferButtons(buttonTypes(buttons), hasExpiration); err != nil {
		return err
	}
	return validateButtons(buttons, r.category)
}

// validateOfferComponent checks the limited_time_offer object and returns
// has_expiration.
func validateOfferComponent(c map[string]any) (bool, *graphError) {
	offer, ok := c["limited_time_offer"].(map[string]any)
	if !ok {
		return false, invalid("Offer details missing",
			"The LIMITED_TIME_OFFER component needs a limited_time_offer object with text and has_expiration.")
	}
	text, _ := strOf(offer, "text")
	if text == "" {
		return false, invalid("Offer text missing", "limited_time_offer.text needs 1 to %d characters.", offerTextLimit)
	}
	if runes(text) > offerTextLimit {
		return false, errInvalid(subcodeCharacterLimit, "Character limit exceeded",
			fmt.Sprintf("The limited-time offer text has %d characters; the limit is %d.", runes(text), offerTextLimit))
	}
	v, present := offer["has_expiration"]
	if !present {
		return false, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return false, invalid("Invalid offer expiration", "limited_time_offer.has_expiration must be true or false.")
	}
	return b, nil
}

func validateOfferButtons(types []string, hasExpiration bool) *graphError {
	for _, t := range types {
		if !contains(offerButtonTypes, t) {
			return invalid("Button not allowed", "Limited-time offer templates take a COPY_CODE and a URL button; %q isn't allowed.", t)
		}
	}
	copyAt := -1
	for i, t := range types {
		if t == "COPY_CODE" && copyAt < 0 {
			copyAt = i
		}
	}
	switch {
	case !contains(types, "URL"):
		return invalid("URL button missing", "Limited-time offer templates need a URL button.")
	case hasExpiration && copyAt < 0:
		return invalid("Copy code button missing",
			"A limited-time offer with has_expiration true needs a COPY_CODE button with the offer code.")
	case copyAt > 0:
		return invalid("Copy code button must be first", "In a limited-time offer template the COPY_CODE button comes first.")
	}
	return nil
}
