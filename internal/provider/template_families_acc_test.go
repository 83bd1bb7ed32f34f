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
	tg.needsEmulator()
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
