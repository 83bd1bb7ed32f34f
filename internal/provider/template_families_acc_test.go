package provider

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// familyContent is the content of each template family as HCL, with a body variant for the edit
// step ("%s" is the body text).
var familyContent = map[string]struct {
	category, body, content string
	// mediaDigests are the state paths of media digests, which an import cannot know (Meta
	// returns media as URLs).
	mediaDigests []string
}{
	"media_carousel": {"MARKETING", "Rare succulents for sale! {{1}}, add these to your collection today.", `
  body = { text = %q, examples = ["Pablo"] }
  carousel = {
    cards = [for h in ["4::aW1hZ2UvcG5n:ARa1", "4::aW1hZ2UvcG5n:ARa2"] : {
      header = { format = "IMAGE", media_handle = h }
      body   = { text = "Use code {{1}} for 15%% off.", examples = ["15OFF"] }
      buttons = [
        { type = "QUICK_REPLY", text = "Send more like this" },
        { type = "URL", text = "Buy now", url = "https://www.example.com/shop?promo={{1}}", example = "https://www.example.com/shop?promo=lily" },
      ]
    }]
  }`, []string{"carousel.cards.0.header.media_digest", "carousel.cards.1.header.media_digest"}},
	"product_carousel": {"MARKETING", "Fresh picks for {{1}} this week.", `
  body = { text = %q, examples = ["Pablo"] }
  carousel = {
    cards = [for i in range(2) : {
      header  = { format = "PRODUCT" }
      buttons = [{ type = "SPM", text = "View" }]
    }]
  }`, nil},
	"limited_offer": {"MARKETING", "Good news, {{1}}! Use code {{2}} to get 25% off all packages!", `
  header             = { format = "IMAGE", media_handle = "4::aW1hZ2UvcG5n:ARb1" }
  limited_time_offer = { text = "Expiring offer!", has_expiration = true }
  body               = { text = %q, examples = ["Pablo", "CARIBE25"] }
  buttons = [
    { type = "COPY_CODE", example = "CARIBE25" },
    { type = "URL", text = "Book now!", url = "https://www.example.com/offers?code={{1}}", example = "https://www.example.com/offers?code=n3mtql" },
  ]`, []string{"header.media_digest"}},
	"single_product": {"MARKETING", "Use code {{1}} to get 10% off this item.", `
  header  = { format = "PRODUCT" }
  body    = { text = %q, examples = ["10OFF"] }
  footer  = { text = "Offer ends September 30" }
  buttons = [{ type = "SPM", text = "View" }]`, nil},
	"coupon_code": {"MARKETING", "Hi {{1}}, take 20% off everything in the shop until Sunday with the code below.", `
  header  = { format = "TEXT", text = "Our spring sale is on" }
  body    = { text = %q, examples = ["Ana"] }
  footer  = { text = "Reply STOP to opt out" }
  buttons = [
    { type = "COPY_CODE", example = "SPRING20" },
    { type = "URL", text = "Shop now", url = "https://shop.example.com" },
  ]`, nil},
	"catalog": {"MARKETING", "Hi {{1}}, our autumn collection is here. Browse it without leaving the chat.", `
  body    = { text = %q, examples = ["Ana"] }
  footer  = { text = "Reply STOP to opt out" }
  buttons = [{ type = "CATALOG", text = "View catalog" }]`, nil},
	"multi_product": {"MARKETING", "The items in your cart are still waiting. Use code {{1}} for 10% off your order.", `
  header  = { format = "TEXT", text = "Forget something, {{1}}?", example = "Pablo" }
  body    = { text = %q, examples = ["10OFF"] }
  footer  = { text = "Reply STOP to opt out" }
  buttons = [{ type = "MPM", text = "View items" }]`, nil},
	"calling": {"UTILITY", "Your order {{1}} is delayed. Call us to rebook it.", `
  body                    = { text = %q, examples = ["A-1042"] }
  buttons                 = [{ type = "VOICE_CALL", text = "Call now" }]
  call_permission_request = true`, nil},
}

