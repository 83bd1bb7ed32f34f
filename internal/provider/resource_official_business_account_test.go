package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const obaAddr = "whatsapp_official_business_account.o"

var obaLinks = []string{
	"https://www.retailreview.com/gardening/2025/lucky-shrub",
	"https://www.faster-company.com/2025/online-nursies-are-making-green-waves",
	"https://www.succulentscene.com/2025/new-online-retailers",
	"https://www.pricklypages.com/2025/succullents/where-to-buy",
	"https://www.spinyliving.com/2025/latest-news",
}

// obaConfig renders whatsapp_official_business_account.o for the seeded number with the links.
func obaConfig(tg *target, links []string, extra ...string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_official_business_account" "o" {
  phone_number_id              = %q
  business_website_url         = "https://www.luckyshrub.com"
  primary_country_of_operation = "United States of America"
  primary_language             = "English"
  parent_business_or_brand     = "Lucky Shrub LLC"
  supporting_links             = [%s]
  %s
}
`, tg.seed.PhoneNumberID, quoted(links), strings.Join(extra, "\n  "))
}

// enableTwoStep sets a two-step verification PIN on the seeded number: Meta takes OBA requests
// only from numbers with one.
func (tg *target) enableTwoStep() {
	tg.t.Helper()
	tg.changesAccount("the number's two-step verification PIN and its Official Business Account request, which Meta has no way to withdraw")
	if err := tg.client().SetTwoStepPIN(context.Background(), tg.seed.PhoneNumberID, "246810"); err != nil {
		tg.t.Fatal(err)
	}
}

// undecidedOBA is the status of the seeded number's OBA request at Meta, which the tests that
// make or adopt a request need undecided: none yet (NOT_STARTED, or one that expired or was
// cancelled) or one under review. A test is skipped when Meta has decided the request.
func (tg *target) undecidedOBA() string {
	tg.t.Helper()
	o, err := tg.client().GetOfficialBusinessAccount(context.Background(), tg.seed.PhoneNumberID)
	if err != nil {
		tg.t.Fatal(err)
	}
	if o.Status == graph.OBAApproved || o.Status == graph.OBARejected {
		tg.t.Skipf("Meta decided the Official Business Account request of phone number %s (%s); the test needs a number without a decided request", tg.seed.PhoneNumberID, o.Status)
	}
	return o.Status
}

// obaUnderReview reports whether an OBA status is a request under Meta's review.
func obaUnderReview(status string) bool {
	return status == graph.OBAPending || status == graph.OBAUnderReview
}

// reviewOBA decides the number's OBA request at the emulator.
func (tg *target) reviewOBA(status string) {
	tg.t.Helper()
	if err := tg.emu.ReviewOfficialBusinessAccount(tg.seed.PhoneNumberID, status, ""); err != nil {
		tg.t.Fatal(err)
	}
}

// checkOBARequest checks the status of the request at Meta and the supporting links it got.
func (tg *target) checkOBARequest(status string, links int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, req, err := tg.emu.OfficialBusinessAccountOf(tg.seed.PhoneNumberID)
		if err != nil {
			return err
		}
		if got != status || len(req.SupportingLinks) != links || req.BusinessWebsiteURL != "https://www.luckyshrub.com" || req.ParentBusinessOrBrand != "Lucky Shrub LLC" {
			return fmt.Errorf("request at Meta: %s %+v, want %s with %d links", got, req, status, links)
		}
		return nil
	}
}

func obaValue(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(obaAddr, tfjsonpath.New(attr), v)
}

// obaPosts checks how many OBA requests the test made.
func (tg *target) obaPosts(want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(tg.calls(http.MethodPost, "/official_business_account$")); got != want {
			return fmt.Errorf("%d requests for OBA status, want %d", got, want)
		}
		return nil
	}
}

// The request is made once and is under Meta's review; the import reads its status; under review,
// the request cannot change. A request already under review at Meta is adopted.
func TestAccOfficialBusinessAccount_underReview(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.enableTwoStep()
	requests := 1
	if obaUnderReview(tg.undecidedOBA()) {
		requests = 0
	}
	phone := tg.seed.PhoneNumberID
	six := append(append([]string{}, obaLinks...), "https://www.gardenweekly.com/2025/lucky-shrub")
	atMeta := func(*terraform.State) error { return nil }
	if tg.emu != nil {
		// Meta does not return the request's content; the emulator shows what it received.
		atMeta = tg.checkOBARequest("PENDING", 5)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: obaConfig(tg, obaLinks),
				ConfigStateChecks: []statecheck.StateCheck{
					obaValue("id", knownvalue.StringExact(phone)),
					obaValue("oba_status", knownvalue.StringExact("PENDING")),
					obaValue("status_message", knownvalue.NotNull()),
				},
				Check:            resource.ComposeTestCheckFunc(atMeta, tg.obaPosts(requests)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			// Meta does not return the request's content.
			{ResourceName: obaAddr, ImportState: true, ImportStateId: phone, ImportStateVerify: true, ImportStateVerifyIgnore: obaRequestAttributes},
			// Under review, the request cannot change.
			{
				Config: obaConfig(tg, six), PlanOnly: true,
				ExpectError: wrapped("Official Business Account request under review", "has no way to change or withdraw it", "Revert the change of supporting_links"),
			},
		},
	})
}

func TestAccOfficialBusinessAccount_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta reviews the request, and 30 days pass after a rejection")
	tg.enableTwoStep()
	phone := tg.seed.PhoneNumberID
	six := append(append([]string{}, obaLinks...), "https://www.gardenweekly.com/2025/lucky-shrub")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// Meta has no way to withdraw a request or give up the badge: destroy forgets.
		CheckDestroy: tg.checkOBARequest("APPROVED", 6),
		Steps: []resource.TestStep{
			{
				Config: obaConfig(tg, obaLinks),
				ConfigStateChecks: []statecheck.StateCheck{
					obaValue("oba_status", knownvalue.StringExact("PENDING")),
					obaValue("status_message", knownvalue.StringExact("Your Official Business Account application is under review")),
				},
				Check: resource.ComposeTestCheckFunc(tg.checkOBARequest("PENDING", 5), tg.obaPosts(1)),
			},
			{
				PreConfig: func() { tg.reviewOBA("REJECTED") },
				Config:    obaConfig(tg, obaLinks),
				ConfigStateChecks: []statecheck.StateCheck{
					obaValue("oba_status", knownvalue.StringExact("REJECTED")),
				},
			},
			// After a rejection, a changed request is a new one; Meta takes it 30 days later.
			{
				PreConfig: func() { tg.emu.Advance(31 * 24 * time.Hour) },
				Config:    obaConfig(tg, six),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(obaAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{obaValue("oba_status", knownvalue.StringExact("PENDING"))},
				Check:             resource.ComposeTestCheckFunc(tg.checkOBARequest("PENDING", 6), tg.obaPosts(2)),
			},
			// Approved: a change is recorded in the state only.
			{
				PreConfig: func() { tg.reviewOBA("APPROVED") },
				Config:    obaConfig(tg, six, `additional_supporting_information = "Featured in Planet Succulent"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(obaAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					obaValue("oba_status", knownvalue.StringExact("APPROVED")),
					obaValue("additional_supporting_information", knownvalue.StringExact("Featured in Planet Succulent")),
				},
				Check: resource.ComposeTestCheckFunc(tg.obaPosts(2), func(*terraform.State) error {
					p, err := tg.client().GetPhoneNumber(context.Background(), phone)
					if err != nil || !p.IsOfficialBusinessAccount {
						return fmt.Errorf("is_official_business_account after approval: %+v, %w", p, err)
					}
					return nil
				}),
			},
		},
	})
}

