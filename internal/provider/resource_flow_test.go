package provider

import (
	"context"
	"encoding/json"
	"fmt"
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

func TestAccFlow_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's flows (Meta never deletes a published flow; the test deprecates it)")
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
				Config:           tg.provider() + flowConfig(name, reformatted(t, doc)),
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
				Config:           tg.provider() + twoCategories(flowConfig(name+"-renamed", edited, "publish = true")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	t.Run("identity", func(t *testing.T) {
		draft := flowName("identity")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			TerraformVersionChecks:   identitySince,
			CheckDestroy:             tg.checkFlowsGone(draft),
			Steps: []resource.TestStep{
				{
					// The identity is the account and the flow id Meta assigned.
					Config: tg.provider() + flowConfig(draft, doc),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectIdentity(flowAddr, map[string]knownvalue.Check{
							"business_account_id": knownvalue.StringExact(tg.seed.BusinessAccountID),
							"id":                  knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`)),
						}),
						statecheck.ExpectIdentityValueMatchesState(flowAddr, tfjsonpath.New("id")),
					},
				},
				// An import block naming the identity finds the same flow and plans no change.
				{ResourceName: flowAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			},
		})
	})
}

// invalidFlowJSON has a screen id with a hyphen (line 4) and an unknown component (line 11).
const invalidFlowJSON = `{
  "version": "7.0",
  "screens": [
    { "id": "BOOK-NOW",
      "title": "Book",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          { "type": "TextHeading", "text": "Book a visit" },
          { "type": "Carousel", "images": [] },
          { "type": "Footer", "label": "Book", "on-click-action": { "name": "complete", "payload": {} } }
        ]
      }
    }
  ]
}`

// invalidFlowError matches the apply error for invalidFlowJSON: every problem with its pointer
// and position.
var invalidFlowError = regexp.MustCompile(`(?s)validation\s+error.*stays\s+a\s+DRAFT.*` +
	`/screens/0/id\s+\(line\s+4,\s+columns\s+13-22\)\s+INVALID_PROPERTY_VALUE.*` +
	`/screens/0/layout/children/1/type\s+\(line\s+11,\s+columns\s+21-30\)\s+INVALID_COMPONENT_TYPE`)

func TestAccFlow_invalidJSONKeptAsDraftAndFixedInPlace(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's flows (Meta never deletes a published flow; the test deprecates it)")
	name := flowName("invalid")
	doc := exampleFlowJSON(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkFlowsGone(name),
		Steps: []resource.TestStep{
			{
				Config:            tg.provider() + flowConfig(name, doc),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(flowAddr, tfjsonpath.New("id"))},
			},
			{
				// Publishing is not attempted: the upload's validation errors fail the apply.
				Config:      tg.provider() + flowConfig(name, invalidFlowJSON, "publish = true"),
				ExpectError: invalidFlowError,
			},
			{
				// The flow is kept, once, as a DRAFT holding the invalid document; the same
				// configuration still plans a change, which would report the errors again.
				PreConfig: func() {
					flows := tg.flowsNamed(name)
					if len(flows) != 1 || flows[0].Status != graph.FlowStatusDraft || len(flows[0].ValidationErrors) != 2 {
						t.Fatalf("want one DRAFT flow with 2 validation errors, got %+v", flows)
					}
					body, err := tg.client().DownloadFlowJSON(context.Background(), flows[0].ID)
					if err != nil || !strings.Contains(string(body), "Carousel") {
						t.Fatalf("Meta holds %q (%v)", body, err)
					}
				},
				Config:             tg.provider() + flowConfig(name, invalidFlowJSON, "publish = true"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: tg.provider() + flowConfig(name, doc, "publish = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(flowAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(flowAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("PUBLISHED")),
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("validation_errors"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

// A create whose document is invalid keeps the new flow in state (tainted); the fixed
// configuration replaces it, so the account never holds two flows of the name.
func TestAccFlow_createWithInvalidJSON(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := flowName("create-invalid")
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkFlowsGone(name),
		Steps: []resource.TestStep{
			{
				Config:      tg.provider() + flowConfig(name, invalidFlowJSON),
				ExpectError: invalidFlowError,
			},
			{
				PreConfig: func() {
					flows := tg.flowsNamed(name)
					if len(flows) != 1 || flows[0].Status != graph.FlowStatusDraft {
						t.Fatalf("want the created flow kept as one DRAFT, got %+v", flows)
					}
					firstID = flows[0].ID
				},
				Config: tg.provider() + flowConfig(name, exampleFlowJSON(t)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(flowAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) error {
					flows := tg.flowsNamed(name)
					id := s.RootModule().Resources[flowAddr].Primary.ID
					if len(flows) != 1 || flows[0].ID != id || id == firstID || len(flows[0].ValidationErrors) != 0 {
						return fmt.Errorf("want only the new flow %s, got %+v (first was %s)", id, flows, firstID)
					}
					return nil
				},
			},
		},
	})
}

const flowTemplateAddr = "whatsapp_message_template.t"

func flowTemplateConfig(name string) string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name     = %q
  language = "en_US"
  category = "MARKETING"
  body     = { text = "Book your next visit in a few taps." }
  buttons = [{
    type            = "FLOW"
    text            = "Book now"
    flow_id         = whatsapp_flow.f.id
    flow_action     = "navigate"
    navigate_screen = "APPOINTMENT"
  }]
}
`, name)
}

// Renaming a published flow replaces it; a template's FLOW button that references it follows.
func TestAccFlow_publishedRenameReplacesAndTemplateFollows(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's flows (Meta never deletes a published flow; the test deprecates it)")
	name := flowName("v1")
	tpl := templateName("flow_button")
	doc := exampleFlowJSON(t)
	cbd := "lifecycle {\n    create_before_destroy = true\n  }"
	var oldID string
	flowID := func(s *terraform.State) string { return s.RootModule().Resources[flowAddr].Primary.ID }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             resource.ComposeTestCheckFunc(tg.checkFlowsGone(name, name+"-v2"), tg.checkTemplateGone(tpl)),
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + flowConfig(name, doc, "publish = true", cbd) + flowTemplateConfig(tpl),
				Check: func(s *terraform.State) error {
					oldID = flowID(s)
					if got := s.RootModule().Resources[flowTemplateAddr].Primary.Attributes["buttons.0.flow_id"]; got != oldID {
						return fmt.Errorf("template button flow_id %q, want %q", got, oldID)
					}
					return nil
				},
			},
			{
				Config: tg.provider() + flowConfig(name+"-v2", strings.Replace(doc, "Book a visit", "Book a visit today", 1), "publish = true", cbd) + flowTemplateConfig(tpl),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(flowAddr, plancheck.ResourceActionCreateBeforeDestroy),
					plancheck.ExpectResourceAction(flowTemplateAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("PUBLISHED")),
					statecheck.CompareValuePairs(flowAddr, tfjsonpath.New("id"), flowTemplateAddr, tfjsonpath.New("buttons").AtSliceIndex(0).AtMapKey("flow_id"), compare.ValuesSame()),
				},
				Check: func(s *terraform.State) error {
					if flowID(s) == oldID {
						return fmt.Errorf("flow %s was not replaced", oldID)
					}
					old, err := tg.client().GetFlow(context.Background(), oldID)
					if err != nil {
						return err
					}
					if old.Status != graph.FlowStatusDeprecated {
						return fmt.Errorf("replaced flow is %s, want DEPRECATED", old.Status)
					}
					return nil
				},
			},
		},
	})
}

