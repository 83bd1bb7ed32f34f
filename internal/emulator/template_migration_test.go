package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// createIn creates a template in a WABA and returns its id.
func (h *harness) createIn(wabaID string, body map[string]any) string {
	h.t.Helper()
	r := h.mustOK(h.call(http.MethodPost, "/v23.0/"+wabaID+"/message_templates", body))
	return r.str("id")
}

func (h *harness) migrate(dest string, body map[string]any) reply {
	h.t.Helper()
	return h.call(http.MethodPost, "/v23.0/"+dest+"/migrate_message_templates", body)
}

func migrationResult(t *testing.T, r reply) (migrated []string, failed map[string]string) {
	t.Helper()
	list, ok := r.body["migrated_templates"].([]any)
	fm, ok2 := r.body["failed_templates"].(map[string]any)
	if !ok || !ok2 {
		t.Fatalf("response %s", r.raw)
	}
	for _, id := range list {
		migrated = append(migrated, id.(string))
	}
	failed = map[string]string{}
	for id, reason := range fm {
		failed[id] = reason.(string)
	}
	return migrated, failed
}

func TestMigrateTemplates(t *testing.T) {
	h := newHarness(t, Options{})
	source := h.e.AddWABA("Old account")
	dest := h.seed.BusinessAccountID
	approved := h.createIn(source, utilityTemplate("order_shipped", "en_US"))
	lowQuality := h.createIn(source, utilityTemplate("order_late", "en_US"))
	rejected := h.createIn(source, utilityTemplate("bad_one", "en_US"))
	exists := h.createIn(source, utilityTemplate("welcome", "en_US"))
	h.createIn(dest, utilityTemplate("welcome", "en_US"))
	h.status(approved) // the reviews pass
	for _, rule := range []ReviewRule{
		{NameRegex: "^order_late$", QualityScore: "RED"},
		{NameRegex: "^bad_one$", Status: statusRejected, ApplyToExisting: true},
	} {
		if _, err := h.e.Review(rule); err != nil {
			t.Fatal(err)
		}
	}

	r := h.mustOK(h.migrate(dest, map[string]any{"source_waba_id": source, "page_number": 0}))
	migrated, failed := migrationResult(t, r)
	if len(migrated) != 1 || migrated[0] != approved {
		t.Fatalf("migrated %v, want only %s (the RED and REJECTED ones are not eligible): %s", migrated, approved, r.raw)
	}
	if len(failed) != 1 || !strings.Contains(failed[exists], "already exists in the destination") {
		t.Fatalf("failed %v", failed)
	}
	for _, id := range []string{lowQuality, rejected} {
		if _, ok := failed[id]; ok {
			t.Fatalf("ineligible template %s is reported as failed", id)
		}
	}
	// The copy is in the destination, approved, with no quality rating yet.
	list := h.mustOK(h.call(http.MethodGet, h.templatesPath()+"?name=order_shipped&fields=name,status,quality_score,components", nil)).data()
	if len(list) != 1 || list[0]["status"] != statusApproved || list[0]["id"] == approved {
		t.Fatalf("destination templates %v", list)
	}
	if q, _ := list[0]["quality_score"].(map[string]any); q["score"] != "UNKNOWN" {
		t.Fatalf("quality of the copy %v", list[0]["quality_score"])
	}
	// A second migration finds the copies there.
	_, failed = migrationResult(t, h.mustOK(h.migrate(dest, map[string]any{"source_waba_id": source})))
	if !strings.Contains(failed[approved], "already exists") {
		t.Fatalf("second migration failed %v", failed)
	}
}

func TestMigrateTemplatesPages(t *testing.T) {
	h := newHarness(t, Options{})
	source := h.e.AddWABA("Old account")
	dest := h.seed.BusinessAccountID
	var ids []string
	for i := range 5 {
		ids = append(ids, h.createIn(source, utilityTemplate(fmt.Sprintf("t%d", i), "en_US")))
	}
	h.status(ids[0])
	var all []string
	for page := 0; page < 3; page++ {
		migrated, failed := migrationResult(t, h.mustOK(h.migrate(dest, map[string]any{"source_waba_id": source, "page_number": page, "count": 2})))
		if len(failed) != 0 || (page < 2 && len(migrated) != 2) || (page == 2 && len(migrated) != 1) {
			t.Fatalf("page %d: migrated %v failed %v", page, migrated, failed)
		}
		all = append(all, migrated...)
	}
	if strings.Join(all, ",") != strings.Join(ids, ",") {
		t.Fatalf("pages migrated %v, want %v in creation order", all, ids)
	}
	migrated, _ := migrationResult(t, h.mustOK(h.migrate(dest, map[string]any{"source_waba_id": source, "page_number": 3, "count": 2})))
	if len(migrated) != 0 {
		t.Fatalf("a page past the end migrated %v", migrated)
	}
	// template_ids names the templates instead.
	other := h.e.AddWABA("Third")
	migrated, failed := migrationResult(t, h.mustOK(h.migrate(other, map[string]any{"source_waba_id": source, "template_ids": []any{ids[3], "999"}})))
	if len(migrated) != 1 || migrated[0] != ids[3] || !strings.Contains(failed["999"], "not found in the source") {
		t.Fatalf("template_ids: migrated %v failed %v", migrated, failed)
	}
}

func TestMigrateTemplatesFailureReasons(t *testing.T) {
	h := newHarness(t, Options{})
	source := h.e.AddWABA("Old account")
	id := h.createIn(source, utilityTemplate("promo_like", "en_US"))
	h.status(id)
	// The copies' category is checked again: a REJECTED rule for new reviews fails the copy.
	if _, err := h.e.Review(ReviewRule{NameRegex: "^promo_like$", Status: statusRejected, Reason: "INCORRECT_CATEGORY"}); err != nil {
		t.Fatal(err)
	}
	_, failed := migrationResult(t, h.mustOK(h.migrate(h.seed.BusinessAccountID, map[string]any{"source_waba_id": source})))
	if failed[id] != "Incorrect category" {
		t.Fatalf("failed %v", failed)
	}
}

func TestMigrateTemplatesErrors(t *testing.T) {
	h := newHarness(t, Options{})
	dest := h.seed.BusinessAccountID
	source := h.e.AddWABA("Old account")
	for _, c := range []struct {
		name string
		body map[string]any
	}{
		{"no source", map[string]any{}},
		{"source is destination", map[string]any{"source_waba_id": dest}},
		{"negative page", map[string]any{"source_waba_id": source, "page_number": -1}},
		{"count too big", map[string]any{"source_waba_id": source, "count": 501}},
		{"count zero", map[string]any{"source_waba_id": source, "count": 0}},
		{"page not a number", map[string]any{"source_waba_id": source, "page_number": "one"}},
		{"empty template_ids", map[string]any{"source_waba_id": source, "template_ids": []any{}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h.wantError(h.migrate(dest, c.body), http.StatusBadRequest, 100, 0)
		})
	}
	// A WABA of another business.
	r := h.migrate(dest, map[string]any{"source_waba_id": h.e.AddClientWABA("Client")})
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if msg, _ := r.errorField("error_user_msg").(string); !strings.Contains(msg, "owned by the same business") {
		t.Fatalf("error %s", r.raw)
	}
	// An id that is no WABA the token sees.
	h.wantError(h.migrate(dest, map[string]any{"source_waba_id": "123456789012345"}), http.StatusBadRequest, 100, 33)
}