// A new request within 30 days of the rejection is refused by Meta, with the rule.
func TestAccOfficialBusinessAccount_tooSoonAfterRejection(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta rejects the request")
	tg.enableTwoStep()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: obaConfig(tg, obaLinks)},
			{
				PreConfig:   func() { tg.reviewOBA("REJECTED") },
				Config:      obaConfig(tg, obaLinks, `additional_supporting_information = "Now also in Prickly Digest"`),
				ExpectError: wrapped("Cannot request Official Business Account status", "30 days after a rejection"),
			},
		},
	})
}

// A request already under review, made in WhatsApp Manager (here through the Graph API), is
// adopted without a second one.
func TestAccOfficialBusinessAccount_adoptsPendingRequest(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.enableTwoStep()
	if !obaUnderReview(tg.undecidedOBA()) {
		err := tg.client().RequestOfficialBusinessAccount(context.Background(), tg.seed.PhoneNumberID, graph.OBARequest{
			BusinessWebsiteURL: "https://www.luckyshrub.com", PrimaryCountryOfOperation: "United States of America",
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	tg.clearRequests()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            obaConfig(tg, obaLinks),
			ConfigStateChecks: []statecheck.StateCheck{obaValue("oba_status", knownvalue.StringExact("PENDING"))},
			Check: func(*terraform.State) error {
				if got := tg.calls(http.MethodPost, "/official_business_account$"); len(got) != 0 {
					return fmt.Errorf("%d requests, want none beside the one under review", len(got))
				}
				return nil
			},
		}},
	})
}

