package emulator

import (
	"strings"
)

// GET /message_template_library browses the Template Library
// (developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-library#using-the-api).
// It takes no node id: like /app, the path is a registry entry. Filters:
// search (a substring of the template's "content, name, header, body or
// footer"; the page's example search="payments" returns
// low_balance_warning_1, whose topic is PAYMENTS, so the topic and use case
// count as content), topic, usecase, industry, language, name and category (used
// by the groups reference). Entries have the page's shape: name, language,
// category, topic, usecase, industry, header, body, body_params,
// body_param_types, buttons and id, one per language.

const nodeTemplateLibrary nodeType = "MessageTemplateLibrary"

// templateLibraryPath is the registry entry of the library.
const templateLibraryPath = "message_template_library"

type templateLibraryNode struct{}

func (*templateLibraryNode) kind() nodeType     { return nodeTemplateLibrary }
func (*templateLibraryNode) owningWABA() string { return "" }

func (s *store) seedTemplateLibrary() {
	s.nodes[templateLibraryPath] = &templateLibraryNode{}
}

func browseTemplateLibrary(c *call) (any, *graphError) {
	search := strings.ToLower(strings.Trim(c.params.string("search"), `"' `))
	name := strings.ToLower(c.params.string("name"))
	topic := upperSet(c.params.string("topic"))
	usecase := upperSet(c.params.string("usecase"))
	industry := upperSet(c.params.string("industry"))
	category := upperSet(c.params.string("category"))
	language := valueSet(c.params.string("language"))
	var items []pageItem
	seq := int64(0)
	for _, lib := range templateLibrary {
		for _, lang := range lib.languages {
			seq++
			text := strings.ToLower(strings.Join([]string{lib.name, lib.header, lib.body, lib.topic, lib.usecase}, "\n"))
			switch {
			case search != "" && !strings.Contains(text, search),
				name != "" && !strings.Contains(lib.name, name),
				topic != nil && !topic[lib.topic],
				usecase != nil && !usecase[lib.usecase],
				industry != nil && !anyIn(industry, lib.industry),
				category != nil && !category[lib.category],
				language != nil && !language[lang]:
				continue
			}
			items = append(items, pageItem{seq: seq, value: lib.entry(lang)})
		}
	}
	return c.paginate(items, maxPageLimit)
}

func anyIn(set map[string]bool, list []string) bool {
	for _, x := range list {
		if set[x] {
			return true
		}
	}
	return false
}

// entry is the library template in one language as the endpoint lists it.
func (lib libraryTemplate) entry(language string) map[string]any {
	params := make([]any, len(lib.bodyParams))
	for i, p := range lib.bodyParams {
		params[i] = p
	}
	industry := make([]any, len(lib.industry))
	for i, x := range lib.industry {
		industry[i] = x
	}
	buttons := make([]any, len(lib.buttons))
	for i, b := range lib.buttons {
		m := map[string]any{"type": b.typ, "text": b.text}
		if b.url != "" {
			m["url"] = b.url
		}
		if b.phoneNumber != "" {
			m["phone_number"] = b.phoneNumber
		}
		buttons[i] = m
	}
	out := map[string]any{
		"name": lib.name, "language": language, "category": lib.category,
		"topic": lib.topic, "usecase": lib.usecase, "industry": industry,
		"body": lib.body, "body_params": params, "buttons": buttons, "id": lib.id,
	}
	if lib.header != "" {
		out["header"] = lib.header
	}
	if len(lib.bodyParamTypes) > 0 {
		types := make([]any, len(lib.bodyParamTypes))
		for i, x := range lib.bodyParamTypes {
			types[i] = x
		}
		out["body_param_types"] = types
	}
	return out
}
