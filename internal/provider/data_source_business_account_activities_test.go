package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const activitiesAddr = "data.whatsapp_business_account_activities.log"

func activitiesConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf("data \"whatsapp_business_account_activities\" \"log\" {\n%s\n}\n", body)
}

func activityAt(i int, attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("activities").AtSliceIndex(i).AtMapKey(attr), v)
}

// activityPages are the queries of the activity log pages read since the log position.
func (tg *target) activityPages(since int) []url.Values {
	var out []url.Values
	for _, r := range tg.requests()[since:] {
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
	tg.needsEmulator("130 entries Meta records in the log, and two days of Meta's clock")
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

// activitiesOf are the activities of data.whatsapp_business_account_activities.log in state.
func activitiesOf(s *terraform.State) ([]map[string]string, error) {
	return stateObjects(s, activitiesAddr, "activities")
}

// The log as Meta keeps it: giving a user access to the account is recorded with the token's
// system user as the actor; the type and time filters narrow the log to it or away from it,
// and max_results caps what is read. The test tolerates whatever else the log holds.
func TestAccActivitiesDataSource_userAdded(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	waba := tg.seed.BusinessAccountID
	user := tg.testUser()
	ctx := t.Context()
	// A margin for the difference between this machine's clock and Meta's.
	since := time.Now().Add(-2 * time.Minute).UTC().Truncate(time.Second)
	if err := tg.client().AssignUser(ctx, waba, user, []string{"MANAGE_TEMPLATES"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := tg.client().UnassignUser(context.Background(), waba, user); err != nil {
			t.Errorf("taking user %s off %s again: %v", user, waba, err)
		}
	})
	var newest string
	var truncated bool
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: activitiesConfig(tg, fmt.Sprintf("  activity_types = [\"USER_ADDED\"]\n  since = %q", since.Format(time.RFC3339))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("business_account_id"), knownvalue.StringExact(waba)),
					statecheck.ExpectKnownValue(activitiesAddr, tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				},
				Check: func(s *terraform.State) error {
					acts, err := activitiesOf(s)
					if err != nil {
						return err
					}
					found := false
					for _, a := range acts {
						at, err := time.Parse(time.RFC3339, a["timestamp"])
						if a["activity_type"] != "USER_ADDED" || err != nil || at.Before(since) {
							return fmt.Errorf("the filters let through %v", a)
						}
						if strings.Contains(a["details"], user) && a["actor_id"] == tg.seed.SystemUserID {
							found = true
						}
					}
					if !found {
						return fmt.Errorf("no USER_ADDED activity of %s by %s in %v", user, tg.seed.SystemUserID, acts)
					}
					return nil
				},
			},
			{
				// Nothing before the assignment is about it.
				Config: activitiesConfig(tg, fmt.Sprintf("  activity_types = [\"USER_ADDED\"]\n  until = %q", since.Format(time.RFC3339))),
				Check: func(s *terraform.State) error {
					acts, err := activitiesOf(s)
					if err != nil {
						return err
					}
					for _, a := range acts {
						if at, err := time.Parse(time.RFC3339, a["timestamp"]); err != nil || at.After(since) {
							return fmt.Errorf("an activity after until: %v", a)
						}
					}
					return nil
				},
			},
			{
				// The newest entry, and truncated when the log has more.
				PreConfig: func() {
					acts, _, err := tg.client().ListActivities(ctx, waba, graph.ActivityFilter{Max: 2})
					if err != nil || len(acts) == 0 {
						t.Fatalf("reading the log: %v %v", acts, err)
					}
					newest, truncated = acts[0].ID, len(acts) > 1
				},
				Config: activitiesConfig(tg, "  max_results = 1"),
				Check: func(s *terraform.State) error {
					acts, err := activitiesOf(s)
					if err != nil {
						return err
					}
					a := s.RootModule().Resources[activitiesAddr].Primary.Attributes
					if len(acts) != 1 || acts[0]["id"] != newest || a["truncated"] != strconv.FormatBool(truncated) {
						return fmt.Errorf("activities %v truncated %s, want only %s, truncated %t", acts, a["truncated"], newest, truncated)
					}
					return nil
				},
			},
		},
	})
}

// Plan-time checks name the attribute and the rule; nothing reaches Meta.
func TestAccActivitiesDataSource_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
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
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      activitiesConfig(tg, `  business_account_id = "123456789012345"`),
			ExpectError: wrapped("Cannot read the activity log of WhatsApp Business Account 123456789012345", "Graph API error 100"),
		}},
	})
}
