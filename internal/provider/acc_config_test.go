package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
)

// templateName returns a name unique to this run: Meta locks deleted names for four weeks.
func templateName(prefix string) string {
	return strings.ReplaceAll(acctest.RandomWithPrefix("tfacc_"+prefix), "-", "_")
}

// utilityTemplate renders whatsapp_message_template.t, a UTILITY template with a body text.
func utilityTemplate(name, body string, extra ...string) string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name     = %q
  language = "en_US"
  category = "UTILITY"
  body = {
    text     = %q
    examples = ["Ana", "A-1042"]
  }
  footer = { text = "Reply STOP to opt out" }
  buttons = [
    { type = "URL", text = "Track order", url = "https://shop.example.com/track/{{1}}", example = "https://shop.example.com/track/A-1042" },
    { type = "QUICK_REPLY", text = "Talk to us" },
  ]
  %s
}
`, name, body, strings.Join(extra, "\n  "))
}

// cliProviderHeader requires the provider from the registry address the CLI tests override.
const cliProviderHeader = `terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}
`

const phoneAddr = "whatsapp_phone_number.p"

// phoneConfig renders whatsapp_phone_number.p for +1 631-555-1000 with extra attributes.
func phoneConfig(tg *target, extra ...string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_phone_number" "p" {
  country_code = "1"
  phone_number = "6315551000"
  display_name = "Jasper's Market"
  %s
}
`, strings.Join(extra, "\n  "))
}

// onboarded is the configuration of a verified, registered number.
func onboarded(tg *target, extra ...string) string {
	return phoneConfig(tg, append([]string{`pin_wo = "111111"`, "pin_wo_version = 1", `verification_code_wo = "123456"`, `search_visibility = "VISIBLE"`}, extra...)...)
}

const phoneHookAddr = "whatsapp_phone_number_webhook.w"

// subscription subscribes the app to the provider's WABA: Meta requires it before overrides.
const subscription = `
resource "whatsapp_webhook_subscription" "s" {}
`

// hookConfig renders whatsapp_phone_number_webhook.w for the number, after the subscription.
func hookConfig(tg *target, phoneID, url string, extra ...string) string {
	return tg.provider() + subscription + fmt.Sprintf(`
resource "whatsapp_phone_number_webhook" "w" {
  phone_number_id = %q
  callback_url    = %q
  %s
  depends_on = [whatsapp_webhook_subscription.s]
}
`, phoneID, url, strings.Join(extra, "\n  "))
}

// subscriptionConfig renders whatsapp_webhook_subscription.s with extra attribute lines.
func subscriptionConfig(lines ...string) string {
	return "resource \"whatsapp_webhook_subscription\" \"s\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

// quoted renders items as the elements of an HCL list of strings.
func quoted(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
