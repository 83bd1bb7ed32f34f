package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// No secret appears in Terraform's trace log (provider logs included), in plan or apply output,
// in error messages or in the state: a full apply with every kind of secret, a plan, and an
// apply whose calls carrying secrets fail.
func TestAccSecrets_neverLeak(t *testing.T) {
	const (
		token  = "EAAsecretSystemUserToken0123456789abcdefXYZ"
		secret = "5ec7e7a99b0c4d11a2b3c4d5e6f70819"
		code   = "918273"
		pin    = "564738"
		newPIN = "837261"
		subTok = "verify-sub-Qm4kLp"
		phTok  = "verify-phone-Zr8wNx"
		appTok = "verify-app-Hy2cVb"
		badTok = "verify-wrong-Tt5sJd"
	)
	tg := newTarget(t, emulator.Options{AccessToken: token, AppSecret: secret, VerificationCode: code})
	tg.needsEmulator("a fault in Meta's answers")
	subEP, phoneEP, appEP := newCallbackEndpoint(t, subTok), newCallbackEndpoint(t, phTok), newCallbackEndpoint(t, appTok)
	appToken := graph.AppAccessToken(tg.seed.AppID, secret)
	secrets := map[string]string{
		"access token": token, "app secret": secret, "app access token": appToken,
		"appsecret_proof": graph.AppSecretProof(token, secret), "appsecret_proof of the app token": graph.AppSecretProof(appToken, secret),
		"verification code": code, "PIN": pin, "new PIN": newPIN,
		"subscription verify token": subTok, "phone webhook verify token": phTok, "app webhook verify token": appTok, "refused verify token": badTok,
	}

	cli := newCLIWorkspace(t, tg)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	cli.setenv("TF_LOG=trace", "TF_LOG_PROVIDER=trace", "TF_LOG_PATH="+logPath)
	dir := cli.dir("")
	render := func(pinValue string, pinVersion int, appToken string, appVersion int) string {
		return fmt.Sprintf(`
terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {
  retry_min_wait       = "50ms"
  retry_max_wait       = "100ms"
  review_poll_interval = "100ms"
}

resource "whatsapp_message_template" "t" {
  for_each = toset(["secret_test_a", "secret_test_b"])
  name     = each.key
  language = "en_US"
  category = "UTILITY"
  body = {
    text     = "Hi {{1}}, your order is ready."
    examples = ["Ana"]
  }
}

resource "whatsapp_phone_number" "p" {
  country_code                 = "44"
  phone_number                 = "7700900123"
  display_name                 = "Secret Test Shop"
  verification_code_wo         = %q
  verification_code_wo_version = 1
  pin_wo                       = %q
  pin_wo_version               = %d
}

resource "whatsapp_webhook_subscription" "s" {
  override_callback_uri   = %q
  verify_token_wo         = %q
  verify_token_wo_version = 1
}

resource "whatsapp_phone_number_webhook" "w" {
  phone_number_id         = %q
  callback_url            = %q
  verify_token_wo         = %q
  verify_token_wo_version = 1
  depends_on              = [whatsapp_webhook_subscription.s]
}

resource "whatsapp_app_webhook" "a" {
  callback_url            = %q
  fields                  = ["messages"]
  verify_token_wo         = %q
  verify_token_wo_version = %d
}
`, code, pinValue, pinVersion, subEP.URL+"/waba", subTok, tg.seed.PhoneNumberID, phoneEP.URL+"/phone", phTok, appEP.URL+"/app", appToken, appVersion)
	}

	var outputs strings.Builder
	cli.write(dir, "main.tf", render(pin, 1, appTok, 1))
	// Meta sends the code when the number is added: the second apply verifies and registers it.
	outputs.WriteString(cli.mustRun(dir, "apply", "-input=false", "-auto-approve"))
	outputs.WriteString(cli.mustRun(dir, "apply", "-input=false", "-auto-approve"))
	outputs.WriteString(cli.mustRun(dir, "plan", "-input=false"))
	outputs.WriteString(cli.mustRun(dir, "show"))
	if n := len(tg.calls(http.MethodPost, `/register$`)); n != 1 {
		t.Fatalf("the phone number was registered %d times, want once", n)
	}
	if len(subEP.verified()) == 0 || len(phoneEP.verified()) == 0 || len(appEP.verified()) == 0 {
		t.Fatalf("a callback was not verified: %v %v %v", subEP.verified(), phoneEP.verified(), appEP.verified())
	}

	// Error paths: Meta refuses the new PIN quoting it back, and the app webhook's callback refuses
	// the new verify token.
	phoneID, err := phoneNumberID(cli.state(dir), "whatsapp_phone_number.p")
	if err != nil {
		t.Fatal(err)
	}
	tg.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: "/" + phoneID + "$", Code: 100, Times: 1,
		Message: "(#100) Param pin " + newPIN + " is not accepted"})
	cli.write(dir, "main.tf", render(newPIN, 2, badTok, 2))
	out, exit := cli.run(dir, "apply", "-input=false", "-auto-approve")
	if exit == 0 {
		t.Fatalf("apply with refused secrets succeeded:\n%s", out)
	}
	for _, want := range []string{"Param pin *** is not accepted", "Callback verification failed"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
	outputs.WriteString(out)

	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	state, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	// The log is the provider's trace log: the checks below would be vacuous otherwise.
	for _, want := range []string{"Graph request body", "Graph response body", "/register", "/verify_code", "/subscriptions", "verify_token", `\"pin\":\"***\"`} {
		if !strings.Contains(string(logs), want) {
			t.Fatalf("the trace log lacks %q: the provider's trace output was not captured", want)
		}
	}
	for where, text := range map[string]string{"trace log": string(logs), "terraform output": outputs.String(), "state": string(state)} {
		for name, s := range secrets {
			if strings.Contains(text, s) {
				i := strings.Index(text, s)
				t.Errorf("the %s appears in the %s: …%s…", name, where, text[max(0, i-200):min(len(text), i+len(s)+50)])
			}
		}
	}
}
