package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// echoCallback is a webhook endpoint that passes Meta's verification handshake for token.
func echoCallback(t *testing.T, token string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("hub.verify_token") != token {
			http.Error(w, "bad token", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(r.URL.Query().Get("hub.challenge")))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestWABASubscription(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	ctx := context.Background()
	app, err := c.CurrentApp(ctx)
	if err != nil || app.ID != seed.AppID || app.Name == "" {
		t.Fatalf("CurrentApp = %+v, %v", app, err)
	}
	if found, err := c.FindSubscribedApp(ctx, seed.BusinessAccountID, seed.AppID); err != nil || found != nil {
		t.Fatalf("before subscribing: %+v, %v", found, err)
	}
	cb := echoCallback(t, "vt")
	if err := c.SubscribeApp(ctx, seed.BusinessAccountID, &WABAOverride{CallbackURI: cb.URL, VerifyToken: "vt"}); err != nil {
		t.Fatal(err)
	}
	found, err := c.FindSubscribedApp(ctx, seed.BusinessAccountID, seed.AppID)
	if err != nil || found == nil || found.OverrideCallbackURI != cb.URL || found.App.Name != app.Name {
		t.Fatalf("after subscribing with an override: %+v, %v", found, err)
	}
	err = c.SubscribeApp(ctx, seed.BusinessAccountID, &WABAOverride{CallbackURI: cb.URL, VerifyToken: "wrong"})
	var ge *Error
	if !errorsAs(err, &ge) || ge.Code != CodeCallbackVerificationFailed || ge.HTTPStatus != http.StatusBadRequest || !strings.Contains(ge.UserMessage, "403") {
		t.Fatalf("refused override: %v", err)
	}
	if err := c.SubscribeApp(ctx, seed.BusinessAccountID, nil); err != nil {
		t.Fatal(err)
	}
	if found, _ := c.FindSubscribedApp(ctx, seed.BusinessAccountID, seed.AppID); found == nil || found.OverrideCallbackURI != "" {
		t.Fatalf("override not cleared: %+v", found)
	}
	if err := c.UnsubscribeApp(ctx, seed.BusinessAccountID); err != nil {
		t.Fatal(err)
	}
	if err := c.UnsubscribeApp(ctx, seed.BusinessAccountID); !IsNotFound(err) {
		t.Fatalf("unsubscribing twice: want not found, got %v", err)
	}
}

func errorsAs(err error, target **Error) bool {
	e, ok := asError(err)
	*target = e
	return ok
}

func TestSubscribedAppDecodesBothShapes(t *testing.T) {
	var apps []SubscribedApp
	raw := `[{"whatsapp_business_api_data":{"id":"1","name":"A"},"override_callback_uri":"https://x"},{"id":"2","name":"B","unknown":true}]`
	if err := json.Unmarshal([]byte(raw), &apps); err != nil {
		t.Fatal(err)
	}
	if apps[0].App.ID != "1" || apps[0].OverrideCallbackURI != "https://x" || apps[1].App.ID != "2" || apps[1].App.Name != "B" {
		t.Fatalf("decoded %+v", apps)
	}
	var sub AppSubscription
	if err := json.Unmarshal([]byte(`{"object":"page","fields":["feed",{"name":"messages","version":"v23.0"}]}`), &sub); err != nil {
		t.Fatal(err)
	}
	if strings.Join(sub.FieldNames(), ",") != "feed,messages" || sub.Fields[1].Version != "v23.0" {
		t.Fatalf("decoded %+v", sub)
	}
}

func TestAppSubscriptions(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	ctx := context.Background()
	appToken := AppAccessToken(seed.AppID, seed.AppSecret)
	cb := echoCallback(t, "vt")
	sub := NewAppSubscription{Object: "whatsapp_business_account", CallbackURL: cb.URL, VerifyToken: "vt", Fields: []string{"messages", "calls"}}
	if err := c.SubscribeAppObject(ctx, seed.AppID, appToken, sub); err != nil {
		t.Fatal(err)
	}
	got, err := c.FindAppSubscription(ctx, seed.AppID, appToken, "whatsapp_business_account")
	if err != nil || got == nil || got.CallbackURL != cb.URL || !got.Active || strings.Join(got.FieldNames(), ",") != "messages,calls" || got.Fields[0].Version != "v23.0" {
		t.Fatalf("subscription: %+v, %v", got, err)
	}
	if err := c.DeleteAppSubscription(ctx, seed.AppID, appToken, "whatsapp_business_account", []string{"calls"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.FindAppSubscription(ctx, seed.AppID, appToken, "whatsapp_business_account"); got == nil || strings.Join(got.FieldNames(), ",") != "messages" {
		t.Fatalf("after removing a field: %+v", got)
	}
	if err := c.DeleteAppSubscription(ctx, seed.AppID, appToken, "whatsapp_business_account", nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.FindAppSubscription(ctx, seed.AppID, appToken, "whatsapp_business_account"); got != nil {
		t.Fatalf("after deleting: %+v", got)
	}
	// The system user token is refused with code 15.
	_, err = c.ListAppSubscriptions(ctx, seed.AppID, "")
	var ge *Error
	if !errorsAs(err, &ge) || ge.Code != 15 {
		t.Fatalf("user token on subscriptions: %v", err)
	}
	sub.VerifyToken = "nope"
	if err := c.SubscribeAppObject(ctx, seed.AppID, appToken, sub); !errorsAs(err, &ge) || ge.Code != 2200 {
		t.Fatalf("failed handshake: %v", err)
	}
}

func TestSubscriptionLogsMaskTokens(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	const verifyToken = "vt-Zq81-do-not-log"
	cb := echoCallback(t, verifyToken)
	appToken := AppAccessToken(seed.AppID, seed.AppSecret)
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	if err := c.SubscribeAppObject(ctx, seed.AppID, appToken, NewAppSubscription{Object: "whatsapp_business_account", CallbackURL: cb.URL, VerifyToken: verifyToken, Fields: []string{"messages"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.SubscribeApp(ctx, seed.BusinessAccountID, &WABAOverride{CallbackURI: cb.URL, VerifyToken: verifyToken}); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "Graph request body") {
		t.Fatalf("expected request body logs:\n%s", out)
	}
	for name, s := range map[string]string{"verify token": verifyToken, "app token": appToken, "app secret": seed.AppSecret} {
		if strings.Contains(out, s) {
			t.Errorf("the %s appears in the logs:\n%s", name, out)
		}
	}
}
