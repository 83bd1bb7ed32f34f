package emulator

import (
	"fmt"
	"strings"
	"time"
)

// template is a message template (Meta's WhatsApp Business HSM node).
type template struct {
	id, wabaID string
	seq        int64

	name, language, category string
	status                   string
	parameterFormat          string
	// components are the submitted components, normalised; reads render
	// them into the shape Meta returns.
	components []map[string]any
	// mediaURLs stand in for the uploaded samples of media headers, which
	// Meta returns as CDN URLs rather than upload handles; keys name the
	// header (template_media.go).
	mediaURLs map[string]string

	previousCategory    string
	correctCategory     string
	rejectedReason      string
	qualityScore        string
	qualityDate         time.Time
	ttl                 int
	hasTTL              bool
	ctaOptedOut         bool
	subCategory         string
	libraryTemplateName string

	createdAt   time.Time
	submittedAt time.Time // last submission for review (create or edit)

	approvedEdits []time.Time // edits made while APPROVED, for the quota
	pauseCount    int
	pausedUntil   time.Time
}

// Template statuses used by the emulator.
const (
	statusPending         = "PENDING"
	statusApproved        = "APPROVED"
	statusRejected        = "REJECTED"
	statusPaused          = "PAUSED"
	statusDisabled        = "DISABLED"
	statusInAppeal        = "IN_APPEAL"
	statusPendingDeletion = "PENDING_DELETION"
)

// deletedNameLock is how long a deleted (name, language) cannot be reused.
const deletedNameLock = 30 * 24 * time.Hour

// templateSettings are the optional create/edit parameters besides name,
// language, category and components.
type templateSettings struct {
	parameterFormat string
	ttl             int
	hasTTL          bool
	ctaOptedOut     bool
}

func parseParameterFormat(p params) (string, bool, *graphError) {
	raw, ok := p.str("parameter_format")
	if !ok {
		return "", false, nil
	}
	f := strings.ToUpper(strings.TrimSpace(raw))
	if f != "POSITIONAL" && f != "NAMED" {
		return "", true, invalid("Invalid parameter format", "parameter_format must be POSITIONAL or NAMED.")
	}
	return f, true, nil
}

func parseCategory(raw string) (string, *graphError) {
	c := strings.ToUpper(strings.TrimSpace(raw))
	if !contains(templateCategories, c) {
		return "", invalid("Invalid category", "Category %q isn't valid. Use AUTHENTICATION, MARKETING or UTILITY.", raw)
	}
	return c, nil
}

// validateTTL checks message_send_ttl_seconds against the category's range.
func validateTTL(category string, ttl int) *graphError {
	lo, hi := 30, 43200
	switch category {
	case "AUTHENTICATION":
		lo, hi = 30, 900
	case "MARKETING":
		lo, hi = 43200, 2592000
	}
	if ttl < lo || ttl > hi {
		return invalid("Invalid message send TTL",
			"message_send_ttl_seconds for %s templates must be between %d and %d seconds.", category, lo, hi)
	}
	return nil
}