func familyTemplate(name, family, body string) string {
	f := familyContent[family]
	return fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name            = %q
  language        = "en_US"
  category        = %q
  wait_for_review = true
`+f.content+"\n}\n", name, f.category, body)
}

// TestAccMessageTemplate_families creates each template family, waits for its review, edits it,
// imports it and checks the plan after each step is empty.
func TestAccMessageTemplate_families(t *testing.T) {
	for family, f := range familyContent {
		t.Run(family, func(t *testing.T) {
			tg := newTarget(t, emulator.Options{})
			name := templateName(family)
			edited := "Update: " + f.body
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				CheckDestroy:             tg.checkTemplateGone(name),
				Steps: []resource.TestStep{
					{
						Config: tg.provider() + familyTemplate(name, family, f.body),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
							statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("unmodelled_components"), knownvalue.Null()),
						},
						ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
					},
					{
						Config: tg.provider() + familyTemplate(name, family, edited),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionUpdate)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
						},
					},
					{
						ResourceName: tplAddr, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: importID(true),
						ImportStateVerifyIgnore: append(append([]string{}, importIgnore...), f.mediaDigests...),
					},
				},
			})
		})
	}
}

// TestAccMessageTemplate_unmodelledContentSurvives adopts a template holding components no
// provider version models (seeded like an account mirrored from Meta) and shows that no plan can
// strip them: a plan that would edit it is refused, and Meta still holds them afterwards.
func TestAccMessageTemplate_unmodelledContentSurvives(t *testing.T) {
	seed, err := emulator.LoadSeedFile(filepath.Join("..", "emulator", "testdata", "seed_template_families.json"))
	if err != nil {
		t.Fatal(err)
	}
	tg := newTarget(t, emulator.Options{SeedFile: seed})
	tg.needsEmulator("templates seeded with content the provider does not model")
	config := func(body string) string {
		return tg.provider() + fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name     = "unmodelled_content"
  language = "en_US"
  category = "MARKETING"
  body     = { text = %q }
}
`, body)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("New arrivals are in."), ResourceName: tplAddr, ImportState: true, ImportStatePersist: true,
				ImportStateId: tg.seed.BusinessAccountID + "/unmodelled_content/en_US",
			},
			{
				Config:           config("New arrivals are in."),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("unmodelled_components"), knownvalue.StringRegexp(regexp.MustCompile(`"album".*"TAP_TARGET_CONFIGURATION".*"future_widget".*"order_details"`))),
				},
			},
			{
				Config:      config("New arrivals are here."),
				ExpectError: regexp.MustCompile(`Cannot edit a template holding content the provider cannot represent`),
			},
			{
				// Meta still holds every component as it was.
				Config: config("New arrivals are in."),
				Check:  func(*terraform.State) error { return metaStillHolds(tg) },
			},
		},
	})
}

func metaStillHolds(tg *target) error {
	got, err := tg.client().FindMessageTemplate(context.Background(), tg.seed.BusinessAccountID, "unmodelled_content", "en_US")
	if err != nil {
		return fmt.Errorf("reading the template back: %w", err)
	}
	if got == nil {
		return fmt.Errorf("the template is gone")
	}
	var types []string
	for _, c := range got.Components {
		types = append(types, strings.ToUpper(c.Type))
	}
	if strings.Join(types, ",") != "ALBUM,BODY,TAP_TARGET_CONFIGURATION,FUTURE_WIDGET,BUTTONS" || got.Components[1].Text != "New arrivals are in." {
		return fmt.Errorf("meta's template changed: components %v, body %q", types, got.Components[1].Text)
	}
	return nil
}

// libraryURLInput fills low_balance_warning_1's URL button.
const libraryURLInput = `{ type = "URL", url = "https://bank.example.com/deposit/{{1}}", url_example = "https://bank.example.com/deposit/checking" }`

// libraryPhoneInput fills low_balance_warning_1's PHONE_NUMBER button.
func libraryPhoneInput(phone string) string {
	return fmt.Sprintf(`{ type = "PHONE_NUMBER", phone_number = %q }`, phone)
}

