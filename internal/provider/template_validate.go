package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// supportedLanguages are the language and locale codes Meta accepts for message templates.
var supportedLanguages = []string{
	"af", "sq", "ar", "az", "bn", "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da", "nl",
	"en", "en_GB", "en_US", "et", "fil", "fi", "fr", "ka", "de", "el", "gu", "ha", "he", "hi",
	"hu", "id", "ga", "it", "ja", "kn", "kk", "rw_RW", "ko", "ky_KG", "lo", "lv", "lt", "mk",
	"ms", "ml", "mr", "nb", "fa", "pl", "pt_BR", "pt_PT", "pa", "ro", "ru", "sr", "sk", "sl",
	"es", "es_AR", "es_ES", "es_MX", "sw", "sv", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zu",
}

var (
	namedVariableName      = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	positionalVariableName = regexp.MustCompile(`^[0-9]+$`)
)

// ValidateConfig rejects at plan time the templates Meta would refuse at apply time.
func (r *messageTemplateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m messageTemplateModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return // e.g. a whole nested object or list is not known yet: nothing to check
	}
	resp.Diagnostics.Append(namingAttributes(validateTemplate(&m))...)
}

// namingAttributes puts the attribute path in each diagnostic's text: Terraform points at
// attributes nested in lists only by their enclosing resource.
func namingAttributes(in diag.Diagnostics) diag.Diagnostics {
	out := make(diag.Diagnostics, 0, len(in))
	for _, d := range in {
		if wp, ok := d.(diag.DiagnosticWithPath); ok && d.Severity() == diag.SeverityError {
			d = diag.NewAttributeErrorDiagnostic(wp.Path(), d.Summary(), "Attribute "+wp.Path().String()+": "+d.Detail())
		}
		out = append(out, d)
	}
	return out
}

// validateTemplate checks the rules between attributes. An unknown value skips the rules it feeds.
func validateTemplate(m *messageTemplateModel) diag.Diagnostics {
	var diags diag.Diagnostics
	validateHeader(m, &diags)
	validateBody(m, &diags)
	validateFooter(m, &diags)
	validateButtons(m, &diags)
	validateProduct(m, &diags)
	validateCatalogAndMultiProduct(m, &diags)
	validateCalling(m, &diags)
	validateOffer(m, &diags)
	validateCarousel(m, &diags)
	validateLibrary(m, &diags)
	validateTTL(m, &diags)
	return diags
}

func valueKnown(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// knownCategory returns the category and whether it is known.
func knownCategory(m *messageTemplateModel) (string, bool) {
	return m.Category.ValueString(), valueKnown(m.Category)
}

// knownParameterFormat returns POSITIONAL (also for null) or NAMED, and whether it is known.
func knownParameterFormat(m *messageTemplateModel) (string, bool) {
	if m.ParameterFormat.IsNull() {
		return formatPositional, true
	}
	return m.ParameterFormat.ValueString(), !m.ParameterFormat.IsUnknown()
}

// validateVariables checks the variables of text against parameter_format and returns their
// distinct names in order of first appearance.
func validateVariables(m *messageTemplateModel, p path.Path, text string, diags *diag.Diagnostics) []string {
	format, ok := knownParameterFormat(m)
	var names []string
	seen := map[string]bool{}
	positional, named, next := 0, 0, 0 // next: the number the next new positional variable must have
	for _, v := range templateVariables(text) {
		switch {
		case positionalVariableName.MatchString(v):
			positional++
			if !ok || format != formatPositional {
				break
			}
			if seen[v] {
				diags.AddAttributeError(p, "Repeated positional variable", fmt.Sprintf("%s uses {{%s}} more than once; each positional variable may appear only once.", p, v))
				break
			}
			if next++; v != fmt.Sprint(next) {
				diags.AddAttributeError(p, "Positional variables out of sequence",
					fmt.Sprintf("%s has {{%s}} where {{%d}} is expected: number positional variables {{1}}, {{2}}… in order of appearance.", p, v, next))
			}
		case namedVariableName.MatchString(v):
			named++
		default:
			diags.AddAttributeError(p, "Invalid template variable",
				fmt.Sprintf("Variable {{%s}} in %s is neither positional ({{1}}, {{2}}…) nor named (lowercase letters, digits and underscores, starting with a letter, such as {{first_name}}).", v, p))
		}
		if !seen[v] {
			seen[v] = true
			names = append(names, v)
		}
	}
	switch {
	case positional > 0 && named > 0:
		diags.AddAttributeError(p, "Mixed variable forms", fmt.Sprintf("%s mixes positional ({{1}}) and named ({{name}}) variables: use only the form parameter_format selects.", p))
	case ok && format == formatPositional && named > 0:
		diags.AddAttributeError(p, "Named variable in a positional template", fmt.Sprintf("%s has named variables but parameter_format is POSITIONAL: set parameter_format = \"NAMED\" or use {{1}}, {{2}}….", p))
	case ok && format == formatNamed && positional > 0:
		diags.AddAttributeError(p, "Positional variable in a named template", fmt.Sprintf("%s has positional variables but parameter_format is NAMED: use names such as {{first_name}}.", p))
	}
	return names
}

// forbidAttributes reports each attribute under p that is set, with the rule that forbids it.
func forbidAttributes(diags *diag.Diagnostics, p path.Path, rule string, fields map[string]attr.Value) {
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if valueKnown(fields[name]) {
			diags.AddAttributeError(p.AtName(name), "Attribute not allowed", fmt.Sprintf("%s is not allowed: %s. Remove it.", p.AtName(name), rule))
		}
	}
}

