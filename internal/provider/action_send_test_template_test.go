package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// smokeAction renders action.whatsapp_send_test_template.smoke for the template of
// utilityTemplate, with its two body variables and its URL button; name is an HCL expression.
func smokeAction(tg *target, name, to string) string {
	return fmt.Sprintf(`
action "whatsapp_send_test_template" "smoke" {
  config {
    phone_number_id   = %q
    to                = %q
    template_name     = %s
    language          = "en_US"
    body_parameters   = ["Ana", "A-1042"]
    button_parameters = [{ index = 0, text = "A-1042" }]
  }
}
`, tg.seed.PhoneNumberID, to, name)
}

const smokeTrigger = `lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.whatsapp_send_test_template.smoke]
    }
  }`

// sentTemplates checks that the emulator recorded want messages of the template, the last one
// to the given recipient with its parameters filled in.
func (tg *target) sentTemplates(name, waID string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got []emulator.SentMessage
		for _, m := range tg.sentMessages() {
			if m.TemplateName == name {
				got = append(got, m)
			}
		}
		if len(got) != want {
			return fmt.Errorf("%d messages of template %s were sent, want %d: %+v", len(got), name, want, got)
		}
		if want == 0 {
			return nil
		}
		last := got[len(got)-1]
		if last.WAID != waID || last.PhoneNumberID != tg.seed.PhoneNumberID || !strings.Contains(last.Body, "Ana") || !strings.Contains(last.Body, "A-1042") {
			return fmt.Errorf("last message %+v", last)
		}
		return nil
	}
}

// A template created with wait_for_review is approved when its after_create trigger runs the
// action, which sends it once; an edit (after_update) sends it again.
func TestAccSendTestTemplateAction_trigger(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	to := tg.recipient()
	name := templateName("smoke")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + smokeAction(tg, "whatsapp_message_template.t.name", "+"+to) +
					utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", "wait_for_review = true", smokeTrigger),
				Check: tg.sentTemplates(name, to, 1),
			},
			{
				Config: tg.provider() + smokeAction(tg, "whatsapp_message_template.t.name", "+"+to) +
					utilityTemplate(name, "Hello {{1}}, order {{2}} is on its way.", "wait_for_review = true", smokeTrigger),
				Check: tg.sentTemplates(name, to, 2),
			},
		},
	})
}

// Without wait_for_review the template is still PENDING when the trigger fires: Meta refuses it
// with 132001 and the error says to wait for the review.
func TestAccSendTestTemplateAction_pendingTemplate(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	to := tg.recipient()
	name := templateName("smoke_pending")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      tg.provider() + smokeAction(tg, "whatsapp_message_template.t.name", "+"+to) + utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", smokeTrigger),
			ExpectError: wrapped("Graph API error 132001", "wait_for_review = true"),
		}},
	})
	if n := len(tg.sentMessages()); n != 0 {
		t.Fatalf("%d messages were sent", n)
	}
}

// The configuration is checked at plan time, before anything reaches Meta: each error names the
// attribute and the rule.
func TestAccSendTestTemplateAction_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	trigger := func(cfg string) string {
		return tg.provider() + `
action "whatsapp_send_test_template" "smoke" {
  config {
` + cfg + `
  }
}

resource "terraform_data" "t" {
  input = "x"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.whatsapp_send_test_template.smoke]
    }
  }
}
`
	}
	base := func(to, phone, extra string) string {
		return fmt.Sprintf("    phone_number_id = %q\n    to = %q\n    template_name = \"order_update\"\n    language = \"en_US\"\n%s", phone, to, extra)
	}
	cases := []struct{ name, cfg, want string }{
		{"recipient", base("+1 650 555", tg.seed.PhoneNumberID, ""), `(?s)Attribute to must be a phone number in E\.164 form`},
		{"phone id", base("+16505551234", "phone-1", ""), `(?s)Attribute phone_number_id must be a numeric Graph object id`},
		{"header kinds", base("+16505551234", tg.seed.PhoneNumberID, `    header_parameters = ["x"]
    header_media = { type = "image", link = "https://example.com/a.jpg" }`), `(?s)Conflicting header parameters.*header_media`},
		{"button twice", base("+16505551234", tg.seed.PhoneNumberID, `    button_parameters = [{ index = 0, text = "a" }, { index = 0, text = "b" }]`), `(?s)Duplicate button index.*button_parameters.*Button 0 has parameters twice`},
		{"named and positional", base("+16505551234", tg.seed.PhoneNumberID, `    body_parameters = ["a"]
    body_named_parameters = { name = "b" }`), `(?s)body_named_parameters.*body_parameters`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: trigger(c.cfg), PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	before := tg.requestCount()
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
	})
	if n := len(tg.mutationsSince(before)); n != 0 || len(tg.sentMessages()) != 0 {
		t.Fatalf("invalid configurations reached Meta: %d changes", n)
	}
}

