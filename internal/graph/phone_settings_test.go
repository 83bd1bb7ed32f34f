package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func strPtr(s string) *string { return &s }

func TestBusinessProfileRoundTrip(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx, phone := context.Background(), emu.Seed().PhoneNumberID
	sites := []string{"https://a.example", "https://b.example"}
	err := c.UpdateBusinessProfile(ctx, phone, BusinessProfileUpdate{
		About: strPtr("About us"), Email: strPtr("hi@a.example"), Vertical: strPtr("RETAIL"),
		Websites: &sites, ProfilePictureHandle: strPtr("4::aGFuZGxl"),
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.GetBusinessProfile(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	if p.About != "About us" || p.Email != "hi@a.example" || p.Vertical != "RETAIL" || len(p.Websites) != 2 ||
		!strings.HasPrefix(p.ProfilePictureURL, "https://") || p.Address != "" {
		t.Fatalf("profile %+v", p)
	}
	// Empty values clear; unsent fields stay.
	none := []string{}
	if err := c.UpdateBusinessProfile(ctx, phone, BusinessProfileUpdate{Email: strPtr(""), Websites: &none}); err != nil {
		t.Fatal(err)
	}
	if p, _ = c.GetBusinessProfile(ctx, phone); p.Email != "" || len(p.Websites) != 0 || p.About != "About us" {
		t.Fatalf("after clearing %+v", p)
	}
	err = c.UpdateBusinessProfile(ctx, phone, BusinessProfileUpdate{About: strPtr("")})
	var ge *Error
	if !errors.As(err, &ge) || ge.Code != CodeInvalidParameter {
		t.Fatalf("empty about: want a code 100 error, got %v", err)
	}
}

// Meta's guides show the profile without the business_profile wrapper the spec's examples have.
func TestBusinessProfileDecodesFlatShape(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("fields") != BusinessProfileFields {
			t.Errorf("fields %q", r.URL.Query().Get("fields"))
		}
		fmt.Fprint(w, `{"data":[{"about":"Succulent specialists!","messaging_product":"whatsapp","websites":["https://x.example/"],"vertical":"RETAIL","unknown":1}]}`)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.GetBusinessProfile(context.Background(), "1")
	if err != nil || p.About != "Succulent specialists!" || p.Vertical != "RETAIL" || len(p.Websites) != 1 {
		t.Fatalf("%+v %v", p, err)
	}
}

func TestConversationalAutomationRoundTrip(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx, phone := context.Background(), emu.Seed().PhoneNumberID
	a, err := c.GetConversationalAutomation(ctx, phone)
	if err != nil || a.EnableWelcomeMessage || a.Prompts == nil || a.Commands == nil || len(a.Prompts)+len(a.Commands) != 0 {
		t.Fatalf("initial %+v %v", a, err)
	}
	want := ConversationalAutomation{EnableWelcomeMessage: true, Prompts: []string{"Track my order"},
		Commands: []BotCommand{{Name: "help", Description: "Get help"}}}
	if err := c.SetConversationalAutomation(ctx, phone, want); err != nil {
		t.Fatal(err)
	}
	if a, err = c.GetConversationalAutomation(ctx, phone); err != nil || !a.EnableWelcomeMessage || a.Prompts[0] != "Track my order" || a.Commands[0] != want.Commands[0] {
		t.Fatalf("read back %+v %v", a, err)
	}
	// nil lists are sent as [] and clear.
	if err := c.SetConversationalAutomation(ctx, phone, ConversationalAutomation{}); err != nil {
		t.Fatal(err)
	}
	if a, _ = c.GetConversationalAutomation(ctx, phone); len(a.Prompts)+len(a.Commands) != 0 || a.EnableWelcomeMessage {
		t.Fatalf("after disabling %+v", a)
	}
}

func TestQRCodeRoundTrip(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx, phone := context.Background(), emu.Seed().PhoneNumberID
	qr, err := c.CreateQRCode(ctx, phone, "Hello!", QRImageSVG)
	if err != nil || qr.Code == "" || qr.QRImageURL == "" || qr.DeepLinkURL != "https://wa.me/message/"+qr.Code {
		t.Fatalf("create %+v %v", qr, err)
	}
	got, err := c.GetQRCode(ctx, phone, qr.Code, QRImageSVG)
	if err != nil || got.QRImageURL != qr.QRImageURL || got.PrefilledMessage != "Hello!" {
		t.Fatalf("get %+v %v", got, err)
	}
	if png, _ := c.GetQRCode(ctx, phone, qr.Code, QRImagePNG); png.QRImageURL == qr.QRImageURL || png.QRImageURL == "" {
		t.Fatalf("png image %q", png.QRImageURL)
	}
	up, err := c.UpdateQRCode(ctx, phone, qr.Code, "Hi again!")
	if err != nil || up.Code != qr.Code || up.PrefilledMessage != "Hi again!" {
		t.Fatalf("update %+v %v", up, err)
	}
	for i := 0; i < 30; i++ {
		if _, err := c.CreateQRCode(ctx, phone, fmt.Sprint("m", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.ListQRCodes(ctx, phone, "")
	if err != nil || len(all) != 31 || all[30].Code != qr.Code {
		t.Fatalf("list: %d codes, err %v", len(all), err)
	}
	if err := c.DeleteQRCode(ctx, phone, qr.Code); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetQRCode(ctx, phone, qr.Code, ""); !IsNotFound(err) {
		t.Fatalf("get after delete: want not found, got %v", err)
	}
	if err := c.DeleteQRCode(ctx, phone, qr.Code); !IsNotFound(err) {
		t.Fatalf("second delete: want not found, got %v", err)
	}
}

func TestCommerceSettingsRoundTrip(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx, phone := context.Background(), emu.Seed().PhoneNumberID
	cs, err := c.GetCommerceSettings(ctx, phone)
	if err != nil || cs.IsCartEnabled != DefaultCartEnabled || cs.IsCatalogVisible != DefaultCatalogVisible || cs.ID == "" {
		t.Fatalf("defaults %+v %v", cs, err)
	}
	if err := c.SetCommerceSettings(ctx, phone, false, true); err != nil {
		t.Fatal(err)
	}
	if cs, _ = c.GetCommerceSettings(ctx, phone); cs.IsCartEnabled || !cs.IsCatalogVisible {
		t.Fatalf("after set %+v", cs)
	}
	reqs := emu.Requests()
	last := reqs[len(reqs)-2]
	if last.Method != http.MethodPost || !strings.Contains(last.Query, "is_cart_enabled=false") || !strings.Contains(last.Query, "is_catalog_visible=true") {
		t.Fatalf("settings must travel as query parameters: %+v", last)
	}
}

// A create whose response is lost adopts the QR code Meta made instead of making a second one.
func TestCreateQRCodeAfterLostResponse(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 3})
	ctx, phone := context.Background(), emu.Seed().PhoneNumberID
	// An older code with the same message is not mistaken for the new one.
	older, err := c.CreateQRCode(ctx, phone, "Hello!", "")
	if err != nil {
		t.Fatal(err)
	}
	emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: "/message_qrdls$", LoseResponse: true, Times: 1})
	qr, err := c.CreateQRCode(ctx, phone, "Hello!", QRImagePNG)
	if err != nil {
		t.Fatal(err)
	}
	codes, _ := emu.QRCodesOf(phone)
	if len(codes) != 2 || qr.Code != codes[0].Code || qr.Code == older.Code || qr.QRImageURL == "" {
		t.Fatalf("adopted %+v; codes at Meta %+v", qr, codes)
	}
	// A create that fails before Meta acts is not adopted from anything.
	emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: "/message_qrdls$", Code: 2, Times: 1})
	if _, err := c.CreateQRCode(ctx, phone, "Hello!", ""); err != nil {
		t.Fatal(err)
	}
	if codes, _ = emu.QRCodesOf(phone); len(codes) != 3 {
		t.Fatalf("a transient failure should be followed by one create: %d codes", len(codes))
	}
}
