package graph

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Graph errors that quote a secret, and transport errors that quote the URL, reach callers
// without the secret.
func TestErrorsDoNotCarrySecrets(t *testing.T) {
	const token, secret, pin = "EAAsecret-token", "appsecret789", "246810"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"message":"Malformed access token ` + token + `","type":"OAuthException","code":190,` +
			`"error_user_msg":"PIN ` + pin + ` with proof ` + r.URL.Query().Get("appsecret_proof") + `"}}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: token, AppSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Do(context.Background(), Request{Method: http.MethodPost, Path: "1/register", Body: map[string]string{"pin": pin}, Secrets: []string{pin}}, nil)
	if !IsAuth(err) {
		t.Fatalf("want the 190 error, got %v", err)
	}
	for name, s := range map[string]string{"token": token, "proof": AppSecretProof(token, secret), "pin": pin} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("the %s appears in the error: %v", name, err)
		}
	}
	if !strings.Contains(err.Error(), "Malformed access token ***") {
		t.Errorf("the error lost Meta's message: %v", err)
	}

	// A connection that fails quotes the URL: its query carries appsecret_proof.
	srv.Close()
	err = c.Do(context.Background(), Request{Method: http.MethodGet, Path: "1", Idempotent: true}, nil)
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("want a transport error, got %v", err)
	}
	if p := AppSecretProof(token, secret); strings.Contains(err.Error(), p) || strings.Contains(err.Error(), "appsecret_proof") {
		t.Errorf("the proof appears in the error: %v", err)
	}
}
