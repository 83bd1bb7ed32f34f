package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestPartnerListsReadEveryPage(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx := context.Background()
	seed := emu.Seed()
	user := emu.AddBusinessUser("Agent", "SYSTEM_USER")
	for i := 0; i < 105; i++ {
		w := emu.AddWABA(fmt.Sprintf("Account %03d", i))
		if err := c.AssignUser(ctx, w, user, []string{"MANAGE_TEMPLATES", "MESSAGING"}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.ListAssignedWABAs(ctx, user)
	if err != nil || len(all) != 105 || all[104].Name != "Account 104" {
		t.Fatalf("assigned: %d %v", len(all), err)
	}
	a := all[0]
	if !reflect.DeepEqual(a.Tasks, []string{"MANAGE_TEMPLATES", "MESSAGING"}) || a.OwnerBusinessInfo == nil || a.OwnerBusinessInfo.ID != seed.BusinessID ||
		a.Currency != "USD" || a.AccountReviewStatus != "APPROVED" {
		t.Fatalf("assigned account %+v", a)
	}
	if _, err := c.ListAssignedWABAs(ctx, seed.BusinessAccountID); ErrorCode(err) != CodeInvalidParameter {
		t.Fatalf("a WABA id: %v", err)
	}

	for i := 0; i < 130; i++ {
		emu.AddCreditLine(fmt.Sprintf("Lucky Shrub %03d", i))
	}
	lines, err := c.ListCreditLines(ctx, seed.BusinessID)
	if err != nil || len(lines) != 130 || lines[129].LegalEntityName != "Lucky Shrub 129" || lines[0].OwnerBusinessName == "" ||
		lines[0].CreditType != "EXTENDED_CREDIT" || lines[0].IsAccessRevoked == nil {
		t.Fatalf("credit lines: %d %v", len(lines), err)
	}
	if err := emu.SetSystemUserRole("EMPLOYEE", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListCreditLines(ctx, seed.BusinessID); !IsPermission(err) {
		t.Fatalf("an employee: %v", err)
	}
	var requested url.Values
	for _, r := range emu.Requests() {
		if q, _ := url.ParseQuery(r.Query); q.Get("fields") == CreditLineFields {
			requested = q
		}
	}
	if requested.Get("limit") != "100" {
		t.Fatalf("credit line pages of %q", requested.Get("limit"))
	}
}

func TestAssignedWABATasksFallBackToPermissions(t *testing.T) {
	var p page[AssignedWABA]
	if err := json.Unmarshal([]byte(`{"data":[{"id":"1","name":"A","permissions":["MANAGE"]}]}`), &p); err != nil {
		t.Fatal(err)
	}
	got := normalizeAssigned(p.Data)
	if !reflect.DeepEqual(got[0].Tasks, []string{"MANAGE"}) {
		t.Fatalf("%+v", got[0])
	}
}
