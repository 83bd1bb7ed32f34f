package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Webhook subscriptions at two levels:
//   - WABA: /{waba-id}/subscribed_apps subscribes the token's app to a WhatsApp Business Account's
//     webhooks, optionally with an alternate callback (override_callback_uri) for that account.
//   - App: /{app-id}/subscriptions sets the app's callback URL and fields per object. It takes an
//     app access token ("{app-id}|{app-secret}"), passed per call.

// App is a Meta app as Graph describes it.
type App struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Link string `json:"link,omitempty"`
}

// CurrentApp reads the app the configured access token belongs to (GET /app).
func (c *Client) CurrentApp(ctx context.Context) (*App, error) {
	return CurrentAppRead().Get(ctx, c)
}

// CurrentAppRead is the read of CurrentApp.
func CurrentAppRead() Read[*App] {
	return objectRead(getRequest("app", url.Values{"fields": {"id,name,link"}}), pointerTo[App])
}

// SubscribedApp is one app subscribed to a WABA's webhooks.
type SubscribedApp struct {
	App App `json:"whatsapp_business_api_data"`
	// OverrideCallbackURI is the app's alternate callback for this WABA, "" when none is set.
	OverrideCallbackURI string `json:"override_callback_uri,omitempty"`
}

// UnmarshalJSON accepts the shape of Meta's examples ({"whatsapp_business_api_data":{…}}) and the
// flat {id, name} shape of the OpenAPI schema.
func (s *SubscribedApp) UnmarshalJSON(b []byte) error {
	var in struct {
		App                 *App   `json:"whatsapp_business_api_data"`
		OverrideCallbackURI string `json:"override_callback_uri"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	s.OverrideCallbackURI = in.OverrideCallbackURI
	if in.App != nil {
		s.App = *in.App
		return nil
	}
	return json.Unmarshal(b, &s.App)
}

// ListSubscribedApps lists the apps subscribed to a WABA's webhooks.
func (c *Client) ListSubscribedApps(ctx context.Context, wabaID string) ([]SubscribedApp, error) {
	return SubscribedAppsRead(wabaID).Get(ctx, c)
}

// SubscribedAppsRead is the read of ListSubscribedApps.
func SubscribedAppsRead(wabaID string) Read[[]SubscribedApp] {
	return listRead[SubscribedApp](wabaID+"/subscribed_apps", nil)
}

// FindSubscribedApp returns the app's subscription to the WABA, or nil when it is not subscribed.
func (c *Client) FindSubscribedApp(ctx context.Context, wabaID, appID string) (*SubscribedApp, error) {
	all, err := c.ListSubscribedApps(ctx, wabaID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].App.ID == appID {
			return &all[i], nil
		}
	}
	return nil, nil
}

// WABAOverride is an alternate callback for a WABA's webhooks. Meta verifies the URL with the
// verify token before it accepts it.
type WABAOverride struct {
	CallbackURI string `json:"override_callback_uri"`
	VerifyToken string `json:"verify_token"`
}

// SubscribeApp subscribes the token's app to the WABA's webhooks. With an override, Meta first
// verifies the alternate callback; without one (nil), Meta removes the app's override for the
// WABA. Subscribing again is harmless, so the call is idempotent.
func (c *Client) SubscribeApp(ctx context.Context, wabaID string, override *WABAOverride) error {
	req := Request{Method: http.MethodPost, Path: wabaID + "/subscribed_apps", Idempotent: true}
	if override != nil {
		req.Body = override
		req.Secrets = []string{override.VerifyToken}
	}
	return c.Do(ctx, req, nil)
}

// UnsubscribeApp removes the token's app from the WABA's webhooks. Meta answers an app that is
// not subscribed with code 803 (IsNotFound).
func (c *Client) UnsubscribeApp(ctx context.Context, wabaID string) error {
	return c.Do(ctx, Request{Method: http.MethodDelete, Path: wabaID + "/subscribed_apps", Idempotent: true}, nil)
}

// AppAccessToken is the app access token Graph accepts for app-level endpoints.
func AppAccessToken(appID, appSecret string) string { return appID + "|" + appSecret }

// AppSubscription is an app's webhook subscription for one object type.
type AppSubscription struct {
	Object      string                 `json:"object"`
	CallbackURL string                 `json:"callback_url"`
	Active      bool                   `json:"active"`
	Fields      []AppSubscriptionField `json:"fields"`
}

// AppSubscriptionField is a subscribed field and the Graph version of its payloads.
type AppSubscriptionField struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

// UnmarshalJSON accepts a field as {"name","version"} or as a bare name.
func (f *AppSubscriptionField) UnmarshalJSON(b []byte) error {
	var name string
	if json.Unmarshal(b, &name) == nil {
		*f = AppSubscriptionField{Name: name}
		return nil
	}
	type plain AppSubscriptionField
	return json.Unmarshal(b, (*plain)(f))
}

// FieldNames lists the subscribed field names.
func (s *AppSubscription) FieldNames() []string {
	out := make([]string, 0, len(s.Fields))
	for _, f := range s.Fields {
		out = append(out, f.Name)
	}
	return out
}

// ListAppSubscriptions lists the app's webhook subscriptions, one per object type.
func (c *Client) ListAppSubscriptions(ctx context.Context, appID, appToken string) ([]AppSubscription, error) {
	return AppSubscriptionsRead(appID, appToken).Get(ctx, c)
}

// AppSubscriptionsRead is the read of ListAppSubscriptions.
func AppSubscriptionsRead(appID, appToken string) Read[[]AppSubscription] {
	req := getRequest(appID+"/subscriptions", nil)
	req.AccessToken, req.Secrets = appToken, []string{appToken}
	return objectRead(req, func(p *page[AppSubscription]) ([]AppSubscription, error) { return p.Data, nil })
}

// FindAppSubscription returns the app's subscription for the object, or nil.
func (c *Client) FindAppSubscription(ctx context.Context, appID, appToken, object string) (*AppSubscription, error) {
	all, err := c.ListAppSubscriptions(ctx, appID, appToken)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Object == object {
			return &all[i], nil
		}
	}
	return nil, nil
}

// NewAppSubscription is what SubscribeAppObject sends.
type NewAppSubscription struct {
	Object        string
	CallbackURL   string
	VerifyToken   string
	Fields        []string
	IncludeValues bool
}

// SubscribeAppObject subscribes the app to fields of an object at a callback URL. Meta first
// verifies the callback (GET with hub.challenge and the verify token) and refuses with code 2200
// when it does not answer. Fields add to those already subscribed for the object; the callback
// URL applies to all of them. Repeating the call is harmless, so it is idempotent.
func (c *Client) SubscribeAppObject(ctx context.Context, appID, appToken string, s NewAppSubscription) error {
	form := url.Values{
		"object":         {s.Object},
		"callback_url":   {s.CallbackURL},
		"verify_token":   {s.VerifyToken},
		"fields":         {strings.Join(s.Fields, ",")},
		"include_values": {strconv.FormatBool(s.IncludeValues)},
	}
	return c.Do(ctx, Request{
		Method: http.MethodPost, Path: appID + "/subscriptions", Form: form,
		AccessToken: appToken, Secrets: []string{appToken, s.VerifyToken}, Idempotent: true,
	}, nil)
}

// DeleteAppSubscription removes the app's subscription to the object, or only the given fields
// of it. Removing what is not subscribed succeeds.
func (c *Client) DeleteAppSubscription(ctx context.Context, appID, appToken, object string, fields []string) error {
	q := url.Values{"object": {object}}
	if len(fields) > 0 {
		q.Set("fields", strings.Join(fields, ","))
	}
	return c.Do(ctx, Request{
		Method: http.MethodDelete, Path: appID + "/subscriptions", Query: q,
		AccessToken: appToken, Secrets: []string{appToken}, Idempotent: true,
	}, nil)
}
