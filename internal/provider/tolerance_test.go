package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Meta adds fields, enum values and drops optional fields without a version bump. A proxy in
// front of the emulator rewrites every JSON response that way while Terraform applies, plans,
// refreshes, imports and destroys a representative set of resources and data sources: the
// provider never crashes. Unknown fields change nothing at all; unknown enum values and missing
// optional fields give, at worst, diagnostics.

var graphPath = regexp.MustCompile(`^/v[0-9]+\.[0-9]+/`)

// responseRewrite changes one decoded JSON response in place.
type responseRewrite func(v any) any

// toleranceProxy serves the emulator through rewrite.
func toleranceProxy(t *testing.T, target string, rewrite responseRewrite) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := httputil.NewSingleHostReverseProxy(u)
	p.ModifyResponse = func(resp *http.Response) error {
		// Graph responses only: a flow's JSON asset is the user's own document.
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !graphPath.MatchString(resp.Request.URL.Path) {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return err
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			if out, err := json.Marshal(rewrite(v)); err == nil {
				body = out
			}
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		resp.Header.Del("ETag")
		return nil
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

// walk applies f to every object of a JSON document, depth first.
func walk(v any, f func(map[string]any)) any {
	switch t := v.(type) {
	case map[string]any:
		for _, c := range t {
			walk(c, f)
		}
		f(t)
	case []any:
		for _, c := range t {
			walk(c, f)
		}
	}
	return v
}

// addUnknownFields adds fields no version of the provider knows to every object, with nested
// objects, lists and every JSON type.
func addUnknownFields(v any) any {
	return walk(v, func(m map[string]any) {
		if _, isError := m["error"]; isError {
			return
		}
		m["x_future_field"] = map[string]any{"enabled": true, "ratio": 0.5, "tags": []any{"a", nil, 3}, "nested": map[string]any{"deep": "x"}}
		m["x_future_list"] = []any{map[string]any{"id": "1"}, "two", 3.0, false, nil}
		m["x_future_null"] = nil
	})
}

// enumFields are the attributes Meta reports as enums (statuses, ratings, tiers, categories).
var enumFields = []string{
	"status", "category", "quality_rating", "name_status", "new_name_status", "code_verification_status",
	"platform_type", "messaging_limit_tier", "whatsapp_business_manager_messaging_limit", "account_mode", "score", "level", "health_status",
	"business_verification_status", "ownership_type", "can_send_message", "search_visibility",
	"throughput", "sub_category", "previous_category", "rejected_reason", "review_status",
}

// unknownEnums replaces every enum value with one Meta has not announced yet.
func unknownEnums(v any) any {
	return walk(v, func(m map[string]any) {
		for _, k := range enumFields {
			if s, ok := m[k].(string); ok && s != "" {
				m[k] = "UNANNOUNCED_" + strings.ToUpper(k)
			}
		}
	})
}

// optionalFields are fields Meta's spec marks optional, or omits for some accounts, that Meta
// sets (not values the configuration sets, whose absence is a real change).
var optionalFields = []string{
	"quality_score", "quality_rating", "rejected_reason", "previous_category", "name_status", "new_name_status",
	"code_verification_status", "throughput", "messaging_limit_tier", "whatsapp_business_manager_messaging_limit", "platform_type", "last_onboarded_time",
	"is_official_business_account", "account_mode", "timezone_id", "message_template_namespace", "health_status",
	"paging", "cursors", "summary", "sub_category", "profile_picture_url", "qr_image_url", "validation_errors",
	"json_version", "data_api_version", "preview", "application", "owner_business_info", "ownership_type",
	"business_verification_status", "country", "currency", "primary_business_location",
}

// dropOptionalFields removes the optional fields from every object (not from error objects).
func dropOptionalFields(v any) any {
	return walk(v, func(m map[string]any) {
		if _, isError := m["error"]; isError {
			return
		}
		for _, k := range optionalFields {
			delete(m, k)
		}
	})
}

// crashMarkers are what Terraform prints when a provider panics or dies.
var crashMarkers = []string{"panic:", "Plugin did not respond", "goroutine ", "The plugin encountered an error, and failed to respond", "unexpected EOF"}

func TestAccTolerance_unexpectedResponses(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Graph answers rewritten by a proxy")
	ep := newCallbackEndpoint(t, "tok")
	cli := newCLIWorkspace(t, tg)
	waba, phone := tg.seed.BusinessAccountID, tg.seed.PhoneNumberID
	config := fmt.Sprintf(`
terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {
  max_retries          = 1
  retry_min_wait       = "10ms"
  retry_max_wait       = "20ms"
  review_poll_interval = "50ms"
}

resource "whatsapp_message_template" "t" {
  name            = "tolerance_check"
  language        = "en_US"
  category        = "UTILITY"
  wait_for_review = false
  body = {
    text     = "Hi {{1}}, your order is ready."
    examples = ["Ana"]
  }
  buttons = [{ type = "QUICK_REPLY", text = "Thanks" }]
}

resource "whatsapp_business_account" "w" {
  id   = %[1]q
  name = "Tolerance Co"
}

resource "whatsapp_business_profile" "p" {
  phone_number_id = %[2]q
  about           = "Open 9 to 5"
  websites        = ["https://shop.example.com"]
}

resource "whatsapp_conversational_automation" "a" {
  phone_number_id = %[2]q
  prompts         = ["Where is my order?"]
  commands        = [{ name = "track", description = "Track an order" }]
}

resource "whatsapp_qr_code" "q" {
  phone_number_id   = %[2]q
  prefilled_message = "Hello"
}

resource "whatsapp_commerce_settings" "c" {
  phone_number_id = %[2]q
  is_cart_enabled = false
}

resource "whatsapp_webhook_subscription" "s" {
  override_callback_uri   = %[3]q
  verify_token_wo         = "tok"
  verify_token_wo_version = 1
}

resource "whatsapp_flow" "f" {
  name       = "tolerance_flow"
  categories = ["SURVEY"]
  flow_json = jsonencode({
    version = "7.0"
    screens = [{
      id       = "DONE"
      title    = "Done"
      terminal = true
      layout = {
        type = "SingleColumnLayout"
        children = [{
          type = "Form"
          name = "form"
          children = [
            { type = "TextBody", text = "Thanks" },
            { type = "Footer", label = "Close", "on-click-action" = { name = "complete", payload = {} } },
          ]
        }]
      }
    }]
  })
}

data "whatsapp_message_templates" "all" {
  depends_on = [whatsapp_message_template.t]
}
data "whatsapp_phone_numbers" "all" {}
data "whatsapp_phone_number" "seeded" { id = %[2]q }
data "whatsapp_business_account" "w" { id = %[1]q }
data "whatsapp_webhook_subscriptions" "all" { depends_on = [whatsapp_webhook_subscription.s] }
data "whatsapp_qr_codes" "all" {
  phone_number_id = %[2]q
  depends_on      = [whatsapp_qr_code.q]
}
data "whatsapp_flows" "all" { depends_on = [whatsapp_flow.f] }
`, waba, phone, ep.URL+"/waba")

	modes := []struct {
		name    string
		rewrite responseRewrite
		// importExact: the plan after re-importing is empty too. With unknown enum values it is
		// not: an imported template takes Meta's (unannounced) category, which differs from the
		// configured one, so the plan edits it back.
		importExact bool
		// editRefused: that edit is refused at plan time instead, because unknown fields in the
		// template's components are content an edit would strip.
		editRefused bool
	}{
		{"unknown fields", addUnknownFields, true, false},
		{"unknown enum values", unknownEnums, false, false},
		{"missing optional fields", dropOptionalFields, true, false},
		{"all at once", func(v any) any { return unknownEnums(dropOptionalFields(addUnknownFields(v))) }, false, true},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			tg.emu.Reset()
			cli.setenv(envBaseURL + "=" + toleranceProxy(t, tg.url, mode.rewrite))
			dir := cli.dir("")
			cli.write(dir, "main.tf", config)
			var transcript strings.Builder
			step := func(args ...string) int {
				out, code := cli.run(dir, args...)
				fmt.Fprintf(&transcript, "$ terraform %s (exit %d)\n%s\n", strings.Join(args, " "), code, out)
				for _, m := range crashMarkers {
					if strings.Contains(out, m) {
						t.Fatalf("terraform %s: the provider crashed (%q):\n%s", strings.Join(args, " "), m, out)
					}
				}
				refused := mode.editRefused && args[0] == "plan" && strings.Contains(out, "Cannot edit a template holding content the provider cannot represent")
				if code != 0 && (args[0] != "plan" || code != 2) && !refused {
					t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
				}
				return code
			}
			step("apply", "-input=false", "-auto-approve")
			if code := step("plan", "-input=false", "-detailed-exitcode"); code != 0 {
				t.Fatalf("plan after apply is not empty:\n%s", transcript.String())
			}
			step("apply", "-input=false", "-auto-approve", "-refresh-only")
			for addr, id := range map[string]string{
				"whatsapp_message_template.t": waba + "/tolerance_check/en_US",
				"whatsapp_business_profile.p": phone,
				"whatsapp_business_account.w": waba,
			} {
				step("state", "rm", addr)
				step("import", "-input=false", addr, id)
			}
			if code := step("plan", "-input=false", "-detailed-exitcode"); mode.importExact && code != 0 {
				t.Fatalf("plan after import is not empty:\n%s", transcript.String())
			}
			if mode.editRefused {
				// The refused edit stops destroy's refreshing plan too; destroy without it.
				step("destroy", "-input=false", "-auto-approve", "-refresh=false")
			} else {
				step("destroy", "-input=false", "-auto-approve")
			}
			if testing.Verbose() {
				t.Log(transcript.String())
			}
		})
	}
}