func validateHeader(m *messageTemplateModel, diags *diag.Diagnostics) {
	h, p := m.Header, path.Root("header")
	if h == nil {
		return
	}
	if cat, ok := knownCategory(m); ok && cat == categoryAuthentication {
		diags.AddAttributeError(p, "Header not allowed", "Authentication templates have no header: remove header.")
		return
	}
	if !valueKnown(h.Format) {
		return
	}
	format := h.Format.ValueString()
	rule := "a " + format + " header does not use it"
	switch {
	case format == "TEXT":
		forbidAttributes(diags, p, rule, mediaInputValues(h.MediaSample))
		if h.Text.IsNull() {
			diags.AddAttributeError(p.AtName("text"), "Missing header text", "A TEXT header requires header.text.")
		}
		if !valueKnown(h.Text) || h.Example.IsUnknown() {
			return
		}
		vars := validateVariables(m, p.AtName("text"), h.Text.ValueString(), diags)
		switch {
		case len(templateVariables(h.Text.ValueString())) > 1:
			diags.AddAttributeError(p.AtName("text"), "Too many header variables", "header.text may contain at most one variable.")
		case len(vars) == 1 && h.Example.IsNull():
			diags.AddAttributeError(p.AtName("example"), "Missing header example", "header.text has a variable: set header.example to a sample value for it.")
		case len(vars) == 0 && !h.Example.IsNull():
			diags.AddAttributeError(p.AtName("example"), "Header example without variable", "header.example is set but header.text has no variable: remove header.example.")
		case len(vars) == 1 && h.Example.ValueString() == "":
			diags.AddAttributeError(p.AtName("example"), "Empty header example", "header.example must not be empty.")
		}
	case headerFormatByName[format].media:
		// A missing sample is a plan-time question: an adopted template keeps Meta's media
		// until an edit needs it again.
		forbidAttributes(diags, p, rule, map[string]attr.Value{"text": h.Text, "example": h.Example})
	case format == "LOCATION":
		forbidAttributes(diags, p, rule, withValues(map[string]attr.Value{"text": h.Text, "example": h.Example}, mediaInputValues(h.MediaSample)))
	}
}

