package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func (h *harness) assignedWABAs(user, query string) reply {
	h.t.Helper()
	p := "/v23.0/" + user + "/assigned_whatsapp_business_accounts"
	if query != "" {
		p += "?" + query
	}
	return h.call(http.MethodGet, p, nil)
}

func TestAssignedWABAs(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.mustOK(h.assignedWABAs(h.seed.SystemUserID, ""))
	d := r.data()
	if len(d) != 1 || d[0]["id"] != h.seed.BusinessAccountID || d[0]["status"] != "ACTIVE" || fmt.Sprint(d[0]["tasks"]) != "[MANAGE]" || len(d[0]) != 4 {
		t.Fatalf("the token's system user manages the seeded WABA; defaults are id, name, status, tasks: %s", r.raw)
	}
	if obj(r.body["summary"])["total_count"] != float64(1) {
		t.Fatalf("summary %s", r.raw)
	}

	// A user assigned to many accounts, the client one included: every page, in assignment order.
	user := h.e.AddBusinessUser("Jane Doe", "")
	client := h.e.AddClientWABA("Client account")
	wabas := []string{client}
	for i := 0; i < 40; i++ {
		wabas = append(wabas, h.e.AddWABA(fmt.Sprintf("Account %02d", i)))
	}
	for i, w := range wabas {
		tasks := `["MANAGE_TEMPLATES","VIEW_COST"]`
		if i%2 == 1 {
			tasks = `["MESSAGING"]`
		}
		h.mustOK(h.call(http.MethodPost, h.assignedPath(w, ""), "user="+user+"&tasks="+url.QueryEscape(tasks)))
	}
	var got []map[string]any
	query := "fields=id,name,tasks,permissions,status,business_id,assignment_date,phone_numbers,owner_business_info{id,name}&limit=15"
	for pages := 0; ; pages++ {
		if pages > 4 {
			t.Fatal("paging does not end")
		}
		r := h.mustOK(h.assignedWABAs(user, query))
		got = append(got, r.data()...)
		paging := obj(r.body["paging"])
		if paging["next"] == nil {
			break
		}
		query = "fields=id,name,tasks&limit=15&after=" + url.QueryEscape(obj(paging["cursors"])["after"].(string))
	}
	if len(got) != 41 || got[0]["id"] != client || got[40]["id"] != wabas[40] {
		t.Fatalf("%d accounts, first %v", len(got), got[0])
	}
	first := got[0]
	if fmt.Sprint(first["tasks"]) != "[MANAGE_TEMPLATES VIEW_COST]" || fmt.Sprint(first["permissions"]) != "[MANAGE_TEMPLATES VIEW_COST]" ||
		first["business_id"] == h.seed.BusinessID || first["assignment_date"] == nil || obj(first["owner_business_info"])["id"] != first["business_id"] {
		t.Fatalf("client account %v", first)
	}
	if fmt.Sprint(got[1]["tasks"]) != "[MESSAGING]" {
		t.Fatalf("second account %v", got[1])
	}
	if err := h.e.SetWABAStatus(wabas[1], WABAStatus{AccountReviewStatus: "REJECTED"}); err != nil {
		t.Fatal(err)
	}
	if d := h.mustOK(h.assignedWABAs(user, "limit=2")).data(); d[1]["status"] != "DISABLED" {
		t.Fatalf("a rejected account %v", d[1])
	}
	seeded := h.mustOK(h.assignedWABAs(h.seed.SystemUserID, "fields=phone_numbers")).data()[0]
	phones, _ := seeded["phone_numbers"].([]any)
	if len(phones) != 1 || obj(phones[0])["id"] != h.seed.PhoneNumberID {
		t.Fatalf("phone numbers %v", seeded)
	}
	h.wantError(h.assignedWABAs(user, "fields=id,secret"), http.StatusBadRequest, 100, 0)
}

