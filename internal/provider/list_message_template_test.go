package provider

import (
	"context"
	"net/http"
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
	tg.needsEmulator()
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
						{Path: tfjsonpath.New("body").AtMapKey("text"), KnownValue: knownvalue.StringExact("Hi {{1}}, order {{2}} has shipped.")},
						{Path: tfjsonpath.New("buttons").AtSliceIndex(0).AtMapKey("url"), KnownValue: knownvalue.StringExact("https://shop.example.com/t/{{1}}")},
					}),
				},
			},
		},
	})
}
