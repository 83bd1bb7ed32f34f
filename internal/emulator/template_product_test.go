package emulator

import (
	"strings"
	"testing"
)

func namedBody(text string, kv ...string) map[string]any {
	params := []any{}
	for i := 0; i+1 < len(kv); i += 2 {
		params = append(params, map[string]any{"param_name": kv[i], "example": kv[i+1]})
	}
	return map[string]any{"type": "BODY", "text": text, "example": map[string]any{"body_text_named_params": params}}
}

// Valid shapes from Meta's family pages.
func TestProductTemplatesValid(t *testing.T) {
	checkValid(t, map[string]map[string]any{
		// Coupon code templates: coupon_code_fall2023_25off.
		"coupon code": tmpl("MARKETING",
			header("TEXT", "text", "Our Fall Sale is on!"),
			body("Shop now through November and use code {{1}} to get {{2}} off of all merchandise!", "25OFF", "25%"),
			buttons(quickReply("Unsubscribe"), copyCode("250FF"))),
		// Catalog templates: intro_catalog_offer.
		"catalog": tmpl("MARKETING",
			body("Now shop for your favorite products right here on WhatsApp! Get Rs {{1}} off on all orders above {{2}}Rs! Valid for your first {{3}} orders placed on WhatsApp!", "100", "400", "3"),
			footer("Best grocery deals on WhatsApp!"),
			buttons(button("CATALOG", "View catalog"))),
		// Multi-product message templates: abandoned_cart.
		"multi-product": tmpl("MARKETING",
			header("TEXT", "text", "Forget something, {{1}}?", "example", map[string]any{"header_text": []any{"Pablo"}}),
			body("Looks like you left these items in your cart, still interested? Use code {{1}} to get 10% off!", "10OFF"),
			buttons(button("MPM", "View items"))),
		// Single-product message templates: spm_template_named_params.
		"single-product": with(tmpl("marketing",
			map[string]any{"type": "header", "format": "product"},
			namedBody("Use code {{code}} to get {{percent}} off our newest succulent!", "code", "15OFF", "percent", "15%"),
			map[string]any{"type": "footer", "text": "Offer ends September 22, 2024"},
			map[string]any{"type": "buttons", "buttons": []any{map[string]any{"type": "spm", "text": "View"}}}),
			"parameter_format", "named"),
		// The components page writes positional body samples as a flat array.
		"flat body samples": tmpl("UTILITY", map[string]any{"type": "BODY", "text": "Your order {{1}} leaves our warehouse {{2}} by courier.",
			"example": map[string]any{"body_text": []any{"A1", "today"}}}),
	})
}

func TestProductTemplateRules(t *testing.T) {
	spmHeader := header("PRODUCT")
	spm := button("SPM", "View")
	mpm := button("MPM", "View items")
	catalog := button("CATALOG", "View catalog")
	textHeader := header("TEXT", "text", "Our picks")
	checkRules(t, []ruleCase{
		{"copy code longer than 15", tmpl("MARKETING", body("a"), buttons(copyCode("SUMMER2025SPECIAL"))), 2388040, "Character limit exceeded"},
		{"copy code without code", tmpl("MARKETING", body("a"), buttons(copyCode(""))), 0, "Offer code missing"},
		{"two copy codes", tmpl("MARKETING", body("a"), buttons(copyCode("A"), copyCode("B"))), 0, "Too many buttons"},
		{"spm body over 160", tmpl("MARKETING", spmHeader, body(strings.Repeat("b", 161)), buttons(spm)), 2388040, "Character limit exceeded"},
		{"spm without product header", tmpl("MARKETING", body("a"), buttons(spm)), 2388047, "Product header missing"},
		{"product header without spm", tmpl("MARKETING", spmHeader, body("a"), buttons(quickReply("x"))), 2388047, "Invalid header format"},
		{"spm in utility", tmpl("UTILITY", spmHeader, body("a"), buttons(spm)), 0, "Button not allowed"},
		{"spm with another button", tmpl("MARKETING", spmHeader, body("a"), buttons(spm, quickReply("x"))), 0, "Invalid button combination"},
		{"spm without text", tmpl("MARKETING", spmHeader, body("a"), buttons(button("SPM", ""))), 0, "Invalid button text"},
		{"mpm without header", tmpl("MARKETING", body("a"), buttons(mpm)), 2388047, "Text header missing"},
		{"mpm with image header", tmpl("MARKETING", imageHeader("4::aW"), body("a"), buttons(mpm)), 2388047, "Text header missing"},
		{"mpm in utility", tmpl("UTILITY", textHeader, body("a"), buttons(mpm)), 0, "Button not allowed"},
		{"catalog with header", tmpl("MARKETING", textHeader, body("a"), buttons(catalog)), 2388047, "Header not allowed"},
		{"catalog in utility", tmpl("UTILITY", body("a"), buttons(catalog)), 0, "Button not allowed"},
		{"catalog with another button", tmpl("MARKETING", body("a"), buttons(catalog, quickReply("x"))), 0, "Invalid button combination"},
	})
}