// libraryTemplate renders whatsapp_message_template.t from the Template Library's
// low_balance_warning_1, whose URL and PHONE_NUMBER buttons take the given inputs.
func libraryTemplate(name, urlInput, phoneInput string) string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name                  = %q
  language              = "en_US"
  category              = "UTILITY"
  library_template_name = "low_balance_warning_1"

  library_template_button_inputs = [
    %s,
    %s,
  ]
  library_template_body_inputs = { add_contact_number = true }
}
`, name, urlInput, phoneInput)
}

// libraryContentOf matches the library_content Meta writes for low_balance_warning_1 with
// libraryURLInput and the phone number.
func libraryContentOf(phone string) knownvalue.Check {
	return knownvalue.StringRegexp(regexp.MustCompile(
		`^\[\{"format":"TEXT","text":"Your account balance is low","type":"HEADER"\},\{.*"type":"BODY"\},` +
			`\{"buttons":\[\{"example":\["https://bank\.example\.com/deposit/checking"\],"text":"Make a deposit","type":"URL","url":"https://bank\.example\.com/deposit/\{\{1\}\}"\},` +
			`\{"phone_number":"` + regexp.QuoteMeta(phone) + `","text":"Call us","type":"PHONE_NUMBER"\}\],"type":"BUTTONS"\}\]$`))
}

// expectReplacedBy checks that the planned replacement of addr is forced by the attribute attr
// (among the plan's replace_paths).
type expectReplacedBy struct{ addr, attr string }

func (e expectReplacedBy) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		for _, p := range rc.Change.ReplacePaths {
			if steps, ok := p.([]any); ok && len(steps) > 0 && steps[0] == e.attr {
				return
			}
		}
		resp.Error = fmt.Errorf("%s: replace_paths %v do not include %s", e.addr, rc.Change.ReplacePaths, e.attr)
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.addr)
}

// TestAccMessageTemplate_library creates a template from the Template Library: Meta approves it
// on create, its content is Meta's (filled with the inputs), import reads it back, an input
// lacking what its type needs is refused at plan time, and a change of an input replaces it.
func TestAccMessageTemplate_library(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name, renamed := templateName("library"), templateName("library_renamed")
	const phone, newPhone = "+15550100123", "+15550100999"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             resource.ComposeTestCheckFunc(tg.checkTemplateGone(name), tg.checkTemplateGone(renamed)),
		Steps: []resource.TestStep{
			{
				// No review rule and no wait_for_review: Meta approves library templates on create.
				Config: tg.provider() + libraryTemplate(name, libraryURLInput, libraryPhoneInput(phone)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("library_template_name"), knownvalue.StringExact("low_balance_warning_1")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("library_content"), libraryContentOf(phone)),
					// Meta writes the content: none of it is in the typed attributes.
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("header"), knownvalue.Null()),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("body"), knownvalue.Null()),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("buttons"), knownvalue.Null()),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("unmodelled_components"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Meta does not return the inputs on read: an imported template has none, and
				// library_content holds what they filled in.
				ResourceName: tplAddr, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: importID(true),
				ImportStateVerifyIgnore: append(append([]string{}, importIgnore...), "library_template_button_inputs", "library_template_body_inputs"),
			},
			{
				// A URL input with a variable needs its sample URL; plan refuses it, naming the input.
				Config:      tg.provider() + libraryTemplate(name, `{ type = "URL", url = "https://bank.example.com/deposit/{{1}}" }`, libraryPhoneInput(phone)),
				ExpectError: regexp.MustCompile(`(?s)Missing URL example.*library_template_button_inputs\[0\]\.url_example`),
			},
			{
				// A PHONE_NUMBER input's number is checked as a button's is.
				Config:      tg.provider() + libraryTemplate(name, libraryURLInput, libraryPhoneInput("call us")),
				ExpectError: wrapped("library_template_button_inputs[1].phone_number", "must be a phone number with country code"),
			},
			{
				// A PHONE_NUMBER input takes only a phone number.
				Config:      tg.provider() + libraryTemplate(name, libraryURLInput, `{ type = "PHONE_NUMBER", phone_number = "+15550100123", url_example = "https://bank.example.com/deposit/checking" }`),
				ExpectError: regexp.MustCompile(`(?s)Attribute not allowed.*library_template_button_inputs\[1\]\.url_example`),
			},
			{
				// Another input under the same name cannot be a new template: Meta still holds the
				// name until the replacement deletes it, and then refuses it for about four weeks.
				// Plan refuses the replacement before anything is deleted, and says what to do.
				Config:      tg.provider() + libraryTemplate(name, libraryURLInput, libraryPhoneInput(newPhone)),
				ExpectError: wrapped("A replaced Template Library template needs a new name", "Change name along with them"),
			},
			{
				// Under a new name the input change replaces the template, which Meta approves on create.
				Config: tg.provider() + libraryTemplate(renamed, libraryURLInput, libraryPhoneInput(newPhone)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionDestroyBeforeCreate),
						expectReplacedBy{tplAddr, "library_template_button_inputs"},
						expectReplacedBy{tplAddr, "name"},
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("name"), knownvalue.StringExact(renamed)),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("library_content"), libraryContentOf(newPhone)),
				},
			},
		},
	})
}
