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
			map[string]any{"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped.", "example": map[string]any{"body_text": []any{[]any{"Ana", "A-1"}}}},
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
	tg.needsEmulator("Meta's review outcomes and the clock")
	// The latest matching rule decides: approve everything, then reject the _rej ones.
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: ".", Status: "APPROVED", DelayMS: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "_rej$", Status: "REJECTED", Reason: "INVALID_FORMAT"}); err != nil {
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
	tg.needsLocalCallbacks()
	const templates = 200
	seedManagerTemplates(t, tg, templates)
	listed, err := tg.client().ListMessageTemplates(context.Background(), tg.seed.BusinessAccountID, graph.TemplateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, tpl := range listed {
		statuses[tpl.Status]++
	}
	// The adopted account holds every review outcome the guide speaks of.
	if statuses["APPROVED"] == 0 || statuses["REJECTED"] == 0 || statuses["PAUSED"] == 0 {
		t.Fatalf("the seeded account should hold approved, rejected and paused templates: %v", statuses)
	}
	sink := tg.webhookSink("manager-token")
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
	tg.clearRequests()
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

// templateFamily is a template of one family made outside Terraform (a Graph create body), with
// what adopting it must produce: patterns its generated resource block must match and a check of
// its attributes in state.
type templateFamily struct {
	name      string
	create    map[string]any
	generated []string
	state     func(attrs map[string]any) error
}

// templateFamilies holds one template of every family, in the shapes of Meta's family pages
// (those of internal/emulator/testdata/seed_template_families.json).
var templateFamilies = []templateFamily{
	{
		name: "family_media_cards",
		// The cards' URL examples are the variable's value, as on Meta's media card carousel page.
		create: map[string]any{"category": "MARKETING", "components": []any{
			map[string]any{"type": "BODY", "text": "Rare succulents for sale! {{1}}, add these unique plants to your collection.", "example": map[string]any{"body_text": []any{[]any{"Pablo"}}}},
			map[string]any{"type": "CAROUSEL", "cards": []any{adoptMediaCard("4::aW1hZ2UvcG5n:ARc1", "Blue Elf", "3", "BLUE_ELF"), adoptMediaCard("4::aW1hZ2UvcG5n:ARc2", "Buddha's Temple", "5", "BUDDHA")}},
		}},
		generated: []string{`carousel\s+=\s+\{`, `format\s+=\s+"IMAGE"`, `text\s+=\s+"Blue Elf, only \{\{1\}\} left\."`, `type\s+=\s+"QUICK_REPLY"`, `example\s+=\s+"BLUE_ELF"`},
		state:     func(a map[string]any) error { return twoCards(a, "IMAGE", "QUICK_REPLY,URL") },
	},
	{
		name: "family_product_cards",
		create: map[string]any{"category": "MARKETING", "components": []any{
			// Meta's product card carousel page gives the one body sample as a bare string.
			map[string]any{"type": "BODY", "text": "Rare succulents for sale! {{1}}, add these unique plants to your collection.", "example": map[string]any{"body_text": "Pablo"}},
			map[string]any{"type": "CAROUSEL", "cards": []any{adoptProductCard(), adoptProductCard()}},
		}},
		generated: []string{`carousel\s+=\s+\{`, `format\s+=\s+"PRODUCT"`, `type\s+=\s+"SPM"`, `examples\s+=\s+\["Pablo"\]`},
		state:     func(a map[string]any) error { return twoCards(a, "PRODUCT", "SPM") },
	},
	{
		name: "family_limited_time_offer",
		create: map[string]any{"category": "MARKETING", "components": []any{
			map[string]any{"type": "HEADER", "format": "IMAGE", "example": map[string]any{"header_handle": []any{"4::aW1hZ2UvcG5n:ARo1"}}},
			map[string]any{"type": "LIMITED_TIME_OFFER", "limited_time_offer": map[string]any{"text": "Expiring offer!", "has_expiration": true}},
			map[string]any{"type": "BODY", "text": "Good news, {{1}}! Use code {{2}} to get 25% off all Caribbean Destination packages!", "example": map[string]any{"body_text": []any{[]any{"Pablo", "CARIBE25"}}}},
			map[string]any{"type": "BUTTONS", "buttons": []any{
				map[string]any{"type": "COPY_CODE", "example": "CARIBE25"},
				map[string]any{"type": "URL", "text": "Book now!", "url": "https://awesomedestinations.com/offers?code={{1}}", "example": []any{"https://awesomedestinations.com/offers?ref=n3mtql"}},
			}},
		}},
		generated: []string{`limited_time_offer\s+=\s+\{`, `has_expiration\s+=\s+true`, `text\s+=\s+"Expiring offer!"`, `format\s+=\s+"IMAGE"`, `type\s+=\s+"COPY_CODE"`, `type\s+=\s+"URL"`},
		state: func(a map[string]any) error {
			if o := attrAt(a, "limited_time_offer", "text"); o != "Expiring offer!" || attrAt(a, "limited_time_offer", "has_expiration") != true {
				return fmt.Errorf("limited_time_offer = %v", attrAt(a, "limited_time_offer"))
			}
			if f := attrAt(a, "header", "format"); f != "IMAGE" {
				return fmt.Errorf("header format %v", f)
			}
			if ts := stateButtonTypes(a["buttons"]); ts != "COPY_CODE,URL" {
				return fmt.Errorf("buttons %s", ts)
			}
			return nil
		},
	},
	{
		name: "family_coupon_code",
		create: map[string]any{"category": "MARKETING", "components": []any{
			map[string]any{"type": "HEADER", "format": "TEXT", "text": "Our Fall Sale is on!"},
			map[string]any{"type": "BODY", "text": "Shop now through November and use code {{1}} to get {{2}} off of all merchandise!", "example": map[string]any{"body_text": []any{[]any{"25OFF", "25%"}}}},
			map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "QUICK_REPLY", "text": "Unsubscribe"}, map[string]any{"type": "COPY_CODE", "example": "250FF"}}},
		}},
		generated: []string{`type\s+=\s+"COPY_CODE"`, `example\s+=\s+"250FF"`},
		state: func(a map[string]any) error {
			if ts := stateButtonTypes(a["buttons"]); ts != "QUICK_REPLY,COPY_CODE" {
				return fmt.Errorf("buttons %s", ts)
			}
			return nil
		},
	},
	{
		name: "family_catalog",
		create: map[string]any{"category": "MARKETING", "components": []any{
			map[string]any{"type": "BODY", "text": "Now shop for your favorite products right here on WhatsApp! Get Rs {{1}} off on all orders above {{2}}Rs!", "example": map[string]any{"body_text": []any{[]any{"100", "400"}}}},
			map[string]any{"type": "FOOTER", "text": "Best grocery deals on WhatsApp!"},
			map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "CATALOG", "text": "View catalog"}}},
		}},
		generated: []string{`type\s+=\s+"CATALOG"`},
		state: func(a map[string]any) error {
			if ts := stateButtonTypes(a["buttons"]); ts != "CATALOG" || a["header"] != nil {
				return fmt.Errorf("buttons %s, header %v", ts, a["header"])
			}
			return nil
		},
	},
	{
		name: "family_multi_product",
		create: map[string]any{"category": "MARKETING", "components": []any{
			map[string]any{"type": "HEADER", "format": "TEXT", "text": "Forget something, {{1}}?", "example": map[string]any{"header_text": []any{"Pablo"}}},
			map[string]any{"type": "BODY", "text": "Looks like you left these items in your cart, still interested? Use code {{1}} to get 10% off!", "example": map[string]any{"body_text": []any{[]any{"10OFF"}}}},
			map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "MPM", "text": "View items"}}},
		}},
		generated: []string{`type\s+=\s+"MPM"`, `format\s+=\s+"TEXT"`},
		state: func(a map[string]any) error {
			if ts := stateButtonTypes(a["buttons"]); ts != "MPM" || attrAt(a, "header", "format") != "TEXT" || attrAt(a, "header", "example") != "Pablo" {
				return fmt.Errorf("buttons %s, header %v", ts, a["header"])
			}
			return nil
		},
	},
	{
		name: "family_single_product",
		create: map[string]any{"category": "MARKETING", "parameter_format": "named", "components": []any{
			map[string]any{"type": "header", "format": "product"},
			map[string]any{"type": "body", "text": "Use code {{code}} to get {{percent}} off our newest succulent!",
				"example": map[string]any{"body_text_named_params": []any{map[string]any{"param_name": "code", "example": "15OFF"}, map[string]any{"param_name": "percent", "example": "15%"}}}},
			map[string]any{"type": "footer", "text": "Offer ends September 22, 2024"},
			map[string]any{"type": "buttons", "buttons": []any{map[string]any{"type": "spm", "text": "View"}}},
		}},
		generated: []string{`format\s+=\s+"PRODUCT"`, `type\s+=\s+"SPM"`, `parameter_format\s+=\s+"NAMED"`, `percent\s+=\s+"15%"`},
		state: func(a map[string]any) error {
			if ts := stateButtonTypes(a["buttons"]); ts != "SPM" || attrAt(a, "header", "format") != "PRODUCT" || a["parameter_format"] != "NAMED" {
				return fmt.Errorf("buttons %s, header %v, parameter_format %v", ts, a["header"], a["parameter_format"])
			}
			return nil
		},
	},
	{
		name: "family_voice_call",
		create: map[string]any{"category": "UTILITY", "components": []any{
			map[string]any{"type": "BODY", "text": "You can call us on WhatsApp now for faster service!"},
			map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "voice_call", "text": "Call Now"}, map[string]any{"type": "URL", "text": "Contact Support", "url": "https://www.luckyshrub.com/support"}}},
		}},
		generated: []string{`type\s+=\s+"VOICE_CALL"`},
		state: func(a map[string]any) error {
			if ts := stateButtonTypes(a["buttons"]); ts != "VOICE_CALL,URL" {
				return fmt.Errorf("buttons %s", ts)
			}
			return nil
		},
	},
	{
		name: "family_call_permission",
		create: map[string]any{"category": "MARKETING", "components": []any{
			map[string]any{"type": "BODY", "text": "We would like to call you to help support your order."},
			map[string]any{"type": "call_permission_request"},
		}},
		generated: []string{`call_permission_request\s+=\s+true`},
		state: func(a map[string]any) error {
			if a["call_permission_request"] != true {
				return fmt.Errorf("call_permission_request = %v", a["call_permission_request"])
			}
			return nil
		},
	},
	{
		name: "family_authentication",
		create: map[string]any{"category": "AUTHENTICATION", "components": []any{
			map[string]any{"type": "BODY", "add_security_recommendation": true},
			map[string]any{"type": "FOOTER", "code_expiration_minutes": 10},
			map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy Code"}}},
		}},
		generated: []string{`type\s+=\s+"OTP"`, `otp_type\s+=\s+"COPY_CODE"`, `add_security_recommendation\s+=\s+true`, `code_expiration_minutes\s+=\s+10`},
		state: func(a map[string]any) error {
			if ts := stateButtonTypes(a["buttons"]); ts != "OTP" || attrAt(a, "buttons", 0, "otp_type") != "COPY_CODE" {
				return fmt.Errorf("buttons %v", a["buttons"])
			}
			return nil
		},
	},
	{
		name: "family_library",
		create: map[string]any{"category": "UTILITY", "library_template_name": "low_balance_warning_1",
			"library_template_button_inputs": []any{
				map[string]any{"type": "URL", "url": map[string]any{"base_url": "https://example.com/track/{{1}}", "url_suffix_example": "https://example.com/track/abc"}},
				map[string]any{"type": "PHONE_NUMBER", "phone_number": "+15551234567"},
			},
			"library_template_body_inputs": map[string]any{"add_contact_number": true},
		},
		generated: []string{`library_template_name\s+=\s+"low_balance_warning_1"`},
		state: func(a map[string]any) error {
			content, _ := a["library_content"].(string)
			if a["library_template_name"] != "low_balance_warning_1" || !strings.Contains(content, "+15551234567") || a["body"] != nil || a["buttons"] != nil {
				return fmt.Errorf("library_template_name %v, library_content %q, body %v, buttons %v", a["library_template_name"], content, a["body"], a["buttons"])
			}
			return nil
		},
	},
}

