package provider

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// recordingServers is a provider factory (fast paths verified) that keeps every server it
// makes, to count the calls their fast paths answered.
type recordingServers struct {
	mu      sync.Mutex
	servers []*server
}

func (r *recordingServers) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"whatsapp": func() (tfprotov6.ProviderServer, error) {
			s, err := NewProtocol6Server("test", FastPathsVerify)()
			if err == nil {
				r.mu.Lock()
				r.servers = append(r.servers, s.(*server))
				r.mu.Unlock()
			}
			return s, err
		},
	}
}

// counts sums, over every server made so far, the calls received and answered fast.
type counts struct{ upgrades, plans, reads, fastUpgrades, fastPlans, fastReads int64 }

func (r *recordingServers) counts() counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	var c counts
	for _, s := range r.servers {
		c.upgrades += s.received.upgrade.Load()
		c.plans += s.received.plan.Load()
		c.reads += s.received.read.Load()
		c.fastUpgrades += s.answered.upgrade.Load()
		c.fastPlans += s.answered.plan.Load()
		c.fastReads += s.answered.read.Load()
	}
	return c
}

func (c counts) minus(o counts) counts {
	return counts{c.upgrades - o.upgrades, c.plans - o.plans, c.reads - o.reads, c.fastUpgrades - o.fastUpgrades, c.fastPlans - o.fastPlans, c.fastReads - o.fastReads}
}

// fastPathTemplates renders five templates of different shapes; the one named with suffix
// "edited" gets the given body text.
func fastPathTemplates(tg *target, prefix, editedBody string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_message_template" "plain" {
  name     = "%[1]s_plain"
  language = "en_US"
  category = "UTILITY"
  body     = { text = "Your order has shipped." }
}

resource "whatsapp_message_template" "buttons" {
  name     = "%[1]s_buttons"
  language = "en_US"
  category = "MARKETING"
  header   = { format = "TEXT", text = "Hello {{1}}", example = "Ana" }
  body = {
    text     = "Hi {{1}}, order {{2}} has shipped."
    examples = ["Ana", "A-1042"]
  }
  footer = { text = "Reply STOP to opt out" }
  buttons = [
    { type = "URL", text = "Track order", url = "https://shop.example.com/track/{{1}}", example = "https://shop.example.com/track/A-1042" },
    { type = "PHONE_NUMBER", text = "Call us", phone_number = "+15550100" },
    { type = "QUICK_REPLY", text = "Talk to us" },
  ]
}

resource "whatsapp_message_template" "named" {
  name             = "%[1]s_named"
  language         = "pt_BR"
  category         = "UTILITY"
  parameter_format = "NAMED"
  body = {
    text           = "Olá {{first_name}}, seu pedido foi enviado."
    named_examples = { first_name = "Ana" }
  }
  wait_for_review = true
}

resource "whatsapp_message_template" "paused" {
  name     = "%[1]s_paused"
  language = "en_US"
  category = "MARKETING"
  body     = { text = "Our summer sale starts today." }
}

resource "whatsapp_message_template" "edited" {
  name     = "%[1]s_edited"
  language = "en_US"
  category = "UTILITY"
  body     = { text = %[2]q }
}
`, prefix, editedBody)
}

// TestAccFastPaths_planOfUnchangedTemplates shows the protocol server's fast paths at work in
// real Terraform runs, each fast answer verified against the framework's. After the apply,
// Meta's reviews end and the plan refreshes, upgrades and plans every template without the
// framework, taking the new review outcome into the state. A template Meta paused stays on the
// fast paths too (with its warning); one edited outside Terraform is refreshed and planned by
// the framework, which plans the edit back, and after an apply all are fast again.
func TestAccFastPaths_planOfUnchangedTemplates(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	rec := &recordingServers{}
	prefix := templateName("fast")
	const templates = 5
	var last counts
	// step returns the calls since the previous step, checking that some were made.
	step := func(name string) counts {
		now := rec.counts()
		c := now.minus(last)
		last = now
		if c.reads == 0 || c.plans == 0 || c.reads%templates != 0 || c.plans%templates != 0 {
			t.Fatalf("%s: %d refreshes and %d plans, want a positive multiple of %d each", name, c.reads, c.plans, templates)
		}
		return c
	}
	allFast := func(name string) {
		c := step(name)
		if c.fastReads != c.reads || c.fastPlans != c.plans || c.fastUpgrades != c.upgrades {
			t.Errorf("%s: fast answers: %d of %d refreshes, %d of %d plans, %d of %d upgrades; want all", name, c.fastReads, c.reads, c.fastPlans, c.plans, c.fastUpgrades, c.upgrades)
		}
	}
	original, atMeta := "Your code expires soon.", "Your code expires in ten minutes."
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{
			{Config: fastPathTemplates(tg, prefix, original), Check: resource.TestCheckResourceAttr("whatsapp_message_template.plain", "status", "PENDING")},
			{
				// Meta's reviews end after the apply.
				PreConfig:    func() { time.Sleep(400 * time.Millisecond); last = rec.counts() },
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr("whatsapp_message_template.plain", "status", "APPROVED"),
			},
			{PreConfig: func() { allFast("refresh after the reviews") }, Config: fastPathTemplates(tg, prefix, original), PlanOnly: true},
			{
				PreConfig: func() {
					allFast("plan of an up-to-date state")
					if _, err := tg.emu.Review(emulator.ReviewRule{NameRegex: "^" + prefix + "_paused$", Status: "PAUSED", QualityScore: "RED"}); err != nil {
						t.Fatal(err)
					}
					editBody(t, tg, prefix+"_edited", atMeta)
				},
				Config:             fastPathTemplates(tg, prefix, original),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() {
					c := step("plan after changes at Meta")
					refreshingPlans := c.reads / templates
					if c.fastReads != c.reads-refreshingPlans || c.fastPlans != c.plans-refreshingPlans {
						t.Errorf("plan after changes at Meta: fast answers: %d of %d refreshes, %d of %d plans; want all but the edited template's refreshes and refreshed plans",
							c.fastReads, c.reads, c.fastPlans, c.plans)
					}
				},
				// Keeping the text edited at Meta: the apply adopts it without an edit.
				Config: fastPathTemplates(tg, prefix, atMeta),
				Check:  resource.TestCheckResourceAttr("whatsapp_message_template.paused", "status", "PAUSED"),
			},
			{PreConfig: func() { last = rec.counts() }, Config: fastPathTemplates(tg, prefix, atMeta), PlanOnly: true},
			{PreConfig: func() { allFast("plan after the apply") }, Config: fastPathTemplates(tg, prefix, atMeta), PlanOnly: true},
		},
	})
}

// editBody changes a template's body text at Meta, as WhatsApp Manager would.
func editBody(t *testing.T, tg *target, name, text string) {
	t.Helper()
	c := tg.client()
	found, err := c.FindMessageTemplate(context.Background(), tg.seed.BusinessAccountID, name, "en_US")
	if err != nil || found == nil {
		t.Fatalf("finding %s: %v", name, err)
	}
	var m messageTemplateModel
	m.applyRemote(found, nil)
	m.Body.Text = types.StringValue(text)
	if err := c.EditMessageTemplate(context.Background(), found.ID, m.content()); err != nil {
		t.Fatal(err)
	}
}
