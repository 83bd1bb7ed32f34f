package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const scheduleAddr = "whatsapp_business_account_schedule.hours"

func scheduleConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf("resource \"whatsapp_business_account_schedule\" \"hours\" {\n%s\n}\n", body)
}

const businessHoursBody = `  name          = "Business Hours"
  schedule_type = "BUSINESS_HOURS"
  description   = "Standard business operating hours"
  start_time    = "09:00"
  end_time      = "17:00"
  timezone      = "America/New_York"
  days_of_week  = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]
  recurrence_pattern = {
    frequency = "WEEKLY"
    interval  = 1
  }`

// scheduleName is a schedule name unique to this run: Meta keeps every schedule, and a name once
// taken stays taken.
func scheduleName(base string) string {
	return fmt.Sprintf("%s %d", base, acctest.RandInt())
}

// businessHours is businessHoursBody with the schedule named name.
func businessHours(name string) string {
	return strings.Replace(businessHoursBody, `"Business Hours"`, fmt.Sprintf("%q", name), 1)
}

func scheduleValue(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(scheduleAddr, tfjsonpath.New(attr), v)
}

func scheduleImportID(s *terraform.State) (string, error) {
	a := s.RootModule().Resources[scheduleAddr].Primary.Attributes
	return a["business_account_id"] + "/" + a["id"], nil
}

// schedulesNamed are the schedules Meta holds with any of the names, oldest first.
func (tg *target) schedulesNamed(names ...string) ([]graph.Schedule, error) {
	all, err := tg.client().ListSchedules(context.Background(), tg.seed.BusinessAccountID, graph.ScheduleFilter{})
	if err != nil {
		return nil, err
	}
	var out []graph.Schedule
	for _, s := range all {
		if slices.Contains(names, s.Name) {
			out = append(out, s)
		}
	}
	return out, nil
}

// wantSchedules checks which of the names Meta holds schedules of, oldest first: the account
// may hold others.
func (tg *target) wantSchedules(names ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		held, err := tg.schedulesNamed(names...)
		if err != nil {
			return err
		}
		var got []string
		for _, s := range held {
			got = append(got, s.Name)
		}
		if strings.Join(got, ",") != strings.Join(names, ",") {
			return fmt.Errorf("Meta holds schedules %v, want %v", got, names)
		}
		return nil
	}
}

// schedulesKept is what the tests that make schedules leave in the account.
const schedulesKept = "schedules, which Meta cannot delete"

