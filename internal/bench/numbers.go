package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// The account case: a WhatsApp Business Account with many phone numbers, each with its settings.
// The account comes from a seed file (emulator.SeedFile): n connected numbers, +1 631-555-1000
// and on. The configuration adopts every number (whatsapp_phone_number finds it in the account)
// and gives each its business profile, conversational automation, commerce settings, webhook
// override and two QR codes, with the account's webhook subscription the overrides need.

// perNumberObjects is how many objects the configuration has per number.
const perNumberObjects = 7

// numbersVerifyToken is the verify token of the webhook overrides' callback.
const numbersVerifyToken = "bench-verify-token"

// numbersSeed is the seed file of the account.
func numbersSeed(n int) *emulator.SeedFile {
	sf := &emulator.SeedFile{PhoneNumbers: make([]emulator.SeedPhoneNumber, n)}
	for i := range sf.PhoneNumbers {
		sf.PhoneNumbers[i] = emulator.SeedPhoneNumber{
			DisplayPhoneNumber: fmt.Sprintf("+1 631-555-%04d", 1000+i),
			VerifiedName:       fmt.Sprintf("Bench Line %d", i),
		}
	}
	return sf
}

// numbersLocals is the configuration's map of numbers: national number => line.
func numbersLocals(n int) string {
	var b strings.Builder
	b.WriteString("locals {\n  numbers = {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "    \"631555%04d\" = %d\n", 1000+i, i)
	}
	b.WriteString("  }\n  qr_codes = { for pair in setproduct(keys(local.numbers), [\"menu\", \"support\"]) : \"${pair[0]}-${pair[1]}\" => { number = pair[0], topic = pair[1] } }\n}\n")
	return b.String()
}

// numbersConfig is the account's configuration, in whatsapp resources or, for the baseline, in
// terraform_data resources holding the same values.
func numbersConfig(c string, n int, callback string) string {
	if c == "terraform_data" {
		return numbersLocals(n) + fmt.Sprintf(`
resource "terraform_data" "number" {
  for_each = local.numbers
  input    = { country_code = "1", phone_number = each.key, display_name = "Bench Line ${each.value}", pin_wo_version = 1 }
}

resource "terraform_data" "subscription" {
  input = {}
}

resource "terraform_data" "profile" {
  for_each = local.numbers
  input = {
    phone_number_id = terraform_data.number[each.key].id
    about           = "Line ${each.value} answers every day"
    description     = "Support line ${each.value} of the benchmark account."
    websites        = ["https://shop.example.com/line/${each.value}"]
  }
}

resource "terraform_data" "automation" {
  for_each = local.numbers
  input = {
    phone_number_id        = terraform_data.number[each.key].id
    enable_welcome_message = true
    prompts                = ["Where is my order?", "Talk to a person"]
  }
}

resource "terraform_data" "commerce" {
  for_each = local.numbers
  input    = { phone_number_id = terraform_data.number[each.key].id, is_catalog_visible = true }
}

resource "terraform_data" "webhook" {
  for_each   = local.numbers
  input      = { phone_number_id = terraform_data.number[each.key].id, callback_url = "%[1]s/line/${each.key}", verify_token_wo_version = 1 }
  depends_on = [terraform_data.subscription]
}

resource "terraform_data" "qr" {
  for_each = local.qr_codes
  input    = { phone_number_id = terraform_data.number[each.value.number].id, prefilled_message = "Hello, a question about ${each.value.topic}" }
}
`, callback)
	}
	return providerBlock + numbersLocals(n) + fmt.Sprintf(`
resource "whatsapp_phone_number" "number" {
  for_each     = local.numbers
  country_code = "1"
  phone_number = each.key
  display_name = "Bench Line ${each.value}"
  # Write-only: the PIN the numbers are registered with.
  pin_wo         = "204060"
  pin_wo_version = 1
}

resource "whatsapp_webhook_subscription" "subscription" {}

resource "whatsapp_business_profile" "profile" {
  for_each        = local.numbers
  phone_number_id = whatsapp_phone_number.number[each.key].id
  about           = "Line ${each.value} answers every day"
  description     = "Support line ${each.value} of the benchmark account."
  websites        = ["https://shop.example.com/line/${each.value}"]
}

resource "whatsapp_conversational_automation" "automation" {
  for_each               = local.numbers
  phone_number_id        = whatsapp_phone_number.number[each.key].id
  enable_welcome_message = true
  prompts                = ["Where is my order?", "Talk to a person"]
}

resource "whatsapp_commerce_settings" "commerce" {
  for_each           = local.numbers
  phone_number_id    = whatsapp_phone_number.number[each.key].id
  is_catalog_visible = true
}

resource "whatsapp_phone_number_webhook" "webhook" {
  for_each                = local.numbers
  phone_number_id         = whatsapp_phone_number.number[each.key].id
  callback_url            = "%[1]s/line/${each.key}"
  verify_token_wo         = %[2]q
  verify_token_wo_version = 1
  depends_on              = [whatsapp_webhook_subscription.subscription]
}

resource "whatsapp_qr_code" "qr" {
  for_each          = local.qr_codes
  phone_number_id   = whatsapp_phone_number.number[each.value.number].id
  prefilled_message = "Hello, a question about ${each.value.topic}"
}
`, callback, numbersVerifyToken)
}

