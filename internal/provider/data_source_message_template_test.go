package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

func TestAccMessageTemplateDataSources(t *testing.T) {
	tg := newTarget(t, emulator.Options{CreationLimitPerHour: 1000})
	tg.slow("creates 120 templates, more than Meta lets an account create in an hour")
	prefix := templateName("listed")
	tg.deleteTemplatesAfter(prefix)
	// More templates than one page of 100, so the list must follow paging.next.
	client := tg.client()
	for i := range 120 {
		_, err := client.CreateMessageTemplate(context.Background(), tg.seed.BusinessAccountID, graph.NewMessageTemplate{
			Name: fmt.Sprintf("%s_%03d", prefix, i), Language: "en_US",
			MessageTemplateContent: graph.MessageTemplateContent{Category: "UTILITY", Components: []graph.TemplateComponent{{Type: "BODY", Text: "Your order has shipped."}}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	config := tg.provider() + utilityTemplate(prefix, "Hi {{1}}, your order {{2}} has shipped.", "wait_for_review = true") + fmt.Sprintf(`
data "whatsapp_message_template" "by_name" {
  name     = whatsapp_message_template.t.name
  language = "en_US"
}
data "whatsapp_message_template" "by_id" {
  id = whatsapp_message_template.t.id
}
data "whatsapp_message_templates" "listed" {
  name_contains = %q
  depends_on    = [whatsapp_message_template.t]
}
`, prefix)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("data.whatsapp_message_template.by_name", tfjsonpath.New("id"), tplAddr, tfjsonpath.New("id"), compareSame),
					statecheck.ExpectKnownValue("data.whatsapp_message_template.by_name", tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
					statecheck.ExpectKnownValue("data.whatsapp_message_template.by_id", tfjsonpath.New("body").AtMapKey("text"), knownvalue.StringExact("Hi {{1}}, your order {{2}} has shipped.")),
					statecheck.ExpectKnownValue("data.whatsapp_message_template.by_id", tfjsonpath.New("buttons").AtSliceIndex(1).AtMapKey("type"), knownvalue.StringExact("QUICK_REPLY")),
					statecheck.ExpectKnownValue("data.whatsapp_message_templates.listed", tfjsonpath.New("templates"), knownvalue.ListSizeExact(121)),
				},
			},
			{
				Config:      tg.provider() + `data "whatsapp_message_template" "missing" {` + "\n" + `name = "no_such_template"` + "\n" + `language = "en_US"` + "\n}",
				ExpectError: regexp.MustCompile(`Message template not found`),
			},
		},
	})
}
