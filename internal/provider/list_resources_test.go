package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// cliProviderMain is the main.tf of a CLI workspace whose provider is configured by environment.
const cliProviderMain = `terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {}
`

// queryCase is a test case of one `terraform query` step, on Terraform 1.14 and later.
func queryCase(tg *target, lists string, checks ...querycheck.QueryResultCheck) resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Query: true, Config: tg.provider() + lists, QueryResultChecks: checks}},
	}
}

// knownValues turns attribute names and checks into querycheck's path checks.
func knownValues(checks map[string]knownvalue.Check) []querycheck.KnownValueCheck {
	out := make([]querycheck.KnownValueCheck, 0, len(checks))
	for attr, c := range checks {
		out = append(out, querycheck.KnownValueCheck{Path: tfjsonpath.New(attr), KnownValue: c})
	}
	return out
}

// Against Meta, the list tests use a second registered number of the account under test and a
// second account of the business with at least one number, named by these.
const (
	envTestSecondPhoneNumberID     = "WHATSAPP_TEST_SECOND_PHONE_NUMBER_ID"
	envTestSecondBusinessAccountID = "WHATSAPP_TEST_SECOND_BUSINESS_ACCOUNT_ID"
)

// seedListPhones adds two numbers, onboarded in WhatsApp Manager, to the seeded WABA beside the
// seeded one (+44 and +49), and a number to another WABA; it returns the +44 number's id and the
// other WABA. Against Meta they are the account's second number and the business's second
// account, from the environment.
func seedListPhones(t *testing.T, tg *target) (uk, otherWABA string) {
	t.Helper()
	if tg.emu == nil {
		tg.needsSeed(envTestSecondPhoneNumberID, envTestSecondBusinessAccountID)
		return os.Getenv(envTestSecondPhoneNumberID), os.Getenv(envTestSecondBusinessAccountID)
	}
	var err error
	if uk, err = tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "44", "7911123456", "Jasper's Market UK"); err != nil {
		t.Fatal(err)
	}
	if _, err = tg.emu.AddPhoneNumber(tg.seed.BusinessAccountID, "49", "15112345678", "Jasper's Markt"); err != nil {
		t.Fatal(err)
	}
	otherWABA = tg.emu.AddWABA("Jasper's Other Account")
	if _, err = tg.emu.AddPhoneNumber(otherWABA, "33", "612345678", "Jasper's Marché"); err != nil {
		t.Fatal(err)
	}
	return uk, otherWABA
}

// phoneIDs are the ids of phone numbers.
func phoneIDs(phones []graph.PhoneNumber) []string {
	ids := make([]string, len(phones))
	for i, p := range phones {
		ids[i] = p.ID
	}
	return ids
}

// phonesOf lists a WABA's phone numbers through the Graph API.
func (tg *target) phonesOf(waba string) []graph.PhoneNumber {
	tg.t.Helper()
	phones, err := tg.client().ListPhoneNumbers(context.Background(), waba, graph.PhoneNumberFilter{})
	if err != nil {
		tg.t.Fatal(err)
	}
	return phones
}

