package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// queryCase is a test case of one `terraform query` step, on Terraform 1.14 and later.
func queryCase(tg *target, lists string, checks ...querycheck.QueryResultCheck) resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Query: true, Config: tg.provider() + lists, QueryResultChecks: checks}},
	}
}

// knownValues turns attribute names and checks into querycheck's path checks.
func knownValues(checks map[string]knownvalue.Check) []querycheck.KnownValueCheck {
	out := make([]querycheck.KnownValueCheck, 0, len(checks))
	for attr, c := range checks {
		out = append(out, querycheck.KnownValueCheck{Path: tfjsonpath.New(attr), KnownValue: c})
	}
	return out
}

// seedListPhones adds two numbers, onboarded in WhatsApp Manager, to the seeded WABA beside the
// seeded one, and a number to another WABA; it returns the two numbers' ids and the other WABA.
func seedListPhones(t *testing.T, tg *target) (uk, de, otherWABA string) {
	t.Helper()
	tg.needsEmulator()
	var err error
	if uk, err = tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "44", "7911123456", "Jasper's Market UK"); err != nil {
		t.Fatal(err)
	}
	if de, err = tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "49", "15112345678", "Jasper's Markt"); err != nil {
		t.Fatal(err)
	}
	otherWABA = tg.emu.AddWABA("Jasper's Other Account")
	if _, err = tg.emu.AddPhoneNumber(otherWABA, "33", "612345678", "Jasper's Marché"); err != nil {
		t.Fatal(err)
	}
	return uk, de, otherWABA
}

func TestAccPhoneNumberList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	uk, _, other := seedListPhones(t, tg)
	ukNumber := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(uk)})
	resource.Test(t, queryCase(tg, `
list "whatsapp_phone_number" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_phone_number" "other" {
  provider = whatsapp
  config {
    business_account_id = "`+other+`"
  }
}
`,
		querycheck.ExpectLength("whatsapp_phone_number.all", 3),
		querycheck.ExpectLength("whatsapp_phone_number.other", 1),
		querycheck.ExpectIdentity("whatsapp_phone_number.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(tg.seed.PhoneNumberID)}),
		querycheck.ExpectIdentity("whatsapp_phone_number.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(uk)}),
		querycheck.ExpectResourceDisplayName("whatsapp_phone_number.all", ukNumber, knownvalue.StringExact("+44 7911123456 (Jasper's Market UK)")),
		querycheck.ExpectResourceKnownValues("whatsapp_phone_number.all", ukNumber, knownValues(map[string]knownvalue.Check{
			"id":                    knownvalue.StringExact(uk),
			"business_account_id":   knownvalue.StringExact(tg.seed.BusinessAccountID),
			"country_code":          knownvalue.StringExact("44"),
			"phone_number":          knownvalue.StringExact("7911123456"),
			"verified_name":         knownvalue.StringExact("Jasper's Market UK"),
			"registered":            knownvalue.Bool(true),
			"pin_wo":                knownvalue.Null(),
			"pin_wo_version":        knownvalue.Null(),
			"deregister_on_destroy": knownvalue.Bool(true),
		})),
	))
}
