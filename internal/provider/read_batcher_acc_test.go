package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// batchingFactories serve the provider with a linger window long enough that reads Terraform
// makes at once certainly share a batch, whatever the load of the machine running the test.
var batchingFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"whatsapp": newServerWith("test", fastpath.ModeVerify, testQuota, func(p *whatsappProvider) { p.linger = 100 * time.Millisecond }),
}

// addNumbers adds n connected numbers to the account under test and returns them, the seeded
// one first. Against Meta they are the account's two registered numbers of the environment
// (WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_TEST_SECOND_PHONE_NUMBER_ID), whatever n.
func (tg *target) addNumbers(n int) []string {
	tg.t.Helper()
	phones := []string{tg.seed.PhoneNumberID}
	if tg.emu == nil {
		tg.needsSeed(envTestPhoneNumberID, envTestSecondPhoneNumberID)
		return append(phones, os.Getenv(envTestSecondPhoneNumberID))
	}
	for i := 1; i < n; i++ {
		id, err := tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "1", fmt.Sprintf("63155530%02d", i), "Batch Test")
		if err != nil {
			tg.t.Fatal(err)
		}
		phones = append(phones, id)
	}
	return phones
}

// perNumberKinds are the per-number resources of perNumberConfig, and how their reads show in
// the request log: a path suffix, and the fields asked for when the path is the number itself.
var perNumberKinds = []struct{ resource, suffix, fields string }{
	{"whatsapp_business_profile.p", "/whatsapp_business_profile", ""},
	{"whatsapp_conversational_automation.a", "", "conversational_automation"},
	{"whatsapp_commerce_settings.c", "/whatsapp_commerce_settings", ""},
	{"whatsapp_qr_code.q", "/message_qrdls", ""},
	{"whatsapp_business_encryption.k", "/whatsapp_business_encryption", ""},
}

// perNumberConfig gives each number its business profile, conversational automation, commerce
// settings, a QR code and a business public key.
func perNumberConfig(tg *target, phones []string, key string, providerExtra ...string) string {
	quoted := make([]string, len(phones))
	for i, p := range phones {
		quoted[i] = fmt.Sprintf("%q", p)
	}
	return tg.provider(providerExtra...) + fmt.Sprintf(`
locals {
  phones = [%s]
}

resource "whatsapp_business_profile" "p" {
  count           = length(local.phones)
  phone_number_id = local.phones[count.index]
  about           = "Line ${count.index} is open every day"
}

resource "whatsapp_conversational_automation" "a" {
  count                  = length(local.phones)
  phone_number_id        = local.phones[count.index]
  enable_welcome_message = true
}

resource "whatsapp_commerce_settings" "c" {
  count              = length(local.phones)
  phone_number_id    = local.phones[count.index]
  is_catalog_visible = true
}

resource "whatsapp_qr_code" "q" {
  count             = length(local.phones)
  phone_number_id   = local.phones[count.index]
  prefilled_message = "Hello from line ${count.index}"
}

resource "whatsapp_business_encryption" "k" {
  count               = length(local.phones)
  phone_number_id     = local.phones[count.index]
  business_public_key = <<-EOT
%sEOT
}
`, strings.Join(quoted, ", "), key)
}

// perNumberReads counts, in the log, the reads of each kind for each number.
func perNumberReads(log []emulator.RequestRecord, phones []string) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, k := range perNumberKinds {
		out[k.resource] = map[string]int{}
	}
	for _, r := range log {
		if r.Method != http.MethodGet || r.BatchSize > 0 {
			continue
		}
		q, _ := url.ParseQuery(r.Query)
		for _, p := range phones {
			for _, k := range perNumberKinds {
				path := "/" + p + k.suffix
				if strings.HasSuffix(r.Path, path) && (k.fields == "" || q.Get("fields") == k.fields) {
					out[k.resource][p]++
				}
			}
		}
	}
	return out
}

// A refresh of 3 numbers (2 against Meta) × 5 per-number resources reads each object once, in a
// few batch calls.
func TestAccReadBatcher_refreshBatches(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("numbers without other QR codes than the test's")
	phones := tg.addNumbers(3)
	config := perNumberConfig(tg, phones, rsaPublicKeyPEM(t, 2048))
	objects := len(phones) * len(perNumberKinds)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: batchingFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				PreConfig:    tg.clearRequests,
				RefreshState: true,
				Check: func(*terraform.State) error {
					reads := perNumberReads(tg.requests(), phones)
					for kind, per := range reads {
						for _, p := range phones {
							if per[p] != 1 {
								return fmt.Errorf("%s of number %s read %d times, want once", kind, p, per[p])
							}
						}
					}
					calls := tg.httpCalls()
					if len(calls) > 5 {
						return fmt.Errorf("refreshing %d objects took %d HTTP calls, want at most 5: %+v", objects, len(calls), calls)
					}
					batched := 0
					for _, r := range calls {
						batched += r.BatchSize
					}
					if batched < objects {
						return fmt.Errorf("only %d requests went in batches, want every one of the %d objects' reads", batched, objects)
					}
					return nil
				},
			},
		},
	})
}