func TestAccSchedule_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount(schedulesKept)
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	name, next := scheduleName("Business Hours"), scheduleName("Business Hours 2026")
	renamed := strings.Replace(businessHours(next), `"17:00"`, `"18:00"`, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// Meta cannot delete schedules: destroy forgets them, and both stay in the account.
		CheckDestroy: tg.wantSchedules(name, next),
		Steps: []resource.TestStep{
			{
				Config: scheduleConfig(tg, businessHours(name)),
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(scheduleAddr, tfjsonpath.New("id")),
					scheduleValue("id", knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`))),
					scheduleValue("business_account_id", knownvalue.StringExact(tg.seed.BusinessAccountID)),
					scheduleValue("status", knownvalue.StringExact("ACTIVE")),
					scheduleValue("is_active", knownvalue.Bool(true)),
					scheduleValue("days_of_week", knownvalue.SetSizeExact(5)),
					scheduleValue("recurrence_pattern", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"frequency": knownvalue.StringExact("WEEKLY"), "interval": knownvalue.Int64Exact(1), "end_date": knownvalue.Null(),
					})),
					scheduleValue("created_time", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				},
				Check: func(s *terraform.State) error {
					got, err := tg.schedulesNamed(name)
					if err != nil {
						return err
					}
					if len(got) != 1 || got[0].Timezone != "America/New_York" || got[0].StartTime != "09:00" || len(got[0].DaysOfWeek) != 5 ||
						got[0].ID != s.RootModule().Resources[scheduleAddr].Primary.ID {
						return fmt.Errorf("Meta holds %+v", got)
					}
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: scheduleAddr, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: scheduleImportID},
			{
				ResourceName: scheduleAddr, ImportState: true, ImportStateIdFunc: scheduleImportID,
				ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
			},
			{
				// Meta cannot change a schedule, and the old one keeps its name: the plan refuses.
				Config:      scheduleConfig(tg, strings.Replace(businessHours(name), `"17:00"`, `"18:00"`, 1)),
				PlanOnly:    true,
				ExpectError: wrapped("A changed schedule needs a new name", `stays in WhatsApp Business Account`, fmt.Sprintf("%q", name+" v2")),
			},
			{
				// With a new name, a new schedule replaces it in state; the old one stays at Meta.
				Config: scheduleConfig(tg, renamed),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scheduleAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(scheduleAddr, tfjsonpath.New("id")),
					scheduleValue("end_time", knownvalue.StringExact("18:00")),
				},
				Check: tg.wantSchedules(name, next),
			},
		},
	})
}

// The defaults (UTC, active), an overnight window, and a schedule made inactive.
func TestAccSchedule_defaults(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount(schedulesKept)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: scheduleConfig(tg, fmt.Sprintf(`  name          = %q
  schedule_type = "AUTOMATED_RESPONSE"
  start_time    = "18:00"
  end_time      = "08:00"`, scheduleName("After Hours Auto-Reply"))),
				ConfigStateChecks: []statecheck.StateCheck{
					scheduleValue("timezone", knownvalue.StringExact("UTC")),
					scheduleValue("is_active", knownvalue.Bool(true)),
					scheduleValue("status", knownvalue.StringExact("ACTIVE")),
					scheduleValue("description", knownvalue.Null()),
					scheduleValue("days_of_week", knownvalue.Null()),
					scheduleValue("recurrence_pattern", knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: scheduleConfig(tg, fmt.Sprintf(`  name          = %q
  schedule_type = "MAINTENANCE_WINDOW"
  start_time    = "02:00"
  end_time      = "04:00"
  is_active     = false`, scheduleName("Weekend Maintenance"))),
				ConfigStateChecks: []statecheck.StateCheck{
					scheduleValue("status", knownvalue.StringExact("INACTIVE")),
					scheduleValue("is_active", knownvalue.Bool(false)),
				},
			},
		},
	})
}

// Meta pausing the schedule shows in its status without a change.
func TestAccSchedule_pausedByMeta(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta pauses the schedule")
	config := scheduleConfig(tg, `  name          = "After Hours Auto-Reply"
  schedule_type = "AUTOMATED_RESPONSE"
  start_time    = "18:00"
  end_time      = "08:00"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{scheduleValue("status", knownvalue.StringExact("ACTIVE"))}},
			{
				PreConfig: func() {
					s := tg.emu.Schedules(tg.seed.BusinessAccountID)
					if err := tg.emu.SetScheduleStatus(tg.seed.BusinessAccountID, s[0].ID, "PAUSED"); err != nil {
						t.Fatal(err)
					}
				},
				Config:            config,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{scheduleValue("status", knownvalue.StringExact("PAUSED"))},
			},
		},
	})
}