func adoptMediaCard(handle, plant, left, sku string) map[string]any {
	return map[string]any{"components": []any{
		map[string]any{"type": "header", "format": "image", "example": map[string]any{"header_handle": []any{handle}}},
		map[string]any{"type": "body", "text": plant + ", only {{1}} left.", "example": map[string]any{"body_text": []any{[]any{left}}}},
		map[string]any{"type": "buttons", "buttons": []any{
			map[string]any{"type": "quick_reply", "text": "Send me more like this!"},
			map[string]any{"type": "url", "text": "Shop", "url": "https://www.luckyshrub.com/rare-succulents/{{1}}", "example": []any{sku}},
		}},
	}}
}

func adoptProductCard() map[string]any {
	return map[string]any{"components": []any{
		map[string]any{"type": "HEADER", "format": "PRODUCT"},
		map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "SPM", "text": "View"}}},
	}}
}

// attrAt walks a state value (as terraform show -json holds it) by object keys and list indexes.
func attrAt(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// stateButtonTypes lists the types of a state list of buttons, comma-separated.
func stateButtonTypes(buttons any) string {
	list, _ := buttons.([]any)
	types := make([]string, 0, len(list))
	for i := range list {
		t, _ := attrAt(list, i, "type").(string)
		types = append(types, t)
	}
	return strings.Join(types, ",")
}

// generatedBlock returns the block of the resource at addr (type.name) in configuration written
// by terraform plan -generate-config-out.
func generatedBlock(generated, addr string) string {
	typ, name, _ := strings.Cut(addr, ".")
	start := strings.Index(generated, fmt.Sprintf("resource %q %q {", typ, name))
	if start < 0 {
		return ""
	}
	end := strings.Index(generated[start:], "\n}\n")
	if end < 0 {
		return generated[start:]
	}
	return generated[start : start+end+3]
}

// TestAccAdoptExistingAccount_everyFamily adopts an account holding one template of every
// family, made out of band: the generated configuration models each family (no content left in
// unmodelled_components), applying it writes nothing to Meta, and the next plan is empty.
func TestAccAdoptExistingAccount_everyFamily(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta's review outcome")
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: ".", Status: "APPROVED", DelayMS: 1}); err != nil {
		t.Fatal(err)
	}
	c := tg.client()
	for _, f := range templateFamilies {
		body := map[string]any{"name": f.name, "language": "en_US"}
		for k, v := range f.create {
			body[k] = v
		}
		if err := c.Do(context.Background(), graph.Request{Method: http.MethodPost, Path: tg.seed.BusinessAccountID + "/message_templates", Body: body}, nil); err != nil {
			t.Fatalf("creating %s: %v", f.name, err)
		}
	}
	time.Sleep(50 * time.Millisecond)

	cli := newCLIWorkspace(t, tg)
	example := filepath.Join("..", "..", "examples", "adopt-existing-account")
	discover := cli.dir(filepath.Join(example, "discover"))
	cli.mustRun(discover, "apply", "-input=false", "-auto-approve")
	imports := cli.mustRun(discover, "output", "-raw", "import_blocks")
	if got := strings.Count(imports, "to = whatsapp_message_template."); got != len(templateFamilies) {
		t.Fatalf("rendered %d template import blocks, want %d:\n%s", got, len(templateFamilies), imports)
	}
	objects := strings.Count(imports, "import {")

	adopt := cli.dir(filepath.Join(example, "adopt"))
	cli.write(adopt, "imports.tf", imports)
	tg.clearRequests()
	out := cli.mustRun(adopt, "plan", "-input=false", "-generate-config-out=generated.tf")
	if !strings.Contains(out, fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", objects)) {
		t.Fatalf("plan with generated configuration is not a pure import:\n%s", out)
	}
	raw, err := os.ReadFile(filepath.Join(adopt, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	generated := string(raw)
	for _, f := range templateFamilies {
		addr := "whatsapp_message_template." + f.name + "_en_us"
		block := generatedBlock(generated, addr)
		if block == "" {
			t.Errorf("generated configuration lacks %s", addr)
			continue
		}
		for _, p := range f.generated {
			if !regexp.MustCompile(p).MatchString(block) {
				t.Errorf("generated %s does not match %s:\n%s", addr, p, block)
			}
		}
		if strings.Contains(block, "unmodelled_components") {
			t.Errorf("generated %s sets unmodelled_components:\n%s", addr, block)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	cli.mustRun(adopt, "apply", "-input=false", "-auto-approve")
	cli.expectEmptyPlan(adopt)
	if writes := append(tg.calls(http.MethodPost, ""), tg.calls(http.MethodDelete, "")...); len(writes) != 0 {
		t.Fatalf("adopting sent %d writes to Graph; it must only read: %v", len(writes), writes)
	}

	state := cli.state(adopt)
	if state.Values == nil || state.Values.RootModule == nil {
		t.Fatal("empty state after adopting")
	}
	byAddr := map[string]map[string]any{}
	for _, r := range state.Values.RootModule.Resources {
		if r.Type == "whatsapp_message_template" {
			byAddr[r.Address] = r.AttributeValues
		}
	}
	if len(byAddr) != len(templateFamilies) {
		t.Fatalf("state holds %d templates, want %d", len(byAddr), len(templateFamilies))
	}
	for _, f := range templateFamilies {
		addr := "whatsapp_message_template." + f.name + "_en_us"
		a := byAddr[addr]
		if a == nil {
			t.Errorf("state lacks %s", addr)
			continue
		}
		if u := a["unmodelled_components"]; u != nil {
			t.Errorf("%s holds unmodelled components: %v", addr, u)
		}
		if a["status"] != "APPROVED" {
			t.Errorf("%s status %v, want APPROVED", addr, a["status"])
		}
		if err := f.state(a); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

// twoCards checks a carousel state of two cards, each with a header of format and buttons of
// these types ("QUICK_REPLY,URL").
func twoCards(a map[string]any, format, buttons string) error {
	cards, _ := attrAt(a, "carousel", "cards").([]any)
	if len(cards) != 2 {
		return fmt.Errorf("carousel.cards = %v, want 2 cards", attrAt(a, "carousel"))
	}
	for i := range cards {
		if f := attrAt(a, "carousel", "cards", i, "header", "format"); f != format {
			return fmt.Errorf("card %d header format %v", i, f)
		}
		if ts := stateButtonTypes(attrAt(a, "carousel", "cards", i, "buttons")); ts != buttons {
			return fmt.Errorf("card %d buttons %s", i, ts)
		}
	}
	return nil
}
