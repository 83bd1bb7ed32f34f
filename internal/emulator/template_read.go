package emulator

import (
	"strings"
)

var templateFields = fieldSet{
	nodeType: nodeTemplate.graphName(),
	allowed: []string{"id", "name", "language", "status", "category", "components", "parameter_format",
		"previous_category", "rejected_reason", "quality_score", "message_send_ttl_seconds",
		"cta_url_link_tracking_opted_out", "sub_category", "correct_category", "library_template_name"},
	defaults: []string{"id", "name", "language", "status", "category", "components"},
}

// The list edge returns the same default set (Meta documents it as
// name,components,language,status,category,id).
var templateListFields = templateFields

// authTTLDefault is the message_send_ttl_seconds Meta reports for
// AUTHENTICATION templates that did not set one.
const authTTLDefault = 600

// view is the full read shape of a template. Optional fields are left out
// when unset, as Graph omits them.
func (t *template) view() map[string]any {
	v := map[string]any{
		"id":                              t.id,
		"name":                            t.name,
		"language":                        t.language,
		"status":                          t.status,
		"category":                        t.category,
		"components":                      t.renderComponents(),
		"parameter_format":                t.parameterFormat,
		"rejected_reason":                 t.rejectedReason,
		"quality_score":                   map[string]any{"score": t.qualityScore, "date": t.qualityDate.Unix()},
		"cta_url_link_tracking_opted_out": t.ctaOptedOut,
	}
	switch {
	case t.hasTTL:
		v["message_send_ttl_seconds"] = t.ttl
	case t.category == "AUTHENTICATION":
		v["message_send_ttl_seconds"] = authTTLDefault
	}
	optional := map[string]string{
		"previous_category":     t.previousCategory,
		"correct_category":      t.correctCategory,
		"sub_category":          t.subCategory,
		"library_template_name": t.libraryTemplateName,
	}
	for k, s := range optional {
		if s != "" {
			v[k] = s
		}
	}
	return v
}

// renderComponents returns components as Meta reads them back: upper-case
// types and formats, media samples as CDN URLs (in carousel cards too),
// generated authentication content, the rest as created.
func (t *template) renderComponents() []any {
	if t.category == "AUTHENTICATION" {
		return renderAuthentication(t.components)
	}
	out := make([]any, 0, len(t.components))
	for _, comp := range t.components {
		switch comp["type"] {
		case "HEADER":
			out = append(out, withSampleURL(comp, t.mediaURLs[topHeaderKey]))
		case "CAROUSEL":
			out = append(out, t.renderCarousel(comp))
		default:
			out = append(out, deepCopy(comp))
		}
	}
	return out
}

// GET /{template-id}
func getTemplate(c *call) (any, *graphError) {
	fields, err := c.selectFields(templateFields)
	if err != nil {
		return nil, err
	}
	return project(c.node.(*template).view(), fields), nil
}

// GET /{waba-id}/message_templates. The name filter is a case-insensitive
// substring match, so callers looking for one template must compare names
// themselves. status, category, language and quality_score take one value
// or a comma list; name_or_content and content search the text too.
func listTemplates(c *call) (any, *graphError) {
	fields, err := c.selectFields(templateListFields)
	if err != nil {
		return nil, err
	}
	w := c.node.(*waba)
	name := strings.ToLower(c.params.string("name"))
	nameOrContent := strings.ToLower(c.params.string("name_or_content"))
	content := strings.ToLower(c.params.string("content"))
	status := upperSet(c.params.string("status"))
	category := upperSet(c.params.string("category"))
	quality := upperSet(c.params.string("quality_score"))
	language := valueSet(c.params.string("language"))

	var items []pageItem
	for _, t := range w.templates {
		text := strings.ToLower(t.text())
		switch {
		case name != "" && !strings.Contains(strings.ToLower(t.name), name),
			nameOrContent != "" && !strings.Contains(strings.ToLower(t.name), nameOrContent) && !strings.Contains(text, nameOrContent),
			content != "" && !strings.Contains(text, content),
			status != nil && !status[t.status],
			category != nil && !category[t.category],
			quality != nil && !quality[t.qualityScore],
			language != nil && !language[t.language]:
			continue
		}
		items = append(items, pageItem{seq: t.seq, value: project(t.view(), fields)})
	}
	out, err := c.paginate(items, maxPageLimit)
	if err != nil {
		return nil, err
	}
	if strings.Contains(c.params.string("summary"), "total_count") {
		out["summary"] = map[string]any{"total_count": len(items)}
	}
	return out, nil
}

// text concatenates the component texts, for content searches.
func (t *template) text() string {
	var b strings.Builder
	for _, comp := range t.renderComponents() {
		if m, ok := comp.(map[string]any); ok {
			if s, ok := m["text"].(string); ok {
				b.WriteString(s)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

func valueSet(list string) map[string]bool {
	if strings.TrimSpace(list) == "" {
		return nil
	}
	set := map[string]bool{}
	for _, v := range strings.Split(strings.Trim(list, "[]"), ",") {
		set[strings.Trim(strings.TrimSpace(v), `"`)] = true
	}
	return set
}

func upperSet(list string) map[string]bool {
	return valueSet(strings.ToUpper(list))
}