// POST /{waba-id}/message_templates
func createTemplate(c *call) (any, *graphError) {
	w := c.node.(*waba)
	now := c.e.now()

	name, _ := c.params.str("name")
	if name == "" {
		return nil, invalid("Template name missing", "A template needs a name.")
	}
	if len(name) > 512 || !templateNamePattern.MatchString(name) {
		return nil, invalid("Invalid template name",
			"Template names can only have lowercase letters, numbers and underscores, up to 512 characters.")
	}
	language, _ := c.params.str("language")
	if language == "" {
		return nil, invalid("Language missing", "A template needs a language.")
	}
	if _, ok := templateLanguages[language]; !ok {
		return nil, invalid("Unsupported language", "%q isn't a supported template language.", language)
	}
	rawCategory, _ := c.params.str("category")
	if rawCategory == "" {
		return nil, invalid("Category missing", "A template needs a category: AUTHENTICATION, MARKETING or UTILITY.")
	}
	category, err := parseCategory(rawCategory)
	if err != nil {
		return nil, err
	}
	key := nameLanguage{name, language}
	for _, t := range w.templates {
		if t.name == name && t.language == language {
			return nil, errInvalid(subcodeLanguageExists, "Content in this language already exists",
				fmt.Sprintf("There is already %s content for this template. You can create a new template and try again.", languageName(language)))
		}
	}
	if until, locked := w.deletedNames[key]; locked && now.Before(until) {
		lang := languageName(language)
		return nil, errInvalid(subcodeLanguageBeingDeleted, "Message template language is being deleted",
			fmt.Sprintf("New %s content can't be added while the existing %s content is being deleted. "+
				"Try again in 4 weeks or consider creating a new message template.", lang, lang))
	}
	w.creations = pruneWindow(w.creations, now, c.e.opts.RateWindow)
	if limit := c.e.opts.CreationLimitPerHour; len(w.creations) >= limit {
		return nil, &graphError{
			Message: fmt.Sprintf("Message template creation limit reached: at most %d templates "+
				"can be created per hour per WhatsApp Business Account", limit),
			Type:          "OAuthException",
			Code:          80008,
			IsTransient:   true,
			RegainMinutes: minutesUntilSlot(w.creations, now, c.e.opts.RateWindow),
		}
	}

	format, hasFormat, err := parseParameterFormat(c.params)
	if err != nil {
		return nil, err
	}
	if !hasFormat {
		format = "POSITIONAL"
	}
	libraryName := c.params.string("library_template_name")
	status := statusPending
	var comps []map[string]any
	if libraryName != "" {
		// Library templates are approved without review and use the
		// library's positional parameters (template_library.go).
		comps, err = c.libraryComponents(libraryName, category, language)
		status, format = statusApproved, "POSITIONAL"
	} else {
		comps, err = c.components(category, format, true)
	}
	if err != nil {
		return nil, err
	}
	settings, err := c.templateSettings(category, nil)
	if err != nil {
		return nil, err
	}
	settings.parameterFormat = format

	t := &template{
		id:              c.e.store.newID(),
		wabaID:          w.id,
		seq:             c.e.store.nextSeq(),
		name:            name,
		language:        language,
		category:        category,
		status:          status,
		parameterFormat: settings.parameterFormat,
		components:      comps,
		rejectedReason:  "NONE",
		qualityScore:    "UNKNOWN",
		qualityDate:     now,
		createdAt:       now,
		submittedAt:     now,
	}
	t.applySettings(settings)
	t.subCategory = strings.ToUpper(c.params.string("sub_category"))
	t.libraryTemplateName = libraryName
	t.refreshMediaURLs()
	w.templates = append(w.templates, t)
	w.creations = append(w.creations, now)
	c.e.store.nodes[t.id] = t
	c.logActivity(w.id, "TEMPLATE_CREATED", fmt.Sprintf("New message template '%s' was created", t.name), templateDetails(t))
	return map[string]any{"id": t.id, "status": t.status, "category": t.category}, nil
}

// templateSettings parses parameter_format, message_send_ttl_seconds and
// cta_url_link_tracking_opted_out; current supplies defaults on edit.
func (c *call) templateSettings(category string, current *template) (templateSettings, *graphError) {
	s := templateSettings{parameterFormat: "POSITIONAL"}
	if current != nil {
		s.parameterFormat = current.parameterFormat
		s.ttl, s.hasTTL, s.ctaOptedOut = current.ttl, current.hasTTL, current.ctaOptedOut
	}
	format, has, err := parseParameterFormat(c.params)
	if err != nil {
		return s, err
	}
	if has {
		s.parameterFormat = format
	}
	ttl, hasTTL, err := c.params.integer("message_send_ttl_seconds")
	if err != nil {
		return s, err
	}
	if hasTTL {
		s.ttl, s.hasTTL = ttl, true
	}
	if s.hasTTL {
		if err := validateTTL(category, s.ttl); err != nil {
			return s, err
		}
	}
	cta, hasCTA, err := c.params.boolean("cta_url_link_tracking_opted_out")
	if err != nil {
		return s, err
	}
	if hasCTA {
		s.ctaOptedOut = cta
	}
	// Meta no longer honours allow_category_change (changelog, 9 April 2025,
	// developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-categorization):
	// it assigns the category it determines in every case. The parameter is
	// still accepted, and only its type is checked.
	if _, _, err := c.params.boolean("allow_category_change"); err != nil {
		return s, err
	}
	return s, nil
}

