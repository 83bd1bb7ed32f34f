package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const flowAddr = "whatsapp_flow.f"

// flowName returns a flow name unique to this run: Meta keeps the names of deprecated flows.
func flowName(prefix string) string {
	return acctest.RandomWithPrefix("tfacc-flow-" + prefix)
}

// exampleFlowJSON is the registry example's Flow JSON: a two-screen appointment booking.
func exampleFlowJSON(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/resources/whatsapp_flow/flow.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// reformatted returns the same document compact, with keys in another order.
func reformatted(t *testing.T, doc string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v) // sorted keys, no whitespace
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// flowConfig renders whatsapp_flow.f with the document as a heredoc.
func flowConfig(name, doc string, extra ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_flow" "f" {
  name       = %q
  categories = ["APPOINTMENT_BOOKING"]
  flow_json  = <<EOT
%s
EOT
  %s
}
`, name, strings.ReplaceAll(doc, "${", "$${"), strings.Join(extra, "\n  "))
}

func twoCategories(config string) string {
	return strings.Replace(config, `["APPOINTMENT_BOOKING"]`, `["APPOINTMENT_BOOKING", "CUSTOMER_SUPPORT"]`, 1)
}

// requestCount is the length of the emulator's request log (0 against Meta).
func (tg *target) requestCount() int {
	if tg.emu == nil {
		return 0
	}
	return len(tg.emu.Requests())
}

// checkFlowsGone confirms every flow named in names was deleted or, if published, deprecated.
func (tg *target) checkFlowsGone(names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		all, err := tg.client().ListFlows(context.Background(), tg.seed.BusinessAccountID)
		if err != nil {
			return err
		}
		for _, f := range all {
			for _, n := range names {
				if f.Name == n && f.Status != graph.FlowStatusDeprecated {
					return fmt.Errorf("flow %s (%s) still exists with status %s", f.Name, f.ID, f.Status)
				}
			}
		}
		return nil
	}
}

// flowsNamed counts the flows of the WABA with this name.
func (tg *target) flowsNamed(name string) []graph.Flow {
	tg.t.Helper()
	all, err := tg.client().ListFlows(context.Background(), tg.seed.BusinessAccountID)
	if err != nil {
		tg.t.Fatal(err)
	}
	var out []graph.Flow
	for _, f := range all {
		if f.Name == name {
			out = append(out, f)
		}
	}
	return out
}

// mutationsSince counts the POST and DELETE calls after the given log position.
func (tg *target) mutationsSince(seq int) []emulator.RequestRecord {
	var out []emulator.RequestRecord
	for _, r := range tg.emu.Requests()[seq:] {
		if r.Method == http.MethodPost || r.Method == http.MethodDelete {
			out = append(out, r)
		}
	}
	return out
}

func TestAccFlow_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := flowName("lifecycle")
	doc := exampleFlowJSON(t)
	edited := strings.Replace(doc, "Book a visit", "Book your visit", 1)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	var logPos int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkFlowsGone(name, name+"-renamed"),
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + flowConfig(name, doc),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(flowAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("DRAFT")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("publish"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("json_version"), knownvalue.StringExact("7.0")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("data_api_version"), knownvalue.Null()),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("validation_errors"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("categories"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("APPOINTMENT_BOOKING")})),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("preview_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://business\.facebook\.com/wa/manage/flows/[0-9]+/preview/`))),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("health_status"), knownvalue.StringExact("AVAILABLE")),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("DRAFT")),
						plancheck.ExpectKnownValue(flowAddr, tfjsonpath.New("json_version"), knownvalue.StringExact("7.0")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// The same document compacted with its keys reordered is no change.
				Config: tg.provider() + flowConfig(name, reformatted(t, doc)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A draft is edited in place: name, categories and document.
				Config: tg.provider() + twoCategories(flowConfig(name+"-renamed", edited)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(flowAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("DRAFT")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(flowAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("name"), knownvalue.StringExact(name+"-renamed")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("categories"), knownvalue.SetSizeExact(2)),
				},
				Check: func(s *terraform.State) error {
					body, err := tg.client().DownloadFlowJSON(context.Background(), s.RootModule().Resources[flowAddr].Primary.ID)
					if err != nil {
						return err
					}
					if !strings.Contains(string(body), "Book your visit") {
						return fmt.Errorf("Meta holds %s", body)
					}
					return nil
				},
			},
			{
				ResourceName: flowAddr, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"clone_flow_id"},
			},
			{
				// Import by <waba>/<flow id>, with Terraform generating the configuration: it must plan empty.
				ResourceName: flowAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return tg.seed.BusinessAccountID + "/" + s.RootModule().Resources[flowAddr].Primary.ID, nil
				},
			},
			{
				Config: tg.provider() + twoCategories(flowConfig(name+"-renamed", edited, "publish = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(flowAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("PUBLISHED")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(flowAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("PUBLISHED")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("publish"), knownvalue.Bool(true)),
				},
			},
			{
				// Meta freezes a published flow: editing its document is a plan error, not a failed apply.
				PreConfig:   func() { logPos = tg.requestCount() },
				Config:      tg.provider() + twoCategories(flowConfig(name+"-renamed", doc, "publish = true")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Published flow cannot change.*flow_json.*new\s+name`),
			},
			{
				Config:      tg.provider() + twoCategories(flowConfig(name+"-renamed", edited, "publish = false")),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Publishing\s+is\s+one-way`),
			},
			{
				PreConfig: func() {
					if tg.emu != nil {
						if m := tg.mutationsSince(logPos); len(m) != 0 {
							t.Errorf("refused plans changed Meta: %+v", m)
						}
					}
				},
				Config: tg.provider() + twoCategories(flowConfig(name+"-renamed", edited, "publish = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
