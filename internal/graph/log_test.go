package graph

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLogsMaskSecrets(t *testing.T) {
	const token, secret, pin = "EAAsecrettoken123", "appsecret456", "654321"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Echo the request back, secrets included, so response logging is exercised too.
		fmt.Fprintf(w, `{"echo":%q,"auth":%q}`, r.URL.RawQuery, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: token, AppSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	err = c.Do(ctx, Request{Method: http.MethodPost, Path: "123/register", Body: map[string]string{"pin": pin}, Secrets: []string{pin}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "Graph request") || !strings.Contains(out, "/v23.0/123/register") {
		t.Fatalf("expected request logs, got:\n%s", out)
	}
	for name, s := range map[string]string{"token": token, "app secret": secret, "appsecret_proof": AppSecretProof(token, secret), "pin": pin} {
		if strings.Contains(out, s) {
			t.Errorf("the %s appears in the logs:\n%s", name, out)
		}
	}
}
