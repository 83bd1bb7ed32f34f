package emulator

import (
	"strings"
	"testing"
)

func offer(text string, hasExpiration any) map[string]any {
	o := map[string]any{"text": text}
	if hasExpiration != nil {
		o["has_expiration"] = hasExpiration
	}
	return map[string]any{"type": "LIMITED_TIME_OFFER", "limited_time_offer": o}
}

// Meta's limited-time offer page: limited_time_offer_caribbean_pkg_2023.
func metaLimitedTimeOffer() map[string]any {
	return map[string]any{
		"name": "limited_time_offer_caribbean_pkg_2023", "language": "en_US", "category": "marketing",
		"components": []any{
			map[string]any{"type": "header", "format": "image", "example": map[string]any{"header_handle": []any{"4::aW..."}}},
			map[string]any{"type": "limited_time_offer", "limited_time_offer": map[string]any{"text": "Expiring offer!", "has_expiration": true}},
			map[string]any{"type": "body", "text": "Good news, {{1}}! Use code {{2}} to get 25% off all Caribbean Destination packages!",
				"example": map[string]any{"body_text": []any{[]any{"Pablo", "CARIBE25"}}}},
			map[string]any{"type": "buttons", "buttons": []any{
				map[string]any{"type": "copy_code", "example": "CARIBE25"},
				map[string]any{"type": "url", "text": "Book now!", "url": "https://awesomedestinations.com/offers?code={{1}}",
					"example": []any{"https://awesomedestinations.com/offers?ref=n3mtql"}},
			}},
		},
	}
}

func TestLimitedTimeOfferValid(t *testing.T) {
	url := urlButton("https://example.com/offers")
	checkValid(t, map[string]map[string]any{
		"Meta's example":              metaLimitedTimeOffer(),
		"no header, no expiration":    tmpl("MARKETING", offer("Today only", false), body("Half price on all plants."), buttons(url)),
		"video header":                tmpl("MARKETING", header("VIDEO", "example", map[string]any{"header_handle": []any{"4::dmlk"}}), offer("Today only", nil), body("Half price."), buttons(url)),
		"copy code without expiry":    tmpl("MARKETING", offer("Today only", false), body("Half price."), buttons(copyCode("HALF"), url)),
		"body of 600 characters":      tmpl("MARKETING", offer("Today only", false), body(strings.Repeat("b", 600)), buttons(url)),
		"offer text of 16 characters": tmpl("MARKETING", offer(strings.Repeat("o", 16), true), body("Half price."), buttons(copyCode("HALF"), url)),
	})
}

func TestLimitedTimeOfferRules(t *testing.T) {
	url := urlButton("https://example.com/offers")
	code := copyCode("CARIBE25")
	lto := offer("Expiring offer!", true)
	checkRules(t, []ruleCase{
		{"utility", tmpl("UTILITY", lto, body("a"), buttons(code, url)), 0, "Limited-time offer not allowed"},
		{"footer", tmpl("MARKETING", lto, body("a"), footer("f"), buttons(code, url)), 0, "Footer not allowed"},
		{"call permission request beside", tmpl("MARKETING", lto, body("a"), buttons(code, url), map[string]any{"type": "CALL_PERMISSION_REQUEST"}), 0, "Component not allowed"},
		{"text header", tmpl("MARKETING", header("TEXT", "text", "Hi"), lto, body("a"), buttons(code, url)), 2388047, "Invalid header format"},
		{"document header", tmpl("MARKETING", header("DOCUMENT", "example", map[string]any{"header_handle": []any{"4::x"}}), lto, body("a"), buttons(code, url)), 2388047, "Invalid header format"},
		{"image header without handle", tmpl("MARKETING", header("IMAGE"), lto, body("a"), buttons(code, url)), 0, "Header sample missing"},
		{"no offer object", tmpl("MARKETING", map[string]any{"type": "LIMITED_TIME_OFFER"}, body("a"), buttons(code, url)), 0, "Offer details missing"},
		{"offer text missing", tmpl("MARKETING", offer("", true), body("a"), buttons(code, url)), 0, "Offer text missing"},
		{"offer text over 16", tmpl("MARKETING", offer(strings.Repeat("o", 17), true), body("a"), buttons(code, url)), 2388040, "Character limit exceeded"},
		{"has_expiration not boolean", tmpl("MARKETING", offer("Soon", "yes"), body("a"), buttons(code, url)), 0, "Invalid offer expiration"},
		{"body over 600", tmpl("MARKETING", lto, body(strings.Repeat("b", 601)), buttons(code, url)), 2388040, "Character limit exceeded"},
		{"no buttons", tmpl("MARKETING", lto, body("a")), 0, "URL button missing"},
		{"no URL button", tmpl("MARKETING", lto, body("a"), buttons(code)), 0, "URL button missing"},
		{"expiring without copy code", tmpl("MARKETING", lto, body("a"), buttons(url)), 0, "Copy code button missing"},
		{"copy code after URL", tmpl("MARKETING", lto, body("a"), buttons(url, code)), 0, "Copy code button must be first"},
		{"quick reply", tmpl("MARKETING", lto, body("a"), buttons(code, url, quickReply("Stop"))), 0, "Button not allowed"},
		{"code over 15", tmpl("MARKETING", lto, body("a"), buttons(copyCode("CARIBBEAN2025SALE"), url)), 2388040, "Character limit exceeded"},
		{"two offers", tmpl("MARKETING", lto, lto, body("a"), buttons(code, url)), 0, "Too many components"},
		{"offer in a carousel template", tmpl("MARKETING", lto, body("a"), carousel(mediaCards(2)...)), 0, "Component not allowed"},
		{"offer in authentication", authTemplate(otpBody(), lto), 0, "Component not allowed"},
	})
}

// The limited_time_offer object reads back as sent, with the other
// components in Meta's shape.
func TestLimitedTimeOfferReadShape(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(metaLimitedTimeOffer())
	comps := h.template(id, "components").body["components"].([]any)
	types := []string{}
	for _, c := range comps {
		types = append(types, c.(map[string]any)["type"].(string))
	}
	if strings.Join(types, ",") != "HEADER,LIMITED_TIME_OFFER,BODY,BUTTONS" {
		t.Fatalf("types %v", types)
	}
	hdr := comps[0].(map[string]any)
	if url := hdr["example"].(map[string]any)["header_handle"].([]any)[0].(string); hdr["format"] != "IMAGE" || !strings.HasPrefix(url, "https://scontent.whatsapp.net/") {
		t.Fatalf("header %v", hdr)
	}
	o := comps[1].(map[string]any)["limited_time_offer"].(map[string]any)
	if len(o) != 2 || o["text"] != "Expiring offer!" || o["has_expiration"] != true {
		t.Fatalf("offer %v", o)
	}
	b := comps[3].(map[string]any)["buttons"].([]any)
	if c := b[0].(map[string]any); c["type"] != "COPY_CODE" || c["example"] != "CARIBE25" {
		t.Fatalf("copy code %v", c)
	}
}
