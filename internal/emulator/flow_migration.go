package emulator

import (
	"net/http"
	"strings"
	"time"
)

// POST /{destination-waba-id}/migrate_flows, as the "Migrate Flows" section
// of Meta's Flows API guide documents it
// (https://developers.facebook.com/docs/whatsapp/flows/reference/flowsapi#migrate):
//
//   - source_waba_id is required; Flows can only be migrated between WABAs
//     owned by the same Meta business;
//   - source_flow_names (a JSON array, at most 100 names) picks the flows;
//     without it every flow of the source is migrated. Only 100 flows can be
//     migrated in a request;
//   - migration copies each flow, under the same name, with a new id: its
//     categories, endpoint and Flow JSON. The copy is published when the
//     original is published, and a draft otherwise (a deprecated flow's copy
//     is a draft);
//   - a flow whose name the destination already has is skipped and reported
//     in failed_flows with error_code "4233041" and "Flows Migration Error:
//     Flow with the same name exists in destination WABA."; the others of the
//     request are still copied. A name the source does not have fails the
//     same way with "Flows Migration Error: Flow name not found in source
//     WABA." (the spec's example);
//   - the answer is {"migrated_flows": [{source_name, source_id,
//     migrated_id}], "failed_flows": [{source_name, error_code,
//     error_message}]}.
//
// Meta does not say what a request without names does for a source of more
// than 100 flows; the emulator refuses it (code 100) rather than pick 100 of
// them, so that callers list the names.

const (
	flowMigrationLimit     = 100
	flowMigrationErrorCode = "4233041"
)

func migrateFlows(c *call) (any, *graphError) {
	dest := c.node.(*waba)
	sourceID := c.params.string("source_waba_id")
	if sourceID == "" {
		return nil, errRequiredParam("source_waba_id")
	}
	if sourceID == dest.id {
		return nil, errParam("(#100) Param source_waba_id must be a WhatsApp Business Account other than the destination")
	}
	source := c.e.store.waba(sourceID)
	if source == nil {
		return nil, errUnsupported(http.MethodPost, sourceID)
	}
	if source.businessID != dest.businessID {
		return nil, &graphError{Message: "Invalid parameter", Type: "OAuthException", Code: 100,
			UserTitle: "WhatsApp Business Accounts of different businesses",
			UserMsg:   "Flows can only be migrated between WhatsApp Business Accounts owned by the same Meta business."}
	}
	var names []string
	if _, present := c.params["source_flow_names"]; present {
		raw, err := c.params.list("source_flow_names")
		if err != nil {
			return nil, err
		}
		if len(raw) == 0 {
			return nil, errParam("(#100) Param source_flow_names must be a non-empty array of Flow names")
		}
		if len(raw) > flowMigrationLimit {
			return nil, errParam("(#100) Param source_flow_names must have at most %d elements: only %d Flows can be migrated in a request", flowMigrationLimit, flowMigrationLimit)
		}
		for _, n := range raw {
			if strings.TrimSpace(n) == "" {
				return nil, errParam("(#100) Param source_flow_names must not contain empty names")
			}
			names = append(names, n)
		}
	} else {
		all := c.e.store.flowsOf(source.id)
		if len(all) > flowMigrationLimit {
			return nil, errParam("(#100) Only %d Flows can be migrated in a request; list the Flows to migrate in source_flow_names", flowMigrationLimit)
		}
		for _, f := range all {
			names = append(names, f.name)
		}
	}
	migrated, failed := []any{}, []any{}
	fail := func(name, msg string) {
		failed = append(failed, map[string]any{"source_name": name, "error_code": flowMigrationErrorCode, "error_message": "Flows Migration Error: " + msg})
	}
	for _, name := range names {
		src := c.e.store.flowNamed(source.id, name)
		switch {
		case src == nil:
			fail(name, "Flow name not found in source WABA.")
		case c.e.store.flowNamed(dest.id, name) != nil:
			fail(name, "Flow with the same name exists in destination WABA.")
		default:
			cp := c.e.store.copyFlow(dest, src, c.e.now())
			migrated = append(migrated, map[string]any{"source_name": name, "source_id": src.id, "migrated_id": cp.id})
		}
	}
	return map[string]any{"migrated_flows": migrated, "failed_flows": failed}, nil
}

// copyFlow recreates f in dest under the same name: published if f is, a
// draft otherwise.
func (s *store) copyFlow(dest *waba, f *flow, now time.Time) *flow {
	cp := &flow{
		id: s.newID(), wabaID: dest.id, seq: s.nextSeq(),
		name: f.name, categories: append([]string(nil), f.categories...), status: flowDraft, endpointURI: f.endpointURI,
		asset: append([]byte(nil), f.asset...), assetName: f.assetName, jsonVersion: f.jsonVersion, dataAPIVersion: f.dataAPIVersion,
		validationErrors: append([]flowValidationError(nil), f.validationErrors...),
		updatedAt:        now,
	}
	if f.asset == nil {
		cp.asset = nil
	}
	switch f.status {
	case flowPublished, flowBlocked, flowThrottled:
		cp.status = flowPublished
	}
	s.nodes[cp.id] = cp
	return cp
}

// FlowRecord is a flow as the control hooks see it.
type FlowRecord struct {
	ID, Name, Status string
	Categories       []string
	FlowJSON         []byte
}

// FlowsOf lists a WABA's flows, oldest first.
func (e *Emulator) FlowsOf(wabaID string) []FlowRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []FlowRecord
	for _, f := range e.store.flowsOf(wabaID) {
		out = append(out, FlowRecord{ID: f.id, Name: f.name, Status: f.status, Categories: append([]string(nil), f.categories...),
			FlowJSON: append([]byte(nil), f.asset...)})
	}
	return out
}