func (t *template) applySettings(s templateSettings) {
	t.parameterFormat = s.parameterFormat
	t.ttl, t.hasTTL = s.ttl, s.hasTTL
	t.ctaOptedOut = s.ctaOptedOut
}

// rules are the component rules of a create or edit call.
func (c *call) rules(category, format string) componentRules {
	return componentRules{category: category, format: format, media: c.checkMediaHandle}
}

// components parses and validates the components parameter. When absent on
// create it is an empty list, which fails the one-BODY rule.
func (c *call) components(category, format string, required bool) ([]map[string]any, *graphError) {
	raw, present, err := c.params.structured("components")
	if err != nil {
		return nil, err
	}
	if !present {
		if !required {
			return nil, nil
		}
		raw = []any{}
	}
	comps, err := normalizeComponents(raw)
	if err != nil {
		return nil, err
	}
	if err := validateComponents(c.rules(category, format), comps); err != nil {
		return nil, err
	}
	if err := c.checkFlowButtons(comps); err != nil {
		return nil, err
	}
	return comps, nil
}

// DELETE /{waba-id}/message_templates?name=X[&hsm_id=ID]. By name it
// deletes every language of the template; with hsm_id only that one, whose
// name must match. Deleted (name, language) pairs stay locked for 30 days.
func deleteTemplates(c *call) (any, *graphError) {
	w := c.node.(*waba)
	name := c.params.string("name")
	if name == "" {
		return nil, errRequiredParam("name")
	}
	hsmID := c.params.string("hsm_id")
	var doomed []*template
	for _, t := range w.templates {
		if t.name != name {
			continue
		}
		if hsmID == "" || t.id == hsmID {
			doomed = append(doomed, t)
		}
	}
	if len(doomed) == 0 {
		if hsmID != "" {
			return nil, errParam("(#100) Message template with ID %s and name %s does not exist in this WhatsApp Business Account", hsmID, name)
		}
		return nil, errParam("Couldn't find message template with name %s", name)
	}
	// Meta refuses to delete a DISABLED template (it stays in the account
	// with its quality history; Template management, "Deleting templates",
	// developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management).
	// The call deletes nothing then, not even the other languages of the
	// name, as with the edit refusal (template_edit.go).
	for _, t := range doomed {
		if t.status == statusDisabled {
			return nil, &graphError{
				Message:   fmt.Sprintf("(#100) Message templates with status %s can't be deleted", t.status),
				Type:      "OAuthException",
				Code:      100,
				UserTitle: "Template can't be deleted",
				UserMsg: fmt.Sprintf("The %s template %s (%s) is disabled and can't be deleted.",
					t.name, t.language, t.id),
			}
		}
	}
	now := c.e.now()
	for _, t := range doomed {
		c.e.store.removeTemplate(w, t)
		w.deletedNames[nameLanguage{t.name, t.language}] = now.Add(deletedNameLock)
		c.logActivity(w.id, "TEMPLATE_DELETED", fmt.Sprintf("Message template '%s' (%s) was deleted", t.name, t.language), templateDetails(t))
	}
	return map[string]any{"success": true}, nil
}

func (s *store) removeTemplate(w *waba, t *template) {
	delete(s.nodes, t.id)
	kept := w.templates[:0]
	for _, x := range w.templates {
		if x != t {
			kept = append(kept, x)
		}
	}
	w.templates = kept
}
