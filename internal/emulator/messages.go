package emulator

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Template messages sent through POST /{phone-number-id}/messages, as the
// Cloud API documents them ("Send message templates" and "Error codes" in
// Meta's WhatsApp Cloud API documentation). Only type "template" is
// modelled: the emulator checks the template as Meta does at send time and
// records what was sent; it delivers nothing and sends no status webhooks.
//
// Checks, in Meta's order of concern:
//   - messaging_product "whatsapp", to, type and template.name and
//     template.language.code are required (131008 for the template fields);
//   - the sending number must be registered on the Cloud API (133010);
//   - to must be a phone number (131009); a number with an allowed list (a
//     test number, see SetAllowedRecipients) only sends to it (131030);
//   - the template must exist at the number's WABA in that language and be
//     APPROVED: other review states give 132001, PAUSED 132015, DISABLED
//     132016;
//   - each component's parameters must match the template's variables: the
//     count (132000), their type, a media header's media, a button's
//     sub_type and, for NAMED templates, their names (132012); texts with
//     parameters substituted must fit the component's limit (132005).

// Cloud API error codes of template sends.
const (
	codeRequiredParamMissing  = 131008
	codeParamValueInvalid     = 131009
	codeRecipientNotAllowed   = 131030
	codeTemplateParamCount    = 132000
	codeTemplateNotFound      = 132001
	codeTemplateTextTooLong   = 132005
	codeTemplateParamFormat   = 132012
	codeTemplatePaused        = 132015
	codeTemplateDisabled      = 132016
	codePhoneNotRegistered    = 133010
	maxTestRecipients         = 5
	sentHeaderTextLimit       = 60
	sentBodyTextLimit         = 1024
	sentMessageStatusAccepted = "accepted"
)

// SentMessage is a template message the emulator accepted.
type SentMessage struct {
	// ID is the wamid the response returned.
	ID            string    `json:"id"`
	PhoneNumberID string    `json:"phone_number_id"`
	To            string    `json:"to"`
	WAID          string    `json:"wa_id"`
	TemplateID    string    `json:"template_id"`
	TemplateName  string    `json:"template_name"`
	Language      string    `json:"language"`
	Time          time.Time `json:"time"`
	// Header and Body are the template's texts with the parameters
	// substituted ("" when the template has no such text).
	Header string `json:"header,omitempty"`
	Body   string `json:"body,omitempty"`
	// Components are the request's template.components, as sent.
	Components []any `json:"components,omitempty"`
}

// SentMessages returns the template messages sent so far, oldest first.
func (e *Emulator) SentMessages() []SentMessage {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]SentMessage(nil), e.store.sent...)
}

// ClearSentMessages forgets the messages sent so far.
func (e *Emulator) ClearSentMessages() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.store.sent = nil
}

// SetAllowedRecipients gives a phone number the allowed list of a test
// business number: it then sends only to these numbers (digits, country code
// included; at most five, as Meta allows), and other recipients get 131030.
// No numbers removes the list.
func (e *Emulator) SetAllowedRecipients(phoneID string, numbers ...string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.store.nodes[phoneID].(*phone); !ok {
		return fmt.Errorf("no phone number %s", phoneID)
	}
	if len(numbers) > maxTestRecipients {
		return fmt.Errorf("a test number has at most %d allowed recipients, not %d", maxTestRecipients, len(numbers))
	}
	if len(numbers) == 0 {
		e.store.detach(phoneID, "allowed_recipients")
		return nil
	}
	list := attached(e.store, phoneID, "allowed_recipients", func() *[]string { return new([]string) })
	*list = nil
	for _, n := range numbers {
		*list = append(*list, recipientDigits(n))
	}
	return nil
}

// cloudError is a Cloud API error: the title as message, the explanation in
// error_data.details.
func cloudError(code int, title, format string, args ...any) *graphError {
	return &graphError{Message: fmt.Sprintf("(#%d) %s", code, title), Type: "OAuthException", Code: code,
		Details: fmt.Sprintf(format, args...)}
}

