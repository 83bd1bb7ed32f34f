package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestWABAReadUpdateAndLists(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx := context.Background()
	seed := emu.Seed()

	w, err := c.GetWABA(ctx, seed.BusinessAccountID)
	if err != nil {
		t.Fatal(err)
	}
	if w.Name == "" || w.Currency != "USD" || w.TimezoneID != "1" || w.MessageTemplateNamespace == "" ||
		w.OwnerBusinessInfo == nil || w.OwnerBusinessInfo.ID != seed.BusinessID || w.HealthStatus == nil ||
		w.HealthStatus.CanSendMessage != "AVAILABLE" || len(w.HealthStatus.Entities) != 3 || w.IsEnabledForInsights == nil {
		t.Fatalf("waba %+v", w)
	}

	name := "Renamed"
	if err := c.UpdateWABA(ctx, seed.BusinessAccountID, WABAUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateWABA(ctx, seed.BusinessAccountID, WABAUpdate{}); err != nil {
		t.Fatal(err)
	}
	if w, err = c.GetWABA(ctx, seed.BusinessAccountID); err != nil || w.Name != name || w.TimezoneID != "1" {
		t.Fatalf("after update %+v %v", w, err)
	}
	posts := 0
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("an empty update sends nothing: %d POSTs", posts)
	}

	// More than a page of 100 client accounts.
	for range 130 {
		emu.AddClientWABA("")
	}
	clients, err := c.ListClientWABAs(ctx, seed.BusinessID)
	if err != nil || len(clients) != 130 || clients[0].OwnershipType != "CLIENT_OWNED" {
		t.Fatalf("client WABAs: %d %v", len(clients), err)
	}
	owned, err := c.ListOwnedWABAs(ctx, seed.BusinessID)
	if err != nil || len(owned) != 1 || owned[0].ID != seed.BusinessAccountID {
		t.Fatalf("owned WABAs %+v %v", owned, err)
	}

	emu.RemoveWABA(seed.BusinessAccountID)
	if _, err := c.GetWABA(ctx, seed.BusinessAccountID); !IsNotFound(err) {
		t.Fatalf("a removed WABA is not found: %v", err)
	}
}

func TestAssignedUsers(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx := context.Background()
	seed := emu.Seed()
	user := emu.AddBusinessUser("Ana", "")

	if err := c.AssignUser(ctx, seed.BusinessAccountID, user, []string{"MANAGE_TEMPLATES", "VIEW_INSIGHTS"}); err != nil {
		t.Fatal(err)
	}
	got, err := c.FindAssignedUser(ctx, seed.BusinessAccountID, seed.BusinessID, user)
	if err != nil || got == nil || got.Name != "Ana" || got.UserType != "BUSINESS_USER" || got.Business == nil ||
		got.Business.ID != seed.BusinessID || !reflect.DeepEqual(got.Tasks, []string{"MANAGE_TEMPLATES", "VIEW_INSIGHTS"}) {
		t.Fatalf("assigned %+v %v", got, err)
	}
	if err := c.AssignUser(ctx, seed.BusinessAccountID, user, []string{"DEVELOP"}); err != nil {
		t.Fatal(err)
	}
	if got, _ = c.FindAssignedUser(ctx, seed.BusinessAccountID, seed.BusinessID, user); !reflect.DeepEqual(got.Tasks, []string{"DEVELOP"}) {
		t.Fatalf("re-assigning replaces tasks: %+v", got)
	}
	if err := c.AssignUser(ctx, seed.BusinessAccountID, user, []string{"ADMIN"}); err == nil {
		t.Fatal("an unknown task is refused")
	}

	if err := c.UnassignUser(ctx, seed.BusinessAccountID, user); err != nil {
		t.Fatal(err)
	}
	if got, err = c.FindAssignedUser(ctx, seed.BusinessAccountID, seed.BusinessID, user); err != nil || got != nil {
		t.Fatalf("after unassigning %+v %v", got, err)
	}
	if err := c.UnassignUser(ctx, seed.BusinessAccountID, user); !IsNotFound(err) {
		t.Fatalf("unassigning twice is not found: %v", err)
	}
	if _, err := c.ListAssignedUsers(ctx, seed.BusinessAccountID, ""); err == nil {
		t.Fatal("listing without a business is refused")
	}
}

func TestFlexString(t *testing.T) {
	var v struct {
		A, B, C FlexString
	}
	if err := json.Unmarshal([]byte(`{"A":"7","B":42,"C":null}`), &v); err != nil || v.A != "7" || v.B != "42" || v.C != "" {
		t.Fatalf("%+v %v", v, err)
	}
}