func TestAccPhoneNumberList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	uk, other := seedListPhones(t, tg)
	ukNumber := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(uk)})
	// What the list must show, as the Graph API reads it (the +44 number on the emulator).
	p, err := tg.client().GetPhoneNumber(context.Background(), uk)
	if err != nil {
		t.Fatal(err)
	}
	cc, national, ok := graph.SplitDisplayNumber(p.DisplayPhoneNumber)
	if !ok {
		t.Fatalf("display number %q", p.DisplayPhoneNumber)
	}
	resource.Test(t, queryCase(tg, `
list "whatsapp_phone_number" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_phone_number" "other" {
  provider = whatsapp
  config {
    business_account_id = "`+other+`"
  }
}
`,
		querycheck.ExpectLength("whatsapp_phone_number.all", len(tg.phonesOf(tg.seed.BusinessAccountID))),
		querycheck.ExpectLength("whatsapp_phone_number.other", len(tg.phonesOf(other))),
		querycheck.ExpectIdentity("whatsapp_phone_number.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(tg.seed.PhoneNumberID)}),
		querycheck.ExpectIdentity("whatsapp_phone_number.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(uk)}),
		querycheck.ExpectResourceDisplayName("whatsapp_phone_number.all", ukNumber, knownvalue.StringExact(p.DisplayPhoneNumber+" ("+p.VerifiedName+")")),
		querycheck.ExpectResourceKnownValues("whatsapp_phone_number.all", ukNumber, knownValues(map[string]knownvalue.Check{
			"id":                    knownvalue.StringExact(uk),
			"business_account_id":   knownvalue.StringExact(tg.seed.BusinessAccountID),
			"country_code":          knownvalue.StringExact(cc),
			"phone_number":          knownvalue.StringExact(national),
			"verified_name":         knownvalue.StringExact(p.VerifiedName),
			"registered":            knownvalue.Bool(true),
			"pin_wo":                knownvalue.Null(),
			"pin_wo_version":        knownvalue.Null(),
			"deregister_on_destroy": knownvalue.Bool(true),
		})),
	))
}

// seedListFlows makes flows in Flow Builder, out of band: booking_draft (a draft with the
// example document), booking_live (published) and feedback_old (published, then deprecated),
// each name after the run's prefix. It returns their ids by name (without the prefix).
func seedListFlows(t *testing.T, tg *target, prefix string) map[string]string {
	t.Helper()
	c, ctx := tg.client(), context.Background()
	doc := []byte(exampleFlowJSON(t))
	ids := map[string]string{}
	for _, name := range []string{"booking_draft", "booking_live", "feedback_old"} {
		id, err := c.CreateFlow(ctx, tg.seed.BusinessAccountID, graph.NewFlow{Name: prefix + name, Categories: []string{"APPOINTMENT_BOOKING"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.UploadFlowJSON(ctx, id, doc); err != nil {
			t.Fatal(err)
		}
		if name != "booking_draft" {
			if err := c.PublishFlow(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		ids[name] = id
	}
	if err := c.DeprecateFlow(ctx, ids["feedback_old"]); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestAccFlowList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the account's flows (published flows stay at Meta)")
	prefix := flowName("list") + "_"
	ids := seedListFlows(t, tg, prefix)
	waba := tg.seed.BusinessAccountID
	live := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(waba), "id": knownvalue.StringExact(ids["booking_live"])})
	// The account may hold other flows; those of this run share its prefix.
	all, err := tg.client().ListFlows(context.Background(), waba)
	if err != nil {
		t.Fatal(err)
	}
	deprecated := 0
	for _, f := range all {
		if f.Status == "DEPRECATED" {
			deprecated++
		}
	}
	resource.Test(t, queryCase(tg, `
list "whatsapp_flow" "all" {
  provider         = whatsapp
  include_resource = true
  limit            = 1000
}

list "whatsapp_flow" "booking" {
  provider = whatsapp
  config {
    name = "`+strings.ToUpper(prefix)+`BOOKING"
  }
}

list "whatsapp_flow" "deprecated" {
  provider = whatsapp
  limit    = 1000
  config {
    business_account_id = "`+waba+`"
    status              = "DEPRECATED"
  }
}
`,
		querycheck.ExpectLength("whatsapp_flow.all", len(all)),
		querycheck.ExpectLength("whatsapp_flow.booking", 2),
		querycheck.ExpectLength("whatsapp_flow.deprecated", deprecated),
		querycheck.ExpectIdentity("whatsapp_flow.deprecated", map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(waba), "id": knownvalue.StringExact(ids["feedback_old"])}),
		querycheck.ExpectResourceDisplayName("whatsapp_flow.all", live, knownvalue.StringExact(prefix+"booking_live (PUBLISHED)")),
		querycheck.ExpectResourceKnownValues("whatsapp_flow.all", live, knownValues(map[string]knownvalue.Check{
			"id":                  knownvalue.StringExact(ids["booking_live"]),
			"business_account_id": knownvalue.StringExact(waba),
			"name":                knownvalue.StringExact(prefix + "booking_live"),
			"status":              knownvalue.StringExact("PUBLISHED"),
			"publish":             knownvalue.Bool(true),
			"categories":          knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("APPOINTMENT_BOOKING")}),
			"flow_json":           knownvalue.StringRegexp(regexp.MustCompile(`"Book a visit"`)),
			"clone_flow_id":       knownvalue.Null(),
		})),
	))
}

// seedListQRCodes makes QR codes out of band: two of the seeded number and one of the other
// number given; it returns their codes in that order.
func seedListQRCodes(t *testing.T, tg *target, other string) []string {
	t.Helper()
	c, ctx, phone := tg.client(), context.Background(), tg.seed.PhoneNumberID
	var codes []string
	for _, qr := range []struct{ phone, message string }{{phone, "Hi, I'd like to book"}, {phone, "Track my order"}, {other, "Hello from the UK"}} {
		created, err := c.CreateQRCode(ctx, qr.phone, qr.message, "")
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, created.Code)
		t.Cleanup(func() {
			if err := c.DeleteQRCode(context.Background(), qr.phone, created.Code); err != nil && !graph.IsNotFound(err) {
				t.Errorf("deleting QR code %s: %v", created.Code, err)
			}
		})
	}
	return codes
}

