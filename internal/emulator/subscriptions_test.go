package emulator

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// callback is a webhook endpoint for the verification handshake. A good one
// answers 200 with hub.challenge when hub.verify_token matches, else 403.
type callback struct {
	*httptest.Server
	mu   sync.Mutex
	seen []url.Values
}

func newCallback(t *testing.T, token string, echo bool) *callback {
	t.Helper()
	cb := &callback{}
	cb.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		cb.mu.Lock()
		cb.seen = append(cb.seen, q)
		cb.mu.Unlock()
		if r.Method != http.MethodGet || q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != token {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		if echo {
			_, _ = w.Write([]byte(q.Get("hub.challenge")))
			return
		}
		_, _ = w.Write([]byte("OK"))
	}))
	t.Cleanup(cb.Close)
	return cb
}

func (cb *callback) calls() int {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	return len(cb.seen)
}

func (h *harness) subscribedAppsPath() string {
	return "/v23.0/" + h.seed.BusinessAccountID + "/subscribed_apps"
}

func (h *harness) appCall(method, path string, body any) reply {
	h.t.Helper()
	return h.callWith(method, path, body, map[string]string{"Authorization": "Bearer " + h.seed.AppID + "|" + h.seed.AppSecret})
}

func (h *harness) subscriptionsPath() string {
	return "/v23.0/" + h.seed.AppID + "/subscriptions"
}

func TestSubscribedAppsLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	if got := h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath(), nil)); string(got.raw) != `{"data":[]}` {
		t.Fatalf("unsubscribed WABA: %s", got.raw)
	}
	r := h.mustOK(h.call(http.MethodPost, h.subscribedAppsPath(), nil))
	if string(r.raw) != `{"success":true}` {
		t.Fatalf("subscribe without override: %s", r.raw)
	}
	// Idempotent: subscribing again keeps one entry.
	h.mustOK(h.call(http.MethodPost, h.subscribedAppsPath(), nil))
	list := h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath(), nil)).data()
	if len(list) != 1 {
		t.Fatalf("want one subscribed app, got %v", list)
	}
	app, _ := list[0]["whatsapp_business_api_data"].(map[string]any)
	if app["id"] != h.seed.AppID || app["name"] != "Emulated App" || app["link"] != "https://www.facebook.com/games/?app_id="+h.seed.AppID {
		t.Fatalf("app data: %v", list[0])
	}
	if _, ok := list[0]["override_callback_uri"]; ok {
		t.Fatalf("override without one set: %v", list[0])
	}
	only := h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath()+"?fields=name", nil)).data()
	if app, _ := only[0]["whatsapp_business_api_data"].(map[string]any); app["link"] != nil || app["name"] == nil || app["id"] == nil {
		t.Fatalf("fields=name: %v", only)
	}
	h.wantError(h.call(http.MethodGet, h.subscribedAppsPath()+"?fields=callback", nil), 400, 100, 0)

	h.mustOK(h.call(http.MethodDelete, h.subscribedAppsPath(), nil))
	if got := h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath(), nil)); len(got.data()) != 0 {
		t.Fatalf("after unsubscribe: %s", got.raw)
	}
	r = h.call(http.MethodDelete, h.subscribedAppsPath(), nil)
	h.wantError(r, http.StatusNotFound, 803, 0)
	if !strings.Contains(r.errorField("message").(string), "not subscribed") {
		t.Fatalf("message: %s", r.raw)
	}
}

func TestSubscribedAppsOverrideIsVerifiedAndCleared(t *testing.T) {
	h := newHarness(t, Options{})
	cb := newCallback(t, "s3cret-token", true)
	r := h.mustOK(h.call(http.MethodPost, h.subscribedAppsPath(), map[string]any{"override_callback_uri": cb.URL + "/hook", "verify_token": "s3cret-token"}))
	if cb.calls() != 1 {
		t.Fatalf("want one verification request, got %d", cb.calls())
	}
	if d := r.data(); len(d) != 1 || d[0]["override_callback_uri"] != cb.URL+"/hook" {
		t.Fatalf("subscribe response: %s", r.raw)
	}
	list := h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath(), nil)).data()
	if len(list) != 1 || list[0]["override_callback_uri"] != cb.URL+"/hook" {
		t.Fatalf("override not read back: %v", list)
	}
	h.e.mu.Lock()
	got := h.e.store.wabaCallbackOverride(h.seed.BusinessAccountID, h.seed.AppID)
	h.e.mu.Unlock()
	if got != cb.URL+"/hook" {
		t.Fatalf("wabaCallbackOverride = %q", got)
	}
	// Subscribing without post body parameters removes the override.
	h.mustOK(h.call(http.MethodPost, h.subscribedAppsPath(), nil))
	list = h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath(), nil)).data()
	if len(list) != 1 || list[0]["override_callback_uri"] != nil {
		t.Fatalf("override not cleared: %v", list)
	}
}

