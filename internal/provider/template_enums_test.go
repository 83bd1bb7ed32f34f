package provider

import (
	"strings"
	"testing"
)

// TestTemplateButtonTypeFieldsAreButtonAttributes checks the button types' field lists against
// the buttons schema.
func TestTemplateButtonTypeFieldsAreButtonAttributes(t *testing.T) {
	attrs := buttonsSchema().NestedObject.Attributes
	for _, bt := range templateButtonTypes {
		for _, f := range bt.fields {
			if _, ok := attrs[strings.TrimPrefix(f, "!")]; !ok {
				t.Errorf("button type %s lists %q, which is not a button attribute", bt.name, f)
			}
		}
	}
}

func TestOrList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"A"}, "`A`"},
		{[]string{"A", "B"}, "`A` or `B`"},
		{categories, "`AUTHENTICATION`, `MARKETING` or `UTILITY`"},
	} {
		if got := orList(tc.in); got != tc.want {
			t.Errorf("orList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
