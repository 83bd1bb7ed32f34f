package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func (h *harness) assignedPath(waba, query string) string {
	p := "/v23.0/" + waba + "/assigned_users"
	if query != "" {
		p += "?" + query
	}
	return p
}

// assigned lists the users of the seeded business on a WABA, keyed by id.
func (h *harness) assigned(waba string) map[string]map[string]any {
	h.t.Helper()
	r := h.mustOK(h.call(http.MethodGet, h.assignedPath(waba, "business="+h.seed.BusinessID+"&fields=id,name,business,user_type,tasks&limit=100"), nil))
	out := map[string]map[string]any{}
	for _, u := range r.data() {
		out[u["id"].(string)] = u
	}
	return out
}

func tasksOf(u map[string]any) []string {
	var out []string
	for _, t := range u["tasks"].([]any) {
		out = append(out, t.(string))
	}
	return out
}

func TestAssignedUsersSeed(t *testing.T) {
	h := newHarness(t, Options{})
	if len(h.seed.SystemUserID) < 15 || strings.Trim(h.seed.SystemUserID, "0123456789") != "" {
		t.Fatalf("seeded system user id %q", h.seed.SystemUserID)
	}
	r := h.mustOK(h.call(http.MethodGet, h.assignedPath(h.seed.BusinessAccountID, "business="+h.seed.BusinessID), nil))
	d := r.data()
	if len(d) != 1 || d[0]["id"] != h.seed.SystemUserID || len(d[0]) != 3 || !reflect.DeepEqual(tasksOf(d[0]), []string{"MANAGE"}) {
		t.Fatalf("the token's system user is assigned, and defaults are id, name, tasks: %s", r.raw)
	}
	if obj(r.body["summary"])["total_count"] != float64(1) {
		t.Fatalf("summary %s", r.raw)
	}
	u := h.assigned(h.seed.BusinessAccountID)[h.seed.SystemUserID]
	if u["user_type"] != "SYSTEM_USER" || obj(u["business"])["id"] != h.seed.BusinessID || obj(u["business"])["name"] != "Emulated Business" {
		t.Fatalf("system user %v", u)
	}
	// Reset keeps the same system user.
	h.e.Reset()
	if h.e.Seed().SystemUserID != h.seed.SystemUserID || h.assigned(h.seed.BusinessAccountID)[h.seed.SystemUserID] == nil {
		t.Fatal("reset changed the system user")
	}
}

func TestAssignedUsersNeedsBusiness(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.call(http.MethodGet, h.assignedPath(h.seed.BusinessAccountID, ""), nil)
	h.wantError(r, 400, 100, 0)
	if r.errorField("message") != "The parameter business is required to specify a business" {
		t.Fatalf("message %s", r.raw)
	}
	h.wantError(h.call(http.MethodGet, h.assignedPath(h.seed.BusinessAccountID, "business=abc"), nil), 400, 100, 0)
	// A business that neither owns the account nor has it shared.
	r = h.call(http.MethodGet, h.assignedPath(h.seed.BusinessAccountID, "business=123456789012345"), nil)
	h.wantError(r, 403, 200, 1349174)
	h.wantError(h.call(http.MethodGet, h.assignedPath(h.seed.BusinessAccountID, "business="+h.seed.BusinessID+"&fields=id,email"), nil), 400, 100, 0)
}

func TestAssignedUsersLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	waba := h.seed.BusinessAccountID
	ana := h.e.AddBusinessUser("Ana Lima", "")
	bot := h.e.AddBusinessUser("Deploy bot", "SYSTEM_USER")

	r := h.mustOK(h.call(http.MethodPost, h.assignedPath(waba, ""), "user="+ana+"&tasks="+url.QueryEscape(`["MANAGE_TEMPLATES","VIEW_INSIGHTS"]`)))
	if r.body["success"] != true {
		t.Fatalf("assign %s", r.raw)
	}
	h.mustOK(h.call(http.MethodPost, h.assignedPath(waba, ""), "user="+bot+"&tasks="+url.QueryEscape(`['DEVELOP']`)))
	users := h.assigned(waba)
	if len(users) != 3 || !reflect.DeepEqual(tasksOf(users[ana]), []string{"MANAGE_TEMPLATES", "VIEW_INSIGHTS"}) ||
		users[ana]["user_type"] != "BUSINESS_USER" || users[ana]["name"] != "Ana Lima" || users[bot]["user_type"] != "SYSTEM_USER" {
		t.Fatalf("after assigning %v", users)
	}

	// Assigning again replaces the tasks and keeps one entry in its place.
	h.mustOK(h.call(http.MethodPost, h.assignedPath(waba, ""), "user="+ana+"&tasks="+url.QueryEscape(`["MESSAGING"]`)))
	r = h.mustOK(h.call(http.MethodGet, h.assignedPath(waba, "business="+h.seed.BusinessID), nil))
	d := r.data()
	if len(d) != 3 || d[1]["id"] != ana || !reflect.DeepEqual(tasksOf(d[1]), []string{"MESSAGING"}) || obj(r.body["summary"])["total_count"] != float64(3) {
		t.Fatalf("after re-assigning %s", r.raw)
	}

	h.mustOK(h.call(http.MethodDelete, h.assignedPath(waba, ""), "user="+ana))
	if users := h.assigned(waba); len(users) != 2 || users[ana] != nil {
		t.Fatalf("after removing %v", users)
	}
	r = h.call(http.MethodDelete, h.assignedPath(waba, ""), "user="+ana)
	h.wantError(r, 404, 803, 0)
	if r.errorField("message") != "User is not assigned to this WhatsApp Business Account" || r.errorField("type") != "GraphMethodException" {
		t.Fatalf("unassigned delete %s", r.raw)
	}
	h.wantError(h.call(http.MethodDelete, h.assignedPath(waba, ""), ""), 400, 100, 0)
	h.wantError(h.call(http.MethodDelete, h.assignedPath(waba, "user=abc"), nil), 400, 100, 0)
}

func TestAssignedUsersTaskEncodings(t *testing.T) {
	h := newHarness(t, Options{})
	waba := h.seed.BusinessAccountID
	want := []string{"MANAGE_PHONE", "VIEW_COST"}
	for name, body := range map[string]any{
		"json array":       map[string]any{"tasks": []any{"MANAGE_PHONE", "VIEW_COST"}},
		"quoted array":     "tasks=" + url.QueryEscape(`['MANAGE_PHONE','VIEW_COST']`),
		"comma list":       "tasks=MANAGE_PHONE,VIEW_COST",
		"repeated keys":    "tasks%5B%5D=MANAGE_PHONE&tasks%5B%5D=VIEW_COST",
		"indexed keys":     "tasks%5B0%5D=MANAGE_PHONE&tasks%5B1%5D=VIEW_COST",
		"repeated values":  "tasks=" + url.QueryEscape(`["MANAGE_PHONE","VIEW_COST","MANAGE_PHONE"]`),
		"query parameters": nil,
	} {
		t.Run(name, func(t *testing.T) {
			user := h.e.AddBusinessUser(name, "")
			path := h.assignedPath(waba, "")
			switch b := body.(type) {
			case nil:
				h.mustOK(h.call(http.MethodPost, h.assignedPath(waba, "user="+user+"&tasks="+url.QueryEscape(`["MANAGE_PHONE","VIEW_COST"]`)), nil))
			case string:
				h.mustOK(h.call(http.MethodPost, path, "user="+user+"&"+b))
			case map[string]any:
				b["user"] = user
				h.mustOK(h.call(http.MethodPost, path, b))
			}
			if got := tasksOf(h.assigned(waba)[user]); !reflect.DeepEqual(got, want) {
				t.Fatalf("tasks %v", got)
			}
		})
	}
}

