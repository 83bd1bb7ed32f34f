package graph

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestMigrateMessageTemplates(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 2})
	ctx := context.Background()
	seed := emu.Seed()
	source := emu.AddWABA("Old account")
	for _, name := range []string{"a_one", "a_two", "a_three"} {
		createApprovedTemplate(t, c, source, name)
	}
	createApprovedTemplate(t, c, seed.BusinessAccountID, "a_two")
	all, err := c.ListMessageTemplates(ctx, source, TemplateFilter{})
	if err != nil || len(all) != 3 {
		t.Fatalf("source templates %v %v", all, err)
	}

	res, err := c.MigrateMessageTemplates(ctx, seed.BusinessAccountID, TemplateMigration{SourceWABAID: source, PageNumber: 0, Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Migrated) != 1 || len(res.Failed) != 1 || !strings.Contains(res.Failed[all[1].ID], "already exists") {
		t.Fatalf("page 0 %+v", res)
	}
	res, err = c.MigrateMessageTemplates(ctx, seed.BusinessAccountID, TemplateMigration{SourceWABAID: source, PageNumber: 1, Count: 2})
	if err != nil || len(res.Migrated) != 1 || len(res.Failed) != 0 {
		t.Fatalf("page 1 %+v %v", res, err)
	}
	third := emu.AddWABA("Third")
	res, err = c.MigrateMessageTemplates(ctx, third, TemplateMigration{SourceWABAID: source, TemplateIDs: []string{all[0].ID}})
	if err != nil || len(res.Migrated) != 1 || res.Migrated[0] != all[0].ID {
		t.Fatalf("by id %+v %v", res, err)
	}

	// Refusals carry Meta's code, and a migration is not repeated after a server error.
	if _, err := c.MigrateMessageTemplates(ctx, seed.BusinessAccountID, TemplateMigration{SourceWABAID: seed.BusinessAccountID}); ErrorCode(err) != CodeInvalidParameter {
		t.Fatalf("source = destination: %v", err)
	}
	emu.ClearRequests()
	emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: `/migrate_message_templates$`, HTTPStatus: 500, Code: 2, Times: 1})
	if _, err := c.MigrateMessageTemplates(ctx, seed.BusinessAccountID, TemplateMigration{SourceWABAID: source}); err == nil {
		t.Fatal("the server error was not reported")
	}
	if n := len(emu.Requests()); n != 1 {
		t.Fatalf("%d calls, want 1", n)
	}
}
