package provider

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// The protocol server's fast paths on the message template (package fastpath tests the
// mechanism on a resource of its own).

const templateType = "whatsapp_message_template"

func newFastServer(tb testing.TB) *fastpath.Server {
	tb.Helper()
	s, err := NewServer("test", fastpath.ModeOn)()
	if err != nil {
		tb.Fatal(err)
	}
	return s.(*fastpath.Server)
}

// templateValueType is the message template's state type as the server declares it.
func templateValueType(tb testing.TB, s tfprotov6.ProviderServer) tftypes.Type {
	tb.Helper()
	schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || schemas.ResourceSchemas[templateType] == nil {
		tb.Fatal(err, "no schema of", templateType)
	}
	return schemas.ResourceSchemas[templateType].ValueType()
}

// attributesOf returns an object value's attributes.
func attributesOf(tb testing.TB, v tftypes.Value) map[string]tftypes.Value {
	tb.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		tb.Fatal(err)
	}
	return maps.Clone(attrs)
}

func dynamicValue(tb testing.TB, v tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// templateIdentityType is the type of a template's identity.
func templateIdentityType(tb testing.TB, s tfprotov6.ProviderServer) tftypes.Type {
	tb.Helper()
	schemas, err := s.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil || schemas.IdentitySchemas[templateType] == nil {
		tb.Fatal(err, "no identity schema of", templateType)
	}
	return schemas.IdentitySchemas[templateType].ValueType()
}

// identityOf is the identity Terraform holds beside a template's state.
func identityOf(tb testing.TB, s tfprotov6.ProviderServer, state tftypes.Value) *tfprotov6.ResourceIdentityData {
	tb.Helper()
	attrs := attributesOf(tb, state)
	typ := templateIdentityType(tb, s)
	v := tftypes.NewValue(typ, map[string]tftypes.Value{
		"business_account_id": attrs["business_account_id"], "name": attrs["name"], "language": attrs["language"],
	})
	return &tfprotov6.ResourceIdentityData{IdentityData: dynamicValue(tb, v)}
}

// asConfig turns a template state into the configuration that planned it: Meta's attributes
// and the ones left to their defaults are null.
func asConfig(tb testing.TB, state tftypes.Value, unset ...string) tftypes.Value {
	tb.Helper()
	attrs := attributesOf(tb, state)
	out := make(map[string]tftypes.Value, len(attrs))
	for name, v := range attrs {
		out[name] = v
	}
	for _, name := range append([]string{"id", "business_account_id", "status", "rejected_reason", "quality_score", "meta_category", "previous_category"}, unset...) {
		out[name] = tftypes.NewValue(attrs[name].Type(), nil)
	}
	return tftypes.NewValue(state.Type(), out)
}

// TestFastPaths_plan plans templates through the protocol server and through the framework
// alone: both answers are the same in every case, and the fast path answers exactly the
// unchanged ones.
func TestFastPaths_plan(t *testing.T) {
	waiting := func(m *messageTemplateModel) { m.WaitForReview = types.BoolValue(true) }
	cases := []struct {
		name     string
		prior    func(*messageTemplateModel)
		proposed func(*messageTemplateModel) // nil: the prior state
		unset    []string                    // attributes the configuration leaves out
		fast     bool
		warning  string
	}{
		{name: "approved and unchanged", fast: true},
		{name: "paused by Meta", prior: func(m *messageTemplateModel) { m.Status = types.StringValue("PAUSED") }, fast: true, warning: "Message template paused by Meta"},
		{name: "recategorised by Meta", prior: func(m *messageTemplateModel) { m.MetaCategory = types.StringValue("MARKETING") }, fast: true, warning: "Meta changed the template's category"},
		{name: "waiting for review, configured", prior: waiting, fast: true},
		{name: "waiting for review, left to its default", prior: waiting, unset: []string{"wait_for_review"}},
		{name: "body changed", proposed: func(m *messageTemplateModel) { m.Body.Text = types.StringValue("Hi {{1}}, order {{2}} is on its way.") }},
		// Terraform before 1.12, or a state written before templates had an identity: a null
		// identity is planned, as the framework plans it.
		{name: "no identity yet", fast: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newFastServer(t)
			prior := templateState(t, tc.prior).Raw
			proposed := prior
			if tc.proposed != nil {
				proposed = templateState(t, func(m *messageTemplateModel) {
					if tc.prior != nil {
						tc.prior(m)
					}
					tc.proposed(m)
				}).Raw
			}
			req := &tfprotov6.PlanResourceChangeRequest{
				TypeName: templateType, PriorState: dynamicValue(t, prior), ProposedNewState: dynamicValue(t, proposed),
				Config: dynamicValue(t, asConfig(t, proposed, tc.unset...)), PriorIdentity: identityOf(t, s, prior),
			}
			if tc.name == "no identity yet" {
				req.PriorIdentity = nil
			}
			fast, err := s.PlanResourceChange(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			framework, err := s.Framework().PlanResourceChange(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if err := fastpath.Compare(templateValueType(t, s), templateIdentityType(t, s),
				fastpath.Answer{State: fast.PlannedState, Identity: fast.PlannedIdentity, Diagnostics: fast.Diagnostics, Private: fast.PlannedPrivate},
				fastpath.Answer{State: framework.PlannedState, Identity: framework.PlannedIdentity, Diagnostics: framework.Diagnostics, Private: framework.PlannedPrivate}); err != nil {
				t.Fatal(err)
			}
			if got := s.Answered().Plans == 1; got != tc.fast {
				t.Fatalf("answered on the fast path: %v, want %v", got, tc.fast)
			}
			var summaries []string
			for _, d := range fast.Diagnostics {
				summaries = append(summaries, d.Summary)
			}
			if tc.warning != "" && (len(summaries) != 1 || summaries[0] != tc.warning) {
				t.Fatalf("diagnostics %q, want the warning %q", summaries, tc.warning)
			}
		})
	}
}

// TestFastPaths_defaultChangesThePlan shows why a default that does not hold sends the plan to
// the framework: removing wait_for_review from the configuration plans it back to false.
func TestFastPaths_defaultChangesThePlan(t *testing.T) {
	s := newFastServer(t)
	prior := templateState(t, func(m *messageTemplateModel) { m.WaitForReview = types.BoolValue(true) }).Raw
	resp, err := s.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: templateType, PriorState: dynamicValue(t, prior), ProposedNewState: dynamicValue(t, prior),
		Config: dynamicValue(t, asConfig(t, prior, "wait_for_review")), PriorIdentity: identityOf(t, s, prior),
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	planned, err := resp.PlannedState.Unmarshal(templateValueType(t, s))
	if err != nil {
		t.Fatal(err)
	}
	if w := attributesOf(t, planned)["wait_for_review"]; !w.Equal(tftypes.NewValue(tftypes.Bool, false)) {
		t.Fatalf("planned wait_for_review = %s, want its default false", w)
	}
}

// templateStateJSON is a stored template state of the current schema version, with an
// attribute the schema no longer has and without the ones it gained since.
const templateStateJSON = `{"allow_category_change":null,"body":{"add_security_recommendation":null,"examples":["Ana","A-1042"],"named_examples":null,"text":"Hi {{1}}, your order {{2}} has shipped."},` +
	`"business_account_id":"102290129340398","buttons":null,"category":"UTILITY","footer":null,"header":null,"id":"1000000000000001","language":"en_US","message_send_ttl_seconds":null,` +
	`"meta_category":"UTILITY","name":"order_update_1","parameter_format":"POSITIONAL","previous_category":null,"quality_score":"GREEN","rejected_reason":"NONE","status":"APPROVED",` +
	`"timeouts":null,"wait_for_review":false,"retired_attribute":"x"}`

// numberAsStringStateJSON is a stored template state with a number stored as a string.
const numberAsStringStateJSON = `{"id":"1","name":"order_update","message_send_ttl_seconds":"600"}`

func TestFastPaths_upgrade(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version int64
		fast    bool
	}{
		{name: "current version", version: 1, fast: true},
		{name: "earlier version", version: 0},
		{name: "unknown later version", version: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newFastServer(t)
			req := &tfprotov6.UpgradeResourceStateRequest{TypeName: templateType, Version: tc.version, RawState: &tfprotov6.RawState{JSON: []byte(templateStateJSON)}}
			fast := upgradeBothWays(t, s, req)
			if got := s.Answered().Upgrades == 1; got != tc.fast {
				t.Fatalf("answered on the fast path: %v, want %v", got, tc.fast)
			}
			if tc.fast {
				state, err := fast.UpgradedState.Unmarshal(templateValueType(t, s))
				if err != nil {
					t.Fatal(err)
				}
				if name := attributesOf(t, state)["name"]; !name.Equal(tftypes.NewValue(tftypes.String, "order_update_1")) {
					t.Fatalf("upgraded state has name %s", name)
				}
			}
		})
	}
}