// A number without two-step verification: Meta's refusal comes with the eligibility rules.
func TestAccOfficialBusinessAccount_notEligible(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	phone := tg.numberWithoutTwoStep()
	config := strings.Replace(obaConfig(tg, obaLinks), fmt.Sprintf("%q", tg.seed.PhoneNumberID), fmt.Sprintf("%q", phone), 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: wrapped("Cannot request Official Business Account status", "two-step verification", "registered number with two-step verification (whatsapp_phone_number with pin_wo)"),
		}},
	})
}

// A number that is not registered: Meta's refusal comes with the eligibility rules.
func TestAccOfficialBusinessAccount_unregisteredNumber(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	phone := tg.unregisteredNumber()
	config := strings.Replace(obaConfig(tg, obaLinks), fmt.Sprintf("%q", tg.seed.PhoneNumberID), fmt.Sprintf("%q", phone), 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: wrapped("Cannot request Official Business Account status", "must be registered", "from a registered number with two-step verification (whatsapp_phone_number with pin_wo)"),
		}},
	})
}

// Imported by identity, the request's content comes from the configuration: Meta does not
// return it, so the import plans to record it.
func TestAccOfficialBusinessAccount_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.enableTwoStep()
	tg.undecidedOBA()
	phone := tg.seed.PhoneNumberID
	identity := statecheck.ExpectIdentity(obaAddr, map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(phone)})
	other := func(id string) string {
		return obaConfig(tg, obaLinks) + fmt.Sprintf(`
resource "whatsapp_official_business_account" "other" {
  phone_number_id              = %q
  business_website_url         = "https://www.luckyshrub.com"
  primary_country_of_operation = "Mexico"
}
`, phone) + importByIdentity("whatsapp_official_business_account.other", map[string]string{"phone_number_id": id})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   identitySince,
		Steps: []resource.TestStep{
			{
				Config:            obaConfig(tg, obaLinks),
				ConfigStateChecks: []statecheck.StateCheck{identity, statecheck.ExpectIdentityValueMatchesState(obaAddr, tfjsonpath.New("phone_number_id"))},
			},
			{
				ResourceName: obaAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity, ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(obaAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(obaAddr, tfjsonpath.New("id"), knownvalue.StringExact(phone)),
					plancheck.ExpectKnownValue(obaAddr, tfjsonpath.New("oba_status"), knownvalue.StringExact("PENDING")),
					plancheck.ExpectKnownValue(obaAddr, tfjsonpath.New("business_website_url"), knownvalue.StringExact("https://www.luckyshrub.com")),
				}},
			},
			{Config: other(""), ExpectError: regexp.MustCompile(`Missing identity attribute`)},
			{Config: other("abc"), ExpectError: regexp.MustCompile(`"abc" must be the numeric id of the`)},
		},
	})
}