func TestAccSchedule_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount(schedulesKept)
	waba := tg.seed.BusinessAccountID
	campaign := scheduleName("Holiday Campaign")
	made, err := tg.client().CreateSchedule(t.Context(), waba, scheduleNamed(campaign))
	if err != nil {
		t.Fatal(err)
	}
	hours := businessHours(scheduleName("Business Hours"))
	adopted := fmt.Sprintf(`resource "whatsapp_business_account_schedule" "adopted" {
  name          = %q
  schedule_type = "MESSAGE_CAMPAIGN"
  start_time    = "10:00"
  end_time      = "12:00"
  timezone      = "Europe/Paris"
  days_of_week  = ["SATURDAY"]
}
`, campaign)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   identitySince,
		Steps: []resource.TestStep{
			{
				Config: scheduleConfig(tg, hours),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(scheduleAddr, map[string]knownvalue.Check{
						"business_account_id": knownvalue.StringExact(waba),
						"id":                  knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`)),
					}),
					statecheck.ExpectIdentityValueMatchesState(scheduleAddr, tfjsonpath.New("id")),
				},
			},
			{ResourceName: scheduleAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{
				Config: scheduleConfig(tg, hours) + adopted +
					importByIdentity("whatsapp_business_account_schedule.adopted", map[string]string{"business_account_id": waba, "id": made}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("whatsapp_business_account_schedule.adopted", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("whatsapp_business_account_schedule.adopted", tfjsonpath.New("id"), knownvalue.StringExact(made)),
					statecheck.ExpectKnownValue("whatsapp_business_account_schedule.adopted", tfjsonpath.New("status"), knownvalue.StringExact("ACTIVE")),
				},
			},
			{
				Config: scheduleConfig(tg, hours) + adopted + strings.Replace(adopted, `"adopted"`, `"other"`, 1) + `import {
  to = whatsapp_business_account_schedule.other
  id = "schedule-1"
}
`,
				ExpectError: regexp.MustCompile(`"schedule-1" must be <schedule_id> or <business_account_id>/<schedule_id>`),
			},
		},
	})
}

func TestAccSchedule_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("the schedule vanishes at Meta, which has no call to delete one")
	config := scheduleConfig(tg, businessHoursBody)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					if !tg.emu.RemoveSchedule(tg.seed.BusinessAccountID, s.RootModule().Resources[scheduleAddr].Primary.ID) {
						return fmt.Errorf("no schedule to remove")
					}
					return nil
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(scheduleAddr, plancheck.ResourceActionCreate),
				}},
			},
			// A schedule already gone is destroyed without a call.
			{Config: tg.provider(), Destroy: true},
		},
	})
}

// Meta's refusal of a name the account has (a schedule made outside Terraform) names the way out.
func TestAccSchedule_nameTaken(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount(schedulesKept)
	campaign := scheduleName("Holiday Campaign")
	if _, err := tg.client().CreateSchedule(t.Context(), tg.seed.BusinessAccountID, scheduleNamed(campaign)); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: scheduleConfig(tg, fmt.Sprintf(`  name          = %q
  schedule_type = "MESSAGE_CAMPAIGN"
  start_time    = "10:00"
  end_time      = "12:00"`, campaign)),
			ExpectError: wrapped(fmt.Sprintf(`Cannot create schedule %q`, campaign), "Schedule name already exists", "Choose another name, or import the existing schedule"),
		}},
	})
}

// terraform destroy says the schedule stays at Meta.
func TestAccSchedule_destroyWarning(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount(schedulesKept)
	name := scheduleName("Business Hours")
	cli := newCLIWorkspace(t, tg)
	dir := cli.dir("")
	cli.write(dir, "main.tf", cliProviderHeader+fmt.Sprintf("resource \"whatsapp_business_account_schedule\" \"hours\" {\n%s\n}\n", businessHours(name)))
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	out := cli.mustRun(dir, "destroy", "-input=false", "-auto-approve")
	if !strings.Contains(squash(out), "The schedule stays at Meta") || !strings.Contains(squash(out), "Remove it in WhatsApp Manager if it should go") {
		t.Fatalf("destroy gave no warning:\n%s", out)
	}
	if err := tg.wantSchedules(name)(nil); err != nil {
		t.Fatal(err)
	}
}

func TestAccSchedule_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	base := `  name          = "Hours"
  schedule_type = "BUSINESS_HOURS"
  start_time    = "09:00"
  end_time      = "17:00"`
	with := func(old, repl string) string { return strings.Replace(base, old, repl, 1) }
	cases := map[string]struct{ body, want string }{
		"empty name":        {with(`"Hours"`, `""`), `(?s)Attribute name must be 1 to 100 characters, got 0`},
		"long name":         {with(`"Hours"`, `"`+strings.Repeat("h", 101)+`"`), `(?s)Attribute name must be 1 to 100 characters, got 101`},
		"unknown type":      {with(`"BUSINESS_HOURS"`, `"HOLIDAYS"`), `(?s)schedule_type value must be one of`},
		"12-hour clock":     {with(`"17:00"`, `"5pm"`), `(?s)end_time must be a time of day in HH:MM`},
		"25 hours":          {with(`"09:00"`, `"25:00"`), `(?s)start_time must be a time of day in HH:MM`},
		"empty window":      {with(`"17:00"`, `"09:00"`), `(?s)Empty schedule window.*start_time and end_time are both 09:00`},
		"unknown timezone":  {base + "\n  timezone = \"Eastern Standard Time\"", `(?s)Attribute timezone must be an IANA time zone.*got "Eastern Standard Time"`},
		"unknown day":       {base + "\n  days_of_week = [\"FUNDAY\"]", `(?s)days_of_week.*value must be one of`},
		"empty days":        {base + "\n  days_of_week = []", `(?s)days_of_week set must contain at least 1 elements`},
		"empty description": {base + "\n  description = \"\"", `(?s)Attribute description must be 1 to 500 characters`},
		"bad frequency":     {base + "\n  recurrence_pattern = { frequency = \"HOURLY\" }", `(?s)recurrence_pattern.frequency value must be one of`},
		"zero interval":     {base + "\n  recurrence_pattern = {\n    frequency = \"DAILY\"\n    interval = 0\n  }", `(?s)recurrence_pattern.interval value must be at least 1`},
		"bad end date":      {base + "\n  recurrence_pattern = {\n    frequency = \"DAILY\"\n    end_date = \"31/12/2026\"\n  }", `(?s)recurrence_pattern.end_date must be a date in YYYY-MM-DD format`},
		"account id":        {base + "\n  business_account_id = \"waba\"", `(?s)business_account_id must be a numeric Graph object id`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: scheduleConfig(tg, tc.body), PlanOnly: true, ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`))}},
			})
		})
	}
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}

