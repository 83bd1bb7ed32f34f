package graph

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeError feeds decodeError arbitrary statuses, usage headers and bodies. Whatever Graph
// (or a proxy in front of it) answers, the result is an *Error with a non-empty, valid UTF-8
// message that keeps the status, decoding is deterministic, and the classification predicates
// agree with each other. Seeds: testdata/fuzz/FuzzDecodeError.
func FuzzDecodeError(f *testing.F) {
	f.Add(400, "", []byte(`{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_subcode":2388023,"fbtrace_id":"AbC"}}`))
	f.Add(429, `{"123":[{"type":"whatsapp_business_management","call_count":100,"estimated_time_to_regain_access":7}]}`, []byte(`{"error":{"message":"limit","code":80007,"is_transient":true}}`))
	f.Add(502, "", []byte("<html>Bad Gateway</html>"))
	f.Add(500, "", []byte(``))
	f.Add(400, "", []byte(`{"error":{}}`))
	f.Add(400, "", []byte(`{"error":"invalid_request","error_description":"x"}`))
	f.Add(400, "", []byte(`{"error":{"code":"190","message":7}}`))
	f.Add(999, "{", []byte(`{"error":null}`))
	f.Fuzz(func(t *testing.T, status int, usage string, body []byte) {
		hdr := http.Header{}
		if usage != "" {
			hdr.Set(headerBusinessUseCaseUsage, usage)
		}
		err := decodeError(status, hdr, body)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("decodeError returned %T, want *Error", err)
		}
		if strings.TrimSpace(e.Message) == "" {
			t.Fatalf("empty message for status %d body %q", status, body)
		}
		if !utf8.ValidString(e.Message) {
			t.Fatalf("message is not valid UTF-8: %q", e.Message)
		}
		if e.HTTPStatus != status {
			t.Fatalf("status %d, want %d", e.HTTPStatus, status)
		}
		if e.RegainAccessIn < 0 {
			t.Fatalf("negative regain time %d", e.RegainAccessIn)
		}
		text := e.Error()
		if !strings.HasPrefix(text, "Graph API error ") || !strings.Contains(text, e.Message) {
			t.Fatalf("Error() = %q does not report the message %q", text, e.Message)
		}
		var again *Error
		if !errors.As(decodeError(status, hdr, body), &again) || *again != *e {
			t.Fatalf("decoding is not deterministic: %+v vs %+v", again, e)
		}
		if IsRateLimited(err) && IsTransient(err) {
			t.Fatalf("both rate limited and transient: %+v", e)
		}
		if IsTransient(err) && !IsAmbiguous(err) {
			t.Fatalf("transient but not ambiguous: %+v", e)
		}
		if IsNotFound(err) && (IsAuth(err) || IsPermission(err) || IsRateLimited(err)) {
			t.Fatalf("not found and another class at once: %+v", e)
		}
	})
}
