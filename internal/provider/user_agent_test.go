package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestUserAgent(t *testing.T) {
	cases := map[[2]string]string{
		{"0.1.0", "1.11.4"}: "terraform-provider-whatsapp/0.1.0 (+https://registry.terraform.io/providers/whatsapp-iac/whatsapp) Terraform/1.11.4",
		{"dev", ""}:         "terraform-provider-whatsapp/dev (+https://registry.terraform.io/providers/whatsapp-iac/whatsapp)",
	}
	for in, want := range cases {
		if got := userAgent(in[0], in[1]); got != want {
			t.Errorf("userAgent(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}

// Every Graph call names the provider's version and the Terraform version that runs it.
func TestAccProvider_userAgent(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	want := regexp.MustCompile(`^terraform-provider-whatsapp/test \(\+https://registry\.terraform\.io/providers/whatsapp-iac/whatsapp\) Terraform/[0-9]+\.[0-9]+\.[0-9]+\S*$`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider() + `data "whatsapp_business_account" "current" {}`,
		}},
	})
	calls := tg.requests()
	if len(calls) == 0 {
		t.Fatal("no Graph calls recorded")
	}
	for _, c := range calls {
		if !want.MatchString(c.UserAgent) {
			t.Errorf("%s %s sent User-Agent %q, want %s", c.Method, c.Path, c.UserAgent, want)
		}
	}
}