func TestAssignedUsersValidation(t *testing.T) {
	h := newHarness(t, Options{})
	waba := h.seed.BusinessAccountID
	user := h.e.AddBusinessUser("Ana", "")
	seventeen := make([]string, 17)
	for i := range seventeen {
		seventeen[i] = "MANAGE"
	}
	cases := map[string]struct {
		body string
		msg  string
	}{
		"no user":        {"tasks=MANAGE", "user is required"},
		"unknown user":   {"user=123456789012345&tasks=MANAGE", "user must be a valid user ID"},
		"textual user":   {"user=ana&tasks=MANAGE", "user must be a valid user ID"},
		"not a user":     {"user=" + h.seed.PhoneNumberID + "&tasks=MANAGE", "user must be a valid user ID"},
		"no tasks":       {"user=" + user, "tasks is required"},
		"empty tasks":    {"user=" + user + "&tasks=" + url.QueryEscape("[]"), "non-empty"},
		"17 tasks":       {"user=" + user + "&tasks=" + strings.Join(seventeen, ","), "at most 16"},
		"unknown task":   {"user=" + user + "&tasks=MANAGE,ADMIN", "tasks[1] must be one of {MANAGE, DEVELOP"},
		"lowercase task": {"user=" + user + "&tasks=manage", "tasks[0]"},
		"bad json":       {"user=" + user + "&tasks=" + url.QueryEscape(`["MANAGE"`), "must be an array"},
	}
	for name, tc := range cases {
		r := h.call(http.MethodPost, h.assignedPath(waba, ""), tc.body)
		if r.status != 400 || r.code() != 100 {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
			continue
		}
		if msg, _ := r.errorField("message").(string); !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: message %q lacks %q", name, msg, tc.msg)
		}
	}
	// A user of a business that cannot use the account: the client's own
	// business is not related to the seeded WABA.
	client := h.e.AddClientWABA("Client")
	h.e.mu.Lock()
	clientBiz := h.e.store.waba(client).businessID
	h.e.store.nodes["777777777777777"] = &businessUser{id: "777777777777777", businessID: clientBiz, name: "Client admin", userType: userTypeBusiness}
	h.e.mu.Unlock()
	h.wantError(h.call(http.MethodPost, h.assignedPath(waba, ""), "user=777777777777777&tasks=MANAGE"), 400, 100, 0)
	if users := h.assigned(waba); len(users) != 1 {
		t.Fatalf("refused assignments changed the account: %v", users)
	}
	// The client business may list its users on its own WABA.
	if r := h.mustOK(h.call(http.MethodGet, h.assignedPath(client, "business="+clientBiz), nil)); len(r.data()) != 0 {
		t.Fatalf("client business users %s", r.raw)
	}
	h.mustOK(h.call(http.MethodPost, h.assignedPath(client, ""), "user=777777777777777&tasks=MANAGE"))
	if r := h.mustOK(h.call(http.MethodGet, h.assignedPath(client, "business="+clientBiz), nil)); len(r.data()) != 1 {
		t.Fatalf("client business users %s", r.raw)
	}
}

// A partner's users can work on the client WABAs shared with it, and the
// listing by business keeps each business's users apart.
func TestAssignedUsersOnClientWABA(t *testing.T) {
	h := newHarness(t, Options{})
	client := h.e.AddClientWABA("Client")
	h.mustOK(h.call(http.MethodPost, h.assignedPath(client, ""), "user="+h.seed.SystemUserID+"&tasks=MANAGE,DEVELOP"))
	users := h.assigned(client)
	if len(users) != 1 || !reflect.DeepEqual(tasksOf(users[h.seed.SystemUserID]), []string{"MANAGE", "DEVELOP"}) {
		t.Fatalf("partner users on the client WABA %v", users)
	}
	h.e.mu.Lock()
	clientBiz := h.e.store.waba(client).businessID
	h.e.mu.Unlock()
	if r := h.mustOK(h.call(http.MethodGet, h.assignedPath(client, "business="+clientBiz), nil)); len(r.data()) != 0 {
		t.Fatalf("the client's listing shows the partner's users: %s", r.raw)
	}
}

func TestAssignedUsersPaging(t *testing.T) {
	h := newHarness(t, Options{})
	waba := h.seed.BusinessAccountID
	for i := range 30 {
		u := h.e.AddBusinessUser(fmt.Sprintf("User %02d", i), "")
		h.mustOK(h.call(http.MethodPost, h.assignedPath(waba, ""), "user="+u+"&tasks=VIEW_TEMPLATES"))
	}
	seen := map[string]bool{}
	path := h.assignedPath(waba, "business="+h.seed.BusinessID+"&limit=10")
	pages := 0
	for path != "" {
		r := h.mustOK(h.call(http.MethodGet, path, nil))
		pages++
		if obj(r.body["summary"])["total_count"] != float64(31) {
			t.Fatalf("summary %s", r.raw)
		}
		for _, u := range r.data() {
			if seen[u["id"].(string)] {
				t.Fatalf("user %s on two pages", u["id"])
			}
			seen[u["id"].(string)] = true
		}
		path = ""
		if next, ok := obj(r.body["paging"])["next"].(string); ok {
			u, _ := url.Parse(next)
			path = u.RequestURI()
		}
	}
	if len(seen) != 31 || pages != 4 {
		t.Fatalf("%d users over %d pages", len(seen), pages)
	}
}
