package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Activity is one entry of a WABA's activity log (GET /{waba-id}/activities): what was done to
// the account, when and by whom. Details is the type-specific object as Meta sent it (nil when
// absent).
type Activity struct {
	ID           string          `json:"id"`
	ActivityType string          `json:"activity_type"`
	Timestamp    FlexTime        `json:"timestamp"`
	ActorType    string          `json:"actor_type"`
	ActorID      FlexString      `json:"actor_id"`
	ActorName    string          `json:"actor_name"`
	Description  string          `json:"description"`
	Details      json.RawMessage `json:"details"`
	IPAddress    string          `json:"ip_address"`
	UserAgent    string          `json:"user_agent"`
	// EventType is the type under the name later Graph versions give it; ActivityType falls
	// back to it when Meta sends only event_type.
	EventType string `json:"event_type"`
}

// ActivityFields are the fields the client reads for an activity.
const ActivityFields = "id,activity_type,timestamp,actor_type,actor_id,actor_name,description,details,ip_address,user_agent"

// ActivityTypes are the activity types Meta documents (the ActivityType enum of v23.0).
var ActivityTypes = []string{
	"ACCOUNT_CREATED", "ACCOUNT_UPDATED", "ACCOUNT_DELETED",
	"PHONE_NUMBER_ADDED", "PHONE_NUMBER_REMOVED", "PHONE_NUMBER_VERIFIED",
	"USER_ADDED", "USER_REMOVED", "USER_ROLE_CHANGED",
	"PERMISSION_GRANTED", "PERMISSION_REVOKED",
	"TEMPLATE_CREATED", "TEMPLATE_UPDATED", "TEMPLATE_DELETED",
	"WEBHOOK_CONFIGURED", "API_ACCESS_GRANTED", "API_ACCESS_REVOKED",
	"BILLING_UPDATED", "COMPLIANCE_ACTION", "SECURITY_EVENT",
}

// ActivityRangeLimit is the longest since–until window Meta serves: a longer one is refused
// ("The requested date range is too large. Maximum range is 90 days").
const ActivityRangeLimit = 90 * 24 * time.Hour

// ActivityFilter narrows an activity listing. Zero values do not filter.
type ActivityFilter struct {
	// Types are activity types; an activity of any of them matches.
	Types []string
	// Since and Until bound the time of the activities.
	Since, Until time.Time
	// Max is the most activities to return; 0 means no cap.
	Max int
}

// ListActivities returns a WABA's activities, newest first, across pages, up to f.Max. more
// reports whether the log had more matching activities than were returned.
func (c *Client) ListActivities(ctx context.Context, wabaID string, f ActivityFilter) (activities []Activity, more bool, err error) {
	q := map[string][]string{"fields": {ActivityFields}}
	if len(f.Types) > 0 {
		q["activity_type"] = []string{strings.Join(f.Types, ",")}
	}
	if !f.Since.IsZero() {
		q["since"] = []string{f.Since.UTC().Format(time.RFC3339)}
	}
	if !f.Until.IsZero() {
		q["until"] = []string{f.Until.UTC().Format(time.RFC3339)}
	}
	if f.Max <= 0 {
		all, err := listAll[Activity](ctx, c, wabaID+"/activities", withLimit(q, 100))
		return normalizeActivities(all), false, err
	}
	all, more, err := listUpTo[Activity](ctx, c, wabaID+"/activities", q, 100, f.Max)
	return normalizeActivities(all), more, err
}

func withLimit(q map[string][]string, limit int) map[string][]string {
	q["limit"] = []string{strconv.Itoa(limit)}
	return q
}

func normalizeActivities(all []Activity) []Activity {
	for i := range all {
		if all[i].ActivityType == "" {
			all[i].ActivityType = all[i].EventType
		}
		if bytes.Equal(bytes.TrimSpace(all[i].Details), []byte("null")) {
			all[i].Details = nil
		}
	}
	return all
}

// FlexTime decodes a time Graph sends as an ISO 8601 string or as Unix seconds (a number or a
// numeric string). The zero time stands for an absent or null value.
type FlexTime struct{ time.Time }

// UnmarshalJSON accepts an RFC 3339 or ISO 8601 string, Unix seconds, or null.
func (t *FlexTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		s = n.String()
	}
	parsed, err := parseGraphTime(s)
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

// parseGraphTime reads the time formats Graph uses: RFC 3339, ISO 8601 with a numeric offset
// without a colon ("2023-10-15T14:30:00+0000"), or Unix seconds.
func parseGraphTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	var firstErr error
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700"} {
		t, err := time.Parse(layout, s)
		if err == nil {
			return t.UTC(), nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return time.Time{}, firstErr
}
