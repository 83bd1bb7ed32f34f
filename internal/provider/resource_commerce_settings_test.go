package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const commerceAddr = "whatsapp_commerce_settings.c"

func commerceConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_commerce_settings" "c" {
  phone_number_id = %q
  %s
}
`, tg.seed.PhoneNumberID, body)
}

func commerceValue(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(commerceAddr, tfjsonpath.New(attr), v)
}

func TestAccCommerceSettings_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's commerce settings")
	tg.needsSeed(envTestPhoneNumberID)
	phone := tg.seed.PhoneNumberID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// Destroy restores Meta's defaults: cart enabled, catalog hidden.
		CheckDestroy: tg.checkCommerceAtMeta(true, false),
		Steps: []resource.TestStep{
			{
				Config: commerceConfig(tg, `is_catalog_visible = true`+"\n  is_cart_enabled = false"),
				ConfigStateChecks: []statecheck.StateCheck{
					commerceValue("id", knownvalue.StringExact(phone)),
					commerceValue("is_cart_enabled", knownvalue.Bool(false)),
					commerceValue("is_catalog_visible", knownvalue.Bool(true)),
				},
				Check:            tg.checkCommerceAtMeta(false, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: commerceAddr, ImportState: true, ImportStateId: phone, ImportStateVerify: true},
			{
				ResourceName: commerceAddr, ImportState: true, ImportStateId: phone,
				ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
			},
			{
				// Left out, an attribute takes Meta's default.
				Config: commerceConfig(tg, `is_catalog_visible = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(commerceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(commerceAddr, tfjsonpath.New("is_cart_enabled"), knownvalue.Bool(true)),
				}},
				Check: tg.checkCommerceAtMeta(true, true),
			},
			{
				// Someone hides the catalog in WhatsApp Manager: drift, restored by apply.
				PreConfig: func() {
					if err := tg.client().SetCommerceSettings(context.Background(), phone, true, false); err != nil {
						t.Fatal(err)
					}
				},
				Config: commerceConfig(tg, `is_catalog_visible = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(commerceAddr, plancheck.ResourceActionUpdate),
				}},
				Check: tg.checkCommerceAtMeta(true, true),
			},
		},
	})
}

func TestAccCommerceSettings_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's commerce settings")
	tg.needsSeed(envTestPhoneNumberID)
	resource.Test(t, phoneSettingsIdentityCase(tg, commerceAddr,
		commerceConfig(tg, `is_catalog_visible = true`+"\n  is_cart_enabled = false"),
		commerceConfig(tg, `is_catalog_visible = true`),
		fmt.Sprintf("phone_number_id = %q", tg.seed.PhoneNumberID)))
}

func TestAccCommerceSettings_outOfBandInManager(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's commerce settings")
	config := commerceConfig(tg, ``)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					commerceValue("is_cart_enabled", knownvalue.Bool(true)),
					commerceValue("is_catalog_visible", knownvalue.Bool(false)),
				},
			},
			{
				PreConfig: func() {
					if err := tg.client().SetCommerceSettings(context.Background(), tg.seed.PhoneNumberID, false, false); err != nil {
						t.Fatal(err)
					}
				},
				Config: config, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(commerceAddr, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}

func TestAccCommerceSettings_phoneGone(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a fault in Meta's answers")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: commerceConfig(tg, ``),
			Check: func(*terraform.State) error {
				tg.emu.AddFault(phoneGoneFault("/whatsapp_commerce_settings$"))
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(commerceAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

func TestAccCommerceSettings_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cases := map[string]struct{ config, want string }{
		"not a bool":   {commerceConfig(tg, `is_cart_enabled = "sometimes"`), `(?s)is_cart_enabled.*bool`},
		"phone number": {tg.provider() + `resource "whatsapp_commerce_settings" "c" { phone_number_id = "abc" }`, `(?s)phone_number_id.*numeric`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}
