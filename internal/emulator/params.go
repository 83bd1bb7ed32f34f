package emulator

import (
	"bytes"
	"encoding/json"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// params is the merged parameter map of a Graph call. Graph accepts the same
// parameter from the query string, an urlencoded or multipart form, or a JSON
// body, so handlers never care where a value came from. JSON values keep
// their structure; form values are strings, and structured parameters sent
// as strings (components=[...]) are JSON-decoded on use.
type params map[string]any

const maxBodyBytes = 10 << 20

// parseParams merges query, then body. Body values win over query values.
// Bodies are read for every method, DELETE included.
func parseParams(r *http.Request, body []byte) (params, *graphError) {
	p := params{}
	for k, vs := range r.URL.Query() {
		if len(vs) > 0 {
			p[k] = vs[len(vs)-1]
		}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return p, nil
	}
	mediaType, mediaParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mediaType == "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, errParam("(#100) Invalid form body: %v", err)
		}
		for k, vs := range form {
			if len(vs) > 0 {
				p[k] = vs[len(vs)-1]
			}
		}
	case mediaType == "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), mediaParams["boundary"])
		form, err := mr.ReadForm(maxBodyBytes)
		if err != nil {
			return nil, errParam("(#100) Invalid multipart body: %v", err)
		}
		defer func() { _ = form.RemoveAll() }()
		for k, vs := range form.Value {
			if len(vs) > 0 {
				p[k] = vs[len(vs)-1]
			}
		}
	case mediaType == "application/json" || mediaType == "" || strings.HasSuffix(mediaType, "+json"):
		var obj map[string]any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			return nil, errParam("(#100) Invalid JSON in request body: %v", err)
		}
		for k, v := range obj {
			p[k] = v
		}
	default:
		return nil, errParam("(#100) Unsupported content type %q", mediaType)
	}
	return p, nil
}

// str returns a parameter as a string; numbers and booleans are formatted.
func (p params) str(key string) (string, bool) {
	v, ok := p[key]
	if !ok || v == nil {
		return "", false
	}
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	default:
		b, _ := json.Marshal(t)
		return string(b), true
	}
}

func (p params) string(key string) string {
	s, _ := p.str(key)
	return s
}

// integer parses an integer parameter from a JSON number or a string.
func (p params) integer(key string) (n int, present bool, err *graphError) {
	v, ok := p[key]
	if !ok || v == nil {
		return 0, false, nil
	}
	n, ok = toInt(v)
	if !ok {
		return 0, true, errParam("(#100) Param %s must be an integer", key)
	}
	return n, true, nil
}

// boolean parses a boolean parameter from a JSON bool or "true"/"false".
func (p params) boolean(key string) (b bool, present bool, err *graphError) {
	v, ok := p[key]
	if !ok || v == nil {
		return false, false, nil
	}
	b, ok = toBool(v)
	if !ok {
		return false, true, errParam("(#100) Param %s must be a boolean", key)
	}
	return b, true, nil
}

// structured returns a parameter as decoded JSON: values that arrived as
// strings (form or query encoding) are decoded.
func (p params) structured(key string) (any, bool, *graphError) {
	v, ok := p[key]
	if !ok || v == nil {
		return nil, false, nil
	}
	s, isString := v.(string)
	if !isString {
		return v, true, nil
	}
	var out any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, true, errParam("(#100) Param %s must be valid JSON", key)
	}
	return out, true, nil
}

func toInt(v any) (int, bool) {
	switch t := v.(type) {
	case json.Number:
		n, err := strconv.Atoi(t.String())
		return n, err == nil
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(t))
		return n, err == nil
	case float64:
		return int(t), t == float64(int(t))
	case int:
		return t, true
	}
	return 0, false
}

func toBool(v any) (bool, bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case string:
		b, err := strconv.ParseBool(strings.TrimSpace(t))
		return b, err == nil
	}
	return false, false
}

func toString(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	}
	return "", false
}

// parseFields splits a Graph fields parameter. Commas inside braces or
// parentheses belong to nested selections (quality_score{score},
// phone_numbers.limit(5)); only the top-level field name matters here.
func parseFields(s string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		f := strings.TrimSpace(s[start:end])
		if i := strings.IndexAny(f, "{(."); i >= 0 {
			f = strings.TrimSpace(f[:i])
		}
		if f != "" {
			out = append(out, f)
		}
	}
	for i, r := range s {
		switch r {
		case '{', '(':
			depth++
		case '}', ')':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	flush(len(s))
	return out
}

// fieldSet describes which fields a node type exposes and which come back
// when the caller does not ask for any.
type fieldSet struct {
	nodeType string
	allowed  []string
	defaults []string
	// derived are fields computed on request from state kept elsewhere (a
	// phone number's conversational_automation, its webhook_configuration);
	// their functions live in the file that owns that state.
	derived map[string]func(c *call, id string) any
}

// render projects a node's full view onto the selected fields, computing
// the derived ones that were asked for.
func (c *call) render(fs fieldSet, id string, full map[string]any, fields []string) map[string]any {
	for _, f := range fields {
		if fn, ok := fs.derived[f]; ok {
			full[f] = fn(c, id)
		}
	}
	return project(full, fields)
}

// selectFields resolves the fields parameter against a field set. Unknown
// fields fail the whole call, as on Graph.
func (c *call) selectFields(fs fieldSet) ([]string, *graphError) {
	raw, ok := c.params.str("fields")
	if !ok || strings.TrimSpace(raw) == "" {
		return fs.defaults, nil
	}
	requested := parseFields(raw)
	for _, f := range requested {
		if _, derived := fs.derived[f]; !derived && !contains(fs.allowed, f) {
			return nil, errUnknownField(f, fs.nodeType)
		}
	}
	return requested, nil
}

// project keeps the selected fields of a full view. Graph always returns id,
// and omits fields that have no value.
func project(full map[string]any, fields []string) map[string]any {
	out := map[string]any{}
	if id, ok := full["id"]; ok {
		out["id"] = id
	}
	for _, f := range fields {
		if v, ok := full[f]; ok && v != nil {
			out[f] = v
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