// upgradeBothWays upgrades state through the server and through the framework alone, checks
// that the answers are the same, and returns the server's.
func upgradeBothWays(t *testing.T, s *fastpath.Server, req *tfprotov6.UpgradeResourceStateRequest) *tfprotov6.UpgradeResourceStateResponse {
	t.Helper()
	fast, err := s.UpgradeResourceState(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	framework, err := s.Framework().UpgradeResourceState(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if err := fastpath.Compare(templateValueType(t, s), nil,
		fastpath.Answer{State: fast.UpgradedState, Diagnostics: fast.Diagnostics},
		fastpath.Answer{State: framework.UpgradedState, Diagnostics: framework.Diagnostics}); err != nil {
		t.Fatal(err)
	}
	return fast
}

// TestStateFromJSONFallsBack shows the upgrade fast path handing state its JSON decoder does not
// read (a number stored as a string; fastpath's TestStateFromJSONRefuses shows it refuses it)
// to tftypes, with the framework's result.
func TestStateFromJSONFallsBack(t *testing.T) {
	s := newFastServer(t)
	raw := []byte(numberAsStringStateJSON)
	req := &tfprotov6.UpgradeResourceStateRequest{TypeName: templateType, Version: 1, RawState: &tfprotov6.RawState{JSON: raw}}
	upgradeBothWays(t, s, req)
	if s.Answered().Upgrades != 1 {
		t.Fatal("the upgrade did not take the fast path")
	}
}

// The framework's cost and the fast paths' for the two calls a plan makes for every unchanged
// template besides the refresh (benchmarked with make bench, through Terraform).

func BenchmarkPlanUnchangedTemplate(b *testing.B) {
	prior := templateState(b, nil).Raw
	for _, mode := range []fastpath.Mode{fastpath.ModeOff, fastpath.ModeOn} {
		b.Run("fast_paths_"+string(mode), func(b *testing.B) {
			s, err := NewServer("test", mode)()
			if err != nil {
				b.Fatal(err)
			}
			req := &tfprotov6.PlanResourceChangeRequest{
				TypeName: templateType, PriorState: dynamicValue(b, prior), ProposedNewState: dynamicValue(b, prior), Config: dynamicValue(b, asConfig(b, prior)),
				PriorIdentity: identityOf(b, s, prior),
			}
			b.ReportAllocs()
			for b.Loop() {
				if resp, err := s.PlanResourceChange(context.Background(), req); err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
		})
	}
}

func BenchmarkUpgradeTemplateState(b *testing.B) {
	// The state is of the current schema version (1, since templates record media digests).
	req := &tfprotov6.UpgradeResourceStateRequest{TypeName: templateType, Version: 1, RawState: &tfprotov6.RawState{JSON: []byte(templateStateJSON)}}
	for _, mode := range []fastpath.Mode{fastpath.ModeOff, fastpath.ModeOn} {
		b.Run("fast_paths_"+string(mode), func(b *testing.B) {
			s, err := NewServer("test", mode)()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if resp, err := s.UpgradeResourceState(context.Background(), req); err != nil || len(resp.Diagnostics) > 0 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
		})
	}
}

// recordingServers is a provider factory (fast paths verified) that keeps every server it
// makes, to count the calls their fast paths answered.
type recordingServers struct {
	mu      sync.Mutex
	servers []*fastpath.Server
}

func (r *recordingServers) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"whatsapp": func() (tfprotov6.ProviderServer, error) {
			s, err := NewServer("test", fastpath.ModeVerify)()
			if err == nil {
				r.mu.Lock()
				r.servers = append(r.servers, s.(*fastpath.Server))
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
		received, answered := s.Received(), s.Answered()
		c.upgrades += received.Upgrades
		c.plans += received.Plans
		c.reads += received.Reads
		c.fastUpgrades += answered.Upgrades
		c.fastPlans += answered.Plans
		c.fastReads += answered.Reads
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
    text     = "Hi {{1}}, your order {{2}} has shipped."
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

// After Meta's reviews end, a refresh and a plan of templates nobody changed take the fast paths
// for every template, against Meta too.
func TestAccFastPaths_planAfterReviews(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	rec := &recordingServers{}
	prefix := templateName("fastreview")
	const templates = 5
	var last counts
	allFast := func(name string) {
		now := rec.counts()
		c := now.minus(last)
		last = now
		if c.reads == 0 || c.plans == 0 || c.reads%templates != 0 || c.plans%templates != 0 {
			t.Fatalf("%s: %d refreshes and %d plans, want a positive multiple of %d each", name, c.reads, c.plans, templates)
		}
		if c.fastReads != c.reads || c.fastPlans != c.plans || c.fastUpgrades != c.upgrades {
			t.Errorf("%s: fast answers: %d of %d refreshes, %d of %d plans, %d of %d upgrades; want all", name, c.fastReads, c.reads, c.fastPlans, c.plans, c.fastUpgrades, c.upgrades)
		}
	}
	const text = "Your code expires soon."
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: rec.factories(),
		Steps: []resource.TestStep{
			{Config: fastPathTemplates(tg, prefix, text)},
			{
				PreConfig: func() {
					tg.awaitReview(func() bool {
						pending, err := tg.client().ListMessageTemplates(context.Background(), tg.seed.BusinessAccountID, graph.TemplateFilter{Name: prefix, Status: graph.TemplateStatusPending})
						return err == nil && len(pending) == 0
					})
					last = rec.counts()
				},
				RefreshState: true,
			},
			{PreConfig: func() { allFast("refresh after the reviews") }, Config: fastPathTemplates(tg, prefix, text), PlanOnly: true},
			{PreConfig: func() { allFast("plan of an up-to-date state") }, Config: fastPathTemplates(tg, prefix, text), PlanOnly: true},
		},
	})
}

// TestAccFastPaths_planOfUnchangedTemplates shows the protocol server's fast paths at work in
// real Terraform runs, each fast answer verified against the framework's. After the apply,
// Meta's reviews end and the plan refreshes, upgrades and plans every template without the
// framework, taking the new review outcome into the state. A template Meta paused stays on the
// fast paths too (with its warning); one edited outside Terraform is refreshed and planned by
// the framework, which plans the edit back, and after an apply all are fast again.
func TestAccFastPaths_planOfUnchangedTemplates(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta's review outcome")
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
