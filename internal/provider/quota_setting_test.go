package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// max_quota_percent is checked at plan time, in configuration and in its environment variable,
// and a bad value never reaches Graph.
func TestAccProviderMaxQuotaPercentValidation(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tmpl := utilityTemplate(templateName("cap"), "Hello {{1}}, your order {{2}} has shipped.")
	for _, tc := range []struct {
		name, attr, env, want string
	}{
		{"zero", "max_quota_percent = 0", "", `max_quota_percent\s+value\s+must\s+be\s+between\s+1\s+and\s+100`},
		{"above 100", "max_quota_percent = 101", "", `max_quota_percent\s+value\s+must\s+be\s+between\s+1\s+and\s+100`},
		{"env not a number", "", "most", `max_quota_percent\s+\(from\s+WHATSAPP_MAX_QUOTA_PERCENT\)\s+is\s+"most";\s+it\s+must\s+be\s+a\s+whole\s+number\s+of\s+percent\s+between\s+1\s+and\s+100`},
		{"env out of range", "", "0", `Invalid\s+quota\s+cap`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envMaxQuotaPercent, tc.env)
			var extra []string
			if tc.attr != "" {
				extra = append(extra, tc.attr)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tg.provider(extra...) + tmpl,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid quota caps reached Graph: %+v", reqs)
	}
	// A valid cap plans normally.
	t.Setenv(envMaxQuotaPercent, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:             tg.provider("max_quota_percent = 80") + tmpl,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
