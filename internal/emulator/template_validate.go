package emulator

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Template validation follows Meta's documented component rules. Failures
// are code 100 "Invalid parameter" errors whose error_user_title and
// error_user_msg explain the rule, as Meta reports them; some rules have a
// documented error_subcode. Meta's error codes page
// (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes)
// lists the template creation subcodes: 2388040 character limit exceeded,
// 2388047 header format incorrect, 2388072 body format incorrect, 2388073
// footer format incorrect, 2388293 too many variables for the body's
// length, 2388299 leading or trailing variables.

const (
	subcodeLanguageBeingDeleted = 2388023
	subcodeLanguageExists       = 2388024
	subcodeCharacterLimit       = 2388040
	subcodeHeaderFormat         = 2388047
	subcodeFooterFormat         = 2388073
	subcodeVariableAtEdge       = 2388299
	subcodeParamsWordsRatio     = 2388293
)

var (
	templateNamePattern = regexp.MustCompile(`^[a-z0-9_]+$`)
	variablePattern     = regexp.MustCompile(`\{\{([^{}]*)\}\}`)
	positionalVariable  = regexp.MustCompile(`^[1-9][0-9]*$`)
	namedVariable       = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	buttonPhonePattern  = regexp.MustCompile(`^\+?[0-9]+$`)
)

var templateCategories = []string{"AUTHENTICATION", "MARKETING", "UTILITY"}

func invalid(title, format string, args ...any) *graphError {
	return errInvalid(0, title, fmt.Sprintf(format, args...))
}

// normalizeComponents copies the components and upper-cases the enum-like
// values Meta treats case-insensitively (component type, header format,
// button type, otp_type), in carousel cards too.
func normalizeComponents(raw any) ([]map[string]any, *graphError) {
	list, ok := raw.([]any)
	if !ok {
		return nil, invalid("Invalid components", "components must be an array of component objects.")
	}
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		m, ok := deepCopy(item).(map[string]any)
		if !ok {
			return nil, invalid("Invalid components", "Each component must be an object with a type.")
		}
		normalizeComponent(m)
		out = append(out, m)
	}
	return out, nil
}

func normalizeComponent(m map[string]any) {
	upper(m, "type")
	upper(m, "format")
	if buttons, ok := m["buttons"].([]any); ok {
		for _, b := range buttons {
			if bm, ok := b.(map[string]any); ok {
				upper(bm, "type")
				upper(bm, "otp_type")
			}
		}
	}
	if m["type"] != "CAROUSEL" {
		return
	}
	cards, _ := m["cards"].([]any)
	for _, card := range cards {
		cm, _ := card.(map[string]any)
		comps, _ := cm["components"].([]any)
		for _, c := range comps {
			if cc, ok := c.(map[string]any); ok {
				normalizeComponent(cc)
			}
		}
	}
}

