package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const (
	assignedAccountsAddr = "data.whatsapp_assigned_business_accounts.agent"
	creditLinesAddr      = "data.whatsapp_credit_lines.partner"
)

func assignedConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf("data \"whatsapp_assigned_business_accounts\" \"agent\" {\n%s\n}\n", body)
}

func creditLinesConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf("data \"whatsapp_credit_lines\" \"partner\" {\n%s\n}\n", body)
}

// A system user given a client's account and many of its own business's is read across pages,
// with its tasks on each; task filters them.
func TestAccAssignedAccountsDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	ctx := t.Context()
	agent := tg.emu.AddBusinessUser("Partner agent", "SYSTEM_USER")
	client := tg.emu.AddClientWABA("Client account")
	if err := tg.client().AssignUser(ctx, client, agent, []string{"MANAGE_TEMPLATES", "MESSAGING"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 120; i++ {
		w := tg.emu.AddWABA(fmt.Sprintf("Account %03d", i))
		tasks := []string{"VIEW_COST"}
		if i%3 == 0 {
			tasks = []string{"MESSAGING"}
		}
		if err := tg.client().AssignUser(ctx, w, agent, tasks); err != nil {
			t.Fatal(err)
		}
	}
	account := func(i int, attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(assignedAccountsAddr, tfjsonpath.New("accounts").AtSliceIndex(i).AtMapKey(attr), v)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: assignedConfig(tg, fmt.Sprintf("  user_id = %q", agent)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedAccountsAddr, tfjsonpath.New("accounts"), knownvalue.ListSizeExact(121)),
					account(0, "id", knownvalue.StringExact(client)),
					account(0, "name", knownvalue.StringExact("Client account")),
					account(0, "ownership_type", knownvalue.StringExact("CLIENT_OWNED")),
					account(0, "tasks", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("MANAGE_TEMPLATES"), knownvalue.StringExact("MESSAGING")})),
					account(0, "owner_business_name", knownvalue.StringRegexp(regexp.MustCompile(`^Client Business `))),
					account(0, "account_review_status", knownvalue.StringExact("APPROVED")),
					account(120, "name", knownvalue.StringExact("Account 119")),
					account(120, "owner_business_id", knownvalue.StringExact(tg.seed.BusinessID)),
					account(120, "ownership_type", knownvalue.StringExact("SELF_OWNED")),
					account(120, "currency", knownvalue.StringExact("USD")),
					account(120, "timezone_id", knownvalue.StringExact("1")),
				},
			},
			{
				Config: assignedConfig(tg, fmt.Sprintf("  user_id = %q\n  task = \"MESSAGING\"", agent)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedAccountsAddr, tfjsonpath.New("accounts"), knownvalue.ListSizeExact(41)),
					account(1, "name", knownvalue.StringExact("Account 000")),
				},
			},
			{
				// The token's own system user.
				Config: assignedConfig(tg, fmt.Sprintf("  user_id = %q", tg.seed.SystemUserID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedAccountsAddr, tfjsonpath.New("accounts"), knownvalue.ListSizeExact(1)),
					account(0, "id", knownvalue.StringExact(tg.seed.BusinessAccountID)),
				},
			},
		},
	})
}

func TestAccAssignedAccountsDataSource_errors(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	other := tg.emu.AddBusinessUser("Jane Doe", "")
	before := tg.requestCount()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: assignedConfig(tg, `  user_id = "me"`), PlanOnly: true, ExpectError: wrapped("Attribute user_id must be a numeric Graph object id")},
			{Config: assignedConfig(tg, fmt.Sprintf("  user_id = %q\n  task = \"ADMIN\"", other)), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)Attribute task value must be one of`)},
			{
				PreConfig: func() {
					if n := tg.requestCount() - before; n != 0 {
						t.Fatalf("invalid configurations reached Meta: %d calls", n)
					}
				},
				Config:      assignedConfig(tg, fmt.Sprintf("  user_id = %q", tg.seed.BusinessAccountID)),
				ExpectError: wrapped("Cannot list the WhatsApp Business Accounts assigned to user "+tg.seed.BusinessAccountID, "Unknown path components", "user_id must be the id of a business user or system user"),
			},
			{
				PreConfig: func() {
					if err := tg.emu.SetSystemUserRole("EMPLOYEE", ""); err != nil {
						t.Fatal(err)
					}
				},
				Config:      assignedConfig(tg, fmt.Sprintf("  user_id = %q", other)),
				ExpectError: wrapped("Graph API error 200", "Your app doesn't have permission to access assigned WhatsApp Business Accounts for this user", "only when that system user is an admin of the business"),
			},
		},
	})
}

// The business's credit lines, across pages; legal_entity_name picks one.
func TestAccCreditLinesDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	var ids []string
	for i := 0; i < 105; i++ {
		ids = append(ids, tg.emu.AddCreditLine(fmt.Sprintf("Lucky Shrub %03d Ltd", i)))
	}
	line := func(i int, attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(creditLinesAddr, tfjsonpath.New("credit_lines").AtSliceIndex(i).AtMapKey(attr), v)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: creditLinesConfig(tg, fmt.Sprintf("  business_id = %q", tg.seed.BusinessID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(creditLinesAddr, tfjsonpath.New("credit_lines"), knownvalue.ListSizeExact(105)),
					line(0, "id", knownvalue.StringExact(ids[0])),
					line(0, "legal_entity_name", knownvalue.StringExact("Lucky Shrub 000 Ltd")),
					line(0, "owner_business_name", knownvalue.StringExact("Emulated Business")),
					line(0, "credit_type", knownvalue.StringExact("EXTENDED_CREDIT")),
					line(0, "is_access_revoked", knownvalue.Bool(false)),
					line(104, "id", knownvalue.StringExact(ids[104])),
				},
			},
			{
				Config: creditLinesConfig(tg, fmt.Sprintf("  business_id = %q\n  legal_entity_name = \"Lucky Shrub 101 Ltd\"", tg.seed.BusinessID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(creditLinesAddr, tfjsonpath.New("credit_lines"), knownvalue.ListSizeExact(1)),
					line(0, "id", knownvalue.StringExact(ids[101])),
				},
			},
		},
	})
}

func TestAccCreditLinesDataSource_errors(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	tg.emu.AddCreditLine("Lucky Shrub Ltd")
	before := tg.requestCount()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: creditLinesConfig(tg, `  business_id = "lucky-shrub"`), PlanOnly: true, ExpectError: wrapped("Attribute business_id must be a numeric Graph object id")},
			{Config: creditLinesConfig(tg, "  business_id = \"1\"\n  legal_entity_name = \"\""), PlanOnly: true, ExpectError: wrapped("Attribute legal_entity_name must be 1 to 500 characters, got 0")},
			{
				PreConfig: func() {
					if n := tg.requestCount() - before; n != 0 {
						t.Fatalf("invalid configurations reached Meta: %d calls", n)
					}
				},
				Config:      creditLinesConfig(tg, fmt.Sprintf("  business_id = %q", tg.seed.BusinessAccountID)),
				ExpectError: wrapped("Cannot list the credit lines of business "+tg.seed.BusinessAccountID, "Unknown path components", "business_id must be the id of a business"),
			},
			{
				PreConfig: func() {
					if err := tg.emu.SetSystemUserRole("EMPLOYEE", "ANALYST"); err != nil {
						t.Fatal(err)
					}
				},
				Config:      creditLinesConfig(tg, fmt.Sprintf("  business_id = %q", tg.seed.BusinessID)),
				ExpectError: wrapped("Graph API error 200", "Permissions error", "Admin or Financial Editor role"),
			},
		},
	})
}
