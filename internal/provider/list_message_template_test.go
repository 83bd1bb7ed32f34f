package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// seedListTemplates creates five templates out of band and waits for their review: order_update
// in three languages and spring_sale approved, spring_sale_rej rejected.
func seedListTemplates(t *testing.T, tg *target) {
	t.Helper()
	tg.needsEmulator("Meta's review outcomes")
	// Reviews end at once; the latest matching outcome rule decides, approval when none does.
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: ".", DelayMS: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "_rej$", Status: "REJECTED", Reason: "INVALID_FORMAT"}); err != nil {
		t.Fatal(err)
	}
	c := tg.client()
	create := func(name, lang string) {
		body := managerTemplates[0](name, lang) // utility: body, footer, URL and quick reply buttons
		if name != "order_update" {
			body = managerTemplates[4](name, lang) // marketing: body and a coupon code
		}
		if err := c.Do(context.Background(), graph.Request{Method: http.MethodPost, Path: tg.seed.BusinessAccountID + "/message_templates", Body: body}, nil); err != nil {
			t.Fatalf("creating %s %s: %v", name, lang, err)
		}
	}
	for _, lang := range []string{"en_US", "es_ES", "pt_BR"} {
		create("order_update", lang)
	}
	create("spring_sale", "en_US")
	create("spring_sale_rej", "en_US")
	for deadline := time.Now().Add(5 * time.Second); ; {
		all, err := c.ListMessageTemplates(context.Background(), tg.seed.BusinessAccountID, graph.TemplateFilter{Status: graph.TemplateStatusPending})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d templates still pending review", len(all))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Templates made out of band are listed by name and language, with their content, on an account
// that holds other templates too.
func TestAccMessageTemplateList_filters(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	prefix := templateName("listed_order")
	tg.deleteTemplatesAfter(prefix)
	c, waba := tg.client(), tg.seed.BusinessAccountID
	for _, lang := range []string{"en_US", "es_ES", "pt_BR"} {
		if err := c.Do(context.Background(), graph.Request{Method: http.MethodPost, Path: waba + "/message_templates", Body: managerTemplates[0](prefix, lang)}, nil); err != nil {
			t.Fatalf("creating %s %s: %v", prefix, lang, err)
		}
	}
	english := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
		"business_account_id": knownvalue.StringExact(waba),
		"name":                knownvalue.StringExact(prefix),
		"language":            knownvalue.StringExact("en_US"),
	})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Query: true,
			Config: tg.provider() + `
list "whatsapp_message_template" "named" {
  provider         = whatsapp
  include_resource = true
  config {
    name = "` + prefix + `"
  }
}

list "whatsapp_message_template" "portuguese" {
  provider = whatsapp
  config {
    name     = "` + prefix + `"
    language = "pt_BR"
  }
}
`,
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("whatsapp_message_template.named", 3),
				querycheck.ExpectLength("whatsapp_message_template.portuguese", 1),
				querycheck.ExpectIdentity("whatsapp_message_template.portuguese", map[string]knownvalue.Check{
					"business_account_id": knownvalue.StringExact(waba),
					"name":                knownvalue.StringExact(prefix),
					"language":            knownvalue.StringExact("pt_BR"),
				}),
				querycheck.ExpectResourceDisplayName("whatsapp_message_template.named", english, knownvalue.StringExact(prefix+" (en_US)")),
				querycheck.ExpectResourceKnownValues("whatsapp_message_template.named", english, []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringRegexp(graphIDPattern)},
					{Path: tfjsonpath.New("category"), KnownValue: knownvalue.StringExact("UTILITY")},
					{Path: tfjsonpath.New("body").AtMapKey("text"), KnownValue: knownvalue.StringExact("Hi {{1}}, your order {{2}} has shipped.")},
					{Path: tfjsonpath.New("buttons").AtSliceIndex(0).AtMapKey("url"), KnownValue: knownvalue.StringExact("https://shop.example.com/t/{{1}}")},
				}),
			},
		}},
	})
}