// qrCodesOf counts the QR codes of phone numbers through the Graph API.
func (tg *target) qrCodesOf(phones ...string) int {
	tg.t.Helper()
	n := 0
	for _, phone := range phones {
		codes, err := tg.client().ListQRCodes(context.Background(), phone, "")
		if err != nil {
			tg.t.Fatal(err)
		}
		n += len(codes)
	}
	return n
}

func TestAccQRCodeList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	uk, _ := seedListPhones(t, tg)
	codes := seedListQRCodes(t, tg, uk)
	phone := tg.seed.PhoneNumberID
	track := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(phone), "code": knownvalue.StringExact(codes[1])})
	resource.Test(t, queryCase(tg, `
list "whatsapp_qr_code" "account" {
  provider = whatsapp
}

list "whatsapp_qr_code" "seeded" {
  provider         = whatsapp
  include_resource = true
  config {
    phone_number_id = "`+phone+`"
  }
}

list "whatsapp_qr_code" "uk" {
  provider = whatsapp
  config {
    phone_number_id = "`+uk+`"
  }
}
`,
		querycheck.ExpectLength("whatsapp_qr_code.account", tg.qrCodesOf(phoneIDs(tg.phonesOf(tg.seed.BusinessAccountID))...)),
		querycheck.ExpectLength("whatsapp_qr_code.seeded", tg.qrCodesOf(phone)),
		querycheck.ExpectLength("whatsapp_qr_code.uk", tg.qrCodesOf(uk)),
		querycheck.ExpectIdentity("whatsapp_qr_code.uk", map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(uk), "code": knownvalue.StringExact(codes[2])}),
		querycheck.ExpectIdentity("whatsapp_qr_code.account", map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(uk), "code": knownvalue.StringExact(codes[2])}),
		querycheck.ExpectResourceDisplayName("whatsapp_qr_code.seeded", track, knownvalue.StringExact(codes[1]+` "Track my order"`)),
		querycheck.ExpectResourceKnownValues("whatsapp_qr_code.seeded", track, knownValues(map[string]knownvalue.Check{
			"id":                knownvalue.StringExact(phone + "/" + codes[1]),
			"phone_number_id":   knownvalue.StringExact(phone),
			"code":              knownvalue.StringExact(codes[1]),
			"prefilled_message": knownvalue.StringExact("Track my order"),
			"image_format":      knownvalue.StringExact("PNG"),
			"qr_image_url":      knownvalue.StringRegexp(regexp.MustCompile(`^https://`)),
			"deep_link_url":     knownvalue.StringRegexp(regexp.MustCompile(codes[1])),
		})),
	))
}