func TestAccOfficialBusinessAccount_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta loses the number")
	tg.enableTwoStep()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: obaConfig(tg, obaLinks),
			Check: func(*terraform.State) error {
				tg.emu.AddFault(phoneGoneFault("/official_business_account$"))
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(obaAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// obaCLI applies the number's OBA request with the terraform CLI and returns its directory.
func obaCLI(t *testing.T, tg *target) (*cliWorkspace, string) {
	t.Helper()
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	cli.write(dir, "main.tf", cliProviderHeader+fmt.Sprintf(`
resource "whatsapp_official_business_account" "o" {
  phone_number_id              = %q
  business_website_url         = "https://www.luckyshrub.com"
  primary_country_of_operation = "United States of America"
}
`, tg.seed.PhoneNumberID))
	cli.mustRun(dir, "init")
	cli.mustRun(dir, "apply", "-auto-approve")
	return cli, dir
}

// The plan warns after a rejection, with Meta's reason and the wait.
func TestAccOfficialBusinessAccount_rejectionWarning(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta rejects the request, with a reason")
	tg.enableTwoStep()
	cli, dir := obaCLI(t, tg)
	if err := tg.emu.ReviewOfficialBusinessAccount(tg.seed.PhoneNumberID, "REJECTED", "Not notable enough yet."); err != nil {
		t.Fatal(err)
	}
	out := squash(cli.mustRun(dir, "plan"))
	if !strings.Contains(out, "Meta rejected the Official Business Account request") || !strings.Contains(out, "Not notable enough yet.") || !strings.Contains(out, "30 days after a rejection") {
		t.Errorf("no warning about the rejection:\n%s", out)
	}
}

// The plan of a destroy warns that the request stays at Meta; a request under review has no
// rejection warning.
func TestAccOfficialBusinessAccount_planWarnings(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.enableTwoStep()
	tg.undecidedOBA()
	cli, dir := obaCLI(t, tg)
	out := squash(cli.mustRun(dir, "plan"))
	if strings.Contains(out, "Meta rejected") {
		t.Errorf("a rejection warning while Meta reviews the request:\n%s", out)
	}
	out = squash(cli.mustRun(dir, "plan", "-destroy"))
	if !strings.Contains(out, "The Official Business Account request stays at Meta") || !strings.Contains(out, "no way to withdraw") {
		t.Errorf("no warning that destroy leaves the request:\n%s", out)
	}
}

func TestAccOfficialBusinessAccount_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	body := func(website, country string, links []string) string {
		return tg.provider() + fmt.Sprintf(`
resource "whatsapp_official_business_account" "o" {
  phone_number_id              = %q
  business_website_url         = %q
  primary_country_of_operation = %q
  supporting_links             = [%s]
}
`, tg.seed.PhoneNumberID, website, country, quoted(links))
	}
	cases := map[string]struct{ config, want string }{
		"http website": {body("http://www.luckyshrub.com", "Mexico", obaLinks), `business_website_url\s+must\s+be\s+an\s+https://\s+URL`},
		"no country":   {body("https://www.luckyshrub.com", "", obaLinks), `primary_country_of_operation`},
		"four links":   {body("https://www.luckyshrub.com", "Mexico", obaLinks[:4]), `supporting_links\s+list\s+must\s+contain\s+at\s+least\s+5\s+elements\s+and\s+at\s+most\s+10`},
		"not a link":   {body("https://www.luckyshrub.com", "Mexico", append([]string{"Retail Review"}, obaLinks[1:]...)), `supporting_links\[0\]\s+must\s+be\s+an\s+http://\s+or\s+https://\s+URL`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if reqs := tg.calls(http.MethodPost, ""); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}

// The registry example applies as written.
func TestAccOfficialBusinessAccount_example(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.enableTwoStep()
	tg.undecidedOBA()
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "whatsapp_official_business_account", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           tg.provider() + string(example),
			ConfigVariables:  config.Variables{"phone_number_id": config.StringVariable(tg.seed.PhoneNumberID)},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}
