package emulator

import (
	"fmt"
	"strings"
)

// Carousel templates: a message BODY, then a CAROUSEL of cards that scroll
// horizontally, {"type":"CAROUSEL","cards":[{"components":[…]}, …]}.
//
// Media card carousel templates
// (developers.facebook.com/documentation/business-messaging/whatsapp/templates/marketing-templates/media-card-carousel-templates):
//   - MARKETING templates only.
//   - The message BODY has at most 1024 characters. Meta's request syntax
//     has no other component beside the BODY and the CAROUSEL, so a
//     template HEADER, FOOTER or BUTTONS is refused.
//   - 2 to 10 cards: the exact number the template will send.
//   - Each card has a HEADER with format IMAGE or VIDEO and a sample in
//     example.header_handle, an optional BODY of at most 160 characters
//     (its variables need samples), and BUTTONS: up to two, of the quick
//     reply, phone number and URL types. The request syntax gives every
//     card a BUTTONS component, so a card needs at least one button.
//   - Every card has the same components: if one card has a body, all do.
//     The buttons are the same types in the same order, since messages
//     address them by index.
//
// Product card carousel templates
// (…/whatsapp/templates/marketing-templates/product-card-carousel-templates):
//   - Each card has a HEADER with format PRODUCT (image, title and price
//     come from the catalog) and BUTTONS with one button: SPM ("View") or
//     URL. Meta's syntax for a product card has no BODY.
//   - The page needs two cards at creation and sends up to ten; the
//     emulator accepts 2 to 10, as for media cards.

const (
	minCards       = 2
	maxCards       = 10
	cardBodyLimit  = 160
	maxCardButtons = 2
)

var (
	cardComponentTypes = []string{"HEADER", "BODY", "BUTTONS"}
	mediaCardButtons   = []string{"QUICK_REPLY", "URL", "PHONE_NUMBER"}
	productCardButtons = []string{"SPM", "URL"}
)