// callbackServer answers Meta's verification of the webhook overrides.
func callbackServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("hub.mode") != "subscribe" || q.Get("hub.verify_token") != numbersVerifyToken {
			http.Error(w, "verification refused", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(q.Get("hub.challenge")))
	}))
}

// measureNumbers measures the account case with n numbers: apply (adopting the numbers and
// setting everything), then the everyday plan alternating with the baseline's, and the plan with
// refresh_read_ahead off.
func (b *bench) measureNumbers(n, repeats int) ([]Result, error) {
	cb := callbackServer()
	defer cb.Close()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{SeedFile: numbersSeed(n), CreationLimitPerHour: 1 << 30, BUCQuotaPerHour: 1 << 30})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	srv.Emulator.AddFault(emulator.Fault{PathRegex: ".", LatencyMS: int(b.latency / time.Millisecond)})
	objects := n*perNumberObjects + 1
	fmt.Fprintf(os.Stderr, "account of %d phone numbers, %d objects…\n", n, objects)
	dirs := map[string]string{}
	for _, c := range []string{"terraform_data", "whatsapp numbers"} {
		dir := filepath.Join(b.work, "numbers_"+strings.ReplaceAll(c, " ", "_"))
		if err := writeConfig(dir, numbersConfig(c, n, cb.URL)); err != nil {
			return nil, err
		}
		dirs[c] = dir
	}
	var out []Result
	add := func(r Result) {
		out = append(out, r)
		printRow(r)
	}
	baseApply, err := b.measure(srv, dirs["terraform_data"], "terraform_data", "apply", n, objects)
	if err != nil {
		return nil, err
	}
	add(baseApply)
	apply, err := b.measure(srv, dirs["whatsapp numbers"], "whatsapp numbers", "apply", n, objects)
	if err != nil {
		return nil, err
	}
	b.applyFloor(&apply, baseApply, objects)
	add(apply)

	var basePlans, plans []Result
	for i := 0; i < repeats; i++ {
		base, err := b.measure(srv, dirs["terraform_data"], "terraform_data", "plan", n, objects)
		if err != nil {
			return nil, err
		}
		basePlans = append(basePlans, base)
		r, err := b.measure(srv, dirs["whatsapp numbers"], "whatsapp numbers", "plan", n, objects)
		if err != nil {
			return nil, err
		}
		plans = append(plans, r)
	}
	off, err := b.measure(srv, dirs["whatsapp numbers"], "whatsapp numbers", "plan", n, objects, "WHATSAPP_REFRESH_READ_AHEAD=false")
	if err != nil {
		return nil, err
	}
	off.Command = "plan_read_ahead_off"
	base := median(basePlans)
	add(base)
	for _, r := range []Result{median(plans), off} {
		b.planFloor(&r, base)
		add(r)
	}
	return out, nil
}