func TestAccBusinessAccountList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestBusinessID)
	second := tg.secondAccount("Second owned account")
	if tg.emu != nil {
		for range 5 {
			tg.emu.AddClientWABA("")
		}
	}
	// What the lists must show, as the Graph API lists the business's accounts.
	ctx, c := context.Background(), tg.client()
	owned, err := c.ListOwnedWABAs(ctx, tg.seed.BusinessID)
	if err != nil {
		t.Fatal(err)
	}
	clients, err := c.ListClientWABAs(ctx, tg.seed.BusinessID)
	if err != nil {
		t.Fatal(err)
	}
	secondAccount, err := c.GetWABA(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	waba := tg.seed.BusinessAccountID
	w, err := c.GetWABA(ctx, waba)
	if err != nil {
		t.Fatal(err)
	}
	own := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(waba)})
	resource.Test(t, queryCase(tg, businessAccountLists(tg),
		querycheck.ExpectLength("whatsapp_business_account.provider", 1),
		querycheck.ExpectLength("whatsapp_business_account.owned", len(owned)),
		querycheck.ExpectLength("whatsapp_business_account.clients", len(clients)),
		querycheck.ExpectLength("whatsapp_business_account.first", min(3, len(clients))),
		querycheck.ExpectIdentity("whatsapp_business_account.owned", map[string]knownvalue.Check{"id": knownvalue.StringExact(second)}),
		querycheck.ExpectResourceDisplayName("whatsapp_business_account.provider", own, knownvalue.StringExact(w.Name+" ("+waba+")")),
		querycheck.ExpectResourceKnownValues("whatsapp_business_account.provider", own, knownValues(map[string]knownvalue.Check{
			"id":          knownvalue.StringExact(waba),
			"name":        knownvalue.StringExact(w.Name),
			"timezone_id": knownvalue.StringExact(string(w.TimezoneID)),
		})),
		querycheck.ExpectResourceKnownValues("whatsapp_business_account.owned", queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(second)}), knownValues(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(secondAccount.Name),
		})),
	))
}

// More client accounts than one page of Meta's listing are all found.
func TestAccBusinessAccountList_clientPages(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("105 client accounts of the business")
	var clients []string
	for range 105 { // more than one page of 100
		clients = append(clients, tg.emu.AddClientWABA(""))
	}
	resource.Test(t, queryCase(tg, businessAccountLists(tg),
		querycheck.ExpectLength("whatsapp_business_account.clients", len(clients)),
		querycheck.ExpectLength("whatsapp_business_account.first", 3),
		querycheck.ExpectIdentity("whatsapp_business_account.clients", map[string]knownvalue.Check{"id": knownvalue.StringExact(clients[104])}),
	))
}

// businessAccountLists lists the provider's account, the business's own accounts, its first
// three client accounts and all of them.
func businessAccountLists(tg *target) string {
	return `
list "whatsapp_business_account" "provider" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_business_account" "owned" {
  provider         = whatsapp
  include_resource = true
  limit            = 1000
  config {
    business_id = "` + tg.seed.BusinessID + `"
  }
}

list "whatsapp_business_account" "first" {
  provider = whatsapp
  limit    = 3
  config {
    business_id  = "` + tg.seed.BusinessID + `"
    relationship = "client"
  }
}

list "whatsapp_business_account" "clients" {
  provider = whatsapp
  limit    = 1000 // Terraform's default is 100
  config {
    business_id  = "` + tg.seed.BusinessID + `"
    relationship = "client"
  }
}
`
}

// seedListUsers assigns two users of the seeded business to the seeded WABA out of band, beside
// the provider's system user, and one of them to a client's account shared with the business.
// Against Meta, the list tests give this second user of the business (besides
// WHATSAPP_TEST_USER_ID) access to the account, and take it away again.
const envTestSecondUserID = "WHATSAPP_TEST_SECOND_USER_ID"