func TestSubscribedAppsOverrideRefused(t *testing.T) {
	h := newHarness(t, Options{})
	good := newCallback(t, "tok", true)
	h.mustOK(h.call(http.MethodPost, h.subscribedAppsPath(), map[string]any{"override_callback_uri": good.URL, "verify_token": "tok"}))

	wrongBody := newCallback(t, "tok", false)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	cases := map[string]struct {
		body   map[string]any
		status int
		detail string
	}{
		"challenge not echoed": {map[string]any{"override_callback_uri": wrongBody.URL, "verify_token": "tok"}, 2200, "does not match challenge"},
		"wrong verify token":   {map[string]any{"override_callback_uri": good.URL, "verify_token": "other"}, 2200, "HTTP Status Code = 403"},
		"unreachable":          {map[string]any{"override_callback_uri": gone.URL, "verify_token": "tok"}, 2200, "Couldn't connect"},
		"no verify token":      {map[string]any{"override_callback_uri": good.URL}, 400, ""},
		"not a URL":            {map[string]any{"override_callback_uri": "ftp://x", "verify_token": "tok"}, 400, ""},
		"too long":             {map[string]any{"override_callback_uri": good.URL + "/" + strings.Repeat("a", 200), "verify_token": "tok"}, 400, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := h.call(http.MethodPost, h.subscribedAppsPath(), tc.body)
			if tc.status != 2200 {
				h.wantError(r, tc.status, 100, 0)
			} else {
				h.wantError(r, 400, 2200, 0)
				if msg, _ := r.errorField("message").(string); !strings.HasPrefix(msg, "(#2200) Callback verification failed") {
					t.Errorf("message: %s", r.raw)
				}
				if msg, _ := r.errorField("error_user_msg").(string); !strings.Contains(msg, tc.detail) {
					t.Errorf("error_user_msg lacks %q: %s", tc.detail, r.raw)
				}
			}
		})
	}
	// Nothing changed: the verified override stays.
	list := h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath(), nil)).data()
	if len(list) != 1 || list[0]["override_callback_uri"] != good.URL {
		t.Fatalf("a refused override changed the subscription: %v", list)
	}
}

func TestSubscribedAppsKeepOtherApps(t *testing.T) {
	h := newHarness(t, Options{})
	other := h.e.SubscribeOtherApp(h.seed.BusinessAccountID, "Partner CRM")
	if other == "" || h.e.SubscribeOtherApp("999", "x") != "" {
		t.Fatal("SubscribeOtherApp")
	}
	h.wantError(h.call(http.MethodDelete, h.subscribedAppsPath(), nil), http.StatusNotFound, 803, 0)
	h.mustOK(h.call(http.MethodPost, h.subscribedAppsPath(), nil))
	list := h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath(), nil)).data()
	if len(list) != 2 {
		t.Fatalf("want two apps: %v", list)
	}
	h.mustOK(h.call(http.MethodDelete, h.subscribedAppsPath(), nil))
	list = h.mustOK(h.call(http.MethodGet, h.subscribedAppsPath(), nil)).data()
	if app, _ := list[0]["whatsapp_business_api_data"].(map[string]any); len(list) != 1 || app["id"] != other || app["name"] != "Partner CRM" {
		t.Fatalf("unsubscribing removed another app: %v", list)
	}
}

func TestAppNode(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/v23.0/" + h.seed.AppID, "/v23.0/app"} {
		for name, r := range map[string]reply{"user token": h.call(http.MethodGet, path, nil), "app token": h.appCall(http.MethodGet, path, nil)} {
			h.mustOK(r)
			if r.str("id") != h.seed.AppID || r.str("name") != "Emulated App" || r.str("link") == "" {
				t.Errorf("%s %s: %s", name, path, r.raw)
			}
		}
	}
	if r := h.mustOK(h.call(http.MethodGet, "/v23.0/app?fields=id", nil)); r.str("name") != "" || r.str("id") != h.seed.AppID {
		t.Errorf("fields=id: %s", r.raw)
	}
}

