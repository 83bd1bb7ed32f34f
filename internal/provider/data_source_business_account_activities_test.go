package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const activitiesAddr = "data.whatsapp_business_account_activities.log"

func activitiesConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf("data \"whatsapp_business_account_activities\" \"log\" {\n%s\n}\n", body)
}

func activityAt(i int, attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("activities").AtSliceIndex(i).AtMapKey(attr), v)
}

// activityPages counts the activity log pages the emulator served since the log position.
func (tg *target) activityPages(since int) []url.Values {
	var out []url.Values
	for _, r := range tg.emu.Requests()[since:] {
		if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/activities") {
			q, _ := url.ParseQuery(r.Query)
			out = append(out, q)
		}
	}
	return out
}

// The log is read across pages, newest first, with the fields Meta returns; filters narrow it
// and max_results caps it.
func TestAccActivitiesDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	waba := tg.seed.BusinessAccountID
	for i := 0; i < 130; i++ {
		if err := tg.emu.RecordActivity(waba, "COMPLIANCE_ACTION", fmt.Sprintf("Review %03d", i), map[string]any{"review": i}); err != nil {
			t.Fatal(err)
		}
	}
	user := tg.testUser()
	if err := tg.client().AssignUser(t.Context(), waba, user, []string{"MANAGE_TEMPLATES"}); err != nil {
		t.Fatal(err)
	}
	tg.emu.Advance(48 * time.Hour)
	cutoff := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	for i := 0; i < 3; i++ {
		if err := tg.emu.RecordActivity(waba, "BILLING_UPDATED", fmt.Sprintf("Invoice %d", i), nil); err != nil {
			t.Fatal(err)
		}
	}
	var before int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { before = tg.requestCount() },
				Config:    activitiesConfig(tg, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("business_account_id"), knownvalue.StringExact(waba)),
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("activities"), knownvalue.ListSizeExact(134)),
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("truncated"), knownvalue.Bool(false)),
					activityAt(0, "description", knownvalue.StringExact("Invoice 2")),
					activityAt(0, "actor_type", knownvalue.StringExact("SYSTEM")),
					activityAt(0, "details", knownvalue.Null()),
					activityAt(3, "activity_type", knownvalue.StringExact("USER_ADDED")),
					activityAt(3, "actor_type", knownvalue.StringExact("API")),
					activityAt(3, "actor_id", knownvalue.StringExact(tg.seed.SystemUserID)),
					activityAt(3, "ip_address", knownvalue.StringExact("127.0.0.1")),
					activityAt(3, "user_agent", knownvalue.StringRegexp(regexp.MustCompile(`^Go-http-client/`))), // the out-of-band client's
					activityAt(3, "details", knownvalue.StringRegexp(regexp.MustCompile(`"user_id":"`+user+`"`))),
					activityAt(4, "description", knownvalue.StringExact("Review 129")),
					activityAt(133, "description", knownvalue.StringExact("Review 000")),
					activityAt(133, "details", knownvalue.StringExact(`{"review":0}`)),
					activityAt(133, "timestamp", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				},
				Check: func(*terraform.State) error {
					// Terraform reads a data source more than once per step; each read takes two pages.
					pages := tg.activityPages(before)
					if len(pages) < 2 || pages[0].Get("limit") != "100" || pages[0].Get("after") != "" || pages[1].Get("after") == "" {
						return fmt.Errorf("pages read: %v", pages)
					}
					return nil
				},
			},
			{
				Config: activitiesConfig(tg, `  activity_types = ["USER_ADDED", "BILLING_UPDATED"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("activities"), knownvalue.ListSizeExact(4)),
					activityAt(3, "activity_type", knownvalue.StringExact("USER_ADDED")),
				},
			},
			{
				Config: activitiesConfig(tg, fmt.Sprintf("  since = %q", cutoff)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("activities"), knownvalue.ListSizeExact(3)),
				},
			},
			{
				Config: activitiesConfig(tg, fmt.Sprintf("  until = %q\n  activity_types = [\"USER_ADDED\"]", cutoff)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("activities"), knownvalue.ListSizeExact(1)),
				},
			},
			{
				Config: activitiesConfig(tg, "  max_results = 10"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("activities"), knownvalue.ListSizeExact(10)),
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("truncated"), knownvalue.Bool(true)),
					activityAt(9, "description", knownvalue.StringExact("Review 124")),
				},
			},
		},
	})
}

// Plan-time checks name the attribute and the rule; nothing reaches Meta.
func TestAccActivitiesDataSource_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: activitiesConfig(tg, body), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			step(`  activity_types = ["TEMPLATE_EDITED"]`, `(?s)activity_types.*value must be one of`),
			step(`  activity_types = []`, `(?s)activity_types.*set\s+must\s+contain\s+at\s+least\s+1\s+elements`),
			step(`  since = "2025-06-01"`, `(?s)Attribute since must be an RFC 3339 time.*got\s+"2025-06-01"`),
			step(`  until = "yesterday"`, `(?s)Attribute until must be an RFC 3339 time`),
			step("  since = \"2025-06-10T00:00:00Z\"\n  until = \"2025-06-01T00:00:00Z\"", `(?s)Time window ends before it starts.*until\s+\(2025-06-01T00:00:00Z\)\s+is\s+before\s+since`),
			step("  since = \"2025-01-01T00:00:00Z\"\n  until = \"2025-06-01T00:00:00Z\"", `(?s)Time window too long.*at\s+most\s+90\s+days`),
			step("  max_results = 0", `(?s)max_results\s+value\s+must\s+be\s+between\s+1\s+and\s+10000`),
			step(`  business_account_id = "waba"`, `(?s)business_account_id\s+must\s+be\s+a\s+numeric\s+Graph\s+object\s+id`),
		},
	})
	if pages := tg.activityPages(0); len(pages) != 0 {
		t.Fatalf("invalid configurations reached Meta: %v", pages)
	}
}

// Meta's refusal (here, an account the token cannot see) is reported with its code.
func TestAccActivitiesDataSource_unknownAccount(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      activitiesConfig(tg, `  business_account_id = "123456789012345"`),
			ExpectError: wrapped("Cannot read the activity log of WhatsApp Business Account 123456789012345", "Graph API error 100"),
		}},
	})
}