func TestAccMessageTemplateList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	seedListTemplates(t, tg)
	waba := tg.seed.BusinessAccountID
	orderEN := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
		"business_account_id": knownvalue.StringExact(waba),
		"name":                knownvalue.StringExact("order_update"),
		"language":            knownvalue.StringExact("en_US"),
	})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Query: true,
				Config: tg.provider() + `
list "whatsapp_message_template" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_message_template" "order" {
  provider = whatsapp
  config {
    name = "order"
  }
}

list "whatsapp_message_template" "english_marketing" {
  provider = whatsapp
  config {
    language = "en_US"
    category = "MARKETING"
  }
}

list "whatsapp_message_template" "rejected" {
  provider = whatsapp
  config {
    business_account_id = "` + waba + `"
    status              = "REJECTED"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("whatsapp_message_template.all", 5),
					querycheck.ExpectLength("whatsapp_message_template.order", 3),
					querycheck.ExpectLength("whatsapp_message_template.english_marketing", 2),
					querycheck.ExpectLength("whatsapp_message_template.rejected", 1),
					querycheck.ExpectIdentity("whatsapp_message_template.rejected", map[string]knownvalue.Check{
						"business_account_id": knownvalue.StringExact(waba),
						"name":                knownvalue.StringExact("spring_sale_rej"),
						"language":            knownvalue.StringExact("en_US"),
					}),
					querycheck.ExpectIdentity("whatsapp_message_template.order", map[string]knownvalue.Check{
						"business_account_id": knownvalue.StringExact(waba),
						"name":                knownvalue.StringExact("order_update"),
						"language":            knownvalue.StringExact("pt_BR"),
					}),
					querycheck.ExpectResourceDisplayName("whatsapp_message_template.all", orderEN, knownvalue.StringExact("order_update (en_US)")),
					querycheck.ExpectResourceKnownValues("whatsapp_message_template.all", orderEN, []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringRegexp(graphIDPattern)},
						{Path: tfjsonpath.New("business_account_id"), KnownValue: knownvalue.StringExact(waba)},
						{Path: tfjsonpath.New("category"), KnownValue: knownvalue.StringExact("UTILITY")},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("APPROVED")},
						{Path: tfjsonpath.New("wait_for_review"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("timeouts"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("body").AtMapKey("text"), KnownValue: knownvalue.StringExact("Hi {{1}}, your order {{2}} has shipped.")},
						{Path: tfjsonpath.New("buttons").AtSliceIndex(0).AtMapKey("url"), KnownValue: knownvalue.StringExact("https://shop.example.com/t/{{1}}")},
					}),
				},
			},
		},
	})
}

// TestAccMessageTemplateListGenerateConfig adopts an account's templates as the Terraform CLI
// documents for list resources: `terraform query -generate-config-out` writes an import block
// and a resource block per template, plan shows only imports, apply changes nothing at Meta and
// the next plan is empty.
func TestAccMessageTemplateListGenerateConfig(t *testing.T) {
	skipBelowCLI(t, 1, 14)
	tg := newTarget(t, emulator.Options{})
	const templates = 18 // six shapes (utility, named marketing, authentication, location, coupon, image) in three languages
	seedManagerTemplates(t, tg, templates)
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	cli.write(dir, "main.tf", cliProviderMain)
	cli.write(dir, "templates.tfquery.hcl", `list "whatsapp_message_template" "all" {
  provider         = whatsapp
  include_resource = true
}
`)
	tg.clearRequests()
	out := cli.mustRun(dir, "query", "-no-color", "-generate-config-out=generated.tf")
	listed := regexp.MustCompile(`(?m)^list\.whatsapp_message_template\.all\s+business_account_id=`+tg.seed.BusinessAccountID+
		`,language=(\w+),name=(manager_\d+)\s+(manager_\d+) \((\w+)\)$`).FindAllStringSubmatch(out, -1)
	if len(listed) != templates {
		t.Fatalf("query listed %d templates, want %d:\n%s", len(listed), templates, out)
	}
	for _, m := range listed {
		if m[2] != m[3] || m[1] != m[4] {
			t.Errorf("display name %s (%s) is not the identity's name %s and language %s", m[3], m[4], m[2], m[1])
		}
	}
	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(generated), `resource "whatsapp_message_template"`); got != templates {
		t.Fatalf("generated %d template resources, want %d:\n%s", got, templates, generated)
	}
	if got := strings.Count(string(generated), "import {"); got != templates {
		t.Fatalf("generated %d import blocks, want %d:\n%s", got, templates, generated)
	}
	for _, want := range []string{`name\s+=\s+"manager_000"`, `language\s+=\s+"pt_BR"`, `business_account_id\s+=\s+"` + tg.seed.BusinessAccountID + `"`, `parameter_format\s+=\s+"NAMED"`} {
		if !regexp.MustCompile(want).Match(generated) {
			t.Errorf("generated configuration lacks %s", want)
		}
	}
	out = cli.mustRun(dir, "plan", "-input=false")
	if !strings.Contains(out, fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", templates)) {
		t.Fatalf("plan of the generated configuration is not a pure import:\n%s", out)
	}
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	cli.expectEmptyPlan(dir)
	if writes := len(tg.calls(http.MethodPost, "")) + len(tg.calls(http.MethodDelete, "")); writes != 0 {
		t.Fatalf("adopting sent %d writes to Graph; it must only read", writes)
	}
}

// skipBelowCLI skips a test unless the CLI the tests run is Terraform major.minor or later.
func skipBelowCLI(t *testing.T, major, minor int) {
	t.Helper()
	out, err := exec.Command(terraformCLI(), "version", "-json").Output()
	if err != nil {
		t.Skipf("cannot run %s version: %v", terraformCLI(), err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		t.Skipf("%s version -json: %s", terraformCLI(), out)
	}
	var gotMajor, gotMinor int
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &gotMajor, &gotMinor); err != nil {
		t.Skipf("cannot read the version %q", v.Version)
	}
	if gotMajor < major || (gotMajor == major && gotMinor < minor) {
		t.Skipf("needs Terraform %d.%d or later, %s is %s", major, minor, terraformCLI(), v.Version)
	}
}
