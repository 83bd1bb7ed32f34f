package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestListActivitiesPagesUpToMax(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx := context.Background()
	seed := emu.Seed()
	for i := 0; i < 230; i++ {
		if err := emu.RecordActivity(seed.BusinessAccountID, "COMPLIANCE_ACTION", fmt.Sprintf("Review %03d", i), map[string]any{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	all, more, err := c.ListActivities(ctx, seed.BusinessAccountID, ActivityFilter{})
	if err != nil || more || len(all) != 230 || all[0].Description != "Review 229" || all[229].Description != "Review 000" {
		t.Fatalf("all: %d more=%v %v", len(all), more, err)
	}
	if string(all[0].Details) != `{"n":229}` || all[0].ActivityType != "COMPLIANCE_ACTION" || all[0].Timestamp.IsZero() {
		t.Fatalf("activity %+v", all[0])
	}
	emu.ClearRequests()
	capped, more, err := c.ListActivities(ctx, seed.BusinessAccountID, ActivityFilter{Max: 150})
	if err != nil || !more || len(capped) != 150 || capped[149].Description != "Review 080" {
		t.Fatalf("capped: %d more=%v %v", len(capped), more, err)
	}
	var limits []string
	for _, r := range emu.Requests() {
		q, _ := url.ParseQuery(r.Query)
		limits = append(limits, q.Get("limit"))
	}
	if strings.Join(limits, ",") != "100,50" {
		t.Fatalf("pages asked for %v, want 100 then the 50 still needed", limits)
	}
	exact, more, err := c.ListActivities(ctx, seed.BusinessAccountID, ActivityFilter{Max: 230})
	if err != nil || more || len(exact) != 230 {
		t.Fatalf("exact: %d more=%v %v", len(exact), more, err)
	}
	typed, _, err := c.ListActivities(ctx, seed.BusinessAccountID, ActivityFilter{Types: []string{"USER_ADDED", "TEMPLATE_CREATED"},
		Since: time.Now().Add(-time.Hour), Until: time.Now().Add(time.Hour)})
	if err != nil || len(typed) != 0 {
		t.Fatalf("typed: %d %v", len(typed), err)
	}
	last := emu.Requests()[len(emu.Requests())-1]
	q, _ := url.ParseQuery(last.Query)
	if last.Method != http.MethodGet || q.Get("activity_type") != "USER_ADDED,TEMPLATE_CREATED" || q.Get("since") == "" || q.Get("until") == "" {
		t.Fatalf("filter query %v", last.Query)
	}
}

func TestActivityDecodesEitherShape(t *testing.T) {
	var a []Activity
	if err := json.Unmarshal([]byte(`[
		{"id":"1","activity_type":"PHONE_NUMBER_VERIFIED","timestamp":"2023-10-15T14:30:00Z","actor_id":"98","details":{"phone_number":"+1234567890"}},
		{"id":"2","event_type":"USER_ADDED","timestamp":1697374200,"actor_id":98,"details":null},
		{"id":"3","activity_type":"TEMPLATE_CREATED","timestamp":"2023-10-14T16:45:00+0000"}]`), &a); err != nil {
		t.Fatal(err)
	}
	a = normalizeActivities(a)
	if !a[0].Timestamp.Equal(time.Date(2023, 10, 15, 14, 30, 0, 0, time.UTC)) || a[0].ActorID != "98" {
		t.Fatalf("ISO activity %+v", a[0])
	}
	if a[1].ActivityType != "USER_ADDED" || !a[1].Timestamp.Equal(time.Unix(1697374200, 0)) || a[1].ActorID != "98" || a[1].Details != nil {
		t.Fatalf("Unix activity %+v", a[1])
	}
	if !a[2].Timestamp.Equal(time.Date(2023, 10, 14, 16, 45, 0, 0, time.UTC)) {
		t.Fatalf("offset without colon %+v", a[2])
	}
	var bad Activity
	if err := json.Unmarshal([]byte(`{"timestamp":"yesterday"}`), &bad); err == nil {
		t.Fatal("an unreadable time decoded")
	}
}
