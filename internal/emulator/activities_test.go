package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func (h *harness) activities(query string) reply {
	h.t.Helper()
	p := "/v23.0/" + h.seed.BusinessAccountID + "/activities"
	if query != "" {
		p += "?" + query
	}
	return h.call(http.MethodGet, p, nil)
}

func activityTypesOf(r reply) []string {
	var out []string
	for _, a := range r.data() {
		out = append(out, fmt.Sprint(a["activity_type"]))
	}
	return out
}

// Changes made through the API are logged newest first, with Meta's fields.
func TestActivitiesRecordChanges(t *testing.T) {
	h := newHarness(t, Options{})
	if r := h.mustOK(h.activities("")); len(r.data()) != 0 {
		t.Fatalf("a fresh account has activities: %s", r.raw)
	}
	id := h.create(utilityTemplate("order_update", "en_US"))
	user := h.e.AddBusinessUser("Jane Doe", "")
	h.mustOK(h.call(http.MethodPost, h.assignedPath(h.seed.BusinessAccountID, ""), "user="+user+"&tasks="+url.QueryEscape(`["MANAGE_TEMPLATES"]`)))
	h.mustOK(h.call(http.MethodPost, h.assignedPath(h.seed.BusinessAccountID, ""), "user="+user+"&tasks="+url.QueryEscape(`["MANAGE_TEMPLATES","VIEW_COST"]`)))
	h.mustOK(h.call(http.MethodPost, h.assignedPath(h.seed.BusinessAccountID, ""), "user="+user+"&tasks="+url.QueryEscape(`["VIEW_COST","MANAGE_TEMPLATES"]`)))
	h.mustOK(h.call(http.MethodDelete, h.assignedPath(h.seed.BusinessAccountID, ""), "user="+user))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID+"/phone_numbers", map[string]any{"cc": "1", "phone_number": "16505550123", "verified_name": "Lucky Shrub"}))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID+"/subscribed_apps", nil))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID, map[string]any{"name": "Renamed account"}))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID, map[string]any{"name": "Renamed account"})) // no change, no activity
	h.mustOK(h.call(http.MethodDelete, h.templatesPath()+"?name=order_update", nil))

	r := h.mustOK(h.activities("fields=id,activity_type,timestamp,actor_type,actor_id,actor_name,description,details,ip_address,user_agent"))
	want := "TEMPLATE_DELETED,ACCOUNT_UPDATED,WEBHOOK_CONFIGURED,PHONE_NUMBER_ADDED,USER_REMOVED,USER_ROLE_CHANGED,USER_ADDED,TEMPLATE_CREATED"
	if got := strings.Join(activityTypesOf(r), ","); got != want {
		t.Fatalf("activities %s, want %s", got, want)
	}
	created := r.data()[7]
	details := obj(created["details"])
	if details["template_id"] != id || details["template_name"] != "order_update" || details["template_language"] != "en_US" || details["template_category"] != "UTILITY" {
		t.Fatalf("TEMPLATE_CREATED details %v", created)
	}
	if created["actor_type"] != "API" || created["actor_id"] != h.seed.SystemUserID || created["actor_name"] != "Emulated System User" ||
		created["ip_address"] != "127.0.0.1" || !strings.HasPrefix(fmt.Sprint(created["user_agent"]), "Go-http-client") ||
		created["description"] != "New message template 'order_update' was created" {
		t.Fatalf("TEMPLATE_CREATED %v", created)
	}
	if ts, err := time.Parse(time.RFC3339, fmt.Sprint(created["timestamp"])); err != nil || !ts.Equal(fixedNow) {
		t.Fatalf("timestamp %v (%v)", created["timestamp"], err)
	}
	changed := obj(r.data()[5]["details"])
	if fmt.Sprint(changed["previous_tasks"]) != "[MANAGE_TEMPLATES]" || fmt.Sprint(changed["tasks"]) != "[MANAGE_TEMPLATES VIEW_COST]" {
		t.Fatalf("USER_ROLE_CHANGED details %v", changed)
	}
	// The default fields are id, activity_type, timestamp and actor_type.
	d := h.mustOK(h.activities("")).data()[0]
	if len(d) != 4 || d["id"] == nil || d["actor_type"] == nil || d["timestamp"] == nil {
		t.Fatalf("default fields %v", d)
	}
	h.wantError(h.activities("fields=id,password"), http.StatusBadRequest, 100, 0)
}

