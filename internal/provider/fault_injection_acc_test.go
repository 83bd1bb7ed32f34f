package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// faultSeed fixes the random draws of the injected faults, so every run of the suite sees the
// same mix.
const faultSeed = 20261122

// faultMix is what the emulator injects into every Graph call, each fault with its own seeded
// chance: every throttling code with its usage header (estimated_time_to_regain_access 0, so the
// gate closes for the backoff only), server errors, added latency, connections dropped before
// Graph acts and responses lost after it acted.
func faultMix() []emulator.Fault {
	// Besides the random mix, three creates are acted on with their responses lost and two never
	// reach Graph, so reconciliation is always exercised.
	fs := []emulator.Fault{
		{Method: http.MethodPost, PathRegex: "/message_templates$", LoseResponse: true, Times: 3},
		{Method: http.MethodPost, PathRegex: "/message_templates$", DropConnection: true, Times: 2},
	}
	add := func(p float64, f emulator.Fault) {
		f.PathRegex, f.Probability, f.Seed = "^/v", p, faultSeed+uint64(len(fs))
		fs = append(fs, f)
	}
	add(0.015, emulator.Fault{Code: 4, Subcode: 2446079})
	add(0.015, emulator.Fault{Code: 17, Subcode: 2446079})
	add(0.015, emulator.Fault{Code: 613, Subcode: 1996})
	add(0.015, emulator.Fault{Code: 80007, Subcode: 2446079})
	add(0.015, emulator.Fault{Code: 80008})
	add(0.02, emulator.Fault{Code: 2})
	add(0.01, emulator.Fault{HTTPStatus: http.StatusServiceUnavailable})
	add(0.02, emulator.Fault{DropConnection: true})
	add(0.02, emulator.Fault{LoseResponse: true})
	add(0.04, emulator.Fault{LatencyMS: 150})
	return fs
}

const faultTemplates = 100

func faultSuiteConfig(tg *target, prefix, secondWABA string) string {
	return tg.provider(`max_retries = 10`, `request_timeout = "5s"`) + fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  count    = %d
  name     = "%s_${count.index}"
  language = "en_US"
  category = "UTILITY"
  body = {
    text = "Your order number ${count.index} has shipped."
  }
}

resource "whatsapp_business_profile" "p" {
  phone_number_id = %q
  about           = "Open every day"
  description     = "Plants, shipped with care."
  vertical        = "RETAIL"
}

resource "whatsapp_conversational_automation" "a" {
  phone_number_id        = %q
  enable_welcome_message = true
  prompts                = ["Where is my order?", "Talk to a person"]
}

resource "whatsapp_commerce_settings" "c" {
  phone_number_id    = %q
  is_catalog_visible = true
  is_cart_enabled    = false
}

resource "whatsapp_webhook_subscription" "main" {}

