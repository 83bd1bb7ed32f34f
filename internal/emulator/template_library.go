package emulator

import (
	"strings"
)

// Template Library
// (developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-library):
// pre-written templates with fixed content, created with
// POST /{waba-id}/message_templates and library_template_name instead of
// components:
//   - library_template_name is the exact name of a library template; its
//     category is given in category (UTILITY for the utility library).
//   - library_template_button_inputs, a JSON array, fills the business's
//     URL and phone number into the template's buttons: {"type":"URL",
//     "url":{"base_url":…,"url_suffix_example":…}} and {"type":"PHONE_NUMBER",
//     "phone_number":…}. It is optional, except for templates that have
//     such buttons.
//   - library_template_body_inputs, a JSON object of optional additions:
//     add_contact_number, add_learn_more_link, add_security_recommendation,
//     add_track_package_link (booleans) and code_expiration_minutes
//     (integer). The page documents no text for them, and says
//     add_learn_more_link and add_track_package_link are ignored where not
//     available, so the emulator checks their types and adds nothing.
//   - The page's example response is {"status":"APPROVED"}: library
//     templates skip review.
//   - Reads return library_template_name and the components the library
//     template generates with the inputs.

// libraryTemplate is a template of the library, as
// GET /message_template_library returns it.
type libraryTemplate struct {
	id, name, category string
	languages          []string
	topic, usecase     string
	industry           []string
	header             string
	body               string
	bodyParams         []string
	bodyParamTypes     []string
	buttons            []libraryButton
}

type libraryButton struct {
	typ, text, url, phoneNumber string
}

// templateLibrary holds the library templates Meta's Template Library page
// shows in full: low_balance_warning_1 (the search example) and
// delivery_failed_2_form (the forms example). The page prints the bodies
// without line breaks between sentences where the WhatsApp Manager preview
// shows them on separate lines; they are kept here as "\n".
var templateLibrary = []libraryTemplate{
	{
		id: "7147013345418927", name: "low_balance_warning_1", category: "UTILITY", languages: []string{"en_US"},
		topic: "PAYMENTS", usecase: "LOW_BALANCE_WARNING", industry: []string{"FINANCIAL_SERVICES"},
		header: "Your account balance is low",
		body: "Hi {{1}},\nThis is to notify you that your {{2}} in your {{3}} account, ending in {{4}} is below your pre-set {{5}} of {{6}}.\n" +
			"Click the button to deposit more {{7}}.\n{{8}}",
		bodyParams: []string{"Jim", "available funds", "CS Mutual checking plus", "1234", "limit", "$75.00", "funds", "CS Mutual"},
		buttons: []libraryButton{
			{typ: "URL", text: "Make a deposit", url: "https://www.example.com/"},
			{typ: "PHONE_NUMBER", text: "Call us", phoneNumber: "+18005551234"},
		},
	},
	{
		id: "7138055039625658", name: "delivery_failed_2_form", category: "UTILITY", languages: []string{"en_US"},
		topic: "ORDER_MANAGEMENT", usecase: "DELIVERY_FAILED", industry: []string{"E_COMMERCE"},
		body:           "We were unable to deliver order {{1}} today. Please {{2}} to schedule another delivery attempt.",
		bodyParams:     []string{"#12345", "try a redelivery"},
		bodyParamTypes: []string{"TEXT", "TEXT"},
		buttons:        []libraryButton{{typ: "FLOW", text: "Reschedule"}},
	},
}

func findLibraryTemplate(name string) *libraryTemplate {
	for i := range templateLibrary {
		if templateLibrary[i].name == name {
			return &templateLibrary[i]
		}
	}
	return nil
}

// libraryButtonInputTypes are the input types of the page's button inputs
// table.
var libraryButtonInputTypes = []string{"QUICK_REPLY", "URL", "PHONE_NUMBER", "OTP", "MPM", "CATALOG", "FLOW", "VOICE_CALL", "APP"}

// libraryBodyInputs are the keys of library_template_body_inputs and whether
// each is a boolean (else an integer).
var libraryBodyInputs = map[string]bool{
	"add_contact_number":          true,
	"add_learn_more_link":         true,
	"add_security_recommendation": true,
	"add_track_package_link":      true,
	"code_expiration_minutes":     false,
}

// libraryRequest is a create from the library.
type libraryRequest struct {
	name, category, language string
	buttonInputs, bodyInputs any // decoded JSON, nil when absent
}

// libraryComponents reads a create from the library: library_template_name
// with its inputs, and no components.
func (c *call) libraryComponents(name, category, language string) ([]map[string]any, *graphError) {
	if _, present := c.params["components"]; present {
		return nil, invalid("Components not allowed",
			"A template from the Template Library takes its content from the library: remove components, or leave out library_template_name.")
	}
	req := libraryRequest{name: name, category: category, language: language}
	var err *graphError
	if req.buttonInputs, _, err = c.params.structured("library_template_button_inputs"); err != nil {
		return nil, err
	}
	if req.bodyInputs, _, err = c.params.structured("library_template_body_inputs"); err != nil {
		return nil, err
	}
	return libraryComponents(req)
}

