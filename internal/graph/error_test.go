package graph

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

// TestErrorCodePredicates checks each code predicate on Meta's error for it, on the same error
// wrapped, and on errors it must not claim: a near miss in code, subcode or status, and an error
// that is not Graph's.
func TestErrorCodePredicates(t *testing.T) {
	graphErr := func(status int, body string) error { return decodeError(status, http.Header{}, []byte(body)) }
	cases := []struct {
		name      string
		predicate func(error) bool
		match     error
		near      []error
	}{
		{
			"IsTemplateNameLocked", IsTemplateNameLocked,
			graphErr(400, `{"error":{"message":"Invalid parameter","code":100,"error_subcode":2388023}}`),
			[]error{graphErr(400, `{"error":{"message":"Invalid parameter","code":100,"error_subcode":2388024}}`), graphErr(400, `{"error":{"message":"x","code":200,"error_subcode":2388023}}`)},
		},
		{
			"IsTemplateLanguageExists", IsTemplateLanguageExists,
			graphErr(400, `{"error":{"message":"Invalid parameter","code":100,"error_subcode":2388024}}`),
			[]error{graphErr(400, `{"error":{"message":"Invalid parameter","code":100,"error_subcode":2388023}}`), graphErr(400, `{"error":{"message":"Invalid parameter","code":100}}`)},
		},
		{
			"IsAppTokenRequired", IsAppTokenRequired,
			graphErr(400, `{"error":{"message":"(#15) This method must be called with an app access_token.","type":"OAuthException","code":15}}`),
			[]error{graphErr(400, `{"error":{"message":"x","code":190}}`), graphErr(400, `{"error":{"message":"x","code":100,"error_subcode":15}}`)},
		},
		{
			"IsCallbackVerificationFailed (subscriptions edge)", IsCallbackVerificationFailed,
			graphErr(400, `{"error":{"message":"(#2200) Callback verification failed","type":"OAuthException","code":2200}}`),
			[]error{graphErr(400, `{"error":{"message":"Invalid parameter","code":100}}`), graphErr(422, `{"error":{"message":"x","code":200}}`)},
		},
		{
			"IsCallbackVerificationFailed (override callback)", IsCallbackVerificationFailed,
			graphErr(422, `{"error":{"message":"Webhook callback URL is not reachable or invalid","type":"GraphMethodException","code":100,"error_user_title":"Callback verification failed"}}`),
			[]error{graphErr(400, `{"error":{"message":"Webhook callback URL is not reachable or invalid","code":100}}`)},
		},
		{
			"IsConflict", IsConflict,
			graphErr(409, `{"error":{"message":"The phone number is already registered","code":100}}`),
			[]error{graphErr(400, `{"error":{"message":"x","code":100}}`)},
		},
		{
			"IsNotRegistered", IsNotRegistered,
			graphErr(400, `{"error":{"message":"x","code":100,"error_subcode":2207051}}`),
			[]error{graphErr(400, `{"error":{"message":"x","code":100}}`), graphErr(400, `{"error":{"message":"x","code":200,"error_subcode":2207051}}`)},
		},
		{
			"IsPINMismatch", IsPINMismatch,
			graphErr(400, `{"error":{"message":"Two step verification PIN Mismatch","code":133005}}`),
			[]error{graphErr(400, `{"error":{"message":"x","code":100,"error_subcode":133005}}`)},
		},
		{
			"IsPhoneNumberLimit", IsPhoneNumberLimit,
			graphErr(403, `{"error":{"message":"x","code":200,"error_subcode":1349175}}`),
			[]error{graphErr(403, `{"error":{"message":"x","code":200,"error_subcode":1349174}}`), graphErr(400, `{"error":{"message":"x","code":100,"error_subcode":1349175}}`)},
		},
		{
			"IsFlowBlockedByIntegrity", IsFlowBlockedByIntegrity,
			graphErr(400, `{"error":{"message":"Integrity","code":139000}}`),
			[]error{graphErr(400, `{"error":{"message":"x","code":139001}}`)},
		},
		{
			"IsFlowNotUpdatable", IsFlowNotUpdatable,
			graphErr(400, `{"error":{"message":"Flow can't be updated","code":139001}}`),
			[]error{graphErr(400, `{"error":{"message":"x","code":139002}}`)},
		},
		{
			"IsFlowNotPublishable", IsFlowNotPublishable,
			graphErr(400, `{"error":{"message":"Publishing Flow in invalid state","code":139002}}`),
			[]error{graphErr(400, `{"error":{"message":"x","code":139003}}`)},
		},
		{
			"IsFlowNotDeprecatable", IsFlowNotDeprecatable,
			graphErr(400, `{"error":{"message":"Can't deprecate a Flow that is not published","code":139003}}`),
			[]error{graphErr(400, `{"error":{"message":"x","code":139004}}`)},
		},
	}
	for _, tc := range cases {
		if !tc.predicate(tc.match) {
			t.Errorf("%s: false for %v", tc.name, tc.match)
		}
		if wrapped := fmt.Errorf("creating: %w", tc.match); !tc.predicate(wrapped) {
			t.Errorf("%s: false for the wrapped %v", tc.name, wrapped)
		}
		for _, err := range append(tc.near, errors.New("connection reset"), &TransportError{Method: "POST", Path: "x", Err: errors.New("EOF")}, nil) {
			if tc.predicate(err) {
				t.Errorf("%s: true for %v", tc.name, err)
			}
		}
	}
}

// TestRegainAccessMinutes reads Meta's estimate from the usage header of a throttled call, also
// through wrapping, and is 0 for errors that carry none.
func TestRegainAccessMinutes(t *testing.T) {
	hdr := http.Header{}
	hdr.Set(headerBusinessUseCaseUsage, `{"123":[{"type":"whatsapp_business_management","call_count":100,"estimated_time_to_regain_access":7}]}`)
	throttled := decodeError(429, hdr, []byte(`{"error":{"message":"limit","code":80008}}`))
	if got := RegainAccessMinutes(fmt.Errorf("listing: %w", throttled)); got != 7 {
		t.Errorf("RegainAccessMinutes = %d, want 7", got)
	}
	for _, err := range []error{decodeError(429, http.Header{}, []byte(`{"error":{"message":"limit","code":80008}}`)), errors.New("EOF"), nil} {
		if got := RegainAccessMinutes(err); got != 0 {
			t.Errorf("RegainAccessMinutes(%v) = %d, want 0", err, got)
		}
	}
}
