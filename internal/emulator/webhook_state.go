package emulator

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Webhook state shared by the endpoints that set callbacks: the app-level
// subscription (/{app-id}/subscriptions), the WABA-level subscription and its
// override (/{waba-id}/subscribed_apps) and the phone-level override
// (POST /{phone-id} webhook_configuration). Meta delivers a phone number's
// message webhooks to the first callback set in the order phone → WABA → app.

// appWebhook is an app's subscription for one object type
// (whatsapp_business_account).
type appWebhook struct {
	object      string
	callbackURL string
	fields      []string // subscription order
	active      bool
	// versions holds the Graph version each field was subscribed with, as
	// GET /{app-id}/subscriptions reports it.
	versions      map[string]string
	includeValues bool
}

// appWebhooks is the document attached to an app id: object → subscription.
type appWebhooks struct {
	byObject map[string]*appWebhook
}

func (s *store) appWebhooks(appID string) *appWebhooks {
	return attached(s, appID, "app_webhooks", func() *appWebhooks {
		return &appWebhooks{byObject: map[string]*appWebhook{}}
	})
}

// wabaSubscription is one app subscribed to a WABA's webhooks.
type wabaSubscription struct {
	appID               string
	overrideCallbackURI string
}

// wabaSubscriptions is the document attached to a WABA id, in subscription
// order.
type wabaSubscriptions struct {
	apps []*wabaSubscription
}

func (s *store) wabaSubscriptions(wabaID string) *wabaSubscriptions {
	return attached(s, wabaID, "subscribed_apps", func() *wabaSubscriptions { return &wabaSubscriptions{} })
}

// subscription returns the app's subscription to the WABA, or nil.
func (ws *wabaSubscriptions) subscription(appID string) *wabaSubscription {
	for _, s := range ws.apps {
		if s.appID == appID {
			return s
		}
	}
	return nil
}

// appCallbackURL is the callback of the app's whatsapp_business_account
// subscription, or "".
func (s *store) appCallbackURL(appID string) string {
	if w := s.appWebhooks(appID).byObject["whatsapp_business_account"]; w != nil {
		return w.callbackURL
	}
	return ""
}

// wabaCallbackOverride is the app's override_callback_uri on the WABA, or "".
func (s *store) wabaCallbackOverride(wabaID, appID string) string {
	if sub := s.wabaSubscriptions(wabaID).subscription(appID); sub != nil {
		return sub.overrideCallbackURI
	}
	return ""
}

// callbackVerifyTimeout bounds Meta's verification request to a callback.
const callbackVerifyTimeout = 5 * time.Second

// verifyCallback performs Meta's verification handshake: a GET to the
// callback with hub.mode=subscribe, hub.challenge and hub.verify_token. The
// endpoint must answer 200 with the challenge as its whole body. It returns
// "" on success, else the reason the callback was refused, worded as Meta
// words it in the App Dashboard ("The URL couldn't be validated. …").
func verifyCallback(ctx context.Context, callbackURL, verifyToken string) string {
	if why := callbackFailure(ctx, callbackURL, verifyToken); why != "" {
		return "The URL couldn't be validated. " + why
	}
	return ""
}

// callbackFailure performs the handshake and returns why it failed, or "".
// The wording is Meta's: the App Dashboard prefixes it with "The URL
// couldn't be validated.", the subscriptions edge with "(#2200)".
func callbackFailure(ctx context.Context, callbackURL, verifyToken string) string {
	u, err := url.Parse(callbackURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "Callback URL must be a valid http or https URL"
	}
	challenge := randomFrom("0123456789", 10)
	q := u.Query()
	q.Set("hub.mode", "subscribe")
	q.Set("hub.challenge", challenge)
	q.Set("hub.verify_token", verifyToken)
	u.RawQuery = q.Encode()

	ctx, cancel := context.WithTimeout(ctx, callbackVerifyTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "Callback verification failed with the following errors: " + err.Error()
	}
	req.Header.Set("User-Agent", "facebookplatform/1.0 (+http://developers.facebook.com)")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "Callback verification failed with the following errors: curl_errno = 28; curl_error = Operation timed out after 5000 milliseconds with 0 bytes received; HTTP Status Code = 0"
		}
		return "Callback verification failed with the following errors: curl_errno = 7; curl_error = Couldn't connect to server; HTTP Status Code = 0"
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Sprintf("Callback verification failed with the following errors: HTTP Status Code = %d; HTTP Message = %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if got := strings.TrimSpace(string(body)); got != challenge {
		return fmt.Sprintf("Response does not match challenge, expected value=\"%s\", received=\"%s\"", challenge, truncate(got, 40))
	}
	return ""
}

// callbackVerificationError is Graph's answer when the verification
// handshake with a callback fails: HTTP 400, OAuthException code 2200
// "(#2200) Callback verification failed: …", the same on every edge that
// verifies a callback: the app's subscriptions (Graph API reference,
// developers.facebook.com/docs/graph-api/reference/app/subscriptions), the
// WABA's alternate callback (POST /{waba-id}/subscribed_apps with
// override_callback_uri) and the phone number's (POST /{phone-number-id}
// with webhook_configuration), which Meta's Webhook overrides page
// (developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/override)
// verifies the same way. Nothing changes when it fails.
func callbackVerificationError(c *call, callbackURL, verifyToken string) *graphError {
	why := callbackFailure(c.r.Context(), callbackURL, verifyToken)
	if why == "" {
		return nil
	}
	if !strings.HasPrefix(why, "Callback verification failed") {
		why = "Callback verification failed: " + why
	}
	return &graphError{Message: "(#2200) " + why, Type: "OAuthException", Code: 2200,
		UserTitle: "Callback verification failed", UserMsg: "The URL couldn't be validated. " + why}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