func validateBody(m *messageTemplateModel, diags *diag.Diagnostics) {
	b, p := m.Body, path.Root("body")
	cat, catKnown := knownCategory(m)
	auth := catKnown && cat == categoryAuthentication
	switch {
	case b == nil && catKnown && !auth && m.LibraryTemplateName.IsNull():
		diags.AddAttributeError(p, "Missing body", "Every template requires body with text.")
		return
	case b == nil:
		return
	case auth:
		if valueKnown(b.Text) {
			diags.AddAttributeError(p.AtName("text"), "Body text not allowed", "Meta writes the body of authentication templates: remove body.text (body.add_security_recommendation adds a security line).")
		}
		if len(b.Examples) > 0 {
			diags.AddAttributeError(p.AtName("examples"), "Body examples not allowed", "Authentication templates have no body variables: remove body.examples.")
		}
		if len(b.NamedExamples) > 0 {
			diags.AddAttributeError(p.AtName("named_examples"), "Body examples not allowed", "Authentication templates have no body variables: remove body.named_examples.")
		}
		return
	}
	if catKnown {
		forbidAttributes(diags, p, "it is for AUTHENTICATION templates only, not "+cat, map[string]attr.Value{"add_security_recommendation": b.AddSecurityRecommendation})
		if b.Text.IsNull() {
			diags.AddAttributeError(p.AtName("text"), "Missing body text", fmt.Sprintf("%s templates require body.text.", cat))
		}
	}
	if !valueKnown(b.Text) {
		return
	}
	vars := validateVariables(m, p.AtName("text"), b.Text.ValueString(), diags)
	validateVariablePlacement(p.AtName("text"), b.Text.ValueString(), diags)
	validateWordsPerVariable(p.AtName("text"), b.Text.ValueString(), diags)
	if format, ok := knownParameterFormat(m); ok {
		validateExamples(p, b.Examples, b.NamedExamples, format, vars, diags)
	}
}

// validateWordsPerVariable is Meta's "too many variables for the message length" rule (error
// subcode 2388293, on Meta's error codes page). Meta does not publish the ratio; the guides of
// partners who measured it agree that a body with n variables needs at least 2n + 1 words of
// its own (words + variables >= 3n + 1). A word is a piece of the fixed text, between spaces,
// with a letter or digit. Carousel card bodies are exempt.
func validateWordsPerVariable(p path.Path, text string, diags *diag.Diagnostics) {
	vars := len(templateVariables(text))
	if vars == 0 {
		return
	}
	words := 0
	for _, f := range strings.Fields(variablePattern.ReplaceAllString(text, " ")) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			words++
		}
	}
	if words < 2*vars+1 {
		diags.AddAttributeError(p, "Too many variables for the message length",
			fmt.Sprintf("%s has %d variables and %d words besides them; Meta refuses a body with fewer than %d words for %d variables (two per variable, plus one). Add words, or use fewer variables.", p, vars, words, 2*vars+1, vars))
	}
}

// validateVariablePlacement: the body may not start or end with a variable, nor have two adjacent.
func validateVariablePlacement(p path.Path, text string, diags *diag.Diagnostics) {
	text = strings.TrimSpace(text)
	locs := variablePattern.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return
	}
	if locs[0][0] == 0 {
		diags.AddAttributeError(p, "Body starts with a variable", "body.text must not start with a variable: add text before it.")
	}
	if locs[len(locs)-1][1] == len(text) {
		diags.AddAttributeError(p, "Body ends with a variable", "body.text must not end with a variable: add text after it, such as a full stop.")
	}
	for i := 1; i < len(locs); i++ {
		if locs[i][0] == locs[i-1][1] {
			diags.AddAttributeError(p, "Adjacent variables", fmt.Sprintf("body.text has the variables %s and %s next to each other: separate them with text.",
				text[locs[i-1][0]:locs[i-1][1]], text[locs[i][0]:locs[i][1]]))
		}
	}
}

