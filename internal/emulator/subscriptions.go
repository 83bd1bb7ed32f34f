package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Webhook subscriptions at WABA level (/{waba-id}/subscribed_apps, in Meta's
// OpenAPI description) and app level (/{app-id}/subscriptions, documented in
// the Graph API reference "Application /subscriptions" and the Webhooks guide
// "Subscriptions Edge"). The state lives in webhook_state.go.

// maxOverrideCallbackLength is Meta's documented limit for
// override_callback_uri ("Maximum 200 characters", Webhook overrides).
const maxOverrideCallbackLength = 200

// subscribedAppView is one entry of GET /{waba-id}/subscribed_apps, in the
// shape of the spec's examples: the app under whatsapp_business_api_data and
// the override beside it when one is set.
func (c *call) subscribedAppView(sub *wabaSubscription, fields []string) map[string]any {
	data := map[string]any{"id": sub.appID}
	if a := c.e.store.app(sub.appID); a != nil {
		data = project(a.view(), fields)
	}
	out := map[string]any{"whatsapp_business_api_data": data}
	if sub.overrideCallbackURI != "" {
		out["override_callback_uri"] = sub.overrideCallbackURI
	}
	return out
}

// GET /{waba-id}/subscribed_apps. fields selects the app fields (id, name,
// link). An account without subscriptions answers {"data":[]}.
func listSubscribedApps(c *call) (any, *graphError) {
	fields, err := c.selectFields(appFields)
	if err != nil {
		return nil, err
	}
	data := []any{}
	for _, sub := range c.e.store.wabaSubscriptions(c.node.(*waba).id).apps {
		data = append(data, c.subscribedAppView(sub, fields))
	}
	return map[string]any{"data": data}, nil
}

// POST /{waba-id}/subscribed_apps subscribes the token's app. It is
// idempotent. With override_callback_uri (and its verify_token) Meta first
// verifies the alternate callback, then stores it; without one, the app's
// override is removed ("Delete WABA alternate callback": subscribe again
// without post body parameters).
func subscribeApp(c *call) (any, *graphError) {
	w := c.node.(*waba)
	override := strings.TrimSpace(c.params.string("override_callback_uri"))
	if override != "" {
		if utf8.RuneCountInString(override) > maxOverrideCallbackLength {
			return nil, errParam("Invalid parameter: override_callback_uri must be at most %d characters", maxOverrideCallbackLength)
		}
		if u, err := url.Parse(override); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, errParam("Invalid callback URI format")
		}
		token := c.params.string("verify_token")
		if token == "" {
			return nil, errRequiredParam("verify_token")
		}
		if err := callbackVerificationError(c, override, token); err != nil {
			return nil, err
		}
	}
	subs := c.e.store.wabaSubscriptions(w.id)
	sub := subs.subscription(c.e.opts.AppID)
	if sub == nil {
		sub = &wabaSubscription{appID: c.e.opts.AppID}
		subs.apps = append(subs.apps, sub)
	}
	sub.overrideCallbackURI = override
	details := map[string]any{"app_id": c.e.opts.AppID, "subscribed": true}
	if override != "" {
		details["override_callback_uri"] = override
	}
	c.logActivity(w.id, "WEBHOOK_CONFIGURED", fmt.Sprintf("App %s was subscribed to the account's webhooks", c.e.opts.AppID), details)
	out := map[string]any{"success": true}
	if override != "" {
		out["data"] = []any{c.subscribedAppView(sub, appFields.defaults)}
	}
	return out, nil
}

// DELETE /{waba-id}/subscribed_apps unsubscribes the token's app.
func unsubscribeApp(c *call) (any, *graphError) {
	subs := c.e.store.wabaSubscriptions(c.node.(*waba).id)
	for i, sub := range subs.apps {
		if sub.appID == c.e.opts.AppID {
			subs.apps = append(subs.apps[:i], subs.apps[i+1:]...)
			c.logActivity(c.node.(*waba).id, "WEBHOOK_CONFIGURED", fmt.Sprintf("App %s was unsubscribed from the account's webhooks", sub.appID),
				map[string]any{"app_id": sub.appID, "subscribed": false})
			return map[string]any{"success": true}, nil
		}
	}
	return nil, &graphError{
		Status:  http.StatusNotFound,
		Message: "WhatsApp Business Account not found or not subscribed",
		Type:    "GraphMethodException",
		Code:    803,
	}
}

// subscriptionObjects are the object types an app can subscribe to.
var subscriptionObjects = []string{
	"application", "certificate_transparency", "instagram", "page", "payments",
	"permissions", "user", "whatsapp_business_account",
}

// wabaWebhookFields are the fields of the whatsapp_business_account object
// (WhatsApp Cloud API webhooks reference and Webhook overrides).
var wabaWebhookFields = []string{
	"account_alerts", "account_review_update", "account_settings_update", "account_update",
	"automatic_events", "business_capability_update", "business_status_update", "calls",
	"consumer_profile", "flows", "group_lifecycle_update", "group_participants_update",
	"group_settings_update", "group_status_update", "history", "message_echoes",
	"message_template_components_update", "message_template_quality_update",
	"message_template_status_update", "messages", "messaging_handovers", "partner_solutions",
	"payment_configuration_update", "phone_number_name_update", "phone_number_quality_update",
	"security", "smb_app_state_sync", "smb_message_echoes", "template_category_update",
	"template_correct_category_detection", "tracking_events", "user_preferences",
}