func TestAccFlow_deprecate(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's flows (Meta never deletes a published flow; the test deprecates it)")
	name := flowName("deprecate")
	doc := exampleFlowJSON(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkFlowsGone(name),
		Steps: []resource.TestStep{
			{
				Config:      tg.provider() + flowConfig(name, doc, "deprecated = true"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`deprecated\s+=\s+true\s+requires\s+publish\s+=\s+true`),
			},
			{Config: tg.provider() + flowConfig(name, doc, "publish = true")},
			{
				Config: tg.provider() + flowConfig(name, doc, "publish = true", "deprecated = true"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(flowAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("DEPRECATED")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("DEPRECATED")),
				},
			},
			{
				Config:      tg.provider() + flowConfig(name, doc, "publish = true"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Deprecation\s+is\s+one-way`),
			},
		},
	})
}

func TestAccFlow_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	name := flowName("disappears")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + flowConfig(name, exampleFlowJSON(t)),
			Check: func(s *terraform.State) error {
				return tg.client().DeleteFlow(context.Background(), s.RootModule().Resources[flowAddr].Primary.ID)
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(flowAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// Changes made outside Terraform show as drift: a new document in Flow Builder, publishing in
// WhatsApp Manager, Meta's health monitoring throttling the flow.
func TestAccFlow_drift(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's flows (Meta never deletes a published flow; the test deprecates it)")
	name := flowName("drift")
	doc := exampleFlowJSON(t)
	id := func() string {
		flows := tg.flowsNamed(name)
		if len(flows) != 1 {
			t.Fatalf("want one flow named %s, got %+v", name, flows)
		}
		return flows[0].ID
	}
	steps := []resource.TestStep{
		{Config: tg.provider() + flowConfig(name, doc)},
		{
			PreConfig: func() {
				if _, err := tg.client().UploadFlowJSON(context.Background(), id(), []byte(strings.Replace(doc, "Book a visit", "Edited in Flow Builder", 1))); err != nil {
					t.Fatal(err)
				}
			},
			Config: tg.provider() + flowConfig(name, doc),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(flowAddr, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				body, err := tg.client().DownloadFlowJSON(context.Background(), id())
				if err != nil {
					return err
				}
				if strings.Contains(string(body), "Edited in Flow Builder") {
					return fmt.Errorf("drift not reverted: %q", body)
				}
				return nil
			},
		},
		{
			PreConfig: func() {
				if err := tg.client().PublishFlow(context.Background(), id()); err != nil {
					t.Fatal(err)
				}
			},
			Config:      tg.provider() + flowConfig(name, doc),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Publishing\s+is\s+one-way.*Set\s+publish\s+=\s+true`),
		},
		{
			Config:            tg.provider() + flowConfig(name, doc, "publish = true"),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("PUBLISHED"))},
		},
	}
	if tg.emu != nil {
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				if err := tg.emu.SetFlowStatus(id(), "THROTTLED"); err != nil {
					t.Fatal(err)
				}
			},
			Config:           tg.provider() + flowConfig(name, doc, "publish = true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("status"), knownvalue.StringExact("THROTTLED")),
				statecheck.ExpectKnownValue(flowAddr, tfjsonpath.New("health_status"), knownvalue.StringExact("LIMITED")),
			},
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkFlowsGone(name),
		Steps:                    steps,
	})
}