// validateExamples checks the sample values of the variables of the body at p (body or a
// card's body).
func validateExamples(p path.Path, examples []types.String, namedExamples map[string]types.String, format string, vars []string, diags *diag.Diagnostics) {
	text, list, named := p.AtName("text").String(), p.AtName("examples"), p.AtName("named_examples")
	hasList, hasMap := len(examples) > 0, len(namedExamples) > 0
	if hasList && format == formatNamed {
		diags.AddAttributeError(list, "Positional examples in a named template", fmt.Sprintf("%s is for POSITIONAL templates: with parameter_format = \"NAMED\" use %s.", list, named))
	}
	if hasMap && format == formatPositional {
		diags.AddAttributeError(named, "Named examples in a positional template", fmt.Sprintf("%s is for NAMED templates: set parameter_format = \"NAMED\" or use %s.", named, list))
	}
	switch {
	case len(vars) == 0 && hasList:
		diags.AddAttributeError(list, "Examples without variables", fmt.Sprintf("%s has no variables: remove %s.", text, list))
	case len(vars) == 0 && hasMap:
		diags.AddAttributeError(named, "Examples without variables", fmt.Sprintf("%s has no variables: remove %s.", text, named))
	case len(vars) == 0:
	case format == formatPositional && !hasList:
		diags.AddAttributeError(list, "Missing body examples", fmt.Sprintf("%s has %d variable(s): set %s to one sample value for each, in order.", text, len(vars), list))
	case format == formatPositional && len(examples) != len(vars):
		diags.AddAttributeError(list, "Wrong number of body examples",
			fmt.Sprintf("%s has %d value(s) but %s has %d variable(s): give exactly one sample value per variable.", list, len(examples), text, len(vars)))
	case format == formatNamed && !hasMap:
		diags.AddAttributeError(named, "Missing body examples", fmt.Sprintf("%s has named variables: set %s to a sample value for each of %s.", text, named, strings.Join(vars, ", ")))
	case format == formatNamed:
		want := map[string]bool{}
		for _, v := range vars {
			want[v] = true
			if _, ok := namedExamples[v]; !ok {
				diags.AddAttributeError(named, "Missing body example", fmt.Sprintf("%s has no value for the variable {{%s}} of %s: add one.", named, v, text))
			}
		}
		for _, k := range slices.Sorted(maps.Keys(namedExamples)) {
			if !want[k] {
				diags.AddAttributeError(named.AtMapKey(k), "Example without variable", fmt.Sprintf("%s has %q, which is not a variable of %s: remove it.", named, k, text))
			}
		}
	}
	for i, v := range examples {
		if !v.IsUnknown() && v.ValueString() == "" {
			diags.AddAttributeError(list.AtListIndex(i), "Empty body example", fmt.Sprintf("%s must not be empty or null.", list.AtListIndex(i)))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(namedExamples)) {
		if v := namedExamples[k]; !v.IsUnknown() && v.ValueString() == "" {
			diags.AddAttributeError(named.AtMapKey(k), "Empty body example", fmt.Sprintf("%s must not be empty or null.", named.AtMapKey(k)))
		}
	}
}

func validateFooter(m *messageTemplateModel, diags *diag.Diagnostics) {
	f, p := m.Footer, path.Root("footer")
	if f == nil {
		return
	}
	cat, ok := knownCategory(m)
	if ok && cat == categoryAuthentication {
		forbidAttributes(diags, p, "Meta writes the footer of authentication templates; use footer.code_expiration_minutes", map[string]attr.Value{"text": f.Text})
		return
	}
	if valueKnown(f.Text) && len(templateVariables(f.Text.ValueString())) > 0 {
		diags.AddAttributeError(p.AtName("text"), "Variable in footer", "footer.text must not contain variables.")
	}
	if ok {
		forbidAttributes(diags, p, "it is for AUTHENTICATION templates only, not "+cat, map[string]attr.Value{"code_expiration_minutes": f.CodeExpirationMinutes})
		if f.Text.IsNull() {
			diags.AddAttributeError(p.AtName("text"), "Missing footer text", fmt.Sprintf("A footer of a %s template requires footer.text.", cat))
		}
	}
}

func validateButtons(m *messageTemplateModel, diags *diag.Diagnostics) {
	cat, catKnown := knownCategory(m)
	auth := catKnown && cat == categoryAuthentication
	counts := map[string]int{}
	allKnown, quickRepliesEnded := true, false
	for i, b := range m.Buttons {
		p := path.Root("buttons").AtListIndex(i)
		if !valueKnown(b.Type) {
			allKnown = false
			continue
		}
		t := b.Type.ValueString()
		counts[t]++
		if limit := buttonTypeByName[t].max; limit > 0 && counts[t] == limit+1 {
			diags.AddAttributeError(p.AtName("type"), "Too many "+t+" buttons", fmt.Sprintf("%s is one %s button too many: a template may have at most %d.", p, t, limit))
		}
		if t == "QUICK_REPLY" && quickRepliesEnded {
			diags.AddAttributeError(p.AtName("type"), "Quick replies not grouped", fmt.Sprintf("%s is a QUICK_REPLY separated from the earlier quick replies by other buttons: put all quick replies next to each other.", p))
		}
		quickRepliesEnded = quickRepliesEnded || (t != "QUICK_REPLY" && counts["QUICK_REPLY"] > 0)
		if auth && t != "OTP" {
			diags.AddAttributeError(p.AtName("type"), "Button not allowed in authentication templates", fmt.Sprintf("%s is %s; authentication templates take exactly one OTP button and no other.", p, t))
		}
		if (t == "CATALOG" || t == "MPM" || t == "SPM") && len(m.Buttons) > 1 {
			diags.AddAttributeError(p.AtName("type"), t+" button must be alone", fmt.Sprintf("A template with a %s button may have no other buttons, but it has %d.", t, len(m.Buttons)))
		}
		validateButton(b, p, cat, catKnown, diags)
	}
	if auth && allKnown && counts["OTP"] == 0 {
		diags.AddAttributeError(path.Root("buttons"), "Missing OTP button", "Authentication templates require buttons with exactly one OTP button.")
	}
}

// validateButton checks one button's fields against its type.
func validateButton(b templateButtonModel, p path.Path, cat string, catKnown bool, diags *diag.Diagnostics) {
	t := b.Type.ValueString()
	bt, ok := buttonTypeByName[t]
	if !ok {
		return // the schema reports an unsupported type
	}
	fields := map[string]attr.Value{
		"text": b.Text, "url": b.URL, "phone_number": b.PhoneNumber, "example": b.Example, "otp_type": b.OTPType,
		"autofill_text": b.AutofillText, "zero_tap_terms_accepted": b.ZeroTapTermsAccepted, "flow_id": b.FlowID,
		"flow_name": b.FlowName, "flow_action": b.FlowAction, "navigate_screen": b.NavigateScreen, "supported_apps": presence(b.SupportedApps != nil),
	}
	for _, f := range bt.fields {
		name := strings.TrimPrefix(f, "!")
		if f[0] == '!' && fields[name].IsNull() {
			diags.AddAttributeError(p.AtName(name), "Missing "+name, fmt.Sprintf("%s is a %s button, which requires %s.", p, t, name))
		}
		delete(fields, name)
	}
	forbidAttributes(diags, p, "a "+t+" button does not use it", fields)
	switch t {
	case "URL":
		validateURL(b.URL, b.Example, p, "example", diags)
	case "COPY_CODE":
		// Marketing (coupon codes) and utility templates take it; authentication ones only OTP.
		if n := utf8.RuneCountInString(b.Example.ValueString()); valueKnown(b.Example) && (n < 1 || n > 15) {
			diags.AddAttributeError(p.AtName("example"), "Invalid coupon code example", fmt.Sprintf("%s.example, the sample code, must be 1 to 15 characters, not %d.", p, n))
		}
	case "OTP":
		validateOTPButton(b, p, cat, catKnown, diags)
	case "FLOW":
		switch {
		case b.FlowID.IsUnknown() || b.FlowName.IsUnknown():
		case b.FlowID.IsNull() && b.FlowName.IsNull():
			diags.AddAttributeError(p.AtName("flow_id"), "Missing flow", fmt.Sprintf("%s is a FLOW button: set flow_id or flow_name.", p))
		case !b.FlowID.IsNull() && !b.FlowName.IsNull():
			diags.AddAttributeError(p.AtName("flow_name"), "Conflicting flow", fmt.Sprintf("%s sets both flow_id and flow_name: keep only one.", p))
		}
		if valueKnown(b.FlowAction) && b.FlowAction.ValueString() != "navigate" {
			forbidAttributes(diags, p, "it applies only with flow_action = \"navigate\"", map[string]attr.Value{"navigate_screen": b.NavigateScreen})
		}
	}
}

// validateURL checks the url of the URL button at p and the sample URL in its attribute
// exampleName.
func validateURL(url, example types.String, p path.Path, exampleName string, diags *diag.Diagnostics) {
	ep := p.AtName(exampleName)
	if !valueKnown(url) || example.IsUnknown() {
		return
	}
	u := url.ValueString()
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		diags.AddAttributeError(p.AtName("url"), "Invalid button URL", fmt.Sprintf("%s.url must start with http:// or https://.", p))
	}
	switch vars := templateVariables(u); {
	case len(vars) > 1:
		diags.AddAttributeError(p.AtName("url"), "Too many URL variables", fmt.Sprintf("%s.url may contain at most one variable, {{1}} at its end.", p))
	case len(vars) == 1 && !strings.HasSuffix(u, "{{1}}"):
		diags.AddAttributeError(p.AtName("url"), "Misplaced URL variable", fmt.Sprintf("%s.url may contain a variable only as {{1}} at its very end.", p))
	case len(vars) == 1 && example.IsNull():
		// Meta's pages write the sample both ways, as the full URL (URL buttons) and as the
		// variable's value alone (media card carousels), and Meta takes either.
		diags.AddAttributeError(ep, "Missing URL example", fmt.Sprintf("%s.url has a variable: set %s to a sample URL (or the sample value of its variable).", p, ep))
	case len(vars) == 0 && !example.IsNull():
		diags.AddAttributeError(ep, "URL example without variable", fmt.Sprintf("%s.url has no variable: remove %s.", p, ep))
	}
}

