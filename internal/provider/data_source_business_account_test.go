package provider

import (
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
)

// listedIDs returns the account ids a whatsapp_business_accounts data source holds.
func listedIDs(s *terraform.State, addr string) ([]string, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return nil, fmt.Errorf("%s not in state", addr)
	}
	var ids []string
	for k, v := range rs.Primary.Attributes {
		if strings.HasPrefix(k, "accounts.") && strings.HasSuffix(k, ".id") && strings.Count(k, ".") == 2 {
			ids = append(ids, v)
		}
	}
	return ids, nil
}

func TestAccBusinessAccountDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	config := tg.provider() + `
data "whatsapp_business_account" "default" {}
data "whatsapp_business_account" "by_id" {
  id = data.whatsapp_business_account.default.id
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.whatsapp_business_account.default", tfjsonpath.New("id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					statecheck.ExpectKnownValue("data.whatsapp_business_account.default", tfjsonpath.New("name"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.whatsapp_business_account.default", tfjsonpath.New("message_template_namespace"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.whatsapp_business_account.default", tfjsonpath.New("currency"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Z]{3}$`))),
					statecheck.ExpectKnownValue("data.whatsapp_business_account.default", tfjsonpath.New("owner_business").AtMapKey("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue("data.whatsapp_business_account.default", tfjsonpath.New("health_status").AtMapKey("can_send_message"), knownvalue.StringRegexp(regexp.MustCompile(`^(AVAILABLE|LIMITED|BLOCKED)$`))),
					statecheck.CompareValuePairs("data.whatsapp_business_account.by_id", tfjsonpath.New("message_template_namespace"),
						"data.whatsapp_business_account.default", tfjsonpath.New("message_template_namespace"), compareSame),
				},
			},
			{
				Config:      tg.provider() + `data "whatsapp_business_account" "missing" { id = "100000000000001" }`,
				ExpectError: regexp.MustCompile(`WhatsApp Business Account not found`),
			},
		},
	})
}

func TestAccBusinessAccountsDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestBusinessID)
	var clients []string
	if tg.emu != nil {
		// More client accounts than one page of 100, so the list must follow paging.next.
		for range 130 {
			clients = append(clients, tg.emu.AddClientWABA(""))
		}
		tg.emu.AddWABA("Second owned account")
	}
	config := tg.provider() + fmt.Sprintf(`
data "whatsapp_business_accounts" "owned" {
  business_id = %[1]q
}
data "whatsapp_business_accounts" "clients" {
  business_id  = %[1]q
  relationship = "client"
}
`, tg.seed.BusinessID)
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.whatsapp_business_accounts.owned", tfjsonpath.New("relationship"), knownvalue.StringExact("owned")),
		statecheck.ExpectKnownValue("data.whatsapp_business_accounts.clients", tfjsonpath.New("relationship"), knownvalue.StringExact("client")),
	}
	if tg.emu != nil {
		checks = append(checks,
			statecheck.ExpectKnownValue("data.whatsapp_business_accounts.owned", tfjsonpath.New("accounts"), knownvalue.ListSizeExact(2)),
			statecheck.ExpectKnownValue("data.whatsapp_business_accounts.clients", tfjsonpath.New("accounts"), knownvalue.ListSizeExact(130)),
			statecheck.ExpectKnownValue("data.whatsapp_business_accounts.clients", tfjsonpath.New("accounts").AtSliceIndex(129).AtMapKey("id"), knownvalue.StringExact(clients[129])),
			statecheck.ExpectKnownValue("data.whatsapp_business_accounts.clients", tfjsonpath.New("accounts").AtSliceIndex(0).AtMapKey("ownership_type"), knownvalue.StringExact("CLIENT_OWNED")),
			statecheck.ExpectKnownValue("data.whatsapp_business_accounts.owned", tfjsonpath.New("accounts").AtSliceIndex(0).AtMapKey("owner_business").AtMapKey("id"), knownvalue.StringExact(tg.seed.BusinessID)),
		)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: checks,
			Check: func(s *terraform.State) error {
				ids, err := listedIDs(s, "data.whatsapp_business_accounts.owned")
				if err != nil {
					return err
				}
				found := false
				for _, id := range ids {
					found = found || id == tg.seed.BusinessAccountID
				}
				if !found {
					return fmt.Errorf("owned accounts %v lack %s", ids, tg.seed.BusinessAccountID)
				}
				if tg.emu != nil {
					followed := false
					for _, r := range tg.calls(http.MethodGet, "/client_whatsapp_business_accounts$") {
						followed = followed || strings.Contains(r.Query, "after=")
					}
					if !followed {
						return fmt.Errorf("the client list never asked for a second page")
					}
				}
				return nil
			},
		}},
	})
}

// Invalid arguments fail at plan time, before any Graph call.
func TestAccBusinessAccountDataSources_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cases := map[string]struct {
		config string
		want   string
	}{
		"textual id":         {`data "whatsapp_business_account" "x" { id = "main" }`, `(?s)id.*numeric Graph object id`},
		"textual business":   {`data "whatsapp_business_accounts" "x" { business_id = "acme" }`, `(?s)business_id.*numeric Graph object id`},
		"missing business":   {`data "whatsapp_business_accounts" "x" {}`, `(?s)business_id.*required`},
		"other relationship": {`data "whatsapp_business_accounts" "x" {` + "\n" + `business_id = "1"` + "\n" + `relationship = "partner"` + "\n}", `(?s)relationship.*value must be one of`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tg.provider() + tc.config,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}
