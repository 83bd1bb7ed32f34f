package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Graph takes the token from "Authorization: Bearer <token>" (or the older
// "OAuth <token>") or from the access_token parameter.
func (c *call) accessToken() string {
	h := strings.TrimSpace(c.r.Header.Get("Authorization"))
	if scheme, tok, ok := strings.Cut(h, " "); ok {
		if strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "OAuth") {
			return strings.TrimSpace(tok)
		}
	}
	return c.params.string("access_token")
}

// authenticate checks the token, the appsecret_proof and where the kind of
// token may be used.
func (c *call) authenticate() *graphError {
	if err := c.checkToken(); err != nil {
		return err
	}
	return c.checkTokenKind()
}

// checkToken checks the token and, when present or required, the
// appsecret_proof: hex(HMAC-SHA256(key=app secret, message=access token)).
// The emulator has one system user token that can see every seeded object,
// and the app access token "{app-id}|{app-secret}" of the app that owns it.
func (c *call) checkToken() *graphError {
	token := c.accessToken()
	if token == "" {
		return &graphError{Message: defaultMessage(104), Type: "OAuthException", Code: 104}
	}
	appToken := false
	switch {
	case hmac.Equal([]byte(token), []byte(c.e.opts.AccessToken)):
	case strings.Contains(token, "|"):
		if !hmac.Equal([]byte(token), []byte(c.e.opts.AppID+"|"+c.e.opts.AppSecret)) {
			return &graphError{Message: "Invalid OAuth access token signature.", Type: "OAuthException", Code: 190}
		}
		appToken = true
	default:
		return &graphError{Message: defaultMessage(190), Type: "OAuthException", Code: 190}
	}
	proof, hasProof := c.params.str("appsecret_proof")
	if !hasProof || proof == "" {
		// An app access token embeds the secret: "Require App Secret" does
		// not apply to it.
		if c.e.opts.RequireAppSecretProof && !appToken {
			return &graphError{
				Message: "API calls from the server require an appsecret_proof argument",
				Type:    "GraphMethodException",
				Code:    100,
			}
		}
		return nil
	}
	want := AppSecretProof(c.e.opts.AppSecret, token)
	if !hmac.Equal([]byte(strings.ToLower(proof)), []byte(want)) {
		return &graphError{
			Message: "Invalid appsecret_proof provided in the API argument",
			Type:    "GraphMethodException",
			Code:    100,
		}
	}
	return nil
}

// checkTokenKind enforces where each kind of token is accepted, after the
// token itself is known to be valid. An app access token only reaches its own
// app node (/{app-id}, /{app-id}/subscriptions); Meta answers its use on
// business objects as on any object the token cannot load (100/33). The
// subscriptions edge refuses every other token with code 15, "(#15) This
// method must be called with an app access_token." (Graph API reference,
// Application /subscriptions: "An app access token is required").
func (c *call) checkTokenKind() *graphError {
	// checkToken accepted the token: anything but the system user token is
	// the app token.
	appToken := c.accessToken() != c.e.opts.AccessToken
	if len(c.segments) == 0 {
		return nil
	}
	n, typ := c.e.store.lookup(c.segments[0])
	if appToken {
		if a, ok := n.(*application); !ok || a.id != c.e.opts.AppID {
			return errUnsupported(c.r.Method, c.segments[0])
		}
		return nil
	}
	if typ == nodeApp && len(c.segments) > 1 && c.segments[1] == "subscriptions" {
		return &graphError{Message: "(#15) This method must be called with an app access_token.", Type: "OAuthException", Code: 15}
	}
	return nil
}

// AppSecretProof computes the appsecret_proof Graph expects for a token.
func AppSecretProof(appSecret, accessToken string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(accessToken))
	return hex.EncodeToString(mac.Sum(nil))
}
