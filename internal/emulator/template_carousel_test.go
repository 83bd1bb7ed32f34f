package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func card(comps ...map[string]any) map[string]any {
	list := make([]any, len(comps))
	for i, c := range comps {
		list[i] = c
	}
	return map[string]any{"components": list}
}

func carousel(cards ...map[string]any) map[string]any {
	list := make([]any, len(cards))
	for i, c := range cards {
		list[i] = c
	}
	return map[string]any{"type": "CAROUSEL", "cards": list}
}

// mediaCards returns n image cards with a quick reply and a URL button.
func mediaCards(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = card(imageHeader(fmt.Sprintf("4::an%d", i)),
			buttons(quickReply("Send me more like this!"), urlButton("https://www.luckyshrub.com/rare-succulents/{{1}}", fmt.Sprintf("PLANT_%d", i))))
	}
	return out
}

func carouselTemplate(cards ...map[string]any) map[string]any {
	return tmpl("MARKETING", body("Rare succulents for sale! {{1}}, add these to your collection.", "Pablo"), carousel(cards...))
}

func productCard(b map[string]any) map[string]any {
	return card(header("PRODUCT"), buttons(b))
}

// Meta's media card carousel page: carousel_template_media_cards_v1, with
// lower-case types as the page writes them.
func metaMediaCarousel() map[string]any {
	mediaCard := func(suffix string) map[string]any {
		return map[string]any{"components": []any{
			map[string]any{"type": "header", "format": "image", "example": map[string]any{"header_handle": []any{"4::an..."}}},
			map[string]any{"type": "buttons", "buttons": []any{
				map[string]any{"type": "quick_reply", "text": "Send me more like this!"},
				map[string]any{"type": "url", "text": "Shop", "url": "https://www.luckyshrub.com/rare-succulents/{{1}}", "example": []any{suffix}},
			}},
		}}
	}
	return map[string]any{
		"name": "carousel_template_media_cards_v1", "language": "en_US", "category": "marketing",
		"components": []any{
			map[string]any{"type": "body",
				"text":    "Rare succulents for sale! {{1}}, add these unique plants to your collection. Each of these rare succulents are {{2}} if you checkout using code {{3}}. Shop now and add some unique and beautiful plants to your collection!",
				"example": map[string]any{"body_text": []any{[]any{"Pablo", "30%", "30OFF"}}}},
			map[string]any{"type": "carousel", "cards": []any{mediaCard("BLUE_ELF"), mediaCard("BUDDHA"), mediaCard("BLACK_PRINCE")}},
		},
	}
}

func TestCarouselTemplatesValid(t *testing.T) {
	withBodies := make([]map[string]any, 2)
	for i := range withBodies {
		withBodies[i] = card(header("VIDEO", "example", map[string]any{"header_handle": []any{"4::dmlk"}}),
			body("Only {{1}} left in stock today.", "3"),
			buttons(map[string]any{"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+15550051310"}))
	}
	checkValid(t, map[string]map[string]any{
		"media cards from Meta's page": metaMediaCarousel(),
		"video cards with bodies":      carouselTemplate(withBodies...),
		"ten cards":                    carouselTemplate(mediaCards(10)...),
		// Meta's product card carousel page: carousel_template_product_cards_v1,
		// whose single body variable has a string sample.
		"product cards from Meta's page": tmpl("marketing",
			map[string]any{"type": "body", "text": "Rare succulents for sale! {{1}}, add these unique plants to your collection.", "example": map[string]any{"body_text": "Pablo"}},
			carousel(card(map[string]any{"type": "header", "format": "product"}, map[string]any{"type": "buttons", "buttons": []any{map[string]any{"type": "spm", "text": "View"}}}),
				card(map[string]any{"type": "header", "format": "product"}, map[string]any{"type": "buttons", "buttons": []any{map[string]any{"type": "spm", "text": "View"}}}))),
		"product cards with URL buttons": carouselTemplate(
			productCard(button("URL", "Buy now", "url", "https://www.luckyshrub.com/rare-succulents/{{1}}", "example", []any{"BUDDHA"})),
			productCard(button("URL", "Buy now", "url", "https://www.luckyshrub.com/rare-succulents/{{1}}", "example", []any{"ELF"}))),
	})
}