func TestTokenKinds(t *testing.T) {
	h := newHarness(t, Options{RequireAppSecretProof: true})
	proof := "?appsecret_proof=" + AppSecretProof(h.seed.AppSecret, h.seed.AccessToken)
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		r := h.call(m, h.subscriptionsPath()+proof, nil)
		h.wantError(r, 400, 15, 0)
		if r.errorField("message") != "(#15) This method must be called with an app access_token." {
			t.Errorf("%s with a user token: %s", m, r.raw)
		}
	}
	// The app token needs no appsecret_proof, and reaches only its app.
	h.mustOK(h.appCall(http.MethodGet, h.subscriptionsPath(), nil))
	h.mustOK(h.appCall(http.MethodGet, "/v23.0/app/subscriptions", nil))
	h.wantError(h.appCall(http.MethodGet, h.subscribedAppsPath(), nil), 400, 100, 33)
	h.wantError(h.appCall(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil), 400, 100, 33)
	r := h.callWith(http.MethodGet, h.subscriptionsPath(), nil, map[string]string{"Authorization": "Bearer " + h.seed.AppID + "|wrong"})
	h.wantError(r, http.StatusUnauthorized, 190, 0)
	r = h.appCall(http.MethodGet, h.subscriptionsPath()+"?appsecret_proof=00", nil)
	h.wantError(r, 400, 100, 0)
}

func TestAppSubscriptionsLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	cb := newCallback(t, "vt-1", true)
	if r := h.mustOK(h.appCall(http.MethodGet, h.subscriptionsPath(), nil)); string(r.raw) != `{"data":[]}` {
		t.Fatalf("no subscriptions: %s", r.raw)
	}
	form := url.Values{"object": {"whatsapp_business_account"}, "callback_url": {cb.URL}, "verify_token": {"vt-1"},
		"fields": {"messages,message_template_status_update"}, "include_values": {"true"}}
	h.mustOK(h.appCall(http.MethodPost, h.subscriptionsPath(), form.Encode()))
	if cb.calls() != 1 {
		t.Fatalf("verification requests: %d", cb.calls())
	}
	list := h.mustOK(h.appCall(http.MethodGet, h.subscriptionsPath(), nil)).data()
	if len(list) != 1 || list[0]["object"] != "whatsapp_business_account" || list[0]["callback_url"] != cb.URL || list[0]["active"] != true {
		t.Fatalf("subscription: %v", list)
	}
	if got := fieldNames(list[0]); got != "messages@v23.0,message_template_status_update@v23.0" {
		t.Fatalf("fields: %s", got)
	}
	h.e.mu.Lock()
	appURL := h.e.store.appCallbackURL(h.seed.AppID)
	h.e.mu.Unlock()
	if appURL != cb.URL {
		t.Fatalf("appCallbackURL = %q", appURL)
	}

	// Fields add to the subscription; a JSON array works as well as a list.
	h.mustOK(h.appCall(http.MethodPost, "/v24.0/"+h.seed.AppID+"/subscriptions", map[string]any{
		"object": "whatsapp_business_account", "callback_url": cb.URL, "verify_token": "vt-1", "fields": []string{"calls"},
	}))
	list = h.mustOK(h.appCall(http.MethodGet, h.subscriptionsPath(), nil)).data()
	if got := fieldNames(list[0]); got != "messages@v23.0,message_template_status_update@v23.0,calls@v24.0" {
		t.Fatalf("fields after adding: %s", got)
	}

	h.mustOK(h.appCall(http.MethodDelete, h.subscriptionsPath()+"?object=whatsapp_business_account&fields=messages,calls", nil))
	list = h.mustOK(h.appCall(http.MethodGet, h.subscriptionsPath(), nil)).data()
	if got := fieldNames(list[0]); got != "message_template_status_update@v23.0" {
		t.Fatalf("fields after removing two: %s", got)
	}

	page := url.Values{"object": {"page"}, "callback_url": {cb.URL}, "verify_token": {"vt-1"}, "fields": {"feed"}}
	h.mustOK(h.appCall(http.MethodPost, h.subscriptionsPath(), page.Encode()))
	h.mustOK(h.appCall(http.MethodDelete, h.subscriptionsPath()+"?object=whatsapp_business_account", nil))
	list = h.mustOK(h.appCall(http.MethodGet, h.subscriptionsPath(), nil)).data()
	if len(list) != 1 || list[0]["object"] != "page" {
		t.Fatalf("after deleting one object: %v", list)
	}
	// Deleting what is not subscribed succeeds; no object deletes everything.
	h.mustOK(h.appCall(http.MethodDelete, h.subscriptionsPath()+"?object=instagram", nil))
	h.mustOK(h.appCall(http.MethodDelete, h.subscriptionsPath(), nil))
	if r := h.mustOK(h.appCall(http.MethodGet, h.subscriptionsPath(), nil)); len(r.data()) != 0 {
		t.Fatalf("after deleting all: %s", r.raw)
	}
}

