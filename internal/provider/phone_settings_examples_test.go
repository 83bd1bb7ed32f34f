package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The registry examples of the phone number settings apply as written and plan empty afterwards.
func TestAccPhoneSettingsExamples(t *testing.T) {
	for _, typ := range []string{"whatsapp_business_profile", "whatsapp_conversational_automation", "whatsapp_qr_code", "whatsapp_commerce_settings"} {
		t.Run(typ, func(t *testing.T) {
			tg := newTarget(t, emulator.Options{})
			tg.changesAccount("the phone number's business profile, automation and commerce settings")
			example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", typ, "resource.tf"))
			if err != nil {
				t.Fatal(err)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:           tg.provider() + string(example),
					ConfigVariables:  config.Variables{"phone_number_id": config.StringVariable(tg.seed.PhoneNumberID)},
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				}},
			})
		})
	}
}
