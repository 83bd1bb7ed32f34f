package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Graph takes the token from "Authorization: Bearer <token>" (or the older
// "OAuth <token>") or from the access_token parameter. A request of a batch
// that names no token of its own uses the batch's (batch.go).
func (c *call) accessToken() string {
	if tok, ok := c.ownToken(); ok {
		return tok
	}
	if c.inherited != nil {
		return c.inherited.token
	}
	return ""
}

// ownToken is the token the call itself carries, in its header or its
// parameters.
func (c *call) ownToken() (string, bool) {
	h := strings.TrimSpace(c.r.Header.Get("Authorization"))
	if scheme, tok, ok := strings.Cut(h, " "); ok {
		if strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "OAuth") {
			return strings.TrimSpace(tok), true
		}
	}
	if tok, ok := c.params.str("access_token"); ok && tok != "" {
		return tok, true
	}
	return "", false
}

// appSecretProof is the call's appsecret_proof parameter or, for a request of
// a batch that uses the batch's token, the batch's proof.
func (c *call) appSecretProof() (string, bool) {
	if proof, ok := c.params.str("appsecret_proof"); ok {
		return proof, true
	}
	if _, own := c.ownToken(); !own && c.inherited != nil && c.inherited.proof != "" {
		return c.inherited.proof, true
	}
	return "", false
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
	if f := c.foreignApp(); f != nil {
		return c.checkForeignProof(f)
	}
	switch {
	case hmac.Equal([]byte(token), []byte(c.e.opts.AccessToken)):
	case strings.Contains(token, "|"):
		if !hmac.Equal([]byte(token), []byte(c.e.opts.AppID+"|"+c.e.opts.AppSecret)) {
			return &graphError{Message: "Invalid OAuth access token signature.", Type: "OAuthException", Code: 190}
		}
		appToken = true
	case !wellFormedToken(token):
		// Meta quotes a token it cannot even tokenise in its answer.
		return &graphError{Message: "Malformed access token " + token, Type: "OAuthException", Code: 190}
	default:
		return &graphError{Message: defaultMessage(190), Type: "OAuthException", Code: 190}
	}
	proof, hasProof := c.appSecretProof()
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
	if len(c.segments) == 0 {
		return nil
	}
	n, typ := c.e.store.lookup(c.segments[0])
	if c.foreignApp() != nil {
		return foreignAccess(n)
	}
	// checkToken accepted the token: anything but the system user token is
	// the app token.
	appToken := c.accessToken() != c.e.opts.AccessToken
	if typ == nodeDebugToken {
		return nil
	}
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

// wellFormedToken reports a token made of the characters Meta's tokens use.
func wellFormedToken(token string) bool {
	for _, r := range token {
		if !strings.ContainsRune(alnum, r) {
			return false
		}
	}
	return true
}

// AppSecretProof computes the appsecret_proof Graph expects for a token.
func AppSecretProof(appSecret, accessToken string) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(accessToken))
	return hex.EncodeToString(mac.Sum(nil))
}

// Another app's token. A business may hold tokens of several Meta apps: a
// token issued by another app is a valid token, but the emulated business has
// not shared its WhatsApp assets with that app.

// ForeignApp is an app other than the seeded one, with a system user token of
// its own.
type ForeignApp struct {
	AppID, AppSecret, AccessToken string
}

// foreignApps maps a foreign app's token to the app.
type foreignApps map[string]*ForeignApp

const docForeignApps = "foreign_apps"

// AddForeignApp registers another Meta app, named name, and a system user
// token it issued. The token is valid (it is not refused with code 190), but
// the seeded business shared nothing with that app: its calls on the seeded
// WABA, phone numbers, templates and business fail with Meta's permission
// error, and an appsecret_proof computed with any secret but the foreign
// app's own is refused as invalid.
func (e *Emulator) AddForeignApp(name string) ForeignApp {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.store.addApp(e.store.newID(), name)
	f := &ForeignApp{AppID: a.id, AppSecret: randomFrom("0123456789abcdef", 32), AccessToken: "EAA" + randomAlnum(40)}
	apps := attached(e.store, "", docForeignApps, func() *foreignApps { return &foreignApps{} })
	(*apps)[f.AccessToken] = f
	return *f
}

// foreignApp returns the foreign app whose token the call carries, if any.
func (c *call) foreignApp() *ForeignApp {
	apps := peekAttached[foreignApps](c.e.store, "", docForeignApps)
	if apps == nil {
		return nil
	}
	return (*apps)[c.accessToken()]
}

// checkForeignProof checks a foreign token's appsecret_proof against its own
// app's secret: a proof computed with the seeded app's secret (a provider
// configured with the wrong app_secret) is invalid.
func (c *call) checkForeignProof(f *ForeignApp) *graphError {
	proof, hasProof := c.appSecretProof()
	if !hasProof || proof == "" {
		return nil
	}
	if !hmac.Equal([]byte(strings.ToLower(proof)), []byte(AppSecretProof(f.AppSecret, f.AccessToken))) {
		return &graphError{
			Message: "Invalid appsecret_proof provided in the API argument",
			Type:    "GraphMethodException",
			Code:    100,
		}
	}
	return nil
}

// foreignAccess answers a foreign token's call on node n. Any token may read
// an app's public fields, and upload sessions check their own app
// (uploads.go); the business's WhatsApp assets are not shared with
// the foreign app, which Meta reports as code 200, subcode 1349174 (spec:
// "Your app doesn't have permission to access …", error_user_title
// "Permission Denied"). Unknown ids keep their usual answer.
func foreignAccess(n node) *graphError {
	switch n.(type) {
	case nil, *application, *uploadSession:
		return nil
	}
	return &graphError{
		Message:   "Your app doesn't have permission to access this WhatsApp Business Account",
		Type:      "OAuthException",
		Code:      200,
		Subcode:   1349174,
		UserTitle: "Permission Denied",
		UserMsg:   "Your app doesn't have permission to access this resource",
	}
}
