package emulator

import (
	"net/http"
	"slices"
	"time"
)

// GET /debug_token?input_token=… describes an access token: its app, its kind, whether it is
// valid, the permissions granted and, per permission, the WhatsApp Business Accounts it reaches
// (granular_scopes). Any valid token may ask (Meta documents the system user token and the app
// token). An input token Graph does not know is answered with 200 and is_valid false, the error
// being inside data. Sources: developers.facebook.com/docs/graph-api/reference/debug_token/ and
// developers.facebook.com/documentation/business-messaging/whatsapp/permissions.

// debugTokenPath is the root path of the endpoint, registered like /app as a node of its own.
const debugTokenPath = "debug_token"

type debugTokenNode struct{}

const nodeDebugToken nodeType = "DebugToken"

func (debugTokenNode) kind() nodeType     { return nodeDebugToken }
func (debugTokenNode) owningWABA() string { return "" }

// defaultTokenScopes are the permissions of the seeded system user token.
var defaultTokenScopes = []string{"whatsapp_business_management", "whatsapp_business_messaging", "business_management"}

// wabaScopes are the permissions Meta grants per WhatsApp Business Account.
var wabaScopes = []string{"whatsapp_business_management", "whatsapp_business_messaging"}

func debugToken(c *call) (any, *graphError) {
	input, ok := c.params.str("input_token")
	if !ok || input == "" {
		return nil, errRequiredParam("input_token")
	}
	e := c.e
	switch input {
	case e.opts.AccessToken:
		scopes := e.opts.TokenScopes
		if len(scopes) == 0 {
			scopes = defaultTokenScopes
		}
		var wabas []string
		for _, n := range e.store.nodes {
			if w, ok := n.(*waba); ok && !slices.Contains(wabas, w.id) {
				wabas = append(wabas, w.id)
			}
		}
		slices.Sort(wabas)
		granular := []any{}
		for _, s := range scopes {
			if slices.Contains(wabaScopes, s) {
				granular = append(granular, map[string]any{"scope": s, "target_ids": wabas})
			}
			if s == "business_management" {
				granular = append(granular, map[string]any{"scope": s, "target_ids": []string{e.opts.BusinessID}})
			}
		}
		return map[string]any{"data": map[string]any{
			"app_id": e.opts.AppID, "type": "SYSTEM_USER", "application": e.appName(),
			"data_access_expires_at": 0, "expires_at": 0, "is_valid": true,
			"issued_at": e.now().Add(-24 * time.Hour).Unix(),
			"scopes":    scopes, "granular_scopes": granular, "user_id": e.opts.SystemUserID,
		}}, nil
	case e.opts.AppID + "|" + e.opts.AppSecret:
		return map[string]any{"data": map[string]any{
			"app_id": e.opts.AppID, "type": "APP", "application": e.appName(), "is_valid": true,
		}}, nil
	}
	return map[string]any{"data": map[string]any{
		"error":    map[string]any{"code": 190, "message": "Invalid OAuth access token - Cannot parse access token"},
		"is_valid": false, "scopes": []string{},
	}}, nil
}

// appName is the name of the token's app.
func (e *Emulator) appName() string {
	if a, ok := e.store.nodes[e.opts.AppID].(*application); ok {
		return a.name
	}
	return ""
}

func debugTokenRoute() route {
	return route{methods: map[string]handler{http.MethodGet: debugToken}, usage: usageApp}
}
