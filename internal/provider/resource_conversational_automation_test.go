package provider

import (
	"context"
	"fmt"
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
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const automationAddr = "whatsapp_conversational_automation.a"

func automationConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_conversational_automation" "a" {
  phone_number_id = %q
  %s
}
`, tg.seed.PhoneNumberID, body)
}

func automationValue(p tfjsonpath.Path, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(automationAddr, p, v)
}

func command(name, description string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"name": knownvalue.StringExact(name), "description": knownvalue.StringExact(description),
	})
}

const automationFull = `
  enable_welcome_message = true
  prompts = ["Track my order", "Talk to a person"]
  commands = [
    { name = "help", description = "Get help with your order" },
    { name = "status", description = "Check your order status" },
  ]`

func TestAccConversationalAutomation_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's conversational automation")
	tg.needsSeed(envTestPhoneNumberID)
	phone := tg.seed.PhoneNumberID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			a, err := tg.client().GetConversationalAutomation(context.Background(), phone)
			if err != nil {
				return err
			}
			if a.EnableWelcomeMessage || len(a.Prompts) != 0 || len(a.Commands) != 0 {
				return fmt.Errorf("destroy should switch the automation off: %+v", a)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: automationConfig(tg, automationFull),
				ConfigStateChecks: []statecheck.StateCheck{
					automationValue(tfjsonpath.New("id"), knownvalue.StringExact(phone)),
					automationValue(tfjsonpath.New("enable_welcome_message"), knownvalue.Bool(true)),
					automationValue(tfjsonpath.New("prompts"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("Track my order"), knownvalue.StringExact("Talk to a person"),
					})),
					automationValue(tfjsonpath.New("commands"), knownvalue.ListExact([]knownvalue.Check{
						command("help", "Get help with your order"), command("status", "Check your order status"),
					})),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: automationAddr, ImportState: true, ImportStateId: phone, ImportStateVerify: true},
			{
				ResourceName: automationAddr, ImportState: true, ImportStateId: phone,
				ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
			},
			{
				// In place: prompts reordered and one dropped, the welcome message off, commands gone.
				Config: automationConfig(tg, `prompts = ["Talk to a person"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(automationAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					automationValue(tfjsonpath.New("enable_welcome_message"), knownvalue.Bool(false)),
					automationValue(tfjsonpath.New("prompts"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Talk to a person")})),
					automationValue(tfjsonpath.New("commands"), knownvalue.ListSizeExact(0)),
				},
				Check: func(*terraform.State) error {
					a, err := tg.client().GetConversationalAutomation(context.Background(), phone)
					if err != nil {
						return err
					}
					if a.EnableWelcomeMessage || len(a.Commands) != 0 || len(a.Prompts) != 1 {
						return fmt.Errorf("automation at Meta: %+v", a)
					}
					return nil
				},
			},
		},
	})
}

func TestAccConversationalAutomation_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's conversational automation")
	tg.needsSeed(envTestPhoneNumberID)
	resource.Test(t, phoneSettingsIdentityCase(tg, automationAddr,
		automationConfig(tg, automationFull),
		automationConfig(tg, `prompts = ["Talk to a person"]`),
		fmt.Sprintf("phone_number_id = %q", tg.seed.PhoneNumberID)))
}

func TestAccConversationalAutomation_drift(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's conversational automation")
	tg.needsSeed(envTestPhoneNumberID)
	phone := tg.seed.PhoneNumberID
	config := automationConfig(tg, automationFull)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// Someone adds a command and switches the welcome message off in WhatsApp Manager.
				PreConfig: func() {
					err := tg.client().SetConversationalAutomation(context.Background(), phone, graph.ConversationalAutomation{
						Prompts:  []string{"Track my order", "Talk to a person"},
						Commands: []graph.BotCommand{{Name: "help", Description: "Get help with your order"}, {Name: "status", Description: "Check your order status"}, {Name: "manager", Description: "Added by hand"}},
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(automationAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(automationAddr, tfjsonpath.New("enable_welcome_message"), knownvalue.Bool(true)),
				}},
				Check: func(*terraform.State) error {
					a, err := tg.client().GetConversationalAutomation(context.Background(), phone)
					if err != nil {
						return err
					}
					if !a.EnableWelcomeMessage || len(a.Commands) != 2 {
						return fmt.Errorf("apply should restore the automation: %+v", a)
					}
					return nil
				},
			},
		},
	})
}

func TestAccConversationalAutomation_phoneGone(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a fault in Meta's answers")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: automationConfig(tg, `prompts = ["Hi"]`),
			Check: func(*terraform.State) error {
				tg.emu.AddFault(phoneGoneFault(`^/v[0-9.]+/` + tg.seed.PhoneNumberID + `$`))
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(automationAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

func TestAccConversationalAutomation_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cmds := make([]string, 31)
	for i := range cmds {
		cmds[i] = fmt.Sprintf(`{ name = "c%d", description = "d" }`, i)
	}
	cases := map[string]struct{ body, want string }{
		"four prompts":      {`prompts = ["a", "b", "c", "d"]`, `(?s)prompts.*at most 3`},
		"long prompt":       {`prompts = ["` + strings.Repeat("p", 81) + `"]`, `(?s)prompts\[0\].*1 to 80 characters`},
		"empty prompt":      {`prompts = [""]`, `(?s)prompts\[0\].*1 to 80 characters`},
		"31 commands":       {`commands = [` + strings.Join(cmds, ",") + `]`, `(?s)commands.*at most 30`},
		"command name":      {`commands = [{ name = "get-help", description = "Help" }]`, `(?s)commands\[0\]\.name.*letters, digits and underscores`},
		"long command name": {`commands = [{ name = "` + strings.Repeat("c", 31) + `", description = "Help" }]`, `(?s)commands\[0\]\.name.*1 to 30 characters`},
		"long description":  {`commands = [{ name = "help", description = "` + strings.Repeat("d", 257) + `" }]`, `(?s)commands\[0\]\.description.*1 to 256 characters`},
		"empty description": {`commands = [{ name = "help", description = "" }]`, `(?s)commands\[0\]\.description.*1 to 256 characters`},
		"duplicate names": {`commands = [{ name = "help", description = "a" }, { name = "status", description = "b" }, { name = "help", description = "c" }]`,
			`(?s)commands\[2\]\.name.*"help"\s+is\s+already\s+used\s+by\s+commands\[0\]`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      automationConfig(tg, tc.body),
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