// libraryComponents returns the components a library template generates
// with the request's inputs.
func libraryComponents(req libraryRequest) ([]map[string]any, *graphError) {
	lib := findLibraryTemplate(req.name)
	if lib == nil {
		return nil, invalid("Library template not found", "There's no template named %q in the Template Library.", req.name)
	}
	if req.category != lib.category {
		return nil, invalid("Invalid category", "Library template %s is a %s template: create it with category %s.", lib.name, lib.category, lib.category)
	}
	if !contains(lib.languages, req.language) {
		return nil, invalid("Language not available", "Library template %s isn't available in %s. Available: %s.",
			lib.name, req.language, strings.Join(lib.languages, ", "))
	}
	if err := checkLibraryBodyInputs(req.bodyInputs); err != nil {
		return nil, err
	}
	inputs, err := matchButtonInputs(lib, req.buttonInputs)
	if err != nil {
		return nil, err
	}
	var comps []map[string]any
	if lib.header != "" {
		comps = append(comps, map[string]any{"type": "HEADER", "format": "TEXT", "text": lib.header})
	}
	samples := make([]any, len(lib.bodyParams))
	for i, p := range lib.bodyParams {
		samples[i] = p
	}
	comps = append(comps, map[string]any{"type": "BODY", "text": lib.body, "example": map[string]any{"body_text": []any{samples}}})
	if len(lib.buttons) > 0 {
		buttons := make([]any, len(lib.buttons))
		for i, b := range lib.buttons {
			buttons[i] = b.filled(inputs[i])
		}
		comps = append(comps, map[string]any{"type": "BUTTONS", "buttons": buttons})
	}
	return comps, nil
}

// filled returns the button as the created template has it, with the
// business's input.
func (b libraryButton) filled(input map[string]any) map[string]any {
	out := map[string]any{"type": b.typ, "text": b.text}
	switch b.typ {
	case "URL":
		u := mapOf(input, "url")
		out["url"], _ = strOf(u, "base_url")
		if suffix, _ := strOf(u, "url_suffix_example"); suffix != "" {
			out["example"] = []any{suffix}
		}
	case "PHONE_NUMBER":
		out["phone_number"], _ = strOf(input, "phone_number")
	}
	return out
}

// takesInput reports the buttons whose content the business supplies.
func (b libraryButton) takesInput() bool { return b.typ == "URL" || b.typ == "PHONE_NUMBER" }

// matchButtonInputs pairs the inputs, in order, with the library buttons of
// their type, and checks them; the result has one entry per library button
// (nil where none was given).
func matchButtonInputs(lib *libraryTemplate, raw any) ([]map[string]any, *graphError) {
	var list []any
	if raw != nil {
		var ok bool
		if list, ok = raw.([]any); !ok {
			return nil, invalid("Invalid button inputs", "library_template_button_inputs must be a JSON array of button objects.")
		}
	}
	out := make([]map[string]any, len(lib.buttons))
	for _, item := range list {
		in, ok := item.(map[string]any)
		t, _ := strOf(in, "type")
		t = strings.ToUpper(t)
		if !ok || !contains(libraryButtonInputTypes, t) {
			return nil, invalid("Invalid button input", "Each button input needs a type: %s.", strings.Join(libraryButtonInputTypes, ", "))
		}
		slot := -1
		for i, b := range lib.buttons {
			if b.typ == t && out[i] == nil {
				slot = i
				break
			}
		}
		if slot < 0 {
			return nil, invalid("Invalid button input", "Library template %s has no %s button for this input.", lib.name, t)
		}
		if err := checkButtonInput(t, in); err != nil {
			return nil, err
		}
		out[slot] = in
	}
	for i, b := range lib.buttons {
		if b.takesInput() && out[i] == nil {
			return nil, invalid("Button inputs missing",
				"Library template %s has a %s button: add its input to library_template_button_inputs.", lib.name, b.typ)
		}
	}
	return out, nil
}

// checkButtonInput applies the button rules to a URL or phone number input:
// the base_url is a URL button's url (one {{1}} at the end, with
// url_suffix_example as its sample), the phone_number a phone button's.
func checkButtonInput(typ string, in map[string]any) *graphError {
	switch typ {
	case "URL":
		u := mapOf(in, "url")
		base, _ := strOf(u, "base_url")
		b := map[string]any{"type": "URL", "url": base}
		if suffix, _ := strOf(u, "url_suffix_example"); suffix != "" {
			b["example"] = []any{suffix}
		}
		return validateURLButton(b)
	case "PHONE_NUMBER":
		num, _ := strOf(in, "phone_number")
		if num == "" || len(num) > 20 || !buttonPhonePattern.MatchString(num) {
			return invalid("Invalid phone number", "A PHONE_NUMBER input needs phone_number of at most 20 characters: digits with an optional leading +.")
		}
	}
	return nil
}

func checkLibraryBodyInputs(raw any) *graphError {
	if raw == nil {
		return nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return invalid("Invalid body inputs", "library_template_body_inputs must be a JSON object.")
	}
	for k, v := range m {
		isBool, known := libraryBodyInputs[k]
		if !known {
			return invalid("Invalid body inputs", "library_template_body_inputs has no field %q.", k)
		}
		if _, ok := v.(bool); isBool && !ok {
			return invalid("Invalid body inputs", "library_template_body_inputs.%s must be true or false.", k)
		}
		if _, ok := toInt(v); !isBool && !ok {
			return invalid("Invalid body inputs", "library_template_body_inputs.%s must be a whole number.", k)
		}
	}
	return nil
}