func seedListUsers(t *testing.T, tg *target) (ana, bot, client string) {
	t.Helper()
	c, ctx, waba := tg.client(), context.Background(), tg.seed.BusinessAccountID
	if tg.emu != nil {
		ana = tg.emu.AddBusinessUser("Ana Lima", "BUSINESS_USER")
		bot = tg.emu.AddBusinessUser("Template bot", "SYSTEM_USER")
	} else {
		tg.needsSeed(envTestSecondUserID)
		ana, bot = tg.testUser(), os.Getenv(envTestSecondUserID)
	}
	client = tg.clientAccount("Client account")
	for _, a := range []struct {
		waba, user string
		tasks      []string
	}{{waba, ana, []string{"MANAGE_TEMPLATES", "VIEW_INSIGHTS"}}, {waba, bot, []string{"DEVELOP"}}, {client, ana, []string{"MANAGE"}}} {
		if err := c.AssignUser(ctx, a.waba, a.user, a.tasks); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := c.UnassignUser(context.Background(), a.waba, a.user); err != nil && !graph.IsNotFound(err) {
				t.Errorf("taking %s's access to %s away: %v", a.user, a.waba, err)
			}
		})
	}
	return ana, bot, client
}

// assignedUsersOf are the users of the business assigned to an account, as Graph lists them.
func (tg *target) assignedUsersOf(waba string) []graph.AssignedUser {
	tg.t.Helper()
	users, err := tg.client().ListAssignedUsers(context.Background(), waba, tg.seed.BusinessID)
	if err != nil {
		tg.t.Fatal(err)
	}
	return users
}

func TestAccAssignedUserList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	waba := tg.seed.BusinessAccountID
	ana, bot, client := seedListUsers(t, tg)
	anaHere := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(waba), "user_id": knownvalue.StringExact(ana)})
	here := tg.assignedUsersOf(waba)
	var anaAtMeta graph.AssignedUser
	for _, u := range here {
		if u.ID == ana {
			anaAtMeta = u
		}
	}
	resource.Test(t, queryCase(tg, `
list "whatsapp_business_account_assigned_user" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_business_account_assigned_user" "client" {
  provider         = whatsapp
  include_resource = true
  config {
    business_account_id = "`+client+`"
    business_id         = "`+tg.seed.BusinessID+`"
  }
}
`,
		querycheck.ExpectLength("whatsapp_business_account_assigned_user.all", len(here)), // with the provider's system user
		querycheck.ExpectLength("whatsapp_business_account_assigned_user.client", len(tg.assignedUsersOf(client))),
		querycheck.ExpectIdentity("whatsapp_business_account_assigned_user.all", map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(waba), "user_id": knownvalue.StringExact(bot)}),
		querycheck.ExpectIdentity("whatsapp_business_account_assigned_user.all", map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(waba), "user_id": knownvalue.StringExact(tg.seed.SystemUserID)}),
		querycheck.ExpectResourceDisplayName("whatsapp_business_account_assigned_user.all", anaHere, knownvalue.StringExact(anaAtMeta.Name+" ("+anaAtMeta.UserType+")")),
		querycheck.ExpectResourceKnownValues("whatsapp_business_account_assigned_user.all", anaHere, knownValues(map[string]knownvalue.Check{
			"id":                  knownvalue.StringExact(waba + "/" + ana),
			"business_account_id": knownvalue.StringExact(waba),
			"business_id":         knownvalue.StringExact(tg.seed.BusinessID),
			"user_id":             knownvalue.StringExact(ana),
			"user_name":           knownvalue.StringExact(anaAtMeta.Name),
			"tasks":               knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("MANAGE_TEMPLATES"), knownvalue.StringExact("VIEW_INSIGHTS")}),
		})),
		querycheck.ExpectResourceKnownValues("whatsapp_business_account_assigned_user.client",
			queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(client), "user_id": knownvalue.StringExact(ana)}),
			knownValues(map[string]knownvalue.Check{
				"business_id": knownvalue.StringExact(tg.seed.BusinessID),
				"tasks":       knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("MANAGE")}),
			})),
	))
}

