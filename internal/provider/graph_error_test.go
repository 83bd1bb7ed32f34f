package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// TestAddGraphErrorAdvice checks that a Graph error is reported with the error's text, then the
// area's own advice when it has some, else the advice every area shares, else nothing more.
func TestAddGraphErrorAdvice(t *testing.T) {
	notFound := &graph.Error{Code: graph.CodeNotFound, Message: "Object does not exist"}
	expired := &graph.Error{Code: graph.CodeInvalidToken, Message: "Session has expired"}
	locked := &graph.Error{Code: graph.CodeInvalidParameter, Subcode: graph.SubcodeTemplateNameLocked, Message: "Invalid parameter"}
	throttled := &graph.Error{Code: graph.CodeWABARateLimit, Message: "limit", RegainAccessIn: 7}
	cases := []struct {
		name   string
		err    error
		area   []errorAdvice
		advice string // "" for none
	}{
		{"area advice", locked, []errorAdvice{templateAdvice}, "Meta locks a deleted template's name and language for about four weeks."},
		{"area advice replaces the shared one", notFound, []errorAdvice{phoneSettingsAdvice}, "Check phone_number_id."},
		{"webhook auth", expired, []errorAdvice{webhookAdvice}, "app access token app_id|app_secret"},
		{"shared auth when the area has nothing to say", expired, []errorAdvice{templateAdvice}, "The access token is missing, invalid or expired. Check access_token"},
		{"shared not found without an area", notFound, nil, "The object does not exist or is not visible to the token."},
		{"shared rate limit with Meta's estimate", throttled, []errorAdvice{flowAdvice}, "access returns in about 7 minutes"},
		{"no advice", errors.New("EOF"), []errorAdvice{phoneAdvice}, ""},
	}
	for _, tc := range cases {
		var diags diag.Diagnostics
		addGraphError(&diags, "Cannot do it", tc.err, tc.area...)
		if len(diags) != 1 || diags[0].Summary() != "Cannot do it" {
			t.Fatalf("%s: want one diagnostic with the summary, got %v", tc.name, diags)
		}
		detail := diags[0].Detail()
		if tc.advice == "" {
			if detail != tc.err.Error() {
				t.Errorf("%s: detail %q, want only the error %q", tc.name, detail, tc.err.Error())
			}
			continue
		}
		if !strings.HasPrefix(detail, tc.err.Error()+"\n\n") || !strings.Contains(detail, tc.advice) {
			t.Errorf("%s: detail %q, want the error, a blank line and advice containing %q", tc.name, detail, tc.advice)
		}
	}
}