resource "whatsapp_webhook_subscription" "second" {
  business_account_id = %q
}
`, faultTemplates, prefix, tg.seed.PhoneNumberID, tg.seed.PhoneNumberID, tg.seed.PhoneNumberID, secondWABA)
}

// TestAccFaultInjection applies 100 templates, the phone number's settings and two webhook
// subscriptions while the emulator injects faults into about one call in five. The apply
// completes, state matches what the emulator holds, nothing is created twice and the next plan
// is empty.
func TestAccFaultInjection(t *testing.T) {
	tg := newTarget(t, emulator.Options{CreationLimitPerHour: 1000, ReviewDelay: time.Hour})
	tg.needsEmulator("a fault in Meta's answers")
	prefix := templateName("fault")
	second := tg.emu.AddWABA("Second account")
	cfg := faultSuiteConfig(tg, prefix, second)

	var (
		start  time.Time
		before graph.Stats
	)
	inject := func() {
		tg.emu.ClearFaults()
		for _, f := range faultMix() {
			tg.emu.AddFault(f)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					inject()
					before, start = testQuota.Stats(), time.Now()
				},
				Config: cfg,
				Check: func(s *terraform.State) error {
					wall := time.Since(start)
					stats := testQuota.Stats()
					tg.emu.ClearFaults()
					reportFaults(t, tg.requests(), stats, before, wall)
					return checkFaultSuiteState(tg, s, prefix, second)
				},
			},
			{
				// Under the same faults, the refresh and plan find nothing to change.
				PreConfig: inject,
				Config:    cfg,
				PlanOnly:  true,
			},
		},
	})
}

// reportFaults logs the injected fault rate, the retries and the wall time of the apply.
func reportFaults(t *testing.T, recs []emulator.RequestRecord, after, before graph.Stats, wall time.Duration) {
	t.Helper()
	kinds := map[string]int{}
	faulted := 0
	for _, r := range recs {
		switch {
		case r.Fault == "":
			continue
		case r.DroppedConnection:
			kinds["dropped connection"]++
		case r.LostResponse:
			kinds["lost response"]++
		case r.Code != 0:
			kinds[fmt.Sprintf("code %d", r.Code)]++
		default:
			kinds["latency"]++
		}
		faulted++
	}
	t.Logf("fault injection: %d Graph calls, %d faulted (%.1f%%): %v", len(recs), faulted, 100*float64(faulted)/float64(len(recs)), kinds)
	t.Logf("fault injection: %d retries, %d rate-limited calls, %d pauses at the quota gate; apply wall time %s",
		after.Retries-before.Retries, after.RateLimited-before.RateLimited, after.Pauses-before.Pauses, wall.Round(time.Millisecond))
	if faulted == 0 || kinds["lost response"] == 0 || kinds["dropped connection"] == 0 {
		t.Errorf("the suite injected too little to prove anything: %v", kinds)
	}
}

// checkFaultSuiteState compares state with the emulator and the request log with one create per
// template.
func checkFaultSuiteState(tg *target, s *terraform.State, prefix, secondWABA string) error {
	ctx := context.Background()
	c := tg.client()
	remote, err := c.ListMessageTemplates(ctx, tg.seed.BusinessAccountID, graph.TemplateFilter{})
	if err != nil {
		return err
	}
	byID := map[string]graph.MessageTemplate{}
	names := map[string]int{}
	for _, rt := range remote {
		if strings.HasPrefix(rt.Name, prefix+"_") {
			byID[rt.ID] = rt
			names[rt.Name]++
		}
	}
	if len(byID) != faultTemplates || len(names) != faultTemplates {
		return fmt.Errorf("the emulator holds %d templates under %d names, want %d", len(byID), len(names), faultTemplates)
	}
	res := s.RootModule().Resources
	for i := range faultTemplates {
		rs, ok := res[fmt.Sprintf("whatsapp_message_template.t.%d", i)]
		if !ok {
			return fmt.Errorf("template %d missing from state", i)
		}
		a := rs.Primary.Attributes
		rt, ok := byID[a["id"]]
		if !ok {
			return fmt.Errorf("template %d: id %s in state is not at Meta", i, a["id"])
		}
		body := ""
		for _, comp := range rt.Components {
			if comp.Type == "BODY" {
				body = comp.Text
			}
		}
		if rt.Name != a["name"] || rt.Language != a["language"] || rt.Status != a["status"] || rt.Category != a["category"] || body != a["body.text"] {
			return fmt.Errorf("template %d: state %s/%s/%s/%s/%q, emulator %s/%s/%s/%s/%q", i,
				a["name"], a["language"], a["status"], a["category"], a["body.text"], rt.Name, rt.Language, rt.Status, rt.Category, body)
		}
	}

	// One successful create per template reached Graph (a lost response counts: Meta acted),
	// and no create was refused because its name already existed.
	creates, dupes := 0, 0
	createPath := regexp.MustCompile(`/` + tg.seed.BusinessAccountID + `/message_templates$`)
	for _, r := range tg.requests() {
		if r.Method != http.MethodPost || !createPath.MatchString(r.Path) {
			continue
		}
		if r.Status == http.StatusOK {
			creates++
		}
		if r.Subcode == graph.SubcodeTemplateLanguageExists {
			dupes++
		}
	}
	if creates != faultTemplates || dupes != 0 {
		return fmt.Errorf("%d successful creates and %d duplicate refusals reached the emulator, want %d and 0", creates, dupes, faultTemplates)
	}

	phone := tg.seed.PhoneNumberID
	p, err := c.GetBusinessProfile(ctx, phone)
	if err != nil {
		return err
	}
	pa := res["whatsapp_business_profile.p"].Primary.Attributes
	if p.About != pa["about"] || p.Description != pa["description"] || p.Vertical != pa["vertical"] {
		return fmt.Errorf("business profile: state %v, emulator %+v", pa, p)
	}
	a, err := c.GetConversationalAutomation(ctx, phone)
	if err != nil {
		return err
	}
	aa := res["whatsapp_conversational_automation.a"].Primary.Attributes
	if fmt.Sprint(a.EnableWelcomeMessage) != aa["enable_welcome_message"] || len(a.Prompts) != 2 ||
		a.Prompts[0] != aa["prompts.0"] || a.Prompts[1] != aa["prompts.1"] {
		return fmt.Errorf("conversational automation: state %v, emulator %+v", aa, a)
	}
	cs, err := c.GetCommerceSettings(ctx, phone)
	if err != nil {
		return err
	}
	ca := res["whatsapp_commerce_settings.c"].Primary.Attributes
	if fmt.Sprint(cs.IsCatalogVisible) != ca["is_catalog_visible"] || fmt.Sprint(cs.IsCartEnabled) != ca["is_cart_enabled"] {
		return fmt.Errorf("commerce settings: state %v, emulator %+v", ca, cs)
	}
	for addr, waba := range map[string]string{"whatsapp_webhook_subscription.main": tg.seed.BusinessAccountID, "whatsapp_webhook_subscription.second": secondWABA} {
		if _, ok := res[addr]; !ok {
			return fmt.Errorf("%s missing from state", addr)
		}
		apps, err := c.ListSubscribedApps(ctx, waba)
		if err != nil {
			return err
		}
		if len(apps) != 1 || apps[0].App.ID != tg.seed.AppID {
			return fmt.Errorf("%s: WABA %s has subscriptions %+v, want the app once", addr, waba, apps)
		}
	}
	return nil
}
