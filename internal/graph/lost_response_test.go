package graph

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The POSTs that are upserts (subscribing the app to a WABA or to an object, assigning a user)
// are marked idempotent: after a lost response they are simply repeated, and the emulator ends
// up holding the object once. Creates that are not upserts (templates, flows, phone numbers, QR
// codes) reconcile by looking the object up instead; see their own tests.
func TestUpsertsRepeatSafelyAfterLostResponse(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 3})
	seed := emu.Seed()
	ctx := context.Background()
	appToken := AppAccessToken(seed.AppID, seed.AppSecret)
	user := emu.AddBusinessUser("Ana", "")
	cb := echoCallback(t, "vt")

	for _, tc := range []struct {
		name, path string
		call       func() error
		count      func() (int, error)
	}{
		{"WABA subscription", `/subscribed_apps$`,
			func() error { return c.SubscribeApp(ctx, seed.BusinessAccountID, nil) },
			func() (int, error) {
				apps, err := c.ListSubscribedApps(ctx, seed.BusinessAccountID)
				return len(apps), err
			}},
		{"app subscription", `/subscriptions$`,
			func() error {
				return c.SubscribeAppObject(ctx, seed.AppID, appToken, NewAppSubscription{Object: "whatsapp_business_account", CallbackURL: cb.URL, VerifyToken: "vt", Fields: []string{"messages"}})
			},
			func() (int, error) {
				subs, err := c.ListAppSubscriptions(ctx, seed.AppID, appToken)
				return len(subs), err
			}},
		{"assigned user", `/assigned_users$`,
			func() error { return c.AssignUser(ctx, seed.BusinessAccountID, user, []string{"MANAGE_TEMPLATES"}) },
			func() (int, error) {
				u, err := c.FindAssignedUser(ctx, seed.BusinessAccountID, seed.BusinessID, user)
				if u == nil {
					return 0, err
				}
				return 1, err
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			emu.ClearRequests()
			emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: tc.path, LoseResponse: true, Times: 1})
			if err := tc.call(); err != nil {
				t.Fatalf("the upsert should survive a lost response: %v", err)
			}
			n, err := tc.count()
			if err != nil || n != 1 {
				t.Fatalf("want the object once, got %d (%v)", n, err)
			}
			re := regexp.MustCompile(tc.path)
			posts := 0
			for _, r := range emu.Requests() {
				if r.Method == http.MethodPost && re.MatchString(r.Path) {
					posts++
					if r.Status != http.StatusOK {
						t.Errorf("a repeated upsert was refused: %+v", r)
					}
				}
			}
			if posts != 2 {
				t.Errorf("want the lost call and one repeat, got %d POSTs", posts)
			}
		})
	}
}
