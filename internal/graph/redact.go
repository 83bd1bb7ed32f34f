package graph

import (
	"context"
	"errors"
	"net/url"
	"strings"
)

// Secrets never leave the client in error text: Graph may quote what it was sent (Meta answers
// a token it cannot parse with "Malformed access token <token>"), and Go's HTTP errors quote the
// request URL, whose query carries appsecret_proof.

// secretsKey is the context key of the values a call masks (token, app secret, proof, and the
// request's own secrets such as PINs).
type secretsKey struct{}

// redactedSecret replaces a secret in error text.
const redactedSecret = "***"

func callSecrets(ctx context.Context) []string {
	s, _ := ctx.Value(secretsKey{}).([]string)
	return s
}

// redactText replaces every secret in s.
func redactText(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, redactedSecret)
		}
	}
	return s
}

// redactError removes the call's secrets from the text of a Graph error.
func redactError(ctx context.Context, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	secrets := callSecrets(ctx)
	e.Message = redactText(e.Message, secrets)
	e.UserTitle = redactText(e.UserTitle, secrets)
	e.UserMessage = redactText(e.UserMessage, secrets)
	return err
}

// redactTransportError drops the query (appsecret_proof) from the URL Go's HTTP client quotes,
// and any secret from the rest of the text.
func redactTransportError(ctx context.Context, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery = ""
			ue.URL = u.String()
		}
	}
	if text := err.Error(); redactText(text, callSecrets(ctx)) != text {
		return &redactedError{text: redactText(text, callSecrets(ctx)), err: err}
	}
	return err
}

// redactedError shows redacted text and still unwraps to the original error (so cancellation and
// timeouts stay recognisable).
type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }
