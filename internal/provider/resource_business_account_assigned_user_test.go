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
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const assignedAddr = "whatsapp_business_account_assigned_user.u"

func assignedUser(user string, tasks []string, extra ...string) string {
	return fmt.Sprintf("resource \"whatsapp_business_account_assigned_user\" \"u\" {\n  user_id = %q\n  tasks   = [%s]\n  %s\n}\n",
		user, quoted(tasks), strings.Join(extra, "\n  "))
}

func TestAccAssignedUser_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	user := tg.testUser()
	waba := tg.seed.BusinessAccountID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkUnassigned(waba, user),
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + assignedUser(user, []string{"MANAGE_TEMPLATES", "VIEW_INSIGHTS"}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("id"), knownvalue.StringExact(waba+"/"+user)),
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("business_account_id"), knownvalue.StringExact(waba)),
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("business_id"), knownvalue.StringExact(tg.seed.BusinessID)),
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("tasks"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("MANAGE_TEMPLATES"), knownvalue.StringExact("VIEW_INSIGHTS"),
					})),
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("user_name"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("user_type"), knownvalue.StringRegexp(regexp.MustCompile(`^(BUSINESS|SYSTEM|PERSONAL)_USER$`))),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: assignedAddr, ImportState: true, ImportStateVerify: true, ImportStateId: waba + "/" + user},
			{
				// Adopting with an import block and generated configuration plans no change.
				Config:          tg.provider(),
				ResourceName:    assignedAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   waba + "/" + user,
				GenerateConfig:  true,
			},
			{
				// Changing tasks updates the access in place.
				Config: tg.provider() + assignedUser(user, []string{"DEVELOP"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(assignedAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("tasks"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("DEVELOP")})),
				},
				Check: func(*terraform.State) error {
					if tg.emu != nil {
						if d := tg.calls(http.MethodDelete, "/assigned_users$"); len(d) != 0 {
							return fmt.Errorf("changing tasks removed the user: %+v", d)
						}
					}
					return nil
				},
			},
			{
				// Tasks changed in Business Settings are drift; apply restores the configured ones.
				PreConfig: func() {
					if err := tg.client().AssignUser(context.Background(), waba, user, []string{"MESSAGING", "VIEW_COST"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: tg.provider() + assignedUser(user, []string{"DEVELOP"}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(assignedAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("tasks"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("DEVELOP")})),
				},
			},
		},
	})
	t.Run("identity", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			TerraformVersionChecks:   identitySince,
			CheckDestroy:             tg.checkUnassigned(waba, user),
			Steps: []resource.TestStep{
				{
					// The identity is the account and the user, whatever business_id defaults to.
					Config: tg.provider() + assignedUser(user, []string{"VIEW_TEMPLATES"}),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectIdentity(assignedAddr, map[string]knownvalue.Check{
							"business_account_id": knownvalue.StringExact(waba),
							"user_id":             knownvalue.StringExact(user),
						}),
					},
				},
				// An import block naming the identity finds the same access and plans no change.
				{ResourceName: assignedAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			},
		})
	})
}

func TestAccAssignedUser_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	user := tg.testUser()
	waba := tg.seed.BusinessAccountID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkUnassigned(waba, user),
		Steps: []resource.TestStep{{
			Config: tg.provider() + assignedUser(user, []string{"VIEW_TEMPLATES"}),
			Check: func(*terraform.State) error {
				return tg.client().UnassignUser(context.Background(), waba, user)
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(assignedAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// Access Terraform did not grant is imported, never taken over by a create.
func TestAccAssignedUser_alreadyAssigned(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tg.provider() + assignedUser(tg.seed.SystemUserID, []string{"DEVELOP"}),
			ExpectError: regexp.MustCompile(`User already has access(?s).*MANAGE.*terraform\s+import\s+<address>\s+` + tg.seed.BusinessAccountID + "/" + tg.seed.SystemUserID),
		}},
	})
	if posts := tg.calls(http.MethodPost, "/assigned_users$"); len(posts) != 0 {
		t.Errorf("the existing access was changed: %+v", posts)
	}
}

// On a client's account, the partner's users are listed under the partner's business.
func TestAccAssignedUser_clientAccount(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	client := tg.clientAccount("Client account")
	user := tg.testUser()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkUnassigned(client, user),
		Steps: []resource.TestStep{
			{
				// Without business_id the owner (the client) is asked, which does not list our user.
				Config:      tg.provider() + assignedUser(user, []string{"MANAGE"}, fmt.Sprintf("business_account_id = %q", client)),
				ExpectError: regexp.MustCompile(`Assigned user not listed(?s).*Set\s+business_id`),
			},
			{
				Config: tg.provider() + assignedUser(user, []string{"MANAGE"}, fmt.Sprintf("business_account_id = %q", client), fmt.Sprintf("business_id = %q", tg.seed.BusinessID)),
				// The failed step left the access at Meta: the create finds it and asks for an import.
				ExpectError: regexp.MustCompile(`User already has access`),
			},
			{
				Config:             tg.provider() + assignedUser(user, []string{"MANAGE"}, fmt.Sprintf("business_account_id = %q", client), fmt.Sprintf("business_id = %q", tg.seed.BusinessID)),
				ResourceName:       assignedAddr,
				ImportState:        true,
				ImportStateId:      client + "/" + user + "/" + tg.seed.BusinessID,
				ImportStatePersist: true,
			},
			{
				Config:           tg.provider() + assignedUser(user, []string{"MANAGE"}, fmt.Sprintf("business_account_id = %q", client), fmt.Sprintf("business_id = %q", tg.seed.BusinessID)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("id"), knownvalue.StringExact(client+"/"+user)),
					statecheck.ExpectKnownValue(assignedAddr, tfjsonpath.New("business_id"), knownvalue.StringExact(tg.seed.BusinessID)),
				},
			},
		},
	})
}

// Invalid settings fail at plan time, naming the attribute and the rule, before any Graph call.
func TestAccAssignedUser_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cases := map[string]struct {
		config string
		want   string
	}{
		"no tasks":        {assignedUser("100000000000001", nil), `(?s)tasks.*at least 1`},
		"unknown task":    {assignedUser("100000000000001", []string{"MANAGE", "ADMIN"}), `(?s)tasks.*value must be one of`},
		"lowercase task":  {assignedUser("100000000000001", []string{"manage"}), `(?s)tasks.*value must be one of`},
		"textual user":    {assignedUser("ana", []string{"MANAGE"}), `(?s)user_id.*numeric Graph object id`},
		"textual waba":    {assignedUser("100000000000001", []string{"MANAGE"}, `business_account_id = "main"`), `(?s)business_account_id.*numeric Graph object id`},
		"textual company": {assignedUser("100000000000001", []string{"MANAGE"}, `business_id = "acme"`), `(?s)business_id.*numeric Graph object id`},
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