func TestAssignedWABAsPermissions(t *testing.T) {
	h := newHarness(t, Options{})
	user := h.e.AddBusinessUser("Jane Doe", "SYSTEM_USER")
	h.mustOK(h.assignedWABAs(user, "")) // an admin reads its business's users
	if err := h.e.SetSystemUserRole(roleEmployee, ""); err != nil {
		t.Fatal(err)
	}
	r := h.assignedWABAs(user, "")
	h.wantError(r, http.StatusForbidden, 200, 1349174)
	if r.errorField("message") != "Your app doesn't have permission to access assigned WhatsApp Business Accounts for this user" {
		t.Fatalf("refusal %s", r.raw)
	}
	h.mustOK(h.assignedWABAs(h.seed.SystemUserID, "")) // an employee still reads its own

	// A user of another business: the seed file's second business.
	sf := &SeedFile{
		Businesses: []SeedBusiness{{ID: "100000000000001", Name: "Partner"}, {ID: "100000000000002", Name: "Client"}},
		Users: []SeedUser{
			{ID: "700000000000001", Name: "Partner Agent"},
			{ID: "700000000000002", BusinessID: "100000000000002", Name: "Client Admin"},
		},
	}
	h2 := newHarness(t, Options{SeedFile: sf})
	h2.mustOK(h2.assignedWABAs("700000000000001", ""))
	h2.wantError(h2.assignedWABAs("700000000000002", ""), http.StatusForbidden, 200, 1349174)

	// A WABA's id has no such edge; an unknown id is Graph's 100/33.
	r = h.assignedWABAs(h.seed.BusinessAccountID, "")
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if !strings.HasPrefix(fmt.Sprint(r.errorField("message")), "Unknown path components: /assigned_whatsapp_business_accounts") {
		t.Fatalf("wrong id type %s", r.raw)
	}
	h.wantError(h.assignedWABAs("123456789012345", ""), http.StatusBadRequest, 100, 33)
}

func TestCreditLines(t *testing.T) {
	h := newHarness(t, Options{})
	path := "/v23.0/" + h.seed.BusinessID + "/extendedcredits"
	if r := h.mustOK(h.call(http.MethodGet, path, nil)); len(r.data()) != 0 {
		t.Fatalf("a new business has credit lines: %s", r.raw)
	}
	var ids []string
	for i := 0; i < 30; i++ {
		ids = append(ids, h.e.AddCreditLine(fmt.Sprintf("Lucky Shrub %02d", i)))
	}
	r := h.mustOK(h.call(http.MethodGet, path, nil))
	d := r.data()
	if len(d) != 25 || d[0]["id"] != ids[0] || len(d[0]) != 1 || obj(r.body["paging"])["next"] == nil {
		t.Fatalf("the first page of 25 with the default field id: %s", r.raw)
	}
	d = h.mustOK(h.call(http.MethodGet, path+"?fields=id,legal_entity_name,owner_business_name,credit_type,is_access_revoked&limit=100", nil)).data()
	if len(d) != 30 || d[29]["legal_entity_name"] != "Lucky Shrub 29" || d[0]["owner_business_name"] != "Emulated Business" ||
		d[0]["credit_type"] != "EXTENDED_CREDIT" || d[0]["is_access_revoked"] != false {
		t.Fatalf("credit lines %v", d)
	}
	if r := h.call(http.MethodGet, path+"?fields=id,balance_due", nil); r.status != http.StatusBadRequest || r.code() != 100 {
		t.Fatalf("unknown field %s", r.raw)
	}

	// An employee needs the Financial Editor role.
	if err := h.e.SetSystemUserRole(roleEmployee, "ANALYST"); err != nil {
		t.Fatal(err)
	}
	r = h.call(http.MethodGet, path, nil)
	h.wantError(r, http.StatusForbidden, 200, 0)
	if r.errorField("message") != "(#200) Permissions error" {
		t.Fatalf("refusal %s", r.raw)
	}
	if err := h.e.SetSystemUserRole(roleEmployee, financeEditor); err != nil {
		t.Fatal(err)
	}
	h.mustOK(h.call(http.MethodGet, path, nil))
	if err := h.e.SetSystemUserRole("OWNER", ""); err == nil {
		t.Fatal("an unknown role was set")
	}

	// Another business's credit lines, and a WABA's id.
	client := h.e.AddClientWABA("Client account")
	owner := obj(h.mustOK(h.call(http.MethodGet, "/v23.0/"+client+"?fields=owner_business_info", nil)).body["owner_business_info"])["id"].(string)
	h.wantError(h.call(http.MethodGet, "/v23.0/"+owner+"/extendedcredits", nil), http.StatusForbidden, 200, 0)
	h.wantError(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID+"/extendedcredits", nil), http.StatusBadRequest, 100, 0)
}