// carouselCards returns the cards of a CAROUSEL component that are objects.
func carouselCards(c map[string]any) []map[string]any {
	raw, _ := listOf(c, "cards")
	out := make([]map[string]any, 0, len(raw))
	for _, item := range raw {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// cardComponents returns the components of a card that are objects.
func cardComponents(card map[string]any) []map[string]any {
	raw, _ := listOf(card, "components")
	out := make([]map[string]any, 0, len(raw))
	for _, item := range raw {
		if m, ok := item.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// cardShape is what every card of a carousel must share.
type cardShape struct {
	format     string
	components []string
	buttons    []string
}

func validateCarouselTemplate(r componentRules, comps []map[string]any, counts map[string]int) *graphError {
	if r.category != "MARKETING" {
		return invalid("Carousel not allowed", "Carousel templates must be MARKETING templates.")
	}
	for _, t := range modelledComponentTypes {
		if t != "BODY" && t != "CAROUSEL" && counts[t] > 0 {
			return invalid("Component not allowed", "Carousel templates have a BODY and a CAROUSEL only; remove the %s component.", t)
		}
	}
	if err := validateBody(componentOf(comps, "BODY"), r.format, "BODY", templateBodyLimit); err != nil {
		return err
	}
	raw, _ := listOf(componentOf(comps, "CAROUSEL"), "cards")
	if len(raw) < minCards || len(raw) > maxCards {
		return invalid("Invalid number of cards", "A carousel needs %d to %d cards; this one has %d.", minCards, maxCards, len(raw))
	}
	var first cardShape
	for i, item := range raw {
		n := i + 1
		card, ok := item.(map[string]any)
		list, isList := listOf(card, "components")
		if !ok || !isList || len(cardComponents(card)) != len(list) {
			return invalid("Invalid card", "Card %d must be an object with a components array of component objects.", n)
		}
		shape, err := validateCard(r, cardComponents(card), n)
		if err != nil {
			return err
		}
		if i == 0 {
			first = shape
			continue
		}
		if err := shape.matches(first, n); err != nil {
			return err
		}
	}
	return nil
}

func (s cardShape) matches(first cardShape, n int) *graphError {
	switch {
	case s.format != first.format:
		return errInvalid(subcodeHeaderFormat, "Cards must match",
			fmt.Sprintf("Every card header must have the same format: card %d is %s, card 1 is %s.", n, s.format, first.format))
	case strings.Join(s.components, ",") != strings.Join(first.components, ","):
		return invalid("Cards must match", "Every carousel card must have the same components: card %d has %s, card 1 has %s.",
			n, strings.Join(s.components, ", "), strings.Join(first.components, ", "))
	case strings.Join(s.buttons, ",") != strings.Join(first.buttons, ","):
		return invalid("Cards must match", "Every card must have the same buttons in the same order: card %d has %s, card 1 has %s.",
			n, strings.Join(s.buttons, ", "), strings.Join(first.buttons, ", "))
	}
	return nil
}

// validateCard checks card n (from 1) and returns its shape.
func validateCard(r componentRules, comps []map[string]any, n int) (cardShape, *graphError) {
	var shape cardShape
	seen := map[string]bool{}
	for _, c := range comps {
		t, _ := strOf(c, "type")
		if !contains(cardComponentTypes, t) {
			return shape, invalid("Component not allowed in a card", "Carousel cards can have a HEADER, a BODY and BUTTONS; card %d has %q.", n, t)
		}
		if seen[t] {
			return shape, invalid("Too many components", "Card %d can have at most one %s component.", n, t)
		}
		seen[t] = true
		shape.components = append(shape.components, t)
	}
	header := componentOf(comps, "HEADER")
	if header == nil {
		return shape, errInvalid(subcodeHeaderFormat, "Card header missing",
			fmt.Sprintf("Card %d needs a HEADER with format IMAGE or VIDEO (media cards) or PRODUCT (product cards).", n))
	}
	shape.format, _ = strOf(header, "format")
	buttons := componentOf(comps, "BUTTONS")
	if buttons == nil {
		return shape, invalid("Card buttons missing", "Card %d needs a BUTTONS component.", n)
	}
	shape.buttons = buttonTypes(buttons)
	var err *graphError
	switch shape.format {
	case "IMAGE", "VIDEO":
		err = validateMediaCard(r, header, componentOf(comps, "BODY"), buttons, n)
	case "PRODUCT":
		err = validateProductCard(r, comps, buttons, n)
	default:
		err = errInvalid(subcodeHeaderFormat, "Invalid card header format",
			fmt.Sprintf("Card %d header format %q isn't supported. Use IMAGE or VIDEO for media cards, PRODUCT for product cards.", n, shape.format))
	}
	return shape, err
}

func validateMediaCard(r componentRules, header, body, buttons map[string]any, n int) *graphError {
	format, _ := strOf(header, "format")
	if err := r.media(format, headerHandle(header), fmt.Sprintf("card %d header", n)); err != nil {
		return err
	}
	if body != nil {
		if err := validateBody(body, r.format, fmt.Sprintf("card %d body", n), cardBodyLimit); err != nil {
			return err
		}
	}
	return validateCardButtons(r, buttons, mediaCardButtons, maxCardButtons, n)
}

func validateProductCard(r componentRules, comps []map[string]any, buttons map[string]any, n int) *graphError {
	if componentOf(comps, "BODY") != nil {
		return invalid("Component not allowed in a card",
			"Product cards take their title and price from the catalog: card %d can't have a BODY.", n)
	}
	return validateCardButtons(r, buttons, productCardButtons, 1, n)
}

// validateCardButtons checks a card's 1 to limit buttons, each of an allowed
// type and valid as a template button.
func validateCardButtons(r componentRules, c map[string]any, allowed []string, limit, n int) *graphError {
	raw, _ := listOf(c, "buttons")
	if len(raw) == 0 || len(raw) > limit {
		return invalid("Invalid number of buttons", "Card %d needs 1 to %d buttons; it has %d.", n, limit, len(raw))
	}
	phones := 0
	for _, item := range raw {
		b, ok := item.(map[string]any)
		if !ok {
			return invalid("Invalid button", "Each button must be an object with a type.")
		}
		t, _ := strOf(b, "type")
		if !contains(allowed, t) {
			return invalid("Invalid card button", "Card %d can have %s buttons; %q isn't one of them.", n, strings.Join(allowed, ", "), t)
		}
		if t == "PHONE_NUMBER" {
			phones++
		}
		if err := validateButton(b, r.category); err != nil {
			return err
		}
	}
	if phones > 1 {
		return invalid("Too many buttons", "Card %d can have at most 1 PHONE_NUMBER button.", n)
	}
	return nil
}

// renderCarousel returns a CAROUSEL component as Meta reads it back: the
// cards in order, each media header's sample as its CDN URL.
func (t *template) renderCarousel(c map[string]any) map[string]any {
	out := deepCopy(c).(map[string]any)
	cards, _ := out["cards"].([]any)
	for i, item := range cards {
		card, _ := item.(map[string]any)
		comps, _ := card["components"].([]any)
		for j, x := range comps {
			if h, ok := x.(map[string]any); ok && h["type"] == "HEADER" {
				comps[j] = withSampleURL(h, t.mediaURLs[cardHeaderKey(i)])
			}
		}
	}
	return out
}
