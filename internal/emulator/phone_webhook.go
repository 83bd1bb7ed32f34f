package emulator

import (
	"net/url"
)

// The phone-level webhook callback override: POST /{phone-number-id} with
// webhook_configuration{override_callback_uri, verify_token} sets the
// calling app's alternate callback for the number; an empty URI clears it.
// The app must be subscribed to the number's WABA, and Meta verifies a new
// callback (GET with hub.challenge) before accepting it.
// GET /{phone-number-id}?fields=webhook_configuration shows the callbacks
// that apply to the number, from the most to the least specific: the
// number's override, the WABA's override and the app's callback.

// phoneCallbacks is the document attached to a phone number: app id →
// override callback.
type phoneCallbacks struct {
	byApp map[string]string
}

const phoneCallbacksKind = "phone_webhook_override"

func (s *store) phoneCallbacks(phoneID string) *phoneCallbacks {
	return attached(s, phoneID, phoneCallbacksKind, func() *phoneCallbacks {
		return &phoneCallbacks{byApp: map[string]string{}}
	})
}

// phoneCallbackOverride is the app's override callback on the phone number,
// or "". Meta sends the number's message webhooks there first.
func (s *store) phoneCallbackOverride(phoneID, appID string) string {
	if d := peekAttached[phoneCallbacks](s, phoneID, phoneCallbacksKind); d != nil {
		return d.byApp[appID]
	}
	return ""
}

// webhookCallbackConfig is a parsed webhook_configuration parameter.
type webhookCallbackConfig struct {
	uri, verifyToken string
}

func parseWebhookConfiguration(c *call) (*webhookCallbackConfig, *graphError) {
	raw, present, err := c.params.structured("webhook_configuration")
	if !present {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, errParam("(#100) Param webhook_configuration must be an object with override_callback_uri and verify_token")
	}
	uriValue, present := m["override_callback_uri"]
	if !present || uriValue == nil {
		return nil, errRequiredParam("webhook_configuration[override_callback_uri]")
	}
	uri, ok := toString(uriValue)
	if !ok {
		return nil, errParam("Invalid callback URI format")
	}
	token, _ := toString(m["verify_token"])
	if uri != "" {
		u, perr := url.Parse(uri)
		if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(uri) > maxOverrideCallbackLength {
			return nil, errParam("Invalid callback URI format")
		}
	}
	return &webhookCallbackConfig{uri: uri, verifyToken: token}, nil
}

// applyPhoneCallbackOverride verifies a new callback and stores it, or
// clears the override for an empty URI. Nothing changes when verification
// fails.
func (c *call) applyPhoneCallbackOverride(p *phone, cfg *webhookCallbackConfig) *graphError {
	appID := c.e.opts.AppID
	if cfg.uri == "" {
		if d := peekAttached[phoneCallbacks](c.e.store, p.id, phoneCallbacksKind); d != nil {
			delete(d.byApp, appID)
		}
		return nil
	}
	// Meta documents that the app must be subscribed to the WABA's webhooks
	// before it sets an alternate callback; it does not document the error,
	// so the wording here is the emulator's.
	if c.e.store.wabaSubscriptions(p.wabaID).subscription(appID) == nil {
		return &graphError{Message: "(#100) The app must be subscribed to the WhatsApp Business Account's webhooks " +
			"(POST /{waba-id}/subscribed_apps) before it sets an alternate callback for its phone numbers",
			Type: "OAuthException", Code: 100}
	}
	if err := callbackVerificationError(c, cfg.uri, cfg.verifyToken); err != nil {
		return err
	}
	c.e.store.phoneCallbacks(p.id).byApp[appID] = cfg.uri
	return nil
}

// webhookConfiguration is the derived webhook_configuration field: the
// calling app's callbacks that apply to the number, empty ones omitted.
func webhookConfiguration(c *call, id string) any {
	appID := c.e.opts.AppID
	out := map[string]any{}
	if uri := c.e.store.phoneCallbackOverride(id, appID); uri != "" {
		out["phone_number"] = uri
	}
	if p, ok := c.e.store.nodes[id].(*phone); ok {
		if uri := c.e.store.wabaCallbackOverride(p.wabaID, appID); uri != "" {
			out["whatsapp_business_account"] = uri
		}
	}
	if uri := c.e.store.appCallbackURL(appID); uri != "" {
		out["application"] = uri
	}
	return out
}