func TestCarouselTemplateRules(t *testing.T) {
	two := mediaCards(2)
	qr := quickReply("More")
	withCard := func(i int, c map[string]any) map[string]any {
		cards := mediaCards(2)
		cards[i] = c
		return carouselTemplate(cards...)
	}
	img := imageHeader("4::an")
	spm := button("SPM", "View")
	checkRules(t, []ruleCase{
		{"utility carousel", with(carouselTemplate(two...), "category", "UTILITY"), 0, "Carousel not allowed"},
		{"template header beside carousel", tmpl("MARKETING", header("TEXT", "text", "Hi"), body("a"), carousel(two...)), 0, "Component not allowed"},
		{"template footer beside carousel", tmpl("MARKETING", body("a"), footer("f"), carousel(two...)), 0, "Component not allowed"},
		{"template buttons beside carousel", tmpl("MARKETING", body("a"), buttons(qr), carousel(two...)), 0, "Component not allowed"},
		{"message body over 1024", tmpl("MARKETING", body(strings.Repeat("b", 1025)), carousel(two...)), 2388040, "Character limit exceeded"},
		{"two carousels", tmpl("MARKETING", body("a"), carousel(two...), carousel(two...)), 0, "Too many components"},
		{"one card", carouselTemplate(mediaCards(1)...), 0, "Invalid number of cards"},
		{"eleven cards", carouselTemplate(mediaCards(11)...), 0, "Invalid number of cards"},
		{"card not an object", tmpl("MARKETING", body("a"), map[string]any{"type": "CAROUSEL", "cards": []any{"x", "y"}}), 0, "Invalid card"},
		{"card without header", withCard(1, card(buttons(qr))), 2388047, "Card header missing"},
		{"card text header", withCard(0, card(header("TEXT", "text", "Hi"), buttons(qr))), 2388047, "Invalid card header format"},
		{"card header without handle", withCard(0, card(header("IMAGE"), buttons(qr, urlButton("https://a.example/{{1}}", "x")))), 0, "Header sample missing"},
		{"card footer", withCard(0, card(img, footer("f"), buttons(qr))), 0, "Component not allowed in a card"},
		{"card with two bodies", withCard(0, card(img, body("a"), body("b"), buttons(qr))), 0, "Too many components"},
		{"card body over 160", withCard(0, card(img, body(strings.Repeat("c", 161)), buttons(qr))), 2388040, "Character limit exceeded"},
		{"card body variable without sample", withCard(0, card(img, body("Only {{1}} left."), buttons(qr))), 0, "Sample values missing"},
		{"card body variable at the end", withCard(0, card(img, body("Only {{1}}", "3"), buttons(qr))), 2388299, "Variables can't be at the start or end of the template"},
		{"one card with a body", carouselTemplate(card(img, body("Fresh"), buttons(qr)), card(img, buttons(qr))), 0, "Cards must match"},
		{"image and video cards", carouselTemplate(card(img, buttons(qr)), card(header("VIDEO", "example", map[string]any{"header_handle": []any{"4::v"}}), buttons(qr))), 2388047, "Cards must match"},
		{"buttons in another order", carouselTemplate(card(img, buttons(qr, urlButton("https://a.example"))), card(img, buttons(urlButton("https://a.example"), qr))), 0, "Cards must match"},
		{"buttons of another type", carouselTemplate(card(img, buttons(qr)), card(img, buttons(urlButton("https://a.example")))), 0, "Cards must match"},
		{"card without buttons", withCard(0, card(img)), 0, "Card buttons missing"},
		{"card with no button", withCard(0, card(img, buttons())), 0, "Invalid number of buttons"},
		{"card with three buttons", withCard(0, card(img, buttons(qr, quickReply("b"), quickReply("c")))), 0, "Invalid number of buttons"},
		{"card copy code button", withCard(0, card(img, buttons(copyCode("SAVE")))), 0, "Invalid card button"},
		{"card with two phone buttons", withCard(0, card(img, buttons(button("PHONE_NUMBER", "Call", "phone_number", "+1555"), button("PHONE_NUMBER", "Call 2", "phone_number", "+1556")))), 0, "Too many buttons"},
		{"card url button not http", withCard(0, card(img, buttons(qr, urlButton("ftp://a.example")))), 0, "Invalid URL"},
		{"card button text over 25", withCard(0, card(img, buttons(quickReply(strings.Repeat("q", 26))))), 0, "Invalid button text"},
		{"product card with body", carouselTemplate(card(header("PRODUCT"), body("a"), buttons(spm)), card(header("PRODUCT"), body("a"), buttons(spm))), 0, "Component not allowed in a card"},
		{"product card with two buttons", carouselTemplate(productCard(spm), card(header("PRODUCT"), buttons(spm, spm))), 0, "Invalid number of buttons"},
		{"product card quick reply", carouselTemplate(productCard(qr), productCard(qr)), 0, "Invalid card button"},
		{"product and media cards", carouselTemplate(productCard(urlButton("https://a.example")), card(img, buttons(urlButton("https://a.example")))), 2388047, "Cards must match"},
	})
}

