package emulator

import (
	"fmt"
	"unicode/utf8"
)

// Shared pieces of the per-phone-number settings documents: the business
// profile, conversational automation, QR codes and commerce settings. Each is
// a document attached to a phone number id.

// settingsPhone returns the phone number with the given id for an exported
// hook. Callers hold e.mu.
func (e *Emulator) settingsPhone(id string) (*phone, error) {
	p, ok := e.store.nodes[id].(*phone)
	if !ok {
		return nil, fmt.Errorf("emulator: no phone number with id %q", id)
	}
	return p, nil
}

// chars counts characters as Meta's length limits do: Unicode code points,
// not bytes.
func chars(s string) int { return utf8.RuneCountInString(s) }

// stringList reads a parameter that must be a list of strings. Lists sent as
// JSON strings (form or query encoding, or Meta's own examples that quote the
// array) are decoded first.
func (c *call) stringList(key string) (list []string, present bool, err *graphError) {
	v, present, err := c.params.structured(key)
	if err != nil || !present {
		// A plain string that is not JSON is taken as a one-item list.
		if s, ok := c.params[key].(string); ok && err != nil {
			return []string{s}, true, nil //nolint:nilerr // not JSON: the string itself is the one item
		}
		return nil, present, err
	}
	items, ok := v.([]any)
	if !ok {
		if s, isString := v.(string); isString {
			return []string{s}, true, nil
		}
		return nil, true, errParam("(#100) Param %s must be an array", key)
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		s, ok := toString(it)
		if !ok {
			return nil, true, errParam("(#100) Param %s[%d] must be a string", key, i)
		}
		out = append(out, s)
	}
	return out, true, nil
}

// errUnprocessable is the 422 / 100 GraphMethodException of the spec's
// examples, for requests whose parameters are well formed but cannot be
// applied. Meta's Graph API answers most refusals with HTTP 400 and an
// OAuthException code of its own, so this is only for refusals where Meta's
// error codes page and the edge's Graph API reference name no specific code;
// each caller says which sources were checked.
func errUnprocessable(format string, args ...any) *graphError {
	return &graphError{Status: 422, Message: fmt.Sprintf(format, args...), Type: "GraphMethodException", Code: 100}
}
