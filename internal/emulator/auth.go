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

// authenticate checks the token and, when present or required, the
// appsecret_proof: hex(HMAC-SHA256(key=app secret, message=access token)).
// The emulator has one system user token that can see every seeded object.
func (c *call) authenticate() *graphError {
	token := c.accessToken()
	if token == "" {
		return &graphError{Message: defaultMessage(104), Type: "OAuthException", Code: 104}
	}
	if !hmac.Equal([]byte(token), []byte(c.e.opts.AccessToken)) {
		return &graphError{Message: defaultMessage(190), Type: "OAuthException", Code: 190}
	}
	proof, hasProof := c.params.str("appsecret_proof")
	if !hasProof || proof == "" {
		if c.e.opts.RequireAppSecretProof {
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

// AppSecretProof computes the appsecret_proof Graph expects for a token.
func AppSecretProof(appSecret, accessToken string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(accessToken))
	return hex.EncodeToString(mac.Sum(nil))
}
