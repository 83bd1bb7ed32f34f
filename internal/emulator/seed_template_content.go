package emulator

import (
	"strings"
)

// The content of a seeded template. A seed file mirrors an account, which
// may hold templates of every family and content the emulator does not
// model: component types such as ALBUM or TAP_TARGET_CONFIGURATION, types
// Meta adds later, and buttons of types the emulator does not know
// (ORDER_DETAILS, SEND_LOCATION, …). The modelled components are
// normalised and validated as a create would validate them; the others are
// kept verbatim, in place, and read back verbatim, so a mirrored account
// keeps content nobody models.

// modelledButtonTypes are the button types validateButton knows.
var modelledButtonTypes = []string{"QUICK_REPLY", "URL", "PHONE_NUMBER", "FLOW", "CATALOG", "MPM", "SPM",
	"COPY_CODE", "OTP", "VOICE_CALL"}

// isModelled reports a component the emulator validates: a modelled type
// and, for BUTTONS, only modelled button types.
func isModelled(c map[string]any) bool {
	t, _ := strOf(c, "type")
	t = strings.ToUpper(strings.TrimSpace(t))
	if t == "" {
		return true // refused by validation, with its reason
	}
	if !contains(modelledComponentTypes, t) {
		return false
	}
	if t != "BUTTONS" {
		return true
	}
	raw, _ := listOf(c, "buttons")
	for _, item := range raw {
		b, _ := item.(map[string]any)
		bt, _ := strOf(b, "type")
		if bt := strings.ToUpper(strings.TrimSpace(bt)); bt != "" && !contains(modelledButtonTypes, bt) {
			return false
		}
	}
	return true
}

// modelledComponents returns the components validation applies to.
func modelledComponents(comps []map[string]any) []map[string]any {
	var out []map[string]any
	for _, c := range comps {
		if isModelled(c) {
			out = append(out, c)
		}
	}
	return out
}

// seedTemplateContent returns a seeded template's components and the seed
// field a problem is reported on: the library template's generated
// components for library_template_name, else the listed components.
func seedTemplateContent(t SeedTemplate, category string) ([]map[string]any, string, *graphError) {
	if t.LibraryTemplateName != "" {
		if len(t.Components) > 0 {
			return nil, "components", invalid("Components not allowed",
				"A template from the Template Library takes its content from the library: leave components out.")
		}
		comps, err := libraryComponents(libraryRequest{name: t.LibraryTemplateName, category: category, language: t.Language,
			buttonInputs: t.LibraryTemplateButtonInputs, bodyInputs: t.LibraryTemplateBodyInputs})
		return comps, "library_template_name", err
	}
	out := make([]map[string]any, len(t.Components))
	for i, c := range t.Components {
		out[i] = deepCopy(c).(map[string]any)
		if isModelled(c) {
			normalizeComponent(out[i])
		}
	}
	if !contains(templateCategories, category) {
		return out, "components", nil // the category problem is reported already
	}
	return out, "components", validateComponents(seedComponentRules(category, t.ParameterFormat), modelledComponents(out))
}
