package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Schedule is a WABA schedule (GET /{waba-id}/schedules): a time window on days of the week in a
// time zone, for business hours, automated responses, message campaigns or maintenance. Meta
// documents creating and listing schedules, and no call that changes or deletes one.
type Schedule struct {
	ID                string             `json:"id"`
	Name              string             `json:"name"`
	Status            string             `json:"status"`
	ScheduleType      string             `json:"schedule_type"`
	Description       string             `json:"description,omitempty"`
	StartTime         string             `json:"start_time"`
	EndTime           string             `json:"end_time"`
	Timezone          string             `json:"timezone,omitempty"`
	DaysOfWeek        []string           `json:"days_of_week,omitempty"`
	CreatedTime       FlexTime           `json:"created_time"`
	UpdatedTime       FlexTime           `json:"updated_time"`
	IsActive          *bool              `json:"is_active,omitempty"`
	RecurrencePattern *RecurrencePattern `json:"recurrence_pattern,omitempty"`
}

// RecurrencePattern is how a schedule repeats.
type RecurrencePattern struct {
	Frequency string `json:"frequency,omitempty"`
	Interval  int64  `json:"interval,omitempty"`
	EndDate   string `json:"end_date,omitempty"`
}

// ScheduleFields are the fields the client reads for a schedule.
const ScheduleFields = "id,name,status,schedule_type,description,start_time,end_time,timezone,days_of_week,created_time,updated_time,is_active,recurrence_pattern"

// Schedule types, days and recurrence frequencies Meta documents.
var (
	ScheduleTypes         = []string{"BUSINESS_HOURS", "AUTOMATED_RESPONSE", "MESSAGE_CAMPAIGN", "MAINTENANCE_WINDOW", "CUSTOM"}
	ScheduleStatuses      = []string{"ACTIVE", "INACTIVE", "PAUSED", "EXPIRED", "DRAFT"}
	DaysOfWeek            = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	RecurrenceFrequencies = []string{"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
)

// NewSchedule is the body of POST /{waba-id}/schedules.
type NewSchedule struct {
	Name              string             `json:"name"`
	ScheduleType      string             `json:"schedule_type"`
	Description       string             `json:"description,omitempty"`
	StartTime         string             `json:"start_time"`
	EndTime           string             `json:"end_time"`
	Timezone          string             `json:"timezone,omitempty"`
	DaysOfWeek        []string           `json:"days_of_week,omitempty"`
	IsActive          *bool              `json:"is_active,omitempty"`
	RecurrencePattern *RecurrencePattern `json:"recurrence_pattern,omitempty"`
}

// CreateSchedule creates a schedule and returns its id. Schedule names are unique in a WABA: a
// taken name returns an *Error for which IsConflict is true. The call is not idempotent.
func (c *Client) CreateSchedule(ctx context.Context, wabaID string, s NewSchedule) (string, error) {
	var out struct {
		ID FlexString `json:"id"`
	}
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: wabaID + "/schedules", Body: s}, &out); err != nil {
		return "", err
	}
	return string(out.ID), nil
}

// ScheduleFilter narrows a schedule listing; empty fields do not filter.
type ScheduleFilter struct {
	Status, ScheduleType string
	IsActive             *bool
}

// ListSchedules returns a WABA's schedules that match the filter, oldest first, across pages.
func (c *Client) ListSchedules(ctx context.Context, wabaID string, f ScheduleFilter) ([]Schedule, error) {
	q := url.Values{"fields": {ScheduleFields}, "limit": {"100"}, "sort": {"created_time.asc"}}
	var filters []map[string]any
	if f.Status != "" {
		filters = append(filters, map[string]any{"field": "status", "operator": "EQUAL", "value": f.Status})
	}
	if f.ScheduleType != "" {
		filters = append(filters, map[string]any{"field": "schedule_type", "operator": "EQUAL", "value": f.ScheduleType})
	}
	if f.IsActive != nil {
		filters = append(filters, map[string]any{"field": "is_active", "operator": "EQUAL", "value": *f.IsActive})
	}
	if len(filters) > 0 {
		b, err := json.Marshal(filters)
		if err != nil {
			return nil, err
		}
		q.Set("filtering", string(b))
	}
	return listAll[Schedule](ctx, c, wabaID+"/schedules", q)
}

// FindSchedule returns a WABA's schedule with this id, or nil when there is none.
func (c *Client) FindSchedule(ctx context.Context, wabaID, id string) (*Schedule, error) {
	all, err := c.ListSchedules(ctx, wabaID, ScheduleFilter{})
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	return nil, nil
}

// IsScheduleLimit reports Meta's refusal of a schedule in an account that holds as many as it
// allows (code 200, subcode 1349175).
func IsScheduleLimit(err error) bool {
	return hasSubcode(err, CodePermission, SubcodePhoneNumberLimit) // the same subcode, "Limit Exceeded"
}