// With refresh_read_ahead = false a refresh reads only the objects in state; with read-ahead on
// (the default) it reads the kinds of the objects in state for the account's other numbers too.
func TestAccReadBatcher_readAheadOff(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("five registered numbers in one account")
	phones := tg.addNumbers(5)
	managed, others := phones[:3], phones[3:]
	key := rsaPublicKeyPEM(t, 2048)
	// othersRead counts the reads of the numbers without resources, waiting a little for a
	// read-ahead that may still be under way when the refresh ends.
	othersRead := func(want bool) int {
		deadline := time.Now().Add(3 * time.Second)
		for {
			n := 0
			for _, per := range perNumberReads(tg.requests(), others) {
				for _, c := range per {
					n += c
				}
			}
			if want == (n > 0) || time.Now().After(deadline) {
				return n
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	managedReadOnce := func() error {
		for kind, per := range perNumberReads(tg.requests(), managed) {
			for _, p := range managed {
				if per[p] != 1 {
					return fmt.Errorf("%s of number %s read %d times, want once", kind, p, per[p])
				}
			}
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: batchingFactories,
		Steps: []resource.TestStep{
			{Config: perNumberConfig(tg, managed, key)},
			{
				PreConfig:    tg.clearRequests,
				RefreshState: true,
				Check: func(*terraform.State) error {
					if n := othersRead(true); n != len(others)*len(perNumberKinds) {
						return fmt.Errorf("read-ahead read the numbers without resources %d times, want each kind once for each (%d): %v", n, len(others)*len(perNumberKinds), perNumberReads(tg.requests(), others))
					}
					return managedReadOnce()
				},
			},
			{
				Config:           perNumberConfig(tg, managed, key, "refresh_read_ahead = false"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig:    tg.clearRequests,
				RefreshState: true,
				Check: func(*terraform.State) error {
					if n := othersRead(false); n != 0 {
						return fmt.Errorf("with read-ahead off, the refresh read numbers without resources %d times: %+v", n, tg.requests())
					}
					for _, r := range tg.requests() {
						for _, p := range others {
							if strings.Contains(r.Path, "/"+p) {
								return fmt.Errorf("with read-ahead off, the refresh called %s %s", r.Method, r.Path)
							}
						}
					}
					return managedReadOnce()
				},
			},
		},
	})
}

// A number deleted outside Terraform is found gone by reads made inside batches: its settings
// leave the state, as when each is read alone, and the next plan creates them.
func TestAccReadBatcher_vanishedInBatch(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a number Meta loses")
	phones := tg.addNumbers(3)
	gone := phones[2]
	config := tg.provider() + fmt.Sprintf(`
locals {
  phones = [%q, %q, %q]
}

resource "whatsapp_commerce_settings" "c" {
  count              = length(local.phones)
  phone_number_id    = local.phones[count.index]
  is_catalog_visible = true
}

resource "whatsapp_business_profile" "p" {
  count           = length(local.phones)
  phone_number_id = local.phones[count.index]
  about           = "Line ${count.index} is open every day"
}
`, phones[0], phones[1], gone)
	readIn := regexp.MustCompile("^/v[0-9.]+/" + gone + "/(whatsapp_commerce_settings|whatsapp_business_profile)$")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: batchingFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := tg.emu.DeletePhoneNumber(gone); err != nil {
						t.Fatal(err)
					}
					tg.clearRequests()
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				RefreshPlanChecks: resource.RefreshPlanChecks{PostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("whatsapp_commerce_settings.c[2]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("whatsapp_business_profile.p[2]", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("whatsapp_commerce_settings.c[0]", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("whatsapp_business_profile.p[1]", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						for _, addr := range []string{"whatsapp_commerce_settings.c.2", "whatsapp_business_profile.p.2"} {
							if _, ok := s.RootModule().Resources[addr]; ok {
								return fmt.Errorf("%s is still in state", addr)
							}
						}
						return nil
					},
					resource.TestCheckResourceAttr("whatsapp_commerce_settings.c.0", "is_catalog_visible", "true"),
					func(*terraform.State) error {
						failed := 0
						for _, r := range tg.requests() {
							if !readIn.MatchString(r.Path) {
								continue
							}
							if r.Batch == 0 || r.Code != 100 || r.Subcode != 33 {
								return fmt.Errorf("the gone number's read %s: batch %d, error %d/%d; want a request of a batch answered 100/33", r.Path, r.Batch, r.Code, r.Subcode)
							}
							failed++
						}
						if failed != 2 {
							return fmt.Errorf("want the gone number's two settings read once each, got %d reads: %+v", failed, tg.requests())
						}
						return nil
					},
				),
			},
		},
	})
}
