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