func fieldNames(sub map[string]any) string {
	var out []string
	list, _ := sub["fields"].([]any)
	for _, f := range list {
		m, _ := f.(map[string]any)
		out = append(out, m["name"].(string)+"@"+m["version"].(string))
	}
	return strings.Join(out, ",")
}

func TestAppSubscriptionVerificationFails(t *testing.T) {
	h := newHarness(t, Options{})
	wrong := newCallback(t, "vt", false)
	good := newCallback(t, "vt", true)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	cases := map[string]struct {
		url, token, want string
	}{
		"challenge not echoed": {wrong.URL, "vt", `(#2200) Callback verification failed: Response does not match challenge, expected value="`},
		"verify token refused": {good.URL, "other", "(#2200) Callback verification failed with the following errors: HTTP Status Code = 403; HTTP Message = Forbidden"},
		"unreachable":          {gone.URL, "vt", "(#2200) Callback verification failed with the following errors: curl_errno = 7"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			form := url.Values{"object": {"whatsapp_business_account"}, "callback_url": {tc.url}, "verify_token": {tc.token}, "fields": {"messages"}}
			r := h.appCall(http.MethodPost, h.subscriptionsPath(), form.Encode())
			h.wantError(r, 400, 2200, 0)
			if msg, _ := r.errorField("message").(string); !strings.HasPrefix(msg, tc.want) {
				t.Errorf("message %q, want prefix %q", msg, tc.want)
			}
		})
	}
	if r := h.mustOK(h.appCall(http.MethodGet, h.subscriptionsPath(), nil)); len(r.data()) != 0 {
		t.Fatalf("a failed verification stored a subscription: %s", r.raw)
	}
}

func TestAppSubscriptionValidation(t *testing.T) {
	h := newHarness(t, Options{})
	cb := newCallback(t, "vt", true)
	base := func(edit func(url.Values)) string {
		v := url.Values{"object": {"whatsapp_business_account"}, "callback_url": {cb.URL}, "verify_token": {"vt"}, "fields": {"messages"}}
		edit(v)
		return v.Encode()
	}
	cases := map[string]struct {
		body, want string
	}{
		"no object":       {base(func(v url.Values) { v.Del("object") }), "The parameter object is required"},
		"unknown object":  {base(func(v url.Values) { v.Set("object", "waba") }), "Param object must be one of"},
		"unknown field":   {base(func(v url.Values) { v.Set("fields", "messages,message") }), `Param fields[1] must be one of`},
		"no fields":       {base(func(v url.Values) { v.Set("fields", " , ") }), "The parameter fields is required"},
		"no callback":     {base(func(v url.Values) { v.Del("callback_url") }), "The parameter callback_url is required"},
		"no verify token": {base(func(v url.Values) { v.Del("verify_token") }), "The parameter verify_token is required"},
		"include_values":  {base(func(v url.Values) { v.Set("include_values", "maybe") }), "include_values must be a boolean"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := h.appCall(http.MethodPost, h.subscriptionsPath(), tc.body)
			h.wantError(r, 400, 100, 0)
			if msg, _ := r.errorField("message").(string); !strings.Contains(msg, tc.want) {
				t.Errorf("message %q lacks %q", msg, tc.want)
			}
		})
	}
	if cb.calls() != 0 {
		t.Fatalf("invalid requests reached the callback %d times", cb.calls())
	}
	h.wantError(h.appCall(http.MethodDelete, h.subscriptionsPath()+"?object=nope", nil), 400, 100, 0)
	// Fields of other objects are not the WhatsApp list.
	h.mustOK(h.appCall(http.MethodPost, h.subscriptionsPath(), base(func(v url.Values) { v.Set("object", "instagram"); v.Set("fields", "comments") })))
}
