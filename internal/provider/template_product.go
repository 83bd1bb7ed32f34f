package provider

import (
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Product and calling templates.
//
// A single-product template (Meta: "Single-product message templates") shows one catalog item:
// a PRODUCT header with an SPM ("View") button that opens it, marketing only. A multi-product
// template (MPM) and a catalog template (CATALOG) take their one button alone; the buttons'
// rules cover them.
//
// Calling (Meta: "Calling" templates): a VOICE_CALL button starts a WhatsApp call with the
// business, and the CALL_PERMISSION_REQUEST component asks the recipient for permission to be
// called; both in UTILITY and MARKETING templates.

func validateProduct(m *messageTemplateModel, diags *diag.Diagnostics) {
	productHeader := m.Header != nil && m.Header.Format.ValueString() == formatProduct
	spm := -1
	for i, b := range m.Buttons {
		if b.Type.ValueString() == "SPM" {
			spm = i
		}
	}
	if productHeader {
		requireMarketing(m, path.Root("header").AtName("format"), "PRODUCT header", diags)
	}
	switch {
	case productHeader && spm < 0 && allButtonTypesKnown(m):
		diags.AddAttributeError(path.Root("buttons"), "Missing SPM button", "A PRODUCT header shows a catalog item: add one SPM button (\"View\") that opens it.")
	case !productHeader && spm >= 0 && m.Header == nil:
		diags.AddAttributeError(path.Root("buttons").AtListIndex(spm).AtName("type"), "SPM button needs a product header",
			fmt.Sprintf("buttons[%d] is an SPM button, which opens the product of a PRODUCT header: set header = { format = \"PRODUCT\" }.", spm))
	case !productHeader && spm >= 0 && valueKnown(m.Header.Format):
		diags.AddAttributeError(path.Root("buttons").AtListIndex(spm).AtName("type"), "SPM button needs a product header",
			fmt.Sprintf("buttons[%d] is an SPM button, which opens the product of a PRODUCT header, but header.format is %s.", spm, m.Header.Format.ValueString()))
	}
}

// validateCatalogAndMultiProduct: a catalog template has no header (the message shows a product
// thumbnail), a multi-product template a TEXT one (Meta: "Catalog templates", "Multi-product
// message templates"); a single-product body has at most 160 characters.
func validateCatalogAndMultiProduct(m *messageTemplateModel, diags *diag.Diagnostics) {
	for _, b := range m.Buttons {
		switch b.Type.ValueString() {
		case "CATALOG":
			forbidAttributes(diags, path.Empty(), "a CATALOG template shows a product thumbnail instead", map[string]attr.Value{"header": presence(m.Header != nil)})
		case "MPM":
			if m.Header == nil || (valueKnown(m.Header.Format) && m.Header.Format.ValueString() != "TEXT") {
				diags.AddAttributeError(path.Root("header"), "Multi-product template needs a text header", "A template with an MPM button requires header = { format = \"TEXT\", text = … }.")
			}
		case "SPM":
			if bd := m.Body; bd != nil && valueKnown(bd.Text) && utf8.RuneCountInString(bd.Text.ValueString()) > cardBodyMaxLength {
				diags.AddAttributeError(path.Root("body").AtName("text"), "Body too long for a single-product template", fmt.Sprintf("A single-product template's body.text may have at most %d characters.", cardBodyMaxLength))
			}
		}
	}
}

func validateCalling(m *messageTemplateModel, diags *diag.Diagnostics) {
	cat, ok := knownCategory(m)
	// VOICE_CALL buttons need no rule of their own: only AUTHENTICATION templates refuse them,
	// and those take an OTP button alone.
	if ok && cat == categoryAuthentication && m.CallPermissionRequest.ValueBool() {
		diags.AddAttributeError(path.Root("call_permission_request"), "Call permission request not allowed", fmt.Sprintf("Call permission requests are for UTILITY and MARKETING templates only, not %s.", cat))
	}
}

// allButtonTypesKnown reports whether every button's type is known.
func allButtonTypesKnown(m *messageTemplateModel) bool {
	for _, b := range m.Buttons {
		if !valueKnown(b.Type) {
			return false
		}
	}
	return true
}