func upper(m map[string]any, key string) {
	if s, ok := m[key].(string); ok {
		m[key] = strings.ToUpper(strings.TrimSpace(s))
	}
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

func strOf(m map[string]any, key string) (string, bool) {
	return toString(m[key])
}

func listOf(m map[string]any, key string) ([]any, bool) {
	l, ok := m[key].([]any)
	return l, ok
}

func mapOf(m map[string]any, key string) map[string]any {
	mm, _ := m[key].(map[string]any)
	return mm
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// componentRules is what component validation needs besides the
// components: the template's category and parameter format, and the check
// of media header samples (checkMediaHandle).
type componentRules struct {
	category, format string
	media            func(format, handle, where string) *graphError
}

// modelledComponentTypes are the component types the emulator validates.
// Meta lists more (ALBUM, TAP_TARGET_CONFIGURATION, …); create refuses
// those, and seed files keep them verbatim (seed_template_content.go).
var modelledComponentTypes = []string{"HEADER", "BODY", "FOOTER", "BUTTONS",
	"CAROUSEL", "LIMITED_TIME_OFFER", "CALL_PERMISSION_REQUEST"}

// templateBodyLimit is the BODY length limit of a standard template.
const templateBodyLimit = 1024

// validateComponents checks the component list for a category and
// parameter format.
func validateComponents(r componentRules, comps []map[string]any) *graphError {
	counts := map[string]int{}
	for _, c := range comps {
		t, _ := strOf(c, "type")
		switch {
		case t == "":
			return invalid("Component type missing", "Every component needs a type: %s.", strings.Join(modelledComponentTypes, ", "))
		case !contains(modelledComponentTypes, t):
			return invalid("Unsupported component type", "Component type %s isn't supported. Use %s.", t, strings.Join(modelledComponentTypes, ", "))
		}
		counts[t]++
	}
	if counts["BODY"] != 1 {
		return invalid("Template needs one body", "A template must have exactly one BODY component; this one has %d.", counts["BODY"])
	}
	for _, t := range modelledComponentTypes {
		if counts[t] > 1 {
			return invalid("Too many components", "A template can have at most one %s component.", t)
		}
	}
	switch {
	case r.category == "AUTHENTICATION":
		return validateAuthentication(comps, counts)
	case counts["CAROUSEL"] > 0:
		return validateCarouselTemplate(r, comps, counts)
	case counts["LIMITED_TIME_OFFER"] > 0:
		return validateLimitedTimeOffer(r, comps, counts)
	}
	limit := templateBodyLimit
	if isSingleProduct(comps) {
		limit = spmBodyLimit
	}
	for _, c := range comps {
		var err *graphError
		switch c["type"] {
		case "HEADER":
			err = validateHeader(c, r)
		case "BODY":
			err = validateBody(c, r.format, "BODY", limit)
		case "FOOTER":
			err = validateFooter(c)
		case "BUTTONS":
			err = validateButtons(c, r.category)
		case "CALL_PERMISSION_REQUEST":
			err = validateCallPermissionRequest(r.category)
		}
		if err != nil {
			return err
		}
	}
	return validateProductTemplate(r, comps)
}

// variables returns the distinct variables of a text in order of first
// appearance, checking their form: {{1}}…{{n}} numbered from 1 without gaps
// for POSITIONAL, {{lower_snake}} names for NAMED.
func variables(text, format, where string) ([]string, *graphError) {
	var names []string
	seen := map[string]bool{}
	for _, m := range variablePattern.FindAllStringSubmatch(text, -1) {
		inner := m[1]
		if format == "NAMED" {
			if !namedVariable.MatchString(inner) {
				return nil, invalid("Invalid variable format",
					"The %s uses {{%s}}. Templates with parameter_format NAMED use lowercase names with underscores, like {{first_name}}.", where, inner)
			}
		} else if !positionalVariable.MatchString(inner) {
			return nil, invalid("Invalid variable format",
				"The %s uses {{%s}}. Templates with parameter_format POSITIONAL use numbered variables, like {{1}}.", where, inner)
		}
		if !seen[inner] {
			seen[inner] = true
			names = append(names, inner)
		}
	}
	if format != "NAMED" {
		nums := make([]int, 0, len(names))
		for _, n := range names {
			v, _ := strconv.Atoi(n)
			nums = append(nums, v)
		}
		sort.Ints(nums)
		for i, v := range nums {
			if v != i+1 {
				return nil, invalid("Variables must be sequential",
					"Variables in the %s must be numbered in sequence starting at {{1}}, without gaps.", where)
			}
		}
	}
	return names, nil
}

func validateHeader(c map[string]any, r componentRules) *graphError {
	f, _ := strOf(c, "format")
	switch f {
	case "TEXT":
		text, _ := strOf(c, "text")
		if text == "" {
			return invalid("Header text missing", "A TEXT header needs text of 1 to 60 characters.")
		}
		if runes(text) > 60 {
			return errInvalid(subcodeCharacterLimit, "Character limit exceeded",
				fmt.Sprintf("The header text has %d characters; the limit is 60.", runes(text)))
		}
		vars, err := variables(text, r.format, "header")
		if err != nil {
			return err
		}
		if len(vars) > 1 {
			return invalid("Too many header variables", "A TEXT header can have at most one variable.")
		}
		if len(vars) == 1 {
			return checkExamples(mapOf(c, "example"), "header_text", "header_text_named_params", false, vars, r.format, "header")
		}
	case "IMAGE", "VIDEO", "GIF", "DOCUMENT":
		return r.media(f, headerHandle(c), "header")
	case "LOCATION":
		if r.category != "UTILITY" && r.category != "MARKETING" {
			return invalid("Location header not allowed", "LOCATION headers are only allowed in UTILITY and MARKETING templates.")
		}
	case "PRODUCT":
		// Single-product message templates (template_product.go).
	case "":
		return invalid("Header format missing", "A HEADER needs a format: TEXT, IMAGE, VIDEO, GIF, DOCUMENT, LOCATION or PRODUCT.")
	default:
		return invalid("Invalid header format", "Header format %s isn't supported. Use TEXT, IMAGE, VIDEO, GIF, DOCUMENT, LOCATION or PRODUCT.", f)
	}
	return nil
}

// validateBody checks a body's text, of at most limit characters, and its
// variables; where names the body in messages ("BODY", "card 2 body").
func validateBody(c map[string]any, format, where string, limit int) *graphError {
	text, _ := strOf(c, "text")
	if text == "" {
		return invalid("Body text missing", "The %s needs text of 1 to %d characters.", where, limit)
	}
	if runes(text) > limit {
		return errInvalid(subcodeCharacterLimit, "Character limit exceeded",
			fmt.Sprintf("The %s text has %d characters; the limit is %d.", strings.ToLower(where), runes(text), limit))
	}
	vars, err := variables(text, format, strings.ToLower(where))
	if err != nil {
		return err
	}
	if len(vars) == 0 {
		return nil
	}
	trimmed := strings.TrimSpace(text)
	locs := variablePattern.FindAllStringIndex(trimmed, -1)
	if locs[0][0] == 0 || locs[len(locs)-1][1] == len(trimmed) {
		return errInvalid(subcodeVariableAtEdge, "Variables can't be at the start or end of the template",
			"Variables can't be at the start or end of the template. Add text before the first variable and after the last one.")
	}
	if where == "BODY" {
		if err := checkParamsWordsRatio(trimmed, len(locs)); err != nil {
			return err
		}
	}
	return checkExamples(mapOf(c, "example"), "body_text", "body_text_named_params", true, vars, format, strings.ToLower(where))
}

// checkParamsWordsRatio is Meta's "too many variables for the message
// length" rule, error_subcode 2388293 ("Template contains too many variable
// parameters relative to the message length", listed on Meta's error codes
// page, developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes).
// Meta does not publish the ratio; the BSP guides that measured it
// (Syniverse, sdcsupport.syniverse.com/hc/en-us/articles/30569685832471,
// and Mercuri, docs.mercuri.cx/features/templates/whatsapp-templates/whatsapp-template-minimum-words-parameters-ratio)
// agree on words + parameters >= 3 × parameters + 1, so a body with n
// variables needs at least 2n + 1 words of its own. It applies to the
// template's BODY, not to carousel card bodies. A word is a
// whitespace-separated piece of the fixed text with a letter or digit.
func checkParamsWordsRatio(text string, params int) *graphError {
	words := 0
	for _, f := range strings.Fields(variablePattern.ReplaceAllString(text, " ")) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			words++
		}
	}
	if words+params < 3*params+1 {
		return errInvalid(subcodeParamsWordsRatio, "Too many variables for the message length",
			fmt.Sprintf("Template contains too many variable parameters relative to the message length: %d variables need "+
				"at least %d words of text besides them, and the body has %d. Decrease the number of variables or "+
				"increase the message length.", params, 2*params+1, words))
	}
	return nil
}