// seedListSettings sets up, out of band, the seeded number's profile, automation and commerce
// settings (cart off, catalog shown), and a callback override for the +44 number after subscribing the
// app to the account with an override of its own; it returns the account's override URL.
func seedListSettings(t *testing.T, tg *target, uk string) string {
	t.Helper()
	tg.changesAccount("the profile, automation, commerce settings and webhook overrides of the account's numbers, and its webhook subscription")
	c, ctx, phone := tg.client(), context.Background(), tg.seed.PhoneNumberID
	about := "Support, 7 days a week"
	if err := c.UpdateBusinessProfile(ctx, phone, graph.BusinessProfileUpdate{About: &about, Websites: &[]string{"https://shop.example.com"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetConversationalAutomation(ctx, phone, graph.ConversationalAutomation{EnableWelcomeMessage: true, Prompts: []string{"Where is my order?", "Talk to a person"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetCommerceSettings(ctx, phone, false, true); err != nil {
		t.Fatal(err)
	}
	sink := tg.webhookSink("manager-token")
	if err := c.SubscribeApp(ctx, tg.seed.BusinessAccountID, &graph.WABAOverride{CallbackURI: sink + "&to=waba", VerifyToken: "manager-token"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetPhoneCallbackOverride(ctx, uk, sink+"&to=uk", "manager-token"); err != nil {
		t.Fatal(err)
	}
	return sink
}

// settingsListCase lists a per-number resource across the account, with and without
// include_resource, and for the +44 number only, expecting a result for each number of the
// account that has one (has). expect gives the
// number whose result to check and the checks of its resource, from the +44 number's id and the
// account's callback override.
func settingsListCase(t *testing.T, typ string, has func(tg *target, p graph.PhoneNumber) bool, expect func(tg *target, uk, sink string) (string, map[string]knownvalue.Check)) {
	tg := newTarget(t, emulator.Options{})
	uk, _ := seedListPhones(t, tg)
	sink := seedListSettings(t, tg, uk)
	phone, values := expect(tg, uk, sink)
	want := 0 // the account's numbers that have one, as the Graph API shows them
	for _, p := range tg.phonesOf(tg.seed.BusinessAccountID) {
		if has(tg, p) {
			want++
		}
	}
	checked := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(phone)})
	resource.Test(t, queryCase(tg, fmt.Sprintf(`
list %[1]q "all" {
  provider         = whatsapp
  include_resource = true
}

list %[1]q "ids" {
  provider = whatsapp
}

list %[1]q "uk" {
  provider         = whatsapp
  include_resource = true
  config {
    phone_number_id = %[2]q
  }
}
`, typ, uk),
		querycheck.ExpectLength(typ+".all", want),
		querycheck.ExpectLength(typ+".ids", want),
		querycheck.ExpectLength(typ+".uk", 1),
		querycheck.ExpectIdentity(typ+".uk", map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(uk)}),
		querycheck.ExpectIdentity(typ+".all", map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(phone)}),
		querycheck.ExpectResourceDisplayName(typ+".all", checked, knownvalue.StringRegexp(regexp.MustCompile(`^\+\d+ [\d -]+ \(.+\)$`))),
		querycheck.ExpectResourceKnownValues(typ+".all", checked, knownValues(values)),
	))
}

func registeredPhone(_ *target, p graph.PhoneNumber) bool { return p.Registered() }

func anyPhone(*target, graph.PhoneNumber) bool { return true }

func phoneWithOverride(tg *target, p graph.PhoneNumber) bool { return tg.phoneOverride(p.ID) != "" }

func TestAccBusinessProfileList(t *testing.T) {
	settingsListCase(t, "whatsapp_business_profile", registeredPhone, func(tg *target, _, _ string) (string, map[string]knownvalue.Check) {
		return tg.seed.PhoneNumberID, map[string]knownvalue.Check{
			"id":       knownvalue.StringExact(tg.seed.PhoneNumberID),
			"about":    knownvalue.StringExact("Support, 7 days a week"),
			"websites": knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("https://shop.example.com")}),
		}
	})
}

func TestAccCommerceSettingsList(t *testing.T) {
	settingsListCase(t, "whatsapp_commerce_settings", anyPhone, func(tg *target, _, _ string) (string, map[string]knownvalue.Check) {
		return tg.seed.PhoneNumberID, map[string]knownvalue.Check{
			"is_cart_enabled":    knownvalue.Bool(false),
			"is_catalog_visible": knownvalue.Bool(true),
		}
	})
}

func TestAccConversationalAutomationList(t *testing.T) {
	settingsListCase(t, "whatsapp_conversational_automation", registeredPhone, func(tg *target, _, _ string) (string, map[string]knownvalue.Check) {
		return tg.seed.PhoneNumberID, map[string]knownvalue.Check{
			"enable_welcome_message": knownvalue.Bool(true),
			"prompts":                knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Where is my order?"), knownvalue.StringExact("Talk to a person")}),
		}
	})
}

func TestAccPhoneNumberWebhookList(t *testing.T) {
	// Only the +44 number has an override of its own.
	settingsListCase(t, "whatsapp_phone_number_webhook", phoneWithOverride, func(_ *target, uk, sink string) (string, map[string]knownvalue.Check) {
		return uk, map[string]knownvalue.Check{
			"phone_number_id":                        knownvalue.StringExact(uk),
			"callback_url":                           knownvalue.StringExact(sink + "&to=uk"),
			"whatsapp_business_account_callback_url": knownvalue.StringExact(sink + "&to=waba"),
			"verify_token_wo":                        knownvalue.Null(),
		}
	})
}

func TestAccWebhookSubscriptionList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	uk, other := seedListPhones(t, tg)
	sink := seedListSettings(t, tg, uk)
	waba := tg.seed.BusinessAccountID
	resource.Test(t, queryCase(tg, `
list "whatsapp_webhook_subscription" "this" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_webhook_subscription" "unsubscribed" {
  provider = whatsapp
  config {
    business_account_id = "`+other+`"
  }
}
`,
		querycheck.ExpectLength("whatsapp_webhook_subscription.this", 1),
		querycheck.ExpectLength("whatsapp_webhook_subscription.unsubscribed", 0),
		querycheck.ExpectIdentity("whatsapp_webhook_subscription.this", map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(waba)}),
		querycheck.ExpectResourceKnownValues("whatsapp_webhook_subscription.this",
			queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(waba)}),
			knownValues(map[string]knownvalue.Check{
				"id":                    knownvalue.StringExact(waba),
				"app_id":                knownvalue.StringExact(tg.seed.AppID),
				"override_callback_uri": knownvalue.StringExact(sink + "&to=waba"),
				"verify_token_wo":       knownvalue.Null(),
			})),
	))
}

