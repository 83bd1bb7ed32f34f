package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The adoption journey of examples/adopt-existing-account, run with the Terraform CLI exactly as
// the guide tells users to: an account whose objects were made by hand in WhatsApp Manager is
// discovered, import blocks are rendered, `terraform plan -generate-config-out` writes the
// configuration, apply imports without changing anything at Meta, and the next plan is empty.

// managerTemplates are template shapes people make in WhatsApp Manager, as Graph create bodies.
var managerTemplates = []func(name, lang string) map[string]any{
	func(name, lang string) map[string]any { // utility with a tracking link and a quick reply
		return map[string]any{"name": name, "language": lang, "category": "UTILITY", "components": []any{
			map[string]any{"type": "BODY", "text": "Hi {{1}}, order {{2}} has shipped.", "example": map[string]any{"body_text": []any{[]any{"Ana", "A-1"}}}},
			map[string]any{"type": "FOOTER", "text": "Reply STOP to opt out"},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "URL", "text": "Track", "url": "https://shop.example.com/t/{{1}}", "example": []any{"https://shop.example.com/t/A-1"}},
				map[string]any{"type": "QUICK_REPLY", "text": "Help"},
			}},
		}}
	},
	func(name, lang string) map[string]any { // marketing with named parameters and a call button
		return map[string]any{"name": name, "language": lang, "category": "MARKETING", "parameter_format": "NAMED", "components": []any{
			map[string]any{"type": "HEADER", "format": "TEXT", "text": "Hello {{first_name}}",
				"example": map[string]any{"header_text_named_params": []any{map[string]any{"param_name": "first_name", "example": "Ana"}}}},
			map[string]any{"type": "BODY", "text": "Use code {{code}} for 10% off this week.",
				"example": map[string]any{"body_text_named_params": []any{map[string]any{"param_name": "code", "example": "SPRING10"}}}},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+15550100"},
				map[string]any{"type": "URL", "text": "Shop", "url": "https://shop.example.com"},
			}},
		}}
	},
	func(name, lang string) map[string]any { // authentication with a copy-code button
		return map[string]any{"name": name, "language": lang, "category": "AUTHENTICATION", "components": []any{
			map[string]any{"type": "BODY", "add_security_recommendation": true},
			map[string]any{"type": "FOOTER", "code_expiration_minutes": 10},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"},
			}},
		}}
	},
	func(name, lang string) map[string]any { // utility with a location header
		return map[string]any{"name": name, "language": lang, "category": "UTILITY", "components": []any{
			map[string]any{"type": "HEADER", "format": "LOCATION"},
			map[string]any{"type": "BODY", "text": "Your pickup point is ready."},
		}}
	},
	func(name, lang string) map[string]any { // marketing with a coupon code
		return map[string]any{"name": name, "language": lang, "category": "MARKETING", "components": []any{
			map[string]any{"type": "BODY", "text": "Your coupon {{1}} expires Sunday.", "example": map[string]any{"body_text": []any{[]any{"SAVE20"}}}},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "COPY_CODE", "example": "SAVE20"},
				map[string]any{"type": "QUICK_REPLY", "text": "Stop promotions"},
			}},
		}}
	},
	func(name, lang string) map[string]any { // marketing with an image header
		return map[string]any{"name": name, "language": lang, "category": "MARKETING", "components": []any{
			map[string]any{"type": "HEADER", "format": "IMAGE", "example": map[string]any{"header_handle": []any{"4::aW1hZ2UvanBlZw==:ARZexampleHandle"}}},
			map[string]any{"type": "BODY", "text": "New arrivals are in."},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "QUICK_REPLY", "text": "Stop promotions"},
			}},
		}}
	},
}

// seedManagerTemplates creates n templates out of band, across three languages, the way they
// accumulate over months in WhatsApp Manager (the clock moves on so Meta's hourly creation
// limit is respected), and has Meta review them: most approved, some rejected, some paused.
func seedManagerTemplates(t *testing.T, tg *target, n int) {
	t.Helper()
	tg.needsEmulator()
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "_rej$", Status: "REJECTED", Reason: "INVALID_FORMAT"}); err != nil {
		t.Fatal(err)
	}
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: ".", Status: "APPROVED", DelayMS: 1}); err != nil {
		t.Fatal(err)
	}
	c := tg.client()
	langs := []string{"en_US", "es_ES", "pt_BR"}
	for i := 0; i < n; i++ {
		if i > 0 && i%90 == 0 {
			tg.emu.Advance(61 * time.Minute)
		}
		name := fmt.Sprintf("manager_%03d", i/len(langs))
		if (i/len(langs))%10 == 7 {
			name += "_rej"
		}
		body := managerTemplates[(i/len(langs))%len(managerTemplates)](name, langs[i%len(langs)])
		err := c.Do(context.Background(), graph.Request{Method: http.MethodPost, Path: tg.seed.BusinessAccountID + "/message_templates", Body: body}, nil)
		if err != nil {
			t.Fatalf("creating %s: %v", name, err)
		}
	}
	time.Sleep(50 * time.Millisecond)
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "^manager_00[0-4]$", Status: "PAUSED"}); err != nil {
		t.Fatal(err)
	}
}

