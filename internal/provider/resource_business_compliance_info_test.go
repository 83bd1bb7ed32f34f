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

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const complianceAddr = "whatsapp_business_compliance_info.c"

// complianceConfig renders whatsapp_business_compliance_info.c for the seeded number: the entity
// lines, then Lucky Shrub's grievance officer and customer care.
func complianceConfig(tg *target, entity string, officerExtra string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_business_compliance_info" "c" {
  phone_number_id = %q
  %s
  grievance_officer_details = {
    name          = "Chandravati P."
    email         = "chandravati@luckyshrub.com"
    mobile_number = "+913854559033"
    %s
  }
  customer_care_details = {
    email         = "support@luckyshrub.com"
    mobile_number = "+913854559033"
  }
}
`, tg.seed.PhoneNumberID, entity, officerExtra)
}

const partnership = `entity_name   = "Lucky Shrub Private Limited"
  entity_type   = "PARTNERSHIP"
  is_registered = true`

// checkComplianceAtMeta checks the information Meta holds.
func (tg *target) checkComplianceAtMeta(check func(info *graph.ComplianceInfo) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		info, err := tg.client().GetComplianceInfo(context.Background(), tg.seed.PhoneNumberID)
		if err != nil {
			return err
		}
		if info == nil {
			return fmt.Errorf("meta holds no compliance information")
		}
		return check(info)
	}
}

// complianceKept is what the tests that set the information leave at Meta.
const complianceKept = "the number's business compliance information, which Meta cannot delete"

func complianceValue(p tfjsonpath.Path, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(complianceAddr, p, v)
}

func TestAccBusinessComplianceInfo_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount(complianceKept)
	phone := tg.seed.PhoneNumberID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// Meta has no way to delete the information: destroy forgets it.
		CheckDestroy: tg.checkComplianceAtMeta(func(info *graph.ComplianceInfo) error {
			if graph.NormalizeEntityType(info.EntityType) != "OTHER" {
				return fmt.Errorf("destroy changed the information at Meta: %v", info)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				Config: complianceConfig(tg, partnership, `landline_number = "+913857614343"`),
				ConfigStateChecks: []statecheck.StateCheck{
					complianceValue(tfjsonpath.New("id"), knownvalue.StringExact(phone)),
					complianceValue(tfjsonpath.New("entity_type"), knownvalue.StringExact("PARTNERSHIP")),
					complianceValue(tfjsonpath.New("is_registered"), knownvalue.Bool(true)),
					complianceValue(tfjsonpath.New("whatsapp_business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					complianceValue(tfjsonpath.New("customer_care_details").AtMapKey("landline_number"), knownvalue.Null()),
				},
				Check: tg.checkComplianceAtMeta(func(info *graph.ComplianceInfo) error {
					if info.EntityName != "Lucky Shrub Private Limited" || info.IsRegistered == nil || !*info.IsRegistered ||
						info.GrievanceOfficerDetails == nil || info.GrievanceOfficerDetails.LandlineNumber != "+913857614343" {
						return fmt.Errorf("information at Meta: %v", info)
					}
					return nil
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: complianceAddr, ImportState: true, ImportStateId: phone, ImportStateVerify: true},
			{
				// Meta replaces the information whole: what is left out is gone.
				Config: complianceConfig(tg, `entity_name        = "Lucky Shrub Collective"
  entity_type        = "OTHER"
  entity_type_custom = "Limited Liability Partnership"`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(complianceAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					complianceValue(tfjsonpath.New("entity_type_custom"), knownvalue.StringExact("Limited Liability Partnership")),
					complianceValue(tfjsonpath.New("is_registered"), knownvalue.Null()),
					complianceValue(tfjsonpath.New("grievance_officer_details").AtMapKey("landline_number"), knownvalue.Null()),
				},
				Check: tg.checkComplianceAtMeta(func(info *graph.ComplianceInfo) error {
					if graph.NormalizeEntityType(info.EntityType) != "OTHER" || info.EntityTypeCustom != "Limited Liability Partnership" ||
						info.IsRegistered != nil && *info.IsRegistered || info.GrievanceOfficerDetails == nil || info.GrievanceOfficerDetails.LandlineNumber != "" {
						return fmt.Errorf("information at Meta after the update: %v", info)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccBusinessComplianceInfo_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	tg.changesAccount(complianceKept)
	resource.Test(t, phoneSettingsIdentityCase(tg, complianceAddr,
		complianceConfig(tg, partnership, ""),
		complianceConfig(tg, partnership, `landline_number = "+913857614343"`),
		fmt.Sprintf(`phone_number_id = %q
  entity_name = "Lucky Shrub Private Limited"
  entity_type = "PRIVATE_COMPANY"
  grievance_officer_details = { name = "Chandravati P.", email = "chandravati@luckyshrub.com" }
  customer_care_details = { email = "support@luckyshrub.com" }`, tg.seed.PhoneNumberID)))
}

func TestAccBusinessComplianceInfo_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta loses the number")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: complianceConfig(tg, partnership, ""),
			Check: func(*terraform.State) error {
				tg.emu.AddFault(phoneGoneFault("/business_compliance_info$"))
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(complianceAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// numberWithoutComplianceInfo is a registered number of the account without compliance
// information: a new one on the emulator, the second number of the account against Meta (the
// test is skipped if that number has information).
func (tg *target) numberWithoutComplianceInfo() string {
	tg.t.Helper()
	if tg.emu != nil {
		id, err := tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "91", "3854559033", "Lucky Shrub India")
		if err != nil {
			tg.t.Fatal(err)
		}
		return id
	}
	tg.needsSeed(envTestSecondPhoneNumberID)
	id := os.Getenv(envTestSecondPhoneNumberID)
	info, err := tg.client().GetComplianceInfo(context.Background(), id)
	if err != nil {
		tg.t.Fatal(err)
	}
	if info != nil {
		tg.t.Skipf("phone number %s (%s) has compliance information; the test needs a number without", id, envTestSecondPhoneNumberID)
	}
	return id
}

// A number without information cannot be imported: there is nothing to adopt.
func TestAccBusinessComplianceInfo_importNothing(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	phone := tg.numberWithoutComplianceInfo()
	config := strings.Replace(complianceConfig(tg, partnership, ""), fmt.Sprintf("%q", tg.seed.PhoneNumberID), fmt.Sprintf("%q", phone), 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config, ResourceName: complianceAddr, ImportState: true, ImportStateId: phone,
			ExpectError: regexp.MustCompile(`Cannot import non-existent remote object`),
		}},
	})
	if reqs := tg.calls(http.MethodPost, "/business_compliance_info$"); len(reqs) != 0 {
		t.Errorf("the import changed the information: %+v", reqs)
	}
}

func TestAccBusinessComplianceInfo_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cases := map[string]struct{ entity, officer, want string }{
		"other without text": {`entity_name = "Lucky Shrub"
  entity_type = "OTHER"`, "", `entity_type_custom:\s+Meta\s+requires\s+entity_type_custom`},
		"text without other": {`entity_name = "Lucky Shrub"
  entity_type = "PARTNERSHIP"
  entity_type_custom = "Trust"`, "", `entity_type_custom:\s+Meta\s+takes\s+entity_type_custom\s+only\s+with\s+entity_type\s+=\s+"OTHER",\s+not\s+PARTNERSHIP`},
		"registered company": {`entity_name = "Lucky Shrub"
  entity_type = "PRIVATE_COMPANY"
  is_registered = true`, "", `is_registered:\s+Meta\s+takes\s+is_registered\s+only\s+with\s+entity_type\s+PARTNERSHIP\s+or\s+OTHER`},
		"unknown type": {`entity_name = "Lucky Shrub"
  entity_type = "TRUST"`, "", `entity_type\s+value\s+must\s+be\s+one\s+of`},
		"short name": {`entity_name = "L"
  entity_type = "PARTNERSHIP"`, "", `entity_name\s+must\s+be\s+2\s+to\s+128\s+characters`},
		"no country code": {partnership, `landline_number = "03857614343"`, `landline_number\s+must\s+be\s+an\s+international\s+number\s+with\s+the\s+country\s+code`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: complianceConfig(tg, tc.entity, tc.officer), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	t.Run("bad email", func(t *testing.T) {
		config := strings.Replace(complianceConfig(tg, partnership, ""), `"support@luckyshrub.com"`, `"support"`, 1)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps:                    []resource.TestStep{{Config: config, PlanOnly: true, ExpectError: regexp.MustCompile(`email\s+must\s+be\s+an\s+email\s+address`)}},
		})
	})
	if reqs := tg.calls(http.MethodPost, ""); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}

// The registry example applies as written.
func TestAccBusinessComplianceInfo_example(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount(complianceKept)
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "whatsapp_business_compliance_info", "resource.tf"))
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
}