// Lists refuse, before reading anything, configuration they cannot use, and say which attribute
// to set when neither the block nor the provider names the account.
func TestAccListInvalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	t.Setenv(envBusinessAccountID, "") // noAccount leaves it out on purpose
	noAccount := fmt.Sprintf("provider \"whatsapp\" {\n  base_url     = %q\n  access_token = %q\n}\n", tg.url, tg.seed.AccessToken)
	step := func(provider, lists, want string) resource.TestStep {
		return resource.TestStep{Query: true, Config: provider + lists, ExpectError: regexp.MustCompile(want)}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(noAccount, `list "whatsapp_phone_number" "all" { provider = whatsapp }`,
				`(?s)Missing WhatsApp Business Account id.*Set business_account_id in the list block, or\s+business_account_id \(or\s+WHATSAPP_BUSINESS_ACCOUNT_ID\) on the provider`),
			step(noAccount, `list "whatsapp_qr_code" "all" { provider = whatsapp }`,
				`(?s)Missing WhatsApp Business Account id.*Set business_account_id or phone_number_id in the list block`),
			step(noAccount, `list "whatsapp_business_account" "all" { provider = whatsapp }`,
				`(?s)Nothing to list.*Set business_id in the list block`),
			step(tg.provider(), `list "whatsapp_flow" "all" {
  provider = whatsapp
  config {
    business_account_id = "my-account"
  }
}`, `(?s)business_account_id.*must be a numeric Graph object id`),
			step(tg.provider(), `list "whatsapp_flow" "all" {
  provider = whatsapp
  config {
    status = "LIVE"
  }
}`, `(?s)status.*value must be one of`),
			step(tg.provider(), `list "whatsapp_business_account" "all" {
  provider = whatsapp
  config {
    relationship = "client"
  }
}`, `(?s)"business_id" must be specified when "relationship"`),
			step(tg.provider(), `list "whatsapp_business_account_assigned_user" "all" {
  provider = whatsapp
  config {
    business_id = "Acme"
  }
}`, `(?s)business_id.*must be a numeric Graph object id`),
		},
	})
}
