package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
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

// assignedTo gives the user tasks on the account, and takes them away when the test ends.
func (tg *target) assignedTo(waba, user string, tasks ...string) {
	tg.t.Helper()
	if err := tg.client().AssignUser(context.Background(), waba, user, tasks); err != nil {
		tg.t.Fatal(err)
	}
	tg.t.Cleanup(func() {
		if err := tg.client().UnassignUser(context.Background(), waba, user); err != nil && !graph.IsNotFound(err) {
			tg.t.Errorf("taking user %s off %s again: %v", user, waba, err)
		}
	})
}

// checkAssigned checks the accounts of data.whatsapp_assigned_business_accounts.agent in state:
// as many as Graph lists for the user (with the task, when not empty), each with the task, and
// the ones in want with those tasks and that ownership.
func (tg *target) checkAssigned(user, task string, want map[string]assignedWant, absent ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		listed, err := tg.client().ListAssignedWABAs(context.Background(), user)
		if err != nil {
			return err
		}
		count := 0
		for _, w := range listed {
			if task == "" || slices.Contains(w.Tasks, task) {
				count++
			}
		}
		accounts, err := stateObjects(s, assignedAccountsAddr, "accounts")
		if err != nil {
			return err
		}
		if len(accounts) != count {
			return fmt.Errorf("%d accounts, want the %d Graph lists for user %s", len(accounts), count, user)
		}
		found := map[string]bool{}
		for _, a := range accounts {
			tasks := flatList(a, "tasks")
			if task != "" && !slices.Contains(tasks, task) {
				return fmt.Errorf("account %s without the task %s: %v", a["id"], task, tasks)
			}
			if slices.Contains(absent, a["id"]) {
				return fmt.Errorf("account %s is listed: %v", a["id"], a)
			}
			w, ok := want[a["id"]]
			if !ok {
				continue
			}
			found[a["id"]] = true
			slices.Sort(tasks)
			if strings.Join(tasks, ",") != strings.Join(w.tasks, ",") || a["ownership_type"] != w.ownership || a["owner_business_id"] == "" || a["owner_business_name"] == "" || a["name"] == "" {
				return fmt.Errorf("account %s: %v, want tasks %v and ownership %s", a["id"], a, w.tasks, w.ownership)
			}
			if w.owner != "" && a["owner_business_id"] != w.owner {
				return fmt.Errorf("account %s is owned by %s, want %s", a["id"], a["owner_business_id"], w.owner)
			}
		}
		for id := range want {
			if !found[id] {
				return fmt.Errorf("account %s is not listed: %v", id, accounts)
			}
		}
		return nil
	}
}

// assignedWant is what an assigned account must show: the user's tasks, sorted, and its ownership.
type assignedWant struct {
	tasks     []string
	ownership string
	owner     string
}

// A user given a client's account and another of its own business's is read with its tasks on
// each; task filters them; the token's own system user has the account under test. The users
// may have other accounts: the counts come from Graph's listing.
func TestAccAssignedAccountsDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	user := tg.testUser()
	client, second := tg.clientAccount("Agency client"), tg.secondAccount("Second account")
	tg.assignedTo(client, user, "MANAGE_TEMPLATES", "MESSAGING")
	tg.assignedTo(second, user, "VIEW_COST")
	clientWant := assignedWant{tasks: []string{"MANAGE_TEMPLATES", "MESSAGING"}, ownership: "CLIENT_OWNED"}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: assignedConfig(tg, fmt.Sprintf("  user_id = %q", user)),
				Check: tg.checkAssigned(user, "", map[string]assignedWant{
					client: clientWant,
					second: {tasks: []string{"VIEW_COST"}, ownership: "SELF_OWNED", owner: tg.seed.BusinessID},
				}),
			},
			{
				Config: assignedConfig(tg, fmt.Sprintf("  user_id = %q\n  task = \"MESSAGING\"", user)),
				Check:  tg.checkAssigned(user, "MESSAGING", map[string]assignedWant{client: clientWant}, second),
			},
			{
				// The token's own system user.
				Config: assignedConfig(tg, fmt.Sprintf("  user_id = %q", tg.seed.SystemUserID)),
				Check: func(s *terraform.State) error {
					accounts, err := stateObjects(s, assignedAccountsAddr, "accounts")
					if err != nil {
						return err
					}
					for _, a := range accounts {
						if a["id"] == tg.seed.BusinessAccountID {
							return nil
						}
					}
					return fmt.Errorf("the token's system user does not have %s: %v", tg.seed.BusinessAccountID, accounts)
				},
			},
		},
	})
}

// A system user given more accounts than a page holds is read across pages, in Meta's order.
func TestAccAssignedAccountsDataSource_pages(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("121 accounts for one user, more than a test business has")
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
		},
	})
}

