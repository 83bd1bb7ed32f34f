package emulator

import (
	"net/http"
	"testing"
)

// ruleCase is a create request that breaks one rule, with the subcode and
// error_user_title Meta answers with.
type ruleCase struct {
	name    string
	body    map[string]any
	subcode int
	title   string
}

// checkRules creates each case and expects code 100 with the case's subcode
// and user title, and no template created.
func checkRules(t *testing.T, cases []ruleCase) {
	t.Helper()
	h := newHarness(t, Options{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.call(http.MethodPost, h.templatesPath(), tc.body)
			if r.status != http.StatusBadRequest || r.code() != 100 || r.subcode() != tc.subcode ||
				r.errorField("error_user_title") != tc.title || r.errorField("message") != "Invalid parameter" ||
				r.errorField("type") != "OAuthException" || r.errorField("error_user_msg") == nil {
				t.Fatalf("want 400 100/%d %q, got %d: %s", tc.subcode, tc.title, r.status, r.raw)
			}
		})
	}
	if n := len(h.e.allTemplates()); n != 0 {
		t.Fatalf("%d templates created by invalid requests", n)
	}
}

// checkValid creates each template and expects it PENDING in its category.
func checkValid(t *testing.T, cases map[string]map[string]any) {
	t.Helper()
	h := newHarness(t, Options{})
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			b = with(b, "name", "valid_"+nonName.ReplaceAllString(name, "_"))
			r := h.call(http.MethodPost, h.templatesPath(), b)
			if r.status != http.StatusOK || r.str("status") != "PENDING" || r.str("id") == "" {
				t.Fatalf("create %s", r.raw)
			}
		})
	}
}

func header(format string, kv ...any) map[string]any {
	return with(map[string]any{"type": "HEADER", "format": format}, kv...)
}

func imageHeader(handle string) map[string]any {
	return header("IMAGE", "example", map[string]any{"header_handle": []any{handle}})
}

func footer(text string) map[string]any {
	return map[string]any{"type": "FOOTER", "text": text}
}

func button(typ, text string, kv ...any) map[string]any {
	b := map[string]any{"type": typ}
	if text != "" {
		b["text"] = text
	}
	return with(b, kv...)
}

func copyCode(code string) map[string]any {
	return map[string]any{"type": "COPY_CODE", "example": code}
}
