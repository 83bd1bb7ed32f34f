package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

func TestAccPhoneNumberDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	addr := "data.whatsapp_phone_number.p"
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(tg.seed.PhoneNumberID)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_phone_number"), knownvalue.StringRegexp(regexpMust(`^\+[0-9]`))),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("country_code"), knownvalue.StringRegexp(regexpMust(`^[0-9]{1,3}$`))),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("phone_number"), knownvalue.StringRegexp(regexpMust(`^[0-9]+$`))),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("verified_name"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("quality_rating"), knownvalue.NotNull()),
	}
	if tg.emu != nil {
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("CONNECTED")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("registered"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("code_verification_status"), knownvalue.StringExact("VERIFIED")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("throughput_level"), knownvalue.StringExact("STANDARD")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("new_display_name"), knownvalue.Null()),
		)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            tg.provider() + fmt.Sprintf("data \"whatsapp_phone_number\" \"p\" {\n  id = %q\n}\n", tg.seed.PhoneNumberID),
			ConfigStateChecks: checks,
		}},
	})
}

func TestAccPhoneNumbersDataSource_basic(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + `data "whatsapp_phone_numbers" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.whatsapp_phone_numbers.all", tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
			},
			Check: func(s *terraform.State) error {
				a := s.RootModule().Resources["data.whatsapp_phone_numbers.all"].Primary.Attributes
				for k, v := range a {
					if strings.HasSuffix(k, ".id") && v == tg.seed.PhoneNumberID {
						return nil
					}
				}
				return fmt.Errorf("phone number %s not listed", tg.seed.PhoneNumberID)
			},
		}},
	})
}

// More numbers than one page: every page is read, and Meta's filters and sort apply.
func TestAccPhoneNumbersDataSource_pagesFiltersSort(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("more numbers than a page holds, with statuses Meta decides")
	var ids []string
	for i := range 30 {
		id, err := tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "44", fmt.Sprintf("79111234%02d", i), fmt.Sprintf("Branch %02d", i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	official := true
	for i, ch := range map[int]emulator.PhoneNumberChange{
		4:  {MessagingLimitTier: "TIER_10K", OfficialBusinessAccount: &official},
		9:  {MessagingLimitTier: "TIER_10K"},
		27: {AccountMode: "SANDBOX"},
	} {
		if err := tg.emu.ChangePhoneNumber(ids[i], ch); err != nil {
			t.Fatal(err)
		}
	}
	list := func(name string) string { return "data.whatsapp_phone_numbers." + name }
	item := func(i int, attr string) tfjsonpath.Path {
		return tfjsonpath.New("phone_numbers").AtSliceIndex(i).AtMapKey(attr)
	}
	config := tg.provider() + `
data "whatsapp_phone_numbers" "all" {}
data "whatsapp_phone_numbers" "tier" {
  messaging_limit_tier = "TIER_10K"
}
data "whatsapp_phone_numbers" "official" {
  messaging_limit_tier         = "TIER_10K"
  is_official_business_account = true
}
data "whatsapp_phone_numbers" "sandbox" {
  account_mode = "SANDBOX"
}
data "whatsapp_phone_numbers" "newest_first" {
  sort = "creation_time.desc"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(list("all"), tfjsonpath.New("phone_numbers"), knownvalue.ListSizeExact(31)),
				statecheck.ExpectKnownValue(list("all"), item(30, "id"), knownvalue.StringExact(ids[29])),
				statecheck.ExpectKnownValue(list("all"), item(30, "country_code"), knownvalue.StringExact("44")),
				statecheck.ExpectKnownValue(list("all"), item(30, "phone_number"), knownvalue.StringExact("7911123429")),
				// The portfolio's limit is every number's: the highest of any number's own tier.
				statecheck.ExpectKnownValue(list("all"), item(0, "messaging_limit"), knownvalue.StringExact("TIER_10K")),
				statecheck.ExpectKnownValue(list("all"), item(30, "messaging_limit"), knownvalue.StringExact("TIER_10K")),
				statecheck.ExpectKnownValue(list("tier"), tfjsonpath.New("phone_numbers"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(list("tier"), item(1, "id"), knownvalue.StringExact(ids[9])),
				statecheck.ExpectKnownValue(list("official"), tfjsonpath.New("phone_numbers"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue(list("official"), item(0, "is_official_business_account"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(list("sandbox"), tfjsonpath.New("phone_numbers"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue(list("sandbox"), item(0, "id"), knownvalue.StringExact(ids[27])),
				statecheck.ExpectKnownValue(list("newest_first"), item(0, "id"), knownvalue.StringExact(ids[29])),
				statecheck.ExpectKnownValue(list("newest_first"), item(30, "id"), knownvalue.StringExact(tg.seed.PhoneNumberID)),
			},
			Check: func(*terraform.State) error {
				if len(tg.calls(http.MethodGet, "/phone_numbers$")) == 0 {
					return fmt.Errorf("no listing calls")
				}
				for _, r := range tg.calls(http.MethodGet, "/phone_numbers$") {
					if strings.Contains(r.Query, "after=") {
						return nil
					}
				}
				return fmt.Errorf("31 numbers were read without asking for a second page")
			},
		}},
	})
}

// The account's numbers, in Meta's order and sorted newest first, are those Graph lists.
func TestAccPhoneNumbersDataSource_order(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	ctx, c, waba := context.Background(), tg.client(), tg.seed.BusinessAccountID
	if tg.emu != nil {
		for i := range 3 {
			if _, err := tg.emu.AddPhoneNumber(waba, "44", fmt.Sprintf("79111235%02d", i), fmt.Sprintf("Branch %02d", i)); err != nil {
				t.Fatal(err)
			}
		}
	}
	inOrder, err := c.ListPhoneNumbers(ctx, waba, graph.PhoneNumberFilter{})
	if err != nil {
		t.Fatal(err)
	}
	newest, err := c.ListPhoneNumbers(ctx, waba, graph.PhoneNumberFilter{Sort: "creation_time.desc"})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(name string, want []graph.PhoneNumber) []statecheck.StateCheck {
		checks := []statecheck.StateCheck{statecheck.ExpectKnownValue("data.whatsapp_phone_numbers."+name, tfjsonpath.New("phone_numbers"), knownvalue.ListSizeExact(len(want)))}
		for i, p := range want {
			checks = append(checks, statecheck.ExpectKnownValue("data.whatsapp_phone_numbers."+name, tfjsonpath.New("phone_numbers").AtSliceIndex(i).AtMapKey("id"), knownvalue.StringExact(p.ID)))
		}
		return checks
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + `
data "whatsapp_phone_numbers" "all" {}
data "whatsapp_phone_numbers" "newest_first" {
  sort = "creation_time.desc"
}
`,
			ConfigStateChecks: append(ids("all", inOrder), ids("newest_first", newest)...),
		}},
	})
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }
