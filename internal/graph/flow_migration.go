package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// FlowMigrationBatch is how many flows one migration call may name (Meta: "Only 100 Flows can be
// migrated in a request").
const FlowMigrationBatch = 100

// FlowMigrationErrorCode is the error_code Meta gives a flow it did not migrate.
const FlowMigrationErrorCode = "4233041"

// MigratedFlow is a flow Meta copied into the destination.
type MigratedFlow struct {
	SourceName string     `json:"source_name"`
	SourceID   FlexString `json:"source_id"`
	MigratedID FlexString `json:"migrated_id"`
}

// FailedFlow is a flow Meta did not copy, with its reason.
type FailedFlow struct {
	SourceName   string     `json:"source_name"`
	ErrorCode    FlexString `json:"error_code"`
	ErrorMessage string     `json:"error_message"`
}

// FlowMigrationResult is Meta's answer to a flow migration.
type FlowMigrationResult struct {
	Migrated []MigratedFlow `json:"migrated_flows"`
	Failed   []FailedFlow   `json:"failed_flows"`
}

// MigrateFlows copies flows of another WABA of the same business into destWABA under the same
// names (POST /{destination-waba-id}/migrate_flows): the flows named, at most
// FlowMigrationBatch, or every flow of the source when names is empty. A copy is published when
// the original is, a draft otherwise. A name the destination already has, or the source does not,
// is reported in Failed and the others are still copied. A repeat copies nothing twice but
// reports the copies as failures, so the call is not repeated after an ambiguous failure.
func (c *Client) MigrateFlows(ctx context.Context, destWABA, sourceWABA string, names []string) (*FlowMigrationResult, error) {
	form := url.Values{"source_waba_id": {sourceWABA}}
	if len(names) > 0 {
		encoded, err := json.Marshal(names)
		if err != nil {
			return nil, err
		}
		form.Set("source_flow_names", string(encoded))
	}
	var out FlowMigrationResult
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: destWABA + "/migrate_flows", Form: form}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