func TestSeedFilePartnerAccounts(t *testing.T) {
	sf, err := ParseSeedFile([]byte(`{
  "credentials": {"system_user_role": "employee", "system_user_finance_permission": "EDITOR"},
  "businesses": [{"id": "100000000000001", "name": "Partner"}, {"id": "100000000000002", "name": "Client"}],
  "business_accounts": [
    {"id": "200000000000001", "name": "Partner account"},
    {"id": "200000000000002", "name": "Client account", "business_id": "100000000000002", "client_of_business_id": "100000000000001"}
  ],
  "users": [
    {"id": "700000000000001", "name": "Agent", "user_type": "SYSTEM_USER", "assigned_business_accounts": [
      {"business_account_id": "200000000000002", "tasks": ["MANAGE_TEMPLATES", "messaging"]},
      {"business_account_id": "200000000000001"}
    ]}
  ],
  "credit_lines": [{"id": "800000000000001", "legal_entity_name": "Partner Ltd"}]
}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{SeedFile: sf})
	d := h.mustOK(h.assignedWABAs(h.seed.SystemUserID, "")).data()
	if len(d) != 2 {
		t.Fatalf("the system user (an employee) reads its own, the seed file's two accounts: %v", d)
	}
	// An employee may not read another user's accounts, but a Financial Editor reads credit lines.
	h.wantError(h.assignedWABAs("700000000000001", ""), http.StatusForbidden, 200, 1349174)
	cl := h.mustOK(h.call(http.MethodGet, "/v23.0/100000000000001/extendedcredits?fields=id,legal_entity_name", nil)).data()
	if len(cl) != 1 || cl[0]["id"] != "800000000000001" || cl[0]["legal_entity_name"] != "Partner Ltd" {
		t.Fatalf("credit lines %v", cl)
	}
	if err := h.e.SetSystemUserRole(roleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	agent := h.mustOK(h.assignedWABAs("700000000000001", "fields=id,tasks")).data()
	if len(agent) != 2 || agent[0]["id"] != "200000000000002" || fmt.Sprint(agent[0]["tasks"]) != "[MANAGE_TEMPLATES MESSAGING]" || fmt.Sprint(agent[1]["tasks"]) != "[MANAGE]" {
		t.Fatalf("agent %v", agent)
	}
	// Reset restores the seeded role and assignments.
	h.e.Reset()
	h.wantError(h.assignedWABAs("700000000000001", ""), http.StatusForbidden, 200, 1349174)
	if err := h.e.SetSystemUserRole(roleAdmin, ""); err != nil {
		t.Fatal(err)
	}
	if len(h.mustOK(h.assignedWABAs("700000000000001", "")).data()) != 2 {
		t.Fatal("reset lost the seeded assignments")
	}

	for _, tc := range []struct{ seed, want string }{
		{`{"users": [{"role": "OWNER"}]}`, `users[0].role: "OWNER" is not one of ADMIN, EMPLOYEE`},
		{`{"users": [{"user_type": "ROBOT"}]}`, `users[0].user_type: "ROBOT" is not one of`},
		{`{"users": [{"assigned_business_accounts": [{"business_account_id": "1"}]}]}`, `users[0].assigned_business_accounts[0].business_account_id: "1" is not the id of a WhatsApp Business Account`},
		{`{"users": [{"assigned_business_accounts": [{"business_account_id": "200000000000001", "tasks": ["ADMIN"]}]}], "business_accounts": [{"id": "200000000000001"}]}`, `users[0].assigned_business_accounts[0].tasks[0]: "ADMIN" is not one of`},
		{`{"businesses": [{"id": "100000000000001"}, {"id": "100000000000002"}], "business_accounts": [{"id": "200000000000001"}], "users": [{"business_id": "100000000000002", "assigned_business_accounts": [{"business_account_id": "200000000000001"}]}]}`, `is neither owned by nor shared with the user's business 100000000000002`},
		{`{"credit_lines": [{"business_id": "9"}]}`, `credit_lines[0].business_id: "9" is not the id of a business`},
		{`{"credit_lines": [{}]}`, `credit_lines[0].legal_entity_name: is required`},
		{`{"credentials": {"system_user_finance_permission": "OWNER"}}`, `credentials.system_user_finance_permission: "OWNER" is not one of EDITOR, ANALYST`},
	} {
		if _, err := ParseSeedFile([]byte(tc.seed)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.seed, err, tc.want)
		}
	}
}
