package provider

import (
	"context"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// TestAccMessageTemplate_identity: a template's identity is its account, name and language; an
// import block may name it instead of an id, and the identity stays through edits and refreshes.
func TestAccMessageTemplate_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := templateName("identity")
	identity := map[string]knownvalue.Check{
		"business_account_id": knownvalue.StringExact(tg.seed.BusinessAccountID),
		"name":                knownvalue.StringExact(name),
		"language":            knownvalue.StringExact("en_US"),
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   identitySince,
		CheckDestroy:             tg.checkTemplateGone(name),
		Steps: []resource.TestStep{
			{
				Config:            tg.provider() + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", "wait_for_review = true"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(tplAddr, identity)},
				ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config:            tg.provider() + utilityTemplate(name, "Hello {{1}}, your order {{2}} is on its way.", "wait_for_review = true"),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(tplAddr, identity)},
			},
			{
				// import { to = …, identity = { business_account_id = …, name = …, language = … } }
				// (an import sets wait_for_review to its default)
				Config:       tg.provider() + utilityTemplate(name, "Hello {{1}}, your order {{2}} is on its way.", ""),
				ResourceName: tplAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// A template deleted at Meta is removed from state by a refresh without an error about its
// identity, and planned for creation again (which Meta refuses while it locks the name).
func TestAccMessageTemplate_identityOfAVanishedTemplate(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := templateName("identity_gone")
	config := tg.provider() + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   identitySince,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := tg.client().DeleteMessageTemplate(context.Background(), tg.seed.BusinessAccountID, name, ""); err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources[tplAddr]; ok {
						t.Errorf("the vanished template is still in state")
					}
					if len(tg.calls(http.MethodDelete, "")) != 1 {
						t.Errorf("want exactly the out-of-band delete")
					}
					return nil
				},
			},
			{
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionCreate)}},
				ExpectError:      wrapped("Meta locks a deleted template's name and language for about four weeks"),
			},
		},
	})
}