// terraform apply -invoke runs the action alone: its progress is in the output and the message is
// sent once. The provider's schema, through its protocol server, lists every action.
func TestAccSendTestTemplateAction_invokeCLI(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	to := tg.recipient()
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	name := templateName("smoke_cli")
	cli.write(dir, "main.tf", cliProviderHeader+smokeAction(tg, fmt.Sprintf("%q", name), to)+
		utilityTemplate(name, "Hi {{1}}, your order {{2}} has shipped.", "wait_for_review = true"))
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if n := len(tg.sentMessages()); n != 0 {
		t.Fatalf("an action without a trigger sent %d messages on apply", n)
	}

	out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve", "-invoke=action.whatsapp_send_test_template.smoke")
	sent := tg.sentMessages()
	if len(sent) != 1 {
		t.Fatalf("%d messages sent by -invoke, want 1:\n%s", len(sent), out)
	}
	for _, want := range []string{
		fmt.Sprintf("Sending template %s (en_US) from phone number %s to %s", name, tg.seed.PhoneNumberID, to),
		fmt.Sprintf("Meta accepted message %s for WhatsApp user %s", sent[0].ID, to),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if err := tg.sentTemplates(name, to, 1)(nil); err != nil {
		t.Fatal(err)
	}
	cli.expectEmptyPlan(dir)

	stdout, stderr, code := cli.execute(dir, "providers", "schema", "-json")
	if code != 0 {
		t.Fatalf("terraform providers schema exited %d: %s", code, stderr)
	}
	var schemas struct {
		ProviderSchemas map[string]struct {
			ActionSchemas           map[string]json.RawMessage `json:"action_schemas"`
			ResourceSchemas         map[string]json.RawMessage `json:"resource_schemas"`
			ResourceIdentitySchemas map[string]json.RawMessage `json:"resource_identity_schemas"`
			ListResourceSchemas     map[string]json.RawMessage `json:"list_resource_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal([]byte(stdout), &schemas); err != nil {
		t.Fatal(err)
	}
	// Every resource has an identity, and a whole account can be listed.
	ours := schemas.ProviderSchemas[Address]
	for name := range ours.ResourceSchemas {
		if _, ok := ours.ResourceIdentitySchemas[name]; !ok {
			t.Errorf("terraform providers schema -json shows no identity for %s", name)
		}
	}
	for _, name := range []string{"whatsapp_message_template", "whatsapp_phone_number", "whatsapp_flow", "whatsapp_qr_code", "whatsapp_business_account", "whatsapp_business_account_assigned_user"} {
		if _, ok := ours.ListResourceSchemas[name]; !ok {
			t.Errorf("terraform providers schema -json lists no %s list resource", name)
		}
	}
	for name := range actionSchemas(t, &whatsappProvider{version: "test"}) {
		if _, ok := schemas.ProviderSchemas[Address].ActionSchemas[name]; !ok {
			t.Errorf("terraform providers schema -json lists no %s action", name)
		}
	}
}