// recipientDigits drops what people write around a phone number: +, spaces,
// dashes, dots and parentheses.
func recipientDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '+', ' ', '-', '.', '(', ')':
			return -1
		}
		return r
	}, s)
}

// POST /{phone-number-id}/messages with type "template".
func sendMessage(c *call) (any, *graphError) {
	p := c.node.(*phone)
	product := c.params.string("messaging_product")
	if product == "" {
		return nil, errRequiredParam("messaging_product")
	}
	if product != "whatsapp" {
		return nil, errParam("(#100) Param messaging_product must be whatsapp")
	}
	if rt, ok := c.params.str("recipient_type"); ok && rt != "individual" {
		return nil, errParam("(#100) Param recipient_type must be individual")
	}
	to := c.params.string("to")
	if to == "" {
		return nil, errRequiredParam("to")
	}
	typ := c.params.string("type")
	if typ == "" {
		typ = "text"
	}
	if typ != "template" {
		return nil, errParam("(#100) The emulator serves template messages only, not type %s", typ)
	}
	raw, _, gerr := c.params.structured("template")
	if gerr != nil {
		return nil, gerr
	}
	tmpl, _ := raw.(map[string]any)
	if tmpl == nil {
		return nil, cloudError(codeRequiredParamMissing, "Required parameter is missing", "Parameter template is required for type template.")
	}
	name, _ := strOf(tmpl, "name")
	if name == "" {
		return nil, cloudError(codeRequiredParamMissing, "Required parameter is missing", "Parameter template.name is required.")
	}
	language, _ := strOf(mapOf(tmpl, "language"), "code")
	if language == "" {
		return nil, cloudError(codeRequiredParamMissing, "Required parameter is missing", "Parameter template.language.code is required.")
	}
	if !p.registered() {
		return nil, cloudError(codePhoneNotRegistered, "Account not registered",
			"The phone number %s is not registered on the Cloud API. Register it before sending messages.", p.id)
	}
	digits := recipientDigits(to)
	if !e164Digits.MatchString(digits) {
		return nil, cloudError(codeParamValueInvalid, "Parameter value is not valid", "Parameter to (%s) is not a valid phone number.", to)
	}
	if list := peekAttached[[]string](c.e.store, p.id, "allowed_recipients"); list != nil && !contains(*list, digits) {
		return nil, cloudError(codeRecipientNotAllowed, "Recipient phone number not in allowed list",
			"Recipient phone number %s is not in the allowed list of this test number. Add it in the API Setup panel of the app dashboard.", digits)
	}
	t := c.e.store.templateIn(p.wabaID, name, language)
	if t == nil {
		return nil, cloudError(codeTemplateNotFound, "Template name does not exist in the translation",
			"template name (%s) does not exist in %s", name, language)
	}
	switch t.status {
	case statusApproved:
	case statusPaused:
		return nil, cloudError(codeTemplatePaused, "Template is Paused",
			"Template is paused due to low quality so it cannot be sent in a template message.")
	case statusDisabled:
		return nil, cloudError(codeTemplateDisabled, "Template is Disabled",
			"Template has been paused too many times due to low quality and is now permanently disabled.")
	default:
		return nil, cloudError(codeTemplateNotFound, "Template name does not exist in the translation",
			"template name (%s) in %s is %s, not approved; only approved templates can be sent", name, language, t.status)
	}
	comps, _ := listOf(tmpl, "components")
	header, body, gerr := t.hydrate(comps)
	if gerr != nil {
		return nil, gerr
	}
	id := "wamid." + base64.RawURLEncoding.EncodeToString([]byte("HBgL"+digits+"FQIAERgS"+randomHex(9)))
	c.e.store.sent = append(c.e.store.sent, SentMessage{
		ID: id, PhoneNumberID: p.id, To: to, WAID: digits, TemplateID: t.id, TemplateName: t.name, Language: t.language,
		Time: c.e.now(), Header: header, Body: body, Components: comps,
	})
	return map[string]any{
		"messaging_product": "whatsapp",
		"contacts":          []any{map[string]any{"input": to, "wa_id": digits}},
		"messages":          []any{map[string]any{"id": id, "message_status": sentMessageStatusAccepted}},
	}, nil
}