func TestAccAdoptExistingAccount(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	const templates = 200
	seedManagerTemplates(t, tg, templates)
	sink := tg.url + "/_emulator/webhook-sink?expect_verify_token=manager-token"
	if err := tg.client().SubscribeApp(context.Background(), tg.seed.BusinessAccountID, &graph.WABAOverride{CallbackURI: sink, VerifyToken: "manager-token"}); err != nil {
		t.Fatal(err)
	}
	// A second number, onboarded in WhatsApp Manager beside the seeded one.
	if _, err := tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "44", "7911123456", "Jasper's Market UK"); err != nil {
		t.Fatal(err)
	}
	// The seeded, registered number's profile and automation, as set up in WhatsApp Manager.
	about, email := "Support, 7 days a week", "help@shop.example.com"
	if err := tg.client().UpdateBusinessProfile(context.Background(), tg.seed.PhoneNumberID, graph.BusinessProfileUpdate{About: &about, Email: &email, Websites: &[]string{"https://shop.example.com"}}); err != nil {
		t.Fatal(err)
	}
	if err := tg.emu.EditConversationalAutomation(tg.seed.PhoneNumberID, func(a *emulator.ConversationalAutomation) {
		a.EnableWelcomeMessage = true
		a.Prompts = []string{"Where is my order?", "Talk to a person"}
		a.Commands = []emulator.BotCommand{{Name: "track", Description: "Track your latest order"}}
	}); err != nil {
		t.Fatal(err)
	}
	const phones = 2
	// Templates, numbers, each registered number's profile and automation, the webhook subscription.
	const objects = templates + phones + 2*phones + 1
	cli := newCLIWorkspace(t, tg)
	example := filepath.Join("..", "..", "examples", "adopt-existing-account")

	discover := cli.dir(filepath.Join(example, "discover"))
	cli.mustRun(discover, "apply", "-input=false", "-auto-approve")
	imports := cli.mustRun(discover, "output", "-raw", "import_blocks")
	if got := strings.Count(imports, "import {"); got != objects {
		t.Fatalf("rendered %d import blocks, want %d", got, objects)
	}

	adopt := cli.dir(filepath.Join(example, "adopt"))
	cli.write(adopt, "imports.tf", imports)
	tg.emu.ClearRequests()
	out := cli.mustRun(adopt, "plan", "-input=false", "-generate-config-out=generated.tf")
	if !strings.Contains(out, fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", objects)) {
		t.Fatalf("plan with generated configuration is not a pure import:\n%s", out)
	}
	generated, err := os.ReadFile(filepath.Join(adopt, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(generated), `resource "whatsapp_message_template"`); got != templates {
		t.Fatalf("generated %d template resources, want %d", got, templates)
	}
	if got := strings.Count(string(generated), `resource "whatsapp_phone_number"`); got != phones {
		t.Fatalf("generated %d phone number resources, want %d", got, phones)
	}
	if !regexp.MustCompile(`override_callback_uri\s+=\s+"` + regexp.QuoteMeta(sink) + `"`).Match(generated) {
		t.Fatalf("generated configuration lacks the WABA's callback override:\n%s", generated)
	}
	cli.mustRun(adopt, "apply", "-input=false", "-auto-approve")
	cli.expectEmptyPlan(adopt)
	if writes := len(tg.calls(http.MethodPost, "")) + len(tg.calls(http.MethodDelete, "")); writes != 0 {
		t.Fatalf("adopting sent %d writes to Graph; it must only read", writes)
	}
	state := cli.mustRun(adopt, "state", "list")
	if got := strings.Count(state, "whatsapp_message_template."); got != templates {
		t.Fatalf("state holds %d templates, want %d", got, templates)
	}
	if got := strings.Count(state, "whatsapp_phone_number."); got != phones {
		t.Fatalf("state holds %d phone numbers, want %d:\n%s", got, phones, state)
	}
	for _, r := range []string{"whatsapp_business_profile.", "whatsapp_conversational_automation."} {
		if strings.Count(state, r) != phones {
			t.Fatalf("state should hold %d %s:\n%s", phones, r, state)
		}
	}
	if !regexp.MustCompile(`about\s+=\s+"` + about + `"`).Match(generated) {
		t.Fatalf("generated configuration lacks the profile's about text")
	}
	if !strings.Contains(state, "whatsapp_webhook_subscription.this") {
		t.Fatalf("state lacks the webhook subscription:\n%s", state)
	}
}
