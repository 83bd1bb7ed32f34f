package emulator

// Templates built around a catalog button. Each is a MARKETING template whose
// button is the only one (validateButtons); the rules below are the
// component shape Meta's page for the family gives.

// spmBodyLimit is the BODY limit of single-product message templates.
const spmBodyLimit = 160

// catalogButtonTypes are the buttons whose template family is checked here.
var catalogButtonTypes = []string{"CATALOG", "MPM", "SPM"}

// isSingleProduct reports a template with a PRODUCT header: a single-product
// message template.
func isSingleProduct(comps []map[string]any) bool {
	h := componentOf(comps, "HEADER")
	return h != nil && h["format"] == "PRODUCT"
}

// componentOf returns the first component of a type, or nil.
func componentOf(comps []map[string]any, typ string) map[string]any {
	for _, c := range comps {
		if c["type"] == typ {
			return c
		}
	}
	return nil
}

// buttonTypes lists the types of a BUTTONS component's buttons, in order.
func buttonTypes(c map[string]any) []string {
	raw, _ := listOf(c, "buttons")
	out := make([]string, 0, len(raw))
	for _, item := range raw {
		b, _ := item.(map[string]any)
		t, _ := strOf(b, "type")
		out = append(out, t)
	}
	return out
}

// validateProductTemplate applies the rules of the catalog, multi-product and
// single-product families to a standard (not carousel, not limited-time
// offer) template. The components themselves are checked by
// validateComponents.
func validateProductTemplate(r componentRules, comps []map[string]any) *graphError {
	header := componentOf(comps, "HEADER")
	headerFormat := ""
	if header != nil {
		headerFormat, _ = strOf(header, "format")
	}
	var family string
	for _, t := range buttonTypes(componentOf(comps, "BUTTONS")) {
		if contains(catalogButtonTypes, t) {
			family = t
		}
	}
	if headerFormat == "PRODUCT" && family != "SPM" {
		return errInvalid(subcodeHeaderFormat, "Invalid header format",
			"A PRODUCT header is only allowed in single-product message templates, whose one button is an SPM button.")
	}
	if family == "" {
		return nil
	}
	if r.category != "MARKETING" {
		return invalid("Button not allowed", "%s buttons are only allowed in MARKETING templates.", family)
	}
	switch family {
	case "SPM":
		// Single-product message templates
		// (developers.facebook.com/documentation/business-messaging/whatsapp/templates/marketing-templates/spm-templates):
		// a PRODUCT header (image, title and price come from the catalog), a
		// BODY of at most 160 characters, an optional FOOTER and one SPM
		// button. The body limit is checked by validateComponents.
		if headerFormat != "PRODUCT" {
			return errInvalid(subcodeHeaderFormat, "Product header missing",
				"Single-product message templates need a HEADER with format PRODUCT before the SPM button.")
		}
	case "MPM":
		// Multi-product message templates
		// (…/whatsapp/templates/marketing-templates/mpm-templates): one
		// HEADER, one BODY, an optional FOOTER and one MPM button; the
		// header is TEXT (at most 60 characters and one variable).
		if headerFormat != "TEXT" {
			return errInvalid(subcodeHeaderFormat, "Text header missing",
				"Multi-product message templates need a TEXT HEADER.")
		}
	case "CATALOG":
		// Catalog templates
		// (…/whatsapp/templates/marketing-templates/catalog-templates): a
		// BODY, an optional FOOTER and the CATALOG button. The message shows
		// a product thumbnail as its header, chosen when it is sent, so the
		// template has no HEADER.
		if header != nil {
			return errInvalid(subcodeHeaderFormat, "Header not allowed",
				"Catalog templates can't have a HEADER: the message shows the product thumbnail chosen when it is sent.")
		}
	}
	return nil
}