func validateOTPButton(b templateButtonModel, p path.Path, cat string, catKnown bool, diags *diag.Diagnostics) {
	if catKnown && cat != categoryAuthentication {
		diags.AddAttributeError(p.AtName("type"), "OTP button not allowed", fmt.Sprintf("OTP buttons are for AUTHENTICATION templates only, not %s.", cat))
	}
	if !valueKnown(b.OTPType) {
		return
	}
	otp := b.OTPType.ValueString()
	if otp == "COPY_CODE" {
		forbidAttributes(diags, p, "it applies to ONE_TAP and ZERO_TAP OTP buttons only", map[string]attr.Value{"supported_apps": presence(b.SupportedApps != nil), "autofill_text": b.AutofillText})
	} else if b.SupportedApps == nil {
		diags.AddAttributeError(p.AtName("supported_apps"), "Missing supported apps", fmt.Sprintf("%s is a %s OTP button, which requires supported_apps.", p, otp))
	}
	if otp != "ZERO_TAP" {
		forbidAttributes(diags, p, "it applies to ZERO_TAP OTP buttons only", map[string]attr.Value{"zero_tap_terms_accepted": b.ZeroTapTermsAccepted})
	} else if !b.ZeroTapTermsAccepted.IsUnknown() && !b.ZeroTapTermsAccepted.ValueBool() {
		diags.AddAttributeError(p.AtName("zero_tap_terms_accepted"), "Zero-tap terms not accepted", fmt.Sprintf("%s is a ZERO_TAP OTP button: set zero_tap_terms_accepted = true to accept Meta's zero-tap terms.", p))
	}
}

func validateTTL(m *messageTemplateModel, diags *diag.Diagnostics) {
	cat, ok := knownCategory(m)
	c, hasRange := categoryByName[cat]
	if !ok || !hasRange || !valueKnown(m.MessageSendTTLSeconds) {
		return
	}
	if v := m.MessageSendTTLSeconds.ValueInt64(); v < c.minTTL || v > c.maxTTL {
		diags.AddAttributeError(path.Root("message_send_ttl_seconds"), "Message TTL out of range",
			fmt.Sprintf("message_send_ttl_seconds of %s templates must be between %d and %d, not %d.", cat, c.minTTL, c.maxTTL, v))
	}
}

// presence stands for a list or an object in presence checks: null when it is absent.
func presence(set bool) attr.Value {
	if !set {
		return types.BoolNull()
	}
	return types.BoolValue(true)
}

// requireMarketing reports the family at p, set in a template of another known category.
func requireMarketing(m *messageTemplateModel, p path.Path, family string, diags *diag.Diagnostics) {
	if cat, ok := knownCategory(m); ok && cat != "MARKETING" {
		diags.AddAttributeError(p, family+" not allowed", fmt.Sprintf("%ss are for MARKETING templates only, not %s.", family, cat))
	}
}