// Carousel cards read back in order, with upper-case types and formats and
// each media header's sample as its own CDN URL.
func TestCarouselReadShape(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(metaMediaCarousel())
	r := h.template(id, "components")
	comps := r.body["components"].([]any)
	if len(comps) != 2 || comps[0].(map[string]any)["type"] != "BODY" {
		t.Fatalf("components %s", r.raw)
	}
	c := comps[1].(map[string]any)
	cards := c["cards"].([]any)
	if c["type"] != "CAROUSEL" || len(cards) != 3 {
		t.Fatalf("carousel %v", c)
	}
	urls := map[string]bool{}
	for i, item := range cards {
		cc := item.(map[string]any)["components"].([]any)
		hdr, btns := cc[0].(map[string]any), cc[1].(map[string]any)
		url := hdr["example"].(map[string]any)["header_handle"].([]any)[0].(string)
		if hdr["type"] != "HEADER" || hdr["format"] != "IMAGE" || !strings.HasPrefix(url, "https://scontent.whatsapp.net/v/t61.29466-34/") || !strings.Contains(url, "_n.jpg?") {
			t.Fatalf("card %d header %v", i, hdr)
		}
		urls[url] = true
		b := btns["buttons"].([]any)
		if btns["type"] != "BUTTONS" || b[0].(map[string]any)["type"] != "QUICK_REPLY" || b[1].(map[string]any)["type"] != "URL" {
			t.Fatalf("card %d buttons %v", i, btns)
		}
		want := []string{"BLUE_ELF", "BUDDHA", "BLACK_PRINCE"}[i]
		if ex := b[1].(map[string]any)["example"].([]any)[0]; ex != want {
			t.Fatalf("card %d out of order: %v", i, ex)
		}
	}
	if len(urls) != 3 {
		t.Fatalf("card samples share URLs: %v", urls)
	}
	// The same URLs come back on every read, and in the list.
	again := h.template(id, "components").body["components"].([]any)[1].(map[string]any)["cards"].([]any)
	first := again[0].(map[string]any)["components"].([]any)[0].(map[string]any)["example"].(map[string]any)["header_handle"].([]any)[0].(string)
	if !urls[first] {
		t.Fatalf("sample URL changed between reads: %s", first)
	}
	list := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?fields=components", nil)).data()
	if len(list) != 1 || list[0]["components"].([]any)[1].(map[string]any)["type"] != "CAROUSEL" {
		t.Fatalf("list %v", list)
	}
}

// Review rules match the text of carousel cards.
func TestCarouselCardTextReviewed(t *testing.T) {
	h := newHarness(t, Options{})
	if _, err := h.e.Review(ReviewRule{ContentRegex: "(?i)miracle cure", Status: "REJECTED", Reason: "SCAM"}); err != nil {
		t.Fatal(err)
	}
	cards := mediaCards(2)
	cards[1] = card(imageHeader("4::x"), body("A miracle cure for {{1}} plants.", "sad"), buttons(quickReply("Send me more like this!"), urlButton("https://a.example/{{1}}", "x")))
	cards[0] = card(imageHeader("4::y"), body("Fresh soil for {{1}} plants.", "happy"), buttons(quickReply("Send me more like this!"), urlButton("https://a.example/{{1}}", "y")))
	id := h.create(carouselTemplate(cards...))
	if r := h.template(id, "status,rejected_reason"); r.str("status") != "REJECTED" || r.str("rejected_reason") != "SCAM" {
		t.Fatalf("card text not reviewed: %s", r.raw)
	}
}