// templateIn finds a WABA's template by name and language.
func (s *store) templateIn(wabaID, name, language string) *template {
	w := s.waba(wabaID)
	if w == nil {
		return nil
	}
	for _, t := range w.templates {
		if t.name == name && t.language == language {
			return t
		}
	}
	return nil
}

// sendSlot is one component of the template that takes parameters at send
// time, and what the request gave it.
type sendSlot struct {
	where string // "header", "body", "button 0"…
	text  string // the template's text or URL with the variables
	vars  []string
	media string // header format IMAGE, VIDEO, DOCUMENT or LOCATION
	// subType is the sub_type a button's parameters come with: url or
	// copy_code.
	subType string
	given   []any
	seen    bool
}

// hydrate matches the request's components with the template's variables
// and returns the header and body texts with the parameters substituted.
func (t *template) hydrate(reqComps []any) (header, body string, gerr *graphError) {
	format := t.parameterFormat
	if format == "" {
		format = "POSITIONAL"
	}
	slots := map[string]*sendSlot{}
	var order []string
	add := func(key string, s *sendSlot) {
		slots[key] = s
		order = append(order, key)
	}
	for _, raw := range t.renderComponents() {
		comp, _ := raw.(map[string]any)
		switch comp["type"] {
		case "HEADER":
			f, _ := strOf(comp, "format")
			if f == "" || f == "TEXT" {
				text, _ := strOf(comp, "text")
				vars, _ := variables(text, format, "header")
				add("header", &sendSlot{where: "header", text: text, vars: vars})
			} else {
				add("header", &sendSlot{where: "header", media: f})
			}
		case "BODY":
			text, _ := strOf(comp, "text")
			vars, _ := variables(text, format, "body")
			add("body", &sendSlot{where: "body", text: text, vars: vars})
		case "BUTTONS":
			buttons, _ := listOf(comp, "buttons")
			for i, item := range buttons {
				b, _ := item.(map[string]any)
				switch b["type"] {
				case "URL":
					u, _ := strOf(b, "url")
					if vars, _ := variables(u, "POSITIONAL", "button"); len(vars) > 0 {
						add(fmt.Sprintf("button %d", i), &sendSlot{where: fmt.Sprintf("button %d", i), text: u, vars: vars, subType: "url"})
					}
				case "COPY_CODE":
					add(fmt.Sprintf("button %d", i), &sendSlot{where: fmt.Sprintf("button %d", i), vars: []string{"coupon_code"}, subType: "copy_code"})
				}
			}
		}
	}
	for _, raw := range reqComps {
		comp, _ := raw.(map[string]any)
		typ, _ := strOf(comp, "type")
		key := strings.ToLower(typ)
		if key == "button" {
			idx, _ := toInt(comp["index"])
			key = fmt.Sprintf("button %d", idx)
		}
		params, _ := listOf(comp, "parameters")
		s, ok := slots[key]
		if !ok {
			if len(params) == 0 || key == "carousel" || key == "limited_time_offer" {
				continue
			}
			return "", "", cloudError(codeTemplateParamCount, "Number of parameters does not match the expected number of params",
				"%s: number of localizable_params (%d) does not match the expected number of params (0)", key, len(params))
		}
		if sub, _ := strOf(comp, "sub_type"); s.subType != "" && !strings.EqualFold(sub, s.subType) {
			return "", "", cloudError(codeTemplateParamFormat, "Parameter format does not match format in the created template",
				"%s: Format mismatch, expected %s, received %s", s.where, strings.ToUpper(s.subType), strings.ToUpper(orUnknown(sub)))
		}
		s.given, s.seen = params, true
	}
	for _, key := range order {
		s := slots[key]
		want := len(s.vars)
		if s.media != "" {
			// A media header sent without its media is a format mismatch.
			if len(s.given) == 0 {
				return "", "", cloudError(codeTemplateParamFormat, "Parameter format does not match format in the created template",
					"header: Format mismatch, expected %s, received UNKNOWN", s.media)
			}
			want = 1
		}
		if len(s.given) != want {
			return "", "", cloudError(codeTemplateParamCount, "Number of parameters does not match the expected number of params",
				"%s: number of localizable_params (%d) does not match the expected number of params (%d)", s.where, len(s.given), want)
		}
		text, gerr := s.fill(format)
		if gerr != nil {
			return "", "", gerr
		}
		switch {
		case key == "header" && runes(text) > sentHeaderTextLimit:
			return "", "", cloudError(codeTemplateTextTooLong, "Template Hydrated Text Too Long",
				"header: the text with its parameters is %d characters; the limit is %d", runes(text), sentHeaderTextLimit)
		case key == "body" && runes(text) > sentBodyTextLimit:
			return "", "", cloudError(codeTemplateTextTooLong, "Template Hydrated Text Too Long",
				"body: the text with its parameters is %d characters; the limit is %d", runes(text), sentBodyTextLimit)
		}
		switch key {
		case "header":
			header = text
		case "body":
			body = text
		}
	}
	return header, body, nil
}