// checkExamples requires sample values for every variable: positional
// samples are a list (body_text is a list of lists), named samples are
// [{param_name, example}] covering exactly the variables used.
func checkExamples(example map[string]any, positionalKey, namedKey string, nested bool, vars []string, format, where string) *graphError {
	key := positionalKey
	if format == "NAMED" {
		key = namedKey
	}
	missing := invalid("Sample values missing",
		"The %s has %d variable(s). Add one sample value for each in example.%s.", where, len(vars), key)
	if format == "NAMED" {
		list, _ := listOf(example, namedKey)
		covered := map[string]bool{}
		for _, item := range list {
			m, _ := item.(map[string]any)
			name, _ := strOf(m, "param_name")
			sample, _ := strOf(m, "example")
			if !contains(vars, name) || sample == "" {
				return missing
			}
			covered[name] = true
		}
		if len(list) != len(vars) || len(covered) != len(vars) {
			return missing
		}
		return nil
	}
	list, _ := listOf(example, positionalKey)
	if nested {
		list = bodySamples(example[positionalKey])
	}
	if len(list) != len(vars) {
		return missing
	}
	for _, v := range list {
		if s, ok := toString(v); !ok || s == "" {
			return missing
		}
	}
	return nil
}

// bodySamples reads positional body samples. Meta's pages write them in
// three ways: an array holding one array of strings (the template API
// reference and most family pages), a flat array of strings (the components
// page, developers.facebook.com/documentation/business-messaging/whatsapp/templates/components#body),
// and, when the text has one variable, a single string (the carousel pages,
// …/marketing-templates/media-card-carousel-templates).
func bodySamples(v any) []any {
	switch t := v.(type) {
	case string:
		return []any{t}
	case []any:
		if len(t) == 1 {
			if inner, ok := t[0].([]any); ok {
				return inner
			}
		}
		for _, x := range t {
			if _, ok := x.([]any); ok {
				return nil
			}
		}
		return t
	}
	return nil
}

func validateFooter(c map[string]any) *graphError {
	text, _ := strOf(c, "text")
	if text == "" {
		return invalid("Footer text missing", "The FOOTER needs text of 1 to 60 characters.")
	}
	if runes(text) > 60 {
		return errInvalid(subcodeCharacterLimit, "Character limit exceeded",
			fmt.Sprintf("The footer text has %d characters; the limit is 60.", runes(text)))
	}
	if variablePattern.MatchString(text) {
		return invalid("Footer can't have variables", "The FOOTER can't contain variables.")
	}
	return nil
}