func TestActivitiesFiltersAndPaging(t *testing.T) {
	h := newHarness(t, Options{})
	for i := 0; i < 30; i++ {
		h.e.AddBusinessUser(fmt.Sprintf("User %02d", i), "")
	}
	var users []string
	for i := 0; i < 30; i++ {
		users = append(users, h.e.AddBusinessUser(fmt.Sprintf("Member %02d", i), ""))
	}
	for i, u := range users {
		if i == 20 {
			h.e.Advance(48 * time.Hour)
		}
		h.mustOK(h.call(http.MethodPost, h.assignedPath(h.seed.BusinessAccountID, ""), "user="+u+"&tasks=MESSAGING"))
	}
	h.create(utilityTemplate("late_template", "en_US"))

	// Every page but the last has next; following the cursors visits all 31 once.
	seen := map[string]bool{}
	query := "fields=id,activity_type,description&limit=7"
	pages := 0
	for {
		r := h.mustOK(h.activities(query))
		pages++
		for _, a := range r.data() {
			if seen[a["id"].(string)] {
				t.Fatalf("activity %v seen twice", a)
			}
			seen[a["id"].(string)] = true
		}
		paging := obj(r.body["paging"])
		next, _ := paging["next"].(string)
		if next == "" {
			break
		}
		if !strings.Contains(next, "limit=7") {
			t.Fatalf("next %q does not repeat the limit", next)
		}
		query = "fields=id,activity_type,description&limit=7&after=" + url.QueryEscape(obj(paging["cursors"])["after"].(string))
	}
	if len(seen) != 31 || pages != 5 {
		t.Fatalf("%d activities in %d pages, want 31 in 5", len(seen), pages)
	}

	// activity_type takes one type or a list.
	if r := h.mustOK(h.activities("activity_type=TEMPLATE_CREATED")); strings.Join(activityTypesOf(r), ",") != "TEMPLATE_CREATED" {
		t.Fatalf("type filter: %s", r.raw)
	}
	if r := h.mustOK(h.activities("activity_type=TEMPLATE_CREATED,USER_ADDED&limit=100")); len(r.data()) != 31 {
		t.Fatalf("list filter: %d", len(r.data()))
	}
	// since and until take ISO 8601 or Unix times and include their instant.
	later := fixedNow.Add(48 * time.Hour)
	if r := h.mustOK(h.activities("limit=100&since=" + later.Format(time.RFC3339))); len(r.data()) != 11 {
		t.Fatalf("since: %d activities, want 11", len(r.data()))
	}
	if r := h.mustOK(h.activities(fmt.Sprintf("limit=100&until=%d", later.Add(-time.Second).Unix()))); len(r.data()) != 20 {
		t.Fatalf("until: %d activities, want 20", len(r.data()))
	}
	if r := h.mustOK(h.activities("limit=100&activity_type=USER_ADDED&since=" + later.Format("2006-01-02"))); len(r.data()) != 10 {
		t.Fatalf("since a date with a type: %d activities, want 10", len(r.data()))
	}

	h.wantError(h.activities("activity_type=TEMPLATE_EDITED"), http.StatusBadRequest, 100, 0)
	h.wantError(h.activities("since=yesterday"), http.StatusBadRequest, 100, 0)
	h.wantError(h.activities("since=2026-11-10T00:00:00Z&until=2026-11-01T00:00:00Z"), http.StatusBadRequest, 100, 0)
	r := h.activities("since=2026-01-01T00:00:00Z&until=2026-06-01T00:00:00Z")
	h.wantError(r, http.StatusUnprocessableEntity, 100, 0)
	if r.errorField("message") != "The requested date range is too large. Maximum range is 90 days" || r.errorField("type") != "GraphMethodException" {
		t.Fatalf("range error %s", r.raw)
	}
	for _, limit := range []string{"0", "101"} {
		r := h.activities("limit=" + limit)
		h.wantError(r, http.StatusBadRequest, 100, 0)
		if r.errorField("message") != "Invalid parameter: limit must be between 1 and 100" {
			t.Fatalf("limit %s: %s", limit, r.raw)
		}
	}
	// The log is the WABA's: another account has its own.
	other := h.e.AddWABA("Other")
	if r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+other+"/activities", nil)); len(r.data()) != 0 {
		t.Fatalf("another WABA shows %s", r.raw)
	}
}

// Activities Meta performs itself are recorded through the hook, as SYSTEM.
func TestRecordActivity(t *testing.T) {
	h := newHarness(t, Options{})
	if err := h.e.RecordActivity(h.seed.BusinessAccountID, "COMPLIANCE_ACTION", "Account reviewed", map[string]any{"outcome": "APPROVED"}); err != nil {
		t.Fatal(err)
	}
	if err := h.e.RecordActivity(h.seed.BusinessAccountID, "NOT_A_TYPE", "", nil); err == nil {
		t.Fatal("an unknown type was recorded")
	}
	got := h.e.Activities(h.seed.BusinessAccountID)
	if len(got) != 1 || got[0].ActorType != "SYSTEM" || got[0].Details["outcome"] != "APPROVED" {
		t.Fatalf("activities %+v", got)
	}
	r := h.mustOK(h.activities("fields=actor_type,actor_id,details"))
	if a := r.data()[0]; a["actor_type"] != "SYSTEM" || a["actor_id"] != nil {
		t.Fatalf("a SYSTEM activity has no actor id: %v", a)
	}
}