// Invalid configurations fail at plan time, naming the attribute and the rule, before any Graph call.
func TestAccFlow_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	ok := exampleFlowJSON(t)
	cases := map[string]struct {
		config string
		want   string
	}{
		"syntax":          {flowConfig("x", "{\n  \"version\": \"7.0\",\n  \"screens\": [}"), `(?s)flow_json\s+is\s+not\s+valid\s+JSON.*line\s+3,\s+column\s+15`},
		"no version":      {flowConfig("x", `{"screens":[{"id":"A"}]}`), `(?s)flow_json\s+has\s+no\s+"version"`},
		"numeric version": {flowConfig("x", `{"version":7.0,"screens":[{"id":"A"}]}`), `(?s)flow_json\s+has\s+"version":\s+7.0;\s+it\s+must\s+be\s+a\s+string`},
		"no screens":      {flowConfig("x", `{"version":"7.0","screens":[]}`), `(?s)flow_json\s+has\s+an\s+empty\s+"screens"`},
		"screen id":       {flowConfig("x", `{"version":"7.0","screens":[{"title":"A"}]}`), `(?s)screens\[0\]\s+without\s+a\s+string\s+"id"`},
		"not an object":   {flowConfig("x", `["version"]`), `(?s)flow_json\s+must\s+be\s+a\s+JSON\s+object`},
		"category":        {strings.Replace(flowConfig("x", ok), "APPOINTMENT_BOOKING", "BOOKING", 1), `(?s)categories.*value\s+must\s+be\s+one\s+of`},
		"no category":     {strings.Replace(flowConfig("x", ok), `["APPOINTMENT_BOOKING"]`, `[]`, 1), `(?s)categories.*at\s+least\s+1`},
		"blank name":      {flowConfig("  ", ok), `(?s)name.*must\s+not\s+be\s+empty\s+or\s+blank`},
		"endpoint":        {flowConfig("x", ok, `endpoint_uri = "http://example.com/flow"`), `(?s)endpoint_uri.*must\s+be\s+an\s+https://\s+URL`},
		"deprecated":      {flowConfig("x", ok, "deprecated = true"), `(?s)deprecated.*requires\s+publish\s+=\s+true`},
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

func TestAccFlowsDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's flows (Meta never deletes a published flow; the test deprecates it)")
	name := flowName("ds")
	doc := exampleFlowJSON(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkFlowsGone(name),
		Steps: []resource.TestStep{{
			Config: tg.provider() + flowConfig(name, doc, "publish = true") + `
data "whatsapp_flows" "published" {
  status     = "PUBLISHED"
  depends_on = [whatsapp_flow.f]
}
data "whatsapp_flows" "drafts" {
  status     = "DRAFT"
  depends_on = [whatsapp_flow.f]
}
`,
			Check: func(s *terraform.State) error {
				// The account may hold other flows: find this one among the published ones.
				ds := s.RootModule().Resources["data.whatsapp_flows.published"].Primary.Attributes
				id := s.RootModule().Resources[flowAddr].Primary.ID
				for i := 0; ; i++ {
					got, ok := ds[fmt.Sprintf("flows.%d.name", i)]
					if !ok {
						return fmt.Errorf("flow %s is not among the published flows: %v", name, ds)
					}
					if got != name {
						continue
					}
					at := func(k string) string { return ds[fmt.Sprintf("flows.%d.%s", i, k)] }
					if at("id") != id || at("status") != "PUBLISHED" || at("json_version") != "7.0" || at("validation_error_count") != "0" ||
						at("categories.#") != "1" || at("categories.0") != "APPOINTMENT_BOOKING" {
						return fmt.Errorf("published flow %d: %v", i, ds)
					}
					return nil
				}
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.whatsapp_flows.drafts", tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
			},
		}},
	})
}
