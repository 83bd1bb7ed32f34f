package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestAuthMissingToken(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.callWith(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil, nil)
	h.wantError(r, http.StatusUnauthorized, 104, 0)
	if msg := r.errorField("message"); msg != "An access token is required to request this resource." {
		t.Fatalf("message %q", msg)
	}
}

func TestAuthWrongToken(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.callWith(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil, map[string]string{"Authorization": "Bearer EAAnope"})
	h.wantError(r, http.StatusUnauthorized, 190, 0)
	if r.errorField("message") != "Invalid OAuth access token - Cannot parse access token" || r.errorField("type") != "OAuthException" {
		t.Fatalf("body %s", r.raw)
	}
}

func TestAuthTokenParameterIsRedactedInLog(t *testing.T) {
	h := newHarness(t, Options{AccessToken: "EAAsecret"})
	proof := AppSecretProof(h.seed.AppSecret, "EAAsecret")
	h.mustOK(h.callWith(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID+"?access_token=EAAsecret&appsecret_proof="+proof+"&fields=name", nil, nil))
	recs := h.e.Requests()
	if len(recs) != 1 {
		t.Fatalf("records %+v", recs)
	}
	q := recs[0].Query
	if strings.Contains(q, "EAAsecret") || strings.Contains(q, proof) || !strings.Contains(q, "access_token=REDACTED") ||
		!strings.Contains(q, "appsecret_proof=REDACTED") || !strings.Contains(q, "fields=name") {
		t.Fatalf("query not redacted: %q", q)
	}
}

func TestAuthAppSecretProof(t *testing.T) {
	h := newHarness(t, Options{})
	path := "/v23.0/" + h.seed.BusinessAccountID
	good := AppSecretProof(h.seed.AppSecret, h.seed.AccessToken)
	h.mustOK(h.call(http.MethodGet, path+"?appsecret_proof="+good, nil))

	r := h.call(http.MethodGet, path+"?appsecret_proof=deadbeef", nil)
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if r.errorField("type") != "GraphMethodException" || r.errorField("message") != "Invalid appsecret_proof provided in the API argument" {
		t.Fatalf("body %s", r.raw)
	}
}

func TestAuthRequireAppSecretProof(t *testing.T) {
	h := newHarness(t, Options{RequireAppSecretProof: true})
	path := "/v23.0/" + h.seed.BusinessAccountID
	r := h.call(http.MethodGet, path, nil)
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if r.errorField("message") != "API calls from the server require an appsecret_proof argument" {
		t.Fatalf("body %s", r.raw)
	}
	good := AppSecretProof(h.seed.AppSecret, h.seed.AccessToken)
	// The proof may also travel in a JSON body.
	h.mustOK(h.call(http.MethodPost, path, map[string]any{"name": "Renamed", "appsecret_proof": good}))
}

func TestUnknownObjectIsUnsupportedRequest(t *testing.T) {
	h := newHarness(t, Options{})
	for _, tc := range []struct{ method, verb string }{
		{http.MethodGet, "get"}, {http.MethodPost, "post"}, {http.MethodDelete, "delete"},
	} {
		r := h.call(tc.method, "/v23.0/123456789012345", nil)
		h.wantError(r, http.StatusBadRequest, 100, 33)
		msg, _ := r.errorField("message").(string)
		if !strings.HasPrefix(msg, "Unsupported "+tc.verb+" request. Object with ID '123456789012345' does not exist") ||
			r.errorField("type") != "GraphMethodException" {
			t.Fatalf("%s: %s", tc.method, r.raw)
		}
	}
	// A node type that doesn't support the method answers the same way.
	r := h.call(http.MethodDelete, "/v23.0/"+h.seed.BusinessAccountID, nil)
	h.wantError(r, http.StatusBadRequest, 100, 33)
}

func TestAuthMalformedTokenIsQuoted(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.callWith(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil, map[string]string{"Authorization": "Bearer EAA-broken/token"})
	h.wantError(r, http.StatusUnauthorized, 190, 0)
	if r.errorField("message") != "Malformed access token EAA-broken/token" || r.errorField("type") != "OAuthException" {
		t.Fatalf("body %s", r.raw)
	}
}

// A token another app issued is valid, but the business shared nothing with that app.
func TestAuthForeignAppToken(t *testing.T) {
	h := newHarness(t, Options{})
	other := h.e.AddForeignApp("Other Integration")
	if other.AccessToken == h.seed.AccessToken || other.AppID == h.seed.AppID || other.AppSecret == h.seed.AppSecret {
		t.Fatalf("foreign app shares credentials with the seeded one: %+v", other)
	}
	bearer := map[string]string{"Authorization": "Bearer " + other.AccessToken}
	paths := []string{
		"/v23.0/" + h.seed.BusinessAccountID,
		"/v23.0/" + h.seed.BusinessAccountID + "/message_templates",
		"/v23.0/" + h.seed.PhoneNumberID,
		"/v23.0/" + h.seed.BusinessID,
	}
	for _, p := range paths {
		// Without a proof the token is valid but has no permission on the account.
		r := h.callWith(http.MethodGet, p, nil, bearer)
		h.wantError(r, http.StatusForbidden, 200, 1349174)
		if r.errorField("type") != "OAuthException" || r.errorField("error_user_title") != "Permission Denied" ||
			r.errorField("message") != "Your app doesn't have permission to access this WhatsApp Business Account" {
			t.Fatalf("%s: body %s", p, r.raw)
		}
		// With a proof computed from the seeded app's secret, the proof is invalid.
		r = h.callWith(http.MethodGet, p+"?appsecret_proof="+AppSecretProof(h.seed.AppSecret, other.AccessToken), nil, bearer)
		h.wantError(r, http.StatusBadRequest, 100, 0)
		if r.errorField("message") != "Invalid appsecret_proof provided in the API argument" || r.errorField("type") != "GraphMethodException" {
			t.Fatalf("%s: body %s", p, r.raw)
		}
		// Its own app's proof is valid: the refusal is the permission error again.
		r = h.callWith(http.MethodGet, p+"?appsecret_proof="+AppSecretProof(other.AppSecret, other.AccessToken), nil, bearer)
		h.wantError(r, http.StatusForbidden, 200, 1349174)
	}
	// Writes are refused the same way and change nothing.
	r := h.callWith(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID, map[string]any{"name": "Hijacked"}, bearer)
	h.wantError(r, http.StatusForbidden, 200, 1349174)
	if name := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID+"?fields=name", nil)).str("name"); name == "Hijacked" {
		t.Fatal("a foreign token renamed the WABA")
	}
	// An app's public fields stay readable, and unknown ids keep their answer.
	h.mustOK(h.callWith(http.MethodGet, "/v23.0/"+h.seed.AppID, nil, bearer))
	h.wantError(h.callWith(http.MethodGet, "/v23.0/123456789012345", nil, bearer), http.StatusBadRequest, 100, 33)
	// Reset forgets the foreign app: its token is then unknown.
	h.e.Reset()
	h.wantError(h.callWith(http.MethodGet, paths[0], nil, bearer), http.StatusUnauthorized, 190, 0)
}
