package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func (h *harness) schedulesPath(query string) string {
	p := "/v23.0/" + h.seed.BusinessAccountID + "/schedules"
	if query != "" {
		p += "?" + query
	}
	return p
}

func businessHours(name string) map[string]any {
	return map[string]any{
		"name": name, "schedule_type": "BUSINESS_HOURS", "description": "Standard business operating hours",
		"start_time": "09:00", "end_time": "17:00", "timezone": "America/New_York",
		"days_of_week": []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}, "is_active": true,
		"recurrence_pattern": map[string]any{"frequency": "WEEKLY", "interval": 1},
	}
}

func TestSchedulesCreateAndList(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.mustOK(h.call(http.MethodPost, h.schedulesPath(""), businessHours("Business Hours Schedule"))).str("id")
	if id == "" || strings.Trim(id, "0123456789") != "" {
		t.Fatalf("id %q", id)
	}
	// The After Hours example crosses midnight; is_active false makes it INACTIVE; the time zone
	// defaults to UTC.
	h.mustOK(h.call(http.MethodPost, h.schedulesPath(""), map[string]any{"name": "After Hours Auto-Reply", "schedule_type": "AUTOMATED_RESPONSE",
		"start_time": "18:00", "end_time": "08:00", "is_active": false}))

	r := h.mustOK(h.call(http.MethodGet, h.schedulesPath(""), nil))
	d := r.data()
	if len(d) != 2 || d[0]["id"] != id || d[0]["status"] != "ACTIVE" || d[0]["is_active"] != true || d[1]["status"] != "INACTIVE" {
		t.Fatalf("list %s", r.raw)
	}
	if len(d[0]) != 7 || d[0]["timezone"] != nil {
		t.Fatalf("the default fields are id, name, status, schedule_type, start_time, end_time, is_active: %v", d[0])
	}
	full := h.mustOK(h.call(http.MethodGet, h.schedulesPath("fields=id,name,timezone,days_of_week,recurrence_pattern,created_time,updated_time,description&sort=created_time.desc"), nil)).data()
	if full[0]["name"] != "After Hours Auto-Reply" || full[0]["timezone"] != "UTC" || full[0]["days_of_week"] != nil {
		t.Fatalf("newest first, UTC by default: %v", full[0])
	}
	b := full[1]
	if b["timezone"] != "America/New_York" || fmt.Sprint(b["days_of_week"]) != "[MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY]" ||
		fmt.Sprint(b["recurrence_pattern"]) != "map[frequency:WEEKLY interval:1]" || b["created_time"] == nil || b["created_time"] != b["updated_time"] {
		t.Fatalf("full view %v", b)
	}

	// filtering over status, schedule_type and is_active.
	only := func(filter string) []map[string]any {
		return h.mustOK(h.call(http.MethodGet, h.schedulesPath("filtering="+url.QueryEscape(filter)), nil)).data()
	}
	if got := only(`[{"field":"status","operator":"EQUAL","value":"ACTIVE"}]`); len(got) != 1 || got[0]["id"] != id {
		t.Fatalf("status filter %v", got)
	}
	if got := only(`[{"field":"is_active","operator":"EQUAL","value":false}]`); len(got) != 1 || got[0]["name"] != "After Hours Auto-Reply" {
		t.Fatalf("is_active filter %v", got)
	}
	if got := only(`[{"field":"schedule_type","operator":"IN","value":["MAINTENANCE_WINDOW","CUSTOM"]}]`); len(got) != 0 {
		t.Fatalf("type filter %v", got)
	}
	h.wantError(h.call(http.MethodGet, h.schedulesPath("filtering=%5Bnot+json"), nil), http.StatusBadRequest, 100, 0)
	h.wantError(h.call(http.MethodGet, h.schedulesPath("filtering="+url.QueryEscape(`[{"field":"name","operator":"EQUAL","value":"x"}]`)), nil), http.StatusBadRequest, 100, 0)
	h.wantError(h.call(http.MethodGet, h.schedulesPath("sort=name.asc"), nil), http.StatusBadRequest, 100, 0)

	// Meta sets other statuses itself; a schedule removed in WhatsApp Manager is gone.
	if err := h.e.SetScheduleStatus(h.seed.BusinessAccountID, id, "PAUSED"); err != nil {
		t.Fatal(err)
	}
	if got := only(`[{"field":"status","operator":"EQUAL","value":"PAUSED"}]`); len(got) != 1 {
		t.Fatalf("paused %v", got)
	}
	if !h.e.RemoveSchedule(h.seed.BusinessAccountID, id) || h.e.RemoveSchedule(h.seed.BusinessAccountID, id) {
		t.Fatal("RemoveSchedule")
	}
	if got := h.e.Schedules(h.seed.BusinessAccountID); len(got) != 1 || got[0].Name != "After Hours Auto-Reply" {
		t.Fatalf("after removal %+v", got)
	}
}

