package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Invalid templates fail at plan time, naming the attribute and the rule, before any Graph call.
func TestAccMessageTemplate_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cases := map[string]struct {
		config string
		want   string
	}{
		"name pattern":        {utilityTemplate("Order-Update", "Hi {{1}}, your order {{2}} has shipped."), `(?s)name.*lowercase letters, digits and underscores`},
		"language":            {`resource "whatsapp_message_template" "t" {` + "\n" + `name = "x"` + "\n" + `language = "english"` + "\n" + `category = "UTILITY"` + "\n" + `body = { text = "Hello there" }` + "\n}", `(?s)language.*value must be one of`},
		"missing examples":    {`resource "whatsapp_message_template" "t" {` + "\n" + `name = "x"` + "\n" + `language = "en_US"` + "\n" + `category = "UTILITY"` + "\n" + `body = { text = "Hi {{1}}, welcome." }` + "\n}", `(?s)body.*example`},
		"variable at the end": {`resource "whatsapp_message_template" "t" {` + "\n" + `name = "x"` + "\n" + `language = "en_US"` + "\n" + `category = "UTILITY"` + "\n" + `body = {` + "\n" + `text = "Your code is {{1}}"` + "\n" + `examples = ["1"]` + "\n}\n}", `(?s)body\.text.*end`},
		"otp outside auth":    {`resource "whatsapp_message_template" "t" {` + "\n" + `name = "x"` + "\n" + `language = "en_US"` + "\n" + `category = "UTILITY"` + "\n" + `body = { text = "Hello there" }` + "\n" + `buttons = [{ type = "OTP", otp_type = "COPY_CODE" }]` + "\n}", `(?s)buttons\[0\].*AUTHENTICATION`},
		"ttl for category":    {`resource "whatsapp_message_template" "t" {` + "\n" + `name = "x"` + "\n" + `language = "en_US"` + "\n" + `category = "MARKETING"` + "\n" + `body = { text = "Hello there" }` + "\n" + `message_send_ttl_seconds = 60` + "\n}", `(?s)message_send_ttl_seconds.*43200`},
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