// fill checks the slot's parameters and substitutes them into its text.
func (s *sendSlot) fill(format string) (string, *graphError) {
	mismatch := func(expected, received string) *graphError {
		return cloudError(codeTemplateParamFormat, "Parameter format does not match format in the created template",
			"%s: Format mismatch, expected %s, received %s", s.where, expected, received)
	}
	if s.media != "" {
		p, _ := s.given[0].(map[string]any)
		got, _ := strOf(p, "type")
		want := strings.ToLower(s.media)
		if got != want {
			return "", mismatch(s.media, strings.ToUpper(orUnknown(got)))
		}
		m := mapOf(p, want)
		if want != "location" {
			if id, _ := strOf(m, "id"); id == "" {
				if link, _ := strOf(m, "link"); link == "" {
					return "", mismatch(s.media, "UNKNOWN")
				}
			}
		}
		return "", nil
	}
	text := s.text
	for i, raw := range s.given {
		p, _ := raw.(map[string]any)
		typ, _ := strOf(p, "type")
		var value string
		switch {
		case len(s.vars) == 1 && s.vars[0] == "coupon_code":
			if typ != "coupon_code" {
				return "", mismatch("COUPON_CODE", strings.ToUpper(orUnknown(typ)))
			}
			value, _ = strOf(p, "coupon_code")
		case typ == "text":
			value, _ = strOf(p, "text")
		case typ == "currency" || typ == "date_time":
			value, _ = strOf(mapOf(p, typ), "fallback_value")
		default:
			return "", mismatch("TEXT", strings.ToUpper(orUnknown(typ)))
		}
		if value == "" {
			return "", mismatch("TEXT", "EMPTY")
		}
		variable := s.vars[i]
		if format == "NAMED" && !strings.HasPrefix(s.where, "button") {
			name, _ := strOf(p, "parameter_name")
			if !contains(s.vars, name) {
				return "", cloudError(codeTemplateParamFormat, "Parameter format does not match format in the created template",
					"%s: parameter_name (%s) is not a variable of the template; its variables are %s", s.where, name, strings.Join(s.vars, ", "))
			}
			variable = name
		}
		text = strings.ReplaceAll(text, "{{"+variable+"}}", value)
	}
	return text, nil
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// GET /_emulator/messages lists the sent template messages; DELETE forgets
// them.
func (e *Emulator) controlMessages(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodDelete) {
		return
	}
	if r.Method == http.MethodDelete {
		e.ClearSentMessages()
		writeControl(w, http.StatusOK, map[string]any{"success": true})
		return
	}
	msgs := e.SentMessages()
	if msgs == nil {
		msgs = []SentMessage{}
	}
	writeControl(w, http.StatusOK, map[string]any{"data": msgs})
}
