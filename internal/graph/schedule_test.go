package graph

import (
	"context"
	"fmt"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestSchedulesCreateListAndFilter(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{ScheduleLimit: 150}, Config{})
	ctx := context.Background()
	waba := emu.Seed().BusinessAccountID
	inactive := false
	first, err := c.CreateSchedule(ctx, waba, NewSchedule{Name: "Business Hours", ScheduleType: "BUSINESS_HOURS", StartTime: "09:00", EndTime: "17:00",
		Timezone: "America/New_York", DaysOfWeek: []string{"MONDAY"}, RecurrencePattern: &RecurrencePattern{Frequency: "WEEKLY", Interval: 2, EndDate: "2027-12-31"}})
	if err != nil || first == "" {
		t.Fatalf("create: %q %v", first, err)
	}
	for i := 0; i < 120; i++ { // more than a page of 100
		if _, err := c.CreateSchedule(ctx, waba, NewSchedule{Name: fmt.Sprintf("Window %03d", i), ScheduleType: "MAINTENANCE_WINDOW", StartTime: "02:00", EndTime: "04:00", IsActive: &inactive}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreateSchedule(ctx, waba, NewSchedule{Name: "Business Hours", ScheduleType: "CUSTOM", StartTime: "01:00", EndTime: "02:00"}); !IsConflict(err) {
		t.Fatalf("a taken name: %v", err)
	}
	all, err := c.ListSchedules(ctx, waba, ScheduleFilter{})
	if err != nil || len(all) != 121 || all[0].ID != first || all[120].Name != "Window 119" {
		t.Fatalf("all: %d %v", len(all), err)
	}
	s := all[0]
	if s.Status != "ACTIVE" || s.Timezone != "America/New_York" || s.IsActive == nil || !*s.IsActive || s.CreatedTime.IsZero() ||
		s.RecurrencePattern == nil || *s.RecurrencePattern != (RecurrencePattern{Frequency: "WEEKLY", Interval: 2, EndDate: "2027-12-31"}) {
		t.Fatalf("schedule %+v", s)
	}
	active := true
	if got, err := c.ListSchedules(ctx, waba, ScheduleFilter{IsActive: &active}); err != nil || len(got) != 1 {
		t.Fatalf("active: %d %v", len(got), err)
	}
	if got, err := c.ListSchedules(ctx, waba, ScheduleFilter{Status: "INACTIVE", ScheduleType: "MAINTENANCE_WINDOW"}); err != nil || len(got) != 120 {
		t.Fatalf("inactive maintenance: %d %v", len(got), err)
	}
	if found, err := c.FindSchedule(ctx, waba, first); err != nil || found == nil || found.Name != "Business Hours" {
		t.Fatalf("find: %+v %v", found, err)
	}
	if found, err := c.FindSchedule(ctx, waba, "1"); err != nil || found != nil {
		t.Fatalf("find a missing one: %+v %v", found, err)
	}
}