func errEnum(param string, allowed []string, got string) *graphError {
	return errParam("(#100) Param %s must be one of {%s} - got \"%s\"", param, strings.Join(allowed, ", "), got)
}

// objectParam reads and checks the object parameter.
func (c *call) objectParam(required bool) (string, *graphError) {
	object := strings.TrimSpace(c.params.string("object"))
	if object == "" {
		if required {
			return "", errRequiredParam("object")
		}
		return "", nil
	}
	if !contains(subscriptionObjects, object) {
		return "", errEnum("object", subscriptionObjects, object)
	}
	return object, nil
}

// fieldsParam reads a list parameter sent as "a,b" or as a JSON array, and
// checks the names against the object's fields where the emulator knows them.
func (c *call) fieldsParam(object string) ([]string, *graphError) {
	var names []string
	switch v := c.params["fields"].(type) {
	case nil:
		return nil, nil
	case []any:
		for _, item := range v {
			s, ok := toString(item)
			if !ok {
				return nil, errParam("(#100) Param fields must be an array of strings")
			}
			names = append(names, s)
		}
	default:
		s := strings.TrimSpace(c.params.string("fields"))
		if strings.HasPrefix(s, "[") {
			list, _, err := c.params.structured("fields")
			if err != nil {
				return nil, err
			}
			items, _ := list.([]any)
			for _, item := range items {
				if n, ok := toString(item); ok {
					names = append(names, n)
				}
			}
			break
		}
		names = strings.Split(s, ",")
	}
	var out []string
	for i, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if object == "whatsapp_business_account" && !contains(wabaWebhookFields, n) {
			return nil, errEnum("fields["+strconv.Itoa(i)+"]", wabaWebhookFields, n)
		}
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// GET /{app-id}/subscriptions: the app's subscriptions, one per object.
func listAppSubscriptions(c *call) (any, *graphError) {
	hooks := c.e.store.appWebhooks(c.node.(*application).id)
	objects := make([]string, 0, len(hooks.byObject))
	for o := range hooks.byObject {
		objects = append(objects, o)
	}
	sort.Strings(objects)
	data := []any{}
	for _, o := range objects {
		w := hooks.byObject[o]
		fields := []any{}
		for _, f := range w.fields {
			fields = append(fields, map[string]any{"name": f, "version": w.versions[f]})
		}
		data = append(data, map[string]any{
			"object":       w.object,
			"callback_url": w.callbackURL,
			"active":       w.active,
			"fields":       fields,
		})
	}
	return map[string]any{"data": data}, nil
}

// POST /{app-id}/subscriptions subscribes the app to fields of an object.
// Meta verifies the callback first (a failed handshake is code 2200 and
// changes nothing). Fields add to those already subscribed for the object;
// the callback URL and include_values apply to the whole object.
func createAppSubscription(c *call) (any, *graphError) {
	object, err := c.objectParam(true)
	if err != nil {
		return nil, err
	}
	callback := strings.TrimSpace(c.params.string("callback_url"))
	if callback == "" {
		return nil, errRequiredParam("callback_url")
	}
	if u, perr := url.Parse(callback); perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errParam("(#100) Param callback_url must be a valid URL")
	}
	fields, err := c.fieldsParam(object)
	if err != nil {
		return nil, err
	}
	if len(fields) == 0 {
		return nil, errRequiredParam("fields")
	}
	includeValues, _, err := c.params.boolean("include_values")
	if err != nil {
		return nil, err
	}
	token := c.params.string("verify_token")
	if token == "" {
		return nil, errRequiredParam("verify_token")
	}
	if err := callbackVerificationError(c, callback, token); err != nil {
		return nil, err
	}
	hooks := c.e.store.appWebhooks(c.node.(*application).id)
	w := hooks.byObject[object]
	if w == nil {
		w = &appWebhook{object: object, versions: map[string]string{}}
		hooks.byObject[object] = w
	}
	w.callbackURL = callback
	w.includeValues = includeValues
	w.active = true
	for _, f := range fields {
		if !contains(w.fields, f) {
			w.fields = append(w.fields, f)
		}
		w.versions[f] = c.served
	}
	return map[string]any{"success": true}, nil
}

// DELETE /{app-id}/subscriptions removes the subscription to an object, or
// only some of its fields; without object, every subscription of the app.
// Removing what is not subscribed succeeds.
func deleteAppSubscriptions(c *call) (any, *graphError) {
	object, err := c.objectParam(false)
	if err != nil {
		return nil, err
	}
	hooks := c.e.store.appWebhooks(c.node.(*application).id)
	if object == "" {
		hooks.byObject = map[string]*appWebhook{}
		return map[string]any{"success": true}, nil
	}
	fields, err := c.fieldsParam(object)
	if err != nil {
		return nil, err
	}
	w := hooks.byObject[object]
	if w == nil {
		return map[string]any{"success": true}, nil
	}
	if len(fields) == 0 {
		delete(hooks.byObject, object)
		return map[string]any{"success": true}, nil
	}
	kept := w.fields[:0]
	for _, f := range w.fields {
		if contains(fields, f) {
			delete(w.versions, f)
			continue
		}
		kept = append(kept, f)
	}
	w.fields = kept
	if len(w.fields) == 0 {
		delete(hooks.byObject, object)
	}
	return map[string]any{"success": true}, nil
}
