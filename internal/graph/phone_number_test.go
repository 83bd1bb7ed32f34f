package graph

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestPhoneNumberOnboarding(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 1})
	ctx := context.Background()
	waba := emu.Seed().BusinessAccountID
	id, err := c.CreatePhoneNumber(ctx, waba, NewPhoneNumber{CountryCode: "1", Number: "6315551000", VerifiedName: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.GetPhoneNumber(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.DisplayPhoneNumber != "+1 631-555-1000" || p.Verified() || p.Registered() || p.Digits() != "16315551000" {
		t.Fatalf("new number %+v", p)
	}
	if err := c.RequestVerificationCode(ctx, id, "SMS", "en_US"); err != nil {
		t.Fatal(err)
	}
	if err := c.VerifyCode(ctx, id, "123456"); err != nil {
		t.Fatal(err)
	}
	if err := c.RegisterPhoneNumber(ctx, id, "111111"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetTwoStepPIN(ctx, id, "222222"); err != nil {
		t.Fatal(err)
	}
	if pin, _ := emu.PhoneNumberPIN(id); pin != "222222" {
		t.Fatalf("pin %q", pin)
	}
	name, hidden := "Shop & Co", "HIDDEN"
	if err := c.UpdatePhoneNumber(ctx, id, PhoneNumberSettings{NewDisplayName: &name, SearchVisibility: &hidden}); err != nil {
		t.Fatal(err)
	}
	if p, err = c.GetPhoneNumber(ctx, id); err != nil {
		t.Fatal(err)
	}
	if !p.Registered() || !p.Verified() || p.NewDisplayName != name || p.NewNameStatus != NameStatusPendingReview || p.SearchVisibility != hidden || p.ThroughputLevel() != "STANDARD" {
		t.Fatalf("onboarded number %+v", p)
	}
	if err := c.DeregisterPhoneNumber(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := c.DeregisterPhoneNumber(ctx, id); !IsNotRegistered(err) {
		t.Fatalf("second deregister: %v", err)
	}
	if err := c.RegisterPhoneNumber(ctx, id, "999999"); !IsPINMismatch(err) {
		t.Fatalf("register with another PIN: %v", err)
	}
	_, err = c.CreatePhoneNumber(ctx, waba, NewPhoneNumber{CountryCode: "1", Number: "6315551000", VerifiedName: "Shop"})
	if !IsConflict(err) {
		t.Fatalf("duplicate create: %v", err)
	}
}

func TestCreatePhoneNumberReconcilesLostResponse(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 3})
	waba := emu.Seed().BusinessAccountID
	emu.AddFault(emulator.Fault{Method: "POST", PathRegex: "/phone_numbers$", LoseResponse: true, Times: 1})
	id, err := c.CreatePhoneNumber(context.Background(), waba, NewPhoneNumber{CountryCode: "44", Number: "7911123456", VerifiedName: "Shop"})
	if err != nil || id == "" {
		t.Fatalf("want the number adopted after a lost response, got %q %v", id, err)
	}
	posts := 0
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("want exactly one create reaching Graph, got %d", posts)
	}
}

func TestListPhoneNumbersFiltersAndPages(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 1})
	waba := emu.Seed().BusinessAccountID
	ctx := context.Background()
	var last string
	for i := range 30 {
		id, err := emu.AddPhoneNumber(waba, "1", fmt.Sprintf("63155520%02d", i), "Shop")
		if err != nil {
			t.Fatal(err)
		}
		last = id
	}
	if err := emu.ChangePhoneNumber(last, emulator.PhoneNumberChange{AccountMode: "SANDBOX"}); err != nil {
		t.Fatal(err)
	}
	emu.ClearRequests()
	all, err := c.ListPhoneNumbers(ctx, waba, PhoneNumberFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 31 || len(emu.Requests()) != 2 {
		t.Fatalf("want 31 numbers over 2 pages, got %d over %d calls", len(all), len(emu.Requests()))
	}
	sandbox, err := c.ListPhoneNumbers(ctx, waba, PhoneNumberFilter{
		Conditions: []PhoneNumberCondition{{Field: "account_mode", Operator: "EQUAL", Value: "SANDBOX"}},
		Sort:       "creation_time.desc",
	})
	if err != nil || len(sandbox) != 1 || sandbox[0].ID != last {
		t.Fatalf("filtered list %+v %v", sandbox, err)
	}
	q := emu.Requests()[len(emu.Requests())-1].Query
	if !strings.Contains(q, "filtering=") || !strings.Contains(q, "sort=creation_time.desc") {
		t.Errorf("query %s", q)
	}
}

func TestPhoneCallbackOverride(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 1})
	ctx := context.Background()
	id := emu.Seed().PhoneNumberID
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("hub.verify_token") == "tok" {
			fmt.Fprint(w, r.URL.Query().Get("hub.challenge"))
			return
		}
		w.WriteHeader(http.StatusForbidden)
	}))
	defer cb.Close()
	if err := c.SetPhoneCallbackOverride(ctx, id, cb.URL, "tok"); err == nil {
		t.Fatal("an override was accepted before the app subscribed to the WABA")
	}
	if err := c.SubscribeApp(ctx, emu.Seed().BusinessAccountID, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.SetPhoneCallbackOverride(ctx, id, cb.URL, "bad"); err == nil {
		t.Fatal("a callback that does not echo the challenge was accepted")
	}
	if err := c.SetPhoneCallbackOverride(ctx, id, cb.URL, "tok"); err != nil {
		t.Fatal(err)
	}
	wc, err := c.GetWebhookConfiguration(ctx, id)
	if err != nil || wc.PhoneNumber != cb.URL {
		t.Fatalf("%+v %v", wc, err)
	}
	if err := c.SetPhoneCallbackOverride(ctx, id, "", ""); err != nil {
		t.Fatal(err)
	}
	if wc, err = c.GetWebhookConfiguration(ctx, id); err != nil || wc.PhoneNumber != "" {
		t.Fatalf("%+v %v", wc, err)
	}
}

func TestSplitDisplayNumber(t *testing.T) {
	for display, want := range map[string][2]string{
		"+1 631-555-1000":   {"1", "6315551000"},
		"+44 7911 123456":   {"44", "7911123456"},
		"+55 11 91234-5678": {"55", "11912345678"},
		"+971 50 123 4567":  {"971", "501234567"},
	} {
		cc, n, ok := SplitDisplayNumber(display)
		if !ok || cc != want[0] || n != want[1] {
			t.Errorf("%s: %s %s %v", display, cc, n, ok)
		}
	}
	for _, bad := range []string{"16315551000", "+16315551000", "+1234 5", ""} {
		if _, _, ok := SplitDisplayNumber(bad); ok {
			t.Errorf("%q split", bad)
		}
	}
}