// scheduleMadeInManager is a schedule created outside Terraform.
func scheduleMadeInManager() graph.NewSchedule { return scheduleNamed("Holiday Campaign") }

// scheduleNamed is scheduleMadeInManager with another name.
func scheduleNamed(name string) graph.NewSchedule {
	return graph.NewSchedule{Name: name, ScheduleType: "MESSAGE_CAMPAIGN", StartTime: "10:00", EndTime: "12:00",
		Timezone: "Europe/Paris", DaysOfWeek: []string{"SATURDAY"}}
}

// terraform query finds the account's schedules, filtered, with the state an import stores. The
// account may hold other schedules: the counts come from the account as Graph lists it.
func TestAccScheduleList(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount(schedulesKept)
	waba := tg.seed.BusinessAccountID
	run := acctest.RandInt()
	hoursName := fmt.Sprintf("Business Hours %d", run)
	inactive := false
	ids := map[string]string{}
	for _, s := range []graph.NewSchedule{
		scheduleNamed(scheduleName("Holiday Campaign")),
		{Name: hoursName, ScheduleType: "BUSINESS_HOURS", StartTime: "09:00", EndTime: "17:00", DaysOfWeek: []string{"MONDAY", "FRIDAY"}},
		{Name: fmt.Sprintf("Old Business Hours %d", run), ScheduleType: "BUSINESS_HOURS", StartTime: "08:00", EndTime: "16:00", IsActive: &inactive},
	} {
		id, err := tg.client().CreateSchedule(t.Context(), waba, s)
		if err != nil {
			t.Fatal(err)
		}
		ids[s.Name] = id
	}
	all, err := tg.client().ListSchedules(t.Context(), waba, graph.ScheduleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	active, err := tg.client().ListSchedules(t.Context(), waba, graph.ScheduleFilter{ScheduleType: "BUSINESS_HOURS", Status: "ACTIVE"})
	if err != nil {
		t.Fatal(err)
	}
	hours := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"business_account_id": knownvalue.StringExact(waba), "id": knownvalue.StringExact(ids[hoursName])})
	resource.Test(t, queryCase(tg, fmt.Sprintf(`
list "whatsapp_business_account_schedule" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_business_account_schedule" "hours" {
  provider = whatsapp
  config {
    name = "business hours %d"
  }
}

list "whatsapp_business_account_schedule" "active_hours" {
  provider = whatsapp
  config {
    schedule_type = "BUSINESS_HOURS"
    status        = "ACTIVE"
  }
}
`, run),
		querycheck.ExpectLength("whatsapp_business_account_schedule.all", len(all)),
		querycheck.ExpectLength("whatsapp_business_account_schedule.hours", 2),
		querycheck.ExpectLength("whatsapp_business_account_schedule.active_hours", len(active)),
		querycheck.ExpectIdentity("whatsapp_business_account_schedule.active_hours", map[string]knownvalue.Check{
			"business_account_id": knownvalue.StringExact(waba), "id": knownvalue.StringExact(ids[hoursName]),
		}),
		querycheck.ExpectResourceDisplayName("whatsapp_business_account_schedule.all", hours, knownvalue.StringExact(hoursName+" (BUSINESS_HOURS, ACTIVE)")),
		querycheck.ExpectResourceKnownValues("whatsapp_business_account_schedule.all", hours, knownValues(map[string]knownvalue.Check{
			"name":         knownvalue.StringExact(hoursName),
			"timezone":     knownvalue.StringExact("UTC"),
			"days_of_week": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("MONDAY"), knownvalue.StringExact("FRIDAY")}),
			"is_active":    knownvalue.Bool(true),
		})),
	))
}

// seedListSchedules makes two schedules of the seeded account out of band, one with every field.
func seedListSchedules(t *testing.T, tg *target) {
	t.Helper()
	active := false
	for _, s := range []graph.NewSchedule{
		scheduleMadeInManager(),
		{Name: "Business Hours", ScheduleType: "BUSINESS_HOURS", Description: "Standard business operating hours", StartTime: "09:00", EndTime: "17:00",
			Timezone: "America/New_York", DaysOfWeek: []string{"MONDAY", "FRIDAY"}, IsActive: &active,
			RecurrencePattern: &graph.RecurrencePattern{Frequency: "WEEKLY", Interval: 2, EndDate: "2027-12-31"}},
	} {
		if _, err := tg.client().CreateSchedule(t.Context(), tg.seed.BusinessAccountID, s); err != nil {
			t.Fatal(err)
		}
	}
}
