package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// codeRequestConfig renders action.whatsapp_request_verification_code.code, run after
// terraform_data.t is created.
func codeRequestConfig(tg *target, phoneID, extra string) string {
	return tg.provider() + fmt.Sprintf(`
action "whatsapp_request_verification_code" "code" {
  config {
    phone_number_id = %q
    %s
  }
}

resource "terraform_data" "t" {
  input = "onboarding"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.whatsapp_request_verification_code.code]
    }
  }
}
`, phoneID, extra)
}

// envTestPendingPhoneNumberID names, against Meta, a number of the account that is not verified
// yet, whose SIM takes Meta's codes: the code requests go to it.
const envTestPendingPhoneNumberID = "WHATSAPP_TEST_PENDING_PHONE_NUMBER_ID"

// pendingPhone adds a number that is not verified yet, out of band, and returns its id; against
// Meta it is the number of WHATSAPP_TEST_PENDING_PHONE_NUMBER_ID.
func (tg *target) pendingPhone(national string) string {
	tg.t.Helper()
	if tg.emu == nil {
		tg.needsSeed(envTestPendingPhoneNumberID)
		return os.Getenv(envTestPendingPhoneNumberID)
	}
	id, err := tg.client().CreatePhoneNumber(context.Background(), tg.seed.BusinessAccountID,
		graph.NewPhoneNumber{CountryCode: "1", Number: national, VerifiedName: "Jasper's Market"})
	if err != nil {
		tg.t.Fatal(err)
	}
	return id
}

// A trigger has Meta send a code by voice in pt_BR, and that code verifies the number.
func TestAccRequestVerificationCodeAction_trigger(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	id := tg.pendingPhone("6315551000")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: codeRequestConfig(tg, id, `code_method = "VOICE"`+"\n    language = \"pt_BR\""),
			Check: func(*terraform.State) error {
				if n := len(tg.calls(http.MethodPost, `/`+id+`/request_code$`)); n != 1 {
					return fmt.Errorf("%d code requests reached Meta, want 1", n)
				}
				if tg.emu == nil {
					return nil // the code went to the number's SIM
				}
				// The code the emulator sent verifies the number.
				return tg.client().VerifyCode(context.Background(), id, "123456")
			},
		}},
	})
}

// Meta refuses a code for a registered number; the error carries Meta's code and says why.
func TestAccRequestVerificationCodeAction_registeredNumber(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      codeRequestConfig(tg, tg.seed.PhoneNumberID, ""),
			ExpectError: wrapped("Cannot request a verification code", "Graph API error 100", "not eligible for verification", "already registered on the Cloud API needs none"),
		}},
	})
}

// Invalid settings fail the plan, naming the attribute, before any call.
func TestAccRequestVerificationCodeAction_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	before := tg.requestCount()
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: codeRequestConfig(tg, tg.seed.PhoneNumberID, `code_method = "EMAIL"`), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)Attribute code_method value must be one of`)},
			{Config: codeRequestConfig(tg, tg.seed.PhoneNumberID, `language = "english"`), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)Attribute language must be a language and country such as "en_US"`)},
			{Config: codeRequestConfig(tg, "+16315551000", ""), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)Attribute phone_number_id must be a numeric Graph object id`)},
		},
	})
	if n := len(tg.mutationsSince(before)); n != 0 {
		t.Fatalf("invalid configurations reached Meta: %d changes", n)
	}
}

// terraform apply -invoke reports the request and what to do next.
func TestAccRequestVerificationCodeAction_invokeCLI(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	id := tg.pendingPhone("6315551001")
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	cli.write(dir, "main.tf", cliProviderHeader+fmt.Sprintf(`
action "whatsapp_request_verification_code" "code" {
  config {
    phone_number_id = %q
  }
}
`, id))
	p, err := tg.client().GetPhoneNumber(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve", "-invoke=action.whatsapp_request_verification_code.code")
	for _, want := range []string{
		"Asking Meta to send a verification code to " + p.DisplayPhoneNumber + " by SMS (en_US); the number is NOT_VERIFIED",
		"Meta sent a verification code to " + p.DisplayPhoneNumber + " by SMS",
		"set verification_code_wo",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if n := len(tg.calls(http.MethodPost, `/`+id+`/request_code$`)); n != 1 {
		t.Fatalf("%d code requests, want 1:\n%s", n, out)
	}
}

// Meta's "Request code error" (136024) is reported with what to try next.
func TestAccRequestVerificationCodeAction_requestCodeError(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a fault in Meta's answers")
	id := tg.pendingPhone("6315551002")
	tg.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: `/request_code$`, Code: graph.CodeRequestCodeFailed, Times: 1})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      codeRequestConfig(tg, id, ""),
			ExpectError: wrapped("Graph API error 136024", "Meta could not send a code", "try the other code_method"),
		}},
	})
}
