package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// flowIn creates a flow in a WABA, with a valid Flow JSON, and publishes or deprecates it as asked.
func (h *harness) flowIn(waba, name, status string) string {
	h.t.Helper()
	r := h.mustOK(h.multipart("/v23.0/"+waba+"/flows", map[string]string{"name": name, "categories": `["APPOINTMENT_BOOKING","OTHER"]`,
		"endpoint_uri": "https://example.com/flows/" + name}, nil))
	id := r.str("id")
	h.mustOK(h.uploadFlowJSON(id, validFlowJSON))
	if status != flowDraft {
		if err := h.e.SetFlowStatus(id, status); err != nil {
			h.t.Fatal(err)
		}
	}
	return id
}

func (h *harness) migrateFlows(dest string, fields map[string]string) reply {
	h.t.Helper()
	return h.multipart("/v23.0/"+dest+"/migrate_flows", fields, nil)
}

func TestMigrateFlows(t *testing.T) {
	h := newHarness(t, Options{})
	source := h.e.AddWABA("Old account")
	dest := h.seed.BusinessAccountID
	ids := map[string]string{}
	for name, status := range map[string]string{"appointment": flowPublished, "leadgen": flowDraft, "survey_old": flowDeprecated, "feedback": flowThrottled, "taken": flowDraft} {
		ids[name] = h.flowIn(source, name, status)
	}
	h.flowIn(dest, "taken", flowDraft)

	r := h.mustOK(h.migrateFlows(dest, map[string]string{"source_waba_id": source,
		"source_flow_names": `["appointment","leadgen","survey_old","feedback","taken","missing"]`}))
	migrated, _ := r.body["migrated_flows"].([]any)
	failed, _ := r.body["failed_flows"].([]any)
	if len(migrated) != 4 || len(failed) != 2 {
		t.Fatalf("migration %s", r.raw)
	}
	first := obj(migrated[0])
	if first["source_name"] != "appointment" || first["source_id"] != ids["appointment"] || first["migrated_id"] == ids["appointment"] {
		t.Fatalf("migrated %v", first)
	}
	wantFailed := map[string]string{
		"taken":   "Flows Migration Error: Flow with the same name exists in destination WABA.",
		"missing": "Flows Migration Error: Flow name not found in source WABA.",
	}
	for _, f := range failed {
		m := obj(f)
		if m["error_code"] != "4233041" || m["error_message"] != wantFailed[fmt.Sprint(m["source_name"])] {
			t.Fatalf("failed %v", m)
		}
	}
	got := map[string]FlowRecord{}
	for _, f := range h.e.FlowsOf(dest) {
		got[f.Name] = f
	}
	for name, status := range map[string]string{"appointment": flowPublished, "leadgen": flowDraft, "survey_old": flowDraft, "feedback": flowPublished} {
		f, ok := got[name]
		if !ok || f.Status != status || string(f.FlowJSON) != validFlowJSON || strings.Join(f.Categories, ",") != "APPOINTMENT_BOOKING,OTHER" {
			t.Errorf("copy of %s: %+v, want status %s with the Flow JSON and categories", name, f, status)
		}
	}
	ep := h.mustOK(h.call(http.MethodGet, "/v23.0/"+obj(migrated[0])["migrated_id"].(string)+"?fields=endpoint_uri,whatsapp_business_account", nil))
	if ep.str("endpoint_uri") != "https://example.com/flows/appointment" || obj(ep.body["whatsapp_business_account"])["id"] != dest {
		t.Fatalf("copy %s", ep.raw)
	}
	if n := len(h.e.FlowsOf(source)); n != 5 {
		t.Fatalf("migration moved flows out of the source: %d left", n)
	}

	// Without names every flow of the source is migrated; those already there fail.
	other := h.e.AddWABA("Third account")
	r = h.mustOK(h.migrateFlows(other, map[string]string{"source_waba_id": source}))
	if m, _ := r.body["migrated_flows"].([]any); len(m) != 5 {
		t.Fatalf("all flows %s", r.raw)
	}
	r = h.mustOK(h.migrateFlows(other, map[string]string{"source_waba_id": source}))
	if m, f := r.body["migrated_flows"].([]any), r.body["failed_flows"].([]any); len(m) != 0 || len(f) != 5 {
		t.Fatalf("again %s", r.raw)
	}
}

func TestMigrateFlowsRefusals(t *testing.T) {
	h := newHarness(t, Options{})
	dest := h.seed.BusinessAccountID
	source := h.e.AddWABA("Old account")
	client := h.e.AddClientWABA("Client account")
	h.flowIn(client, "booking", flowPublished)

	h.wantError(h.migrateFlows(dest, map[string]string{}), http.StatusBadRequest, 100, 0)
	h.wantError(h.migrateFlows(dest, map[string]string{"source_waba_id": dest}), http.StatusBadRequest, 100, 0)
	h.wantError(h.migrateFlows(dest, map[string]string{"source_waba_id": "123456789012345"}), http.StatusBadRequest, 100, 33)
	r := h.migrateFlows(dest, map[string]string{"source_waba_id": client})
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if !strings.Contains(fmt.Sprint(r.errorField("error_user_msg")), "owned by the same Meta business") {
		t.Fatalf("other business %s", r.raw)
	}
	h.wantError(h.migrateFlows(dest, map[string]string{"source_waba_id": source, "source_flow_names": `[]`}), http.StatusBadRequest, 100, 0)
	h.wantError(h.migrateFlows(dest, map[string]string{"source_waba_id": source, "source_flow_names": `["a",""]`}), http.StatusBadRequest, 100, 0)
	names := make([]string, 101)
	for i := range names {
		names[i] = fmt.Sprintf("%q", fmt.Sprintf("flow_%03d", i))
	}
	r = h.migrateFlows(dest, map[string]string{"source_waba_id": source, "source_flow_names": "[" + strings.Join(names, ",") + "]"})
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if !strings.Contains(fmt.Sprint(r.errorField("message")), "at most 100") {
		t.Fatalf("101 names %s", r.raw)
	}
	for i := 0; i < 101; i++ {
		h.mustOK(h.multipart("/v23.0/"+source+"/flows", map[string]string{"name": fmt.Sprintf("flow_%03d", i), "categories": `["OTHER"]`}, nil))
	}
	h.wantError(h.migrateFlows(dest, map[string]string{"source_waba_id": source}), http.StatusBadRequest, 100, 0)
	if n := len(h.e.FlowsOf(dest)); n != 0 {
		t.Fatalf("refused migrations copied %d flows", n)
	}
	// 100 names in one request are fine.
	r = h.mustOK(h.migrateFlows(dest, map[string]string{"source_waba_id": source, "source_flow_names": "[" + strings.Join(names[:100], ",") + "]"}))
	if m, _ := r.body["migrated_flows"].([]any); len(m) != 100 {
		t.Fatalf("100 names: %d migrated", len(m))
	}
}
