package provider

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

func TestAccWebhookSubscriptionsDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the apps subscribed to the account's webhooks")
	tg.needsLocalCallbacks()
	const addr = "data.whatsapp_webhook_subscriptions.this"
	config := tg.provider() + `data "whatsapp_webhook_subscriptions" "this" {}`
	sink := tg.webhookSink("t")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      tg.provider() + `data "whatsapp_webhook_subscriptions" "this" { business_account_id = "waba-1" }`,
				ExpectError: regexp.MustCompile(`numeric Graph object id`),
				PlanOnly:    true,
			},
			{
				PreConfig: func() {
					if n := len(tg.requests()); n != 0 {
						t.Fatalf("the invalid configuration reached Graph %d times", n)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("business_account_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("apps"), knownvalue.ListExact(nil)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("current_app_subscribed"), knownvalue.Bool(false)),
				},
			},
			{
				PreConfig: func() {
					if err := tg.client().SubscribeApp(context.Background(), tg.seed.BusinessAccountID, &graph.WABAOverride{CallbackURI: sink, VerifyToken: "t"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("current_app_subscribed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("import_id"), knownvalue.StringExact(tg.seed.BusinessAccountID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("apps").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(tg.seed.AppID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("apps").AtSliceIndex(0).AtMapKey("override_callback_uri"), knownvalue.StringExact(sink)),
				},
			},
		},
	})
}