func TestAccAssignedAccountsDataSource_errors(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	before := tg.requestCount()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: assignedConfig(tg, `  user_id = "me"`), PlanOnly: true, ExpectError: wrapped("Attribute user_id must be a numeric Graph object id")},
			{Config: assignedConfig(tg, fmt.Sprintf("  user_id = %q\n  task = \"ADMIN\"", tg.seed.SystemUserID)), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)Attribute task value must be one of`)},
			{
				PreConfig: func() {
					if n := tg.requestCount() - before; n != 0 {
						t.Fatalf("invalid configurations reached Meta: %d calls", n)
					}
				},
				Config:      assignedConfig(tg, fmt.Sprintf("  user_id = %q", tg.seed.BusinessAccountID)),
				ExpectError: wrapped("Cannot list the WhatsApp Business Accounts assigned to user "+tg.seed.BusinessAccountID, "Unknown path components", "user_id must be the id of a business user or system user"),
			},
		},
	})
}

// A system user that is not an admin of the business reads only its own accounts: Meta's
// refusal for another user says so.
func TestAccAssignedAccountsDataSource_notAdmin(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("the token's system user is an employee of the business, not an admin")
	other := tg.emu.AddBusinessUser("Jane Doe", "")
	if err := tg.emu.SetSystemUserRole("EMPLOYEE", ""); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      assignedConfig(tg, fmt.Sprintf("  user_id = %q", other)),
			ExpectError: wrapped("Graph API error 200", "Your app doesn't have permission to access assigned WhatsApp Business Accounts for this user", "only when that system user is an admin of the business"),
		}},
	})
}

// creditLineOf finds a credit line among the credit lines of data.whatsapp_credit_lines.partner.
func creditLineOf(s *terraform.State, id string) (map[string]string, []map[string]string, error) {
	lines, err := stateObjects(s, creditLinesAddr, "credit_lines")
	if err != nil {
		return nil, nil, err
	}
	for _, l := range lines {
		if l["id"] == id {
			return l, lines, nil
		}
	}
	return nil, lines, fmt.Errorf("credit line %s is not listed: %v", id, lines)
}

// The business's credit lines as Graph lists them; legal_entity_name picks the one of that
// legal entity. The business may have other credit lines.
func TestAccCreditLinesDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	id := tg.creditLine("Lucky Shrub Ltd")
	listed, err := tg.client().ListCreditLines(t.Context(), tg.seed.BusinessID)
	if err != nil {
		t.Fatal(err)
	}
	var entity string
	for _, l := range listed {
		if l.ID == id {
			entity = l.LegalEntityName
		}
	}
	if entity == "" {
		t.Fatalf("Graph does not list credit line %s of business %s: %+v", id, tg.seed.BusinessID, listed)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: creditLinesConfig(tg, fmt.Sprintf("  business_id = %q", tg.seed.BusinessID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(creditLinesAddr, tfjsonpath.New("credit_lines"), knownvalue.ListSizeExact(len(listed))),
				},
				Check: func(s *terraform.State) error {
					l, _, err := creditLineOf(s, id)
					if err != nil {
						return err
					}
					if l["legal_entity_name"] != entity || l["credit_type"] == "" || l["is_access_revoked"] != "false" {
						return fmt.Errorf("credit line %s: %v", id, l)
					}
					return nil
				},
			},
			{
				Config: creditLinesConfig(tg, fmt.Sprintf("  business_id = %q\n  legal_entity_name = %q", tg.seed.BusinessID, entity)),
				Check: func(s *terraform.State) error {
					_, lines, err := creditLineOf(s, id)
					if err != nil {
						return err
					}
					for _, l := range lines {
						if l["legal_entity_name"] != entity {
							return fmt.Errorf("the filter let through %v", l)
						}
					}
					return nil
				},
			},
		},
	})
}

// The business's credit lines, across pages; legal_entity_name picks one.
func TestAccCreditLinesDataSource_pages(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("105 credit lines, more than a business has")
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
		},
	})
}

// A system user without an Admin or Financial Editor role cannot read the credit lines: Meta's
// refusal names the roles.
func TestAccCreditLinesDataSource_financeRole(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("the token's system user is an employee with the Financial Analyst role")
	tg.emu.AddCreditLine("Lucky Shrub Ltd")
	if err := tg.emu.SetSystemUserRole("EMPLOYEE", "ANALYST"); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      creditLinesConfig(tg, fmt.Sprintf("  business_id = %q", tg.seed.BusinessID)),
			ExpectError: wrapped("Graph API error 200", "Permissions error", "Admin or Financial Editor role"),
		}},
	})
}