func TestSchedulesPaging(t *testing.T) {
	h := newHarness(t, Options{ScheduleLimit: 60})
	for i := 0; i < 55; i++ {
		h.mustOK(h.call(http.MethodPost, h.schedulesPath(""), map[string]any{"name": fmt.Sprintf("Window %02d", i), "schedule_type": "MAINTENANCE_WINDOW",
			"start_time": "02:00", "end_time": "04:00"}))
	}
	var names []string
	query := "limit=20&sort=created_time.desc"
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		r := h.mustOK(h.call(http.MethodGet, h.schedulesPath(query), nil))
		for _, s := range r.data() {
			names = append(names, s["name"].(string))
		}
		paging := obj(r.body["paging"])
		if paging["next"] == nil {
			break
		}
		query = "limit=20&sort=created_time.desc&after=" + url.QueryEscape(obj(paging["cursors"])["after"].(string))
	}
	if len(names) != 55 || names[0] != "Window 54" || names[54] != "Window 00" {
		t.Fatalf("%d names, first %q last %q", len(names), names[0], names[len(names)-1])
	}
}

func TestSchedulesRefusals(t *testing.T) {
	h := newHarness(t, Options{ScheduleLimit: 2})
	post := func(change func(map[string]any)) reply {
		body := businessHours("Hours")
		change(body)
		return h.call(http.MethodPost, h.schedulesPath(""), body)
	}
	for name, change := range map[string]func(map[string]any){
		"no name":          func(b map[string]any) { delete(b, "name") },
		"long name":        func(b map[string]any) { b["name"] = strings.Repeat("n", 101) },
		"no type":          func(b map[string]any) { delete(b, "schedule_type") },
		"unknown type":     func(b map[string]any) { b["schedule_type"] = "HOLIDAYS" },
		"long description": func(b map[string]any) { b["description"] = strings.Repeat("d", 501) },
		"no start":         func(b map[string]any) { delete(b, "start_time") },
		"bad end":          func(b map[string]any) { b["end_time"] = "5pm" },
		"25 hours":         func(b map[string]any) { b["end_time"] = "25:00" },
		"empty window":     func(b map[string]any) { b["end_time"] = "09:00" },
		"unknown day":      func(b map[string]any) { b["days_of_week"] = []string{"FUNDAY"} },
		"repeated day":     func(b map[string]any) { b["days_of_week"] = []string{"MONDAY", "MONDAY"} },
		"bad frequency":    func(b map[string]any) { b["recurrence_pattern"] = map[string]any{"frequency": "HOURLY"} },
		"zero interval":    func(b map[string]any) { b["recurrence_pattern"] = map[string]any{"frequency": "DAILY", "interval": 0} },
		"bad end date": func(b map[string]any) {
			b["recurrence_pattern"] = map[string]any{"frequency": "DAILY", "end_date": "31/12/2024"}
		},
		"is_active as text": func(b map[string]any) { b["is_active"] = "sometimes" },
	} {
		if r := post(change); r.status != http.StatusBadRequest || r.code() != 100 {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	r := post(func(b map[string]any) { b["timezone"] = "Mars/Olympus_Mons" })
	h.wantError(r, http.StatusUnprocessableEntity, 100, 0)
	if r.errorField("message") != "Schedule validation failed: invalid timezone identifier" {
		t.Fatalf("time zone refusal %s", r.raw)
	}
	h.mustOK(post(func(map[string]any) {}))
	r = post(func(map[string]any) {})
	h.wantError(r, http.StatusConflict, 100, 0)
	if r.errorField("message") != "Schedule name already exists in this WhatsApp Business Account" || r.errorField("type") != "GraphMethodException" {
		t.Fatalf("duplicate %s", r.raw)
	}
	h.mustOK(post(func(b map[string]any) { b["name"] = "Second" }))
	r = post(func(b map[string]any) { b["name"] = "Third" })
	h.wantError(r, http.StatusForbidden, 200, 1349175)
	if r.errorField("error_user_title") != "Limit Exceeded" {
		t.Fatalf("limit %s", r.raw)
	}
	if n := len(h.e.Schedules(h.seed.BusinessAccountID)); n != 2 {
		t.Fatalf("%d schedules after the refusals, want 2", n)
	}
}
