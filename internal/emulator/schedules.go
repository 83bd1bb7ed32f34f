package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // IANA time zones for schedule validation, whatever the host has
	"unicode/utf8"
)

// A WABA's schedules: GET and POST /{waba-id}/schedules, as Meta's
// "WhatsApp Business Account - Schedules API" reference (v23.0) documents
// them (https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-account/schedules-api):
// business hours, automated response windows, message campaign timing and
// maintenance windows, each a time window (start_time and end_time, HH:MM)
// on days of the week in an IANA time zone, with an optional recurrence.
//
// The reference documents only listing and creating: no call reads,
// changes or deletes one schedule. Creation validates the ScheduleCreateRequest
// schema (name 1–100 characters and unique in the account, 409/100 when it
// is not; schedule_type, days_of_week and recurrence frequency from their
// enums; description up to 500 characters), refuses an unknown time zone with
// 422/100 "Schedule validation failed: invalid timezone identifier" and a
// full account with 403/200/1349175 "Schedule limit exceeded for this
// WhatsApp Business Account". status is ACTIVE when is_active (default
// true), else INACTIVE; Meta may later set PAUSED or EXPIRED
// (SetScheduleStatus).
//
// The reference's validation list says "start time must be before end time",
// but its own After Hours Auto-Reply example runs from 18:00 to 08:00. The
// emulator follows the example: a window whose end is before its start
// crosses midnight, and only a window that starts when it ends is refused
// ("Invalid parameter: start_time must be before end_time").
//
// The listing filters with filtering (a JSON array of {field, operator,
// value} over status, schedule_type and is_active), sorts with sort
// (created_time or updated_time, .asc or .desc; default oldest first) and
// pages with limit, after and before.

const docSchedules = "schedules"

// defaultScheduleLimit is how many schedules a WABA may hold unless
// Options.ScheduleLimit says otherwise. Meta documents a limit, not its
// value.
const defaultScheduleLimit = 50

var (
	scheduleTypes        = []string{"BUSINESS_HOURS", "AUTOMATED_RESPONSE", "MESSAGE_CAMPAIGN", "MAINTENANCE_WINDOW", "CUSTOM"}
	scheduleStatuses     = []string{"ACTIVE", "INACTIVE", "PAUSED", "EXPIRED", "DRAFT"}
	daysOfWeek           = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}
	recurrenceFrequency  = []string{"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
	scheduleFilterFields = []string{"status", "schedule_type", "is_active"}
	scheduleSorts        = []string{"created_time.asc", "created_time.desc", "updated_time.asc", "updated_time.desc"}
	clockTimePattern     = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

var scheduleFields = fieldSet{
	nodeType: "WhatsAppBusinessAccountSchedule",
	allowed: []string{"id", "name", "status", "schedule_type", "description", "start_time", "end_time", "timezone",
		"days_of_week", "created_time", "updated_time", "is_active", "recurrence_pattern"},
	// The reference's single_schedule example.
	defaults: []string{"id", "name", "status", "schedule_type", "start_time", "end_time", "is_active"},
}

type schedule struct {
	id, name, status, scheduleType, description string
	startTime, endTime, timezone                string
	days                                        []string
	active                                      bool
	recurrence                                  map[string]any
	seq                                         int64
	created, updated                            time.Time
}

type scheduleList struct {
	list []*schedule
}

func (s *schedule) view() map[string]any {
	v := map[string]any{
		"id":            s.id,
		"name":          s.name,
		"status":        s.status,
		"schedule_type": s.scheduleType,
		"start_time":    s.startTime,
		"end_time":      s.endTime,
		"timezone":      s.timezone,
		"created_time":  s.created.UTC().Format(time.RFC3339),
		"updated_time":  s.updated.UTC().Format(time.RFC3339),
		"is_active":     s.active,
	}
	if s.description != "" {
		v["description"] = s.description
	}
	if len(s.days) > 0 {
		v["days_of_week"] = append([]string(nil), s.days...)
	}
	if s.recurrence != nil {
		v["recurrence_pattern"] = deepCopy(s.recurrence)
	}
	return v
}

func (s *store) schedules(wabaID string) *scheduleList {
	return attached(s, wabaID, docSchedules, func() *scheduleList { return &scheduleList{} })
}

// GET /{waba-id}/schedules
func listSchedules(c *call) (any, *graphError) {
	w := c.node.(*waba)
	fields, err := c.selectFields(scheduleFields)
	if err != nil {
		return nil, err
	}
	filters, err := parseFiltering(c, scheduleFilterFields)
	if err != nil {
		return nil, err
	}
	sort, _ := c.params.str("sort")
	if sort != "" && !contains(scheduleSorts, sort) {
		return nil, errParam("Invalid parameter: sort must be one of %s", strings.Join(scheduleSorts, ", "))
	}
	all := c.e.store.schedules(w.id).list
	items := make([]pageItem, 0, len(all))
	for _, s := range all {
		if !filtersMatch(filters, s.filterValue) {
			continue
		}
		seq := s.seq
		if strings.HasSuffix(sort, ".desc") {
			seq = -seq // paginate walks ascending keys
		}
		items = append(items, pageItem{seq: seq, value: project(s.view(), fields)})
	}
	if strings.HasSuffix(sort, ".desc") {
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
	}
	return c.paginate(items, maxPageLimit)
}

func (s *schedule) filterValue(field string) string {
	switch field {
	case "status":
		return s.status
	case "schedule_type":
		return s.scheduleType
	case "is_active":
		return strconv.FormatBool(s.active)
	}
	return ""
}

// POST /{waba-id}/schedules
func createSchedule(c *call) (any, *graphError) {
	w := c.node.(*waba)
	name, _ := c.params.str("name")
	if strings.TrimSpace(name) == "" {
		return nil, errParam("Invalid parameter: name must be a non-empty string")
	}
	if utf8.RuneCountInString(name) > 100 {
		return nil, errParam("Invalid parameter: name must be at most 100 characters")
	}
	typ, _ := c.params.str("schedule_type")
	if typ == "" {
		return nil, errRequiredParam("schedule_type")
	}
	if !contains(scheduleTypes, typ) {
		return nil, errParam("Invalid parameter: schedule_type must be one of %s", strings.Join(scheduleTypes, ", "))
	}
	description := c.params.string("description")
	if utf8.RuneCountInString(description) > 500 {
		return nil, errParam("Invalid parameter: description must be at most 500 characters")
	}
	var window [2]string
	for i, key := range []string{"start_time", "end_time"} {
		v, _ := c.params.str(key)
		if v == "" {
			return nil, errRequiredParam(key)
		}
		if !clockTimePattern.MatchString(v) {
			return nil, errParam("Invalid parameter: %s must be a time in HH:MM format", key)
		}
		window[i] = v
	}
	if window[0] == window[1] {
		return nil, errParam("Invalid parameter: start_time must be before end_time")
	}
	tz, hasTZ := c.params.str("timezone")
	if !hasTZ || tz == "" {
		tz = "UTC"
	}
	if _, err := time.LoadLocation(tz); err != nil || tz == "Local" {
		// The reference's own 422 example; Meta's error codes page has no entry for it and no
		// Graph API reference page for this edge was found.
		return nil, errUnprocessable("Schedule validation failed: invalid timezone identifier")
	}
	days, err := c.enumList("days_of_week", daysOfWeek)
	if err != nil {
		return nil, err
	}
	for i, d := range days {
		if contains(days[:i], d) {
			return nil, errParam("Invalid parameter: days_of_week lists %s twice", d)
		}
	}
	active, hasActive, err := c.params.boolean("is_active")
	if err != nil {
		return nil, err
	}
	if !hasActive {
		active = true
	}
	recurrence, err := c.recurrencePattern()
	if err != nil {
		return nil, err
	}

	list := c.e.store.schedules(w.id)
	for _, s := range list.list {
		if s.name == name {
			return nil, &graphError{Status: http.StatusConflict, Message: "Schedule name already exists in this WhatsApp Business Account",
				Type: "GraphMethodException", Code: 100}
		}
	}
	limit := c.e.opts.ScheduleLimit
	if limit <= 0 {
		limit = defaultScheduleLimit
	}
	if len(list.list) >= limit {
		return nil, &graphError{Message: "Schedule limit exceeded for this WhatsApp Business Account", Type: "OAuthException",
			Code: 200, Subcode: 1349175, UserTitle: "Limit Exceeded", UserMsg: "You have reached the maximum number of schedules for this account"}
	}
	now := c.e.now()
	s := &schedule{
		id: c.e.store.newID(), name: name, scheduleType: typ, description: description,
		startTime: window[0], endTime: window[1], timezone: tz, days: days, active: active,
		recurrence: recurrence, seq: c.e.store.nextSeq(), created: now, updated: now,
	}
	s.status = "INACTIVE"
	if active {
		s.status = "ACTIVE"
	}
	list.list = append(list.list, s)
	return map[string]any{"id": s.id}, nil
}

// recurrencePattern reads recurrence_pattern {frequency, interval ≥ 1,
// end_date YYYY-MM-DD}.
func (c *call) recurrencePattern() (map[string]any, *graphError) {
	raw, present, err := c.params.structured("recurrence_pattern")
	if err != nil || !present || raw == nil {
		return nil, err
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, errParam("Invalid parameter: recurrence_pattern must be an object")
	}
	out := map[string]any{}
	for k, v := range m {
		switch k {
		case "frequency":
			f, _ := toString(v)
			if !contains(recurrenceFrequency, f) {
				return nil, errParam("Invalid parameter: recurrence_pattern.frequency must be one of %s", strings.Join(recurrenceFrequency, ", "))
			}
			out[k] = f
		case "interval":
			n, ok := toInt(v)
			if !ok || n < 1 {
				return nil, errParam("Invalid parameter: recurrence_pattern.interval must be an integer of at least 1")
			}
			out[k] = n
		case "end_date":
			d, _ := toString(v)
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				return nil, errParam("Invalid parameter: recurrence_pattern.end_date must be a date in YYYY-MM-DD format")
			}
			out[k] = d
		default:
			return nil, errParam("Invalid parameter: recurrence_pattern has no field %s", k)
		}
	}
	return out, nil
}

// ScheduleRecord is a schedule as the control hooks see it.
type ScheduleRecord struct {
	ID, Name, Status, ScheduleType, StartTime, EndTime, Timezone string
	DaysOfWeek                                                   []string
	IsActive                                                     bool
}

// Schedules lists a WABA's schedules, oldest first.
func (e *Emulator) Schedules(wabaID string) []ScheduleRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	doc := peekAttached[scheduleList](e.store, wabaID, docSchedules)
	if doc == nil {
		return nil
	}
	out := make([]ScheduleRecord, 0, len(doc.list))
	for _, s := range doc.list {
		out = append(out, ScheduleRecord{ID: s.id, Name: s.name, Status: s.status, ScheduleType: s.scheduleType,
			StartTime: s.startTime, EndTime: s.endTime, Timezone: s.timezone, DaysOfWeek: append([]string(nil), s.days...), IsActive: s.active})
	}
	return out
}

// SetScheduleStatus changes a schedule's status as Meta does (PAUSED,
// EXPIRED…), updating its updated_time.
func (e *Emulator) SetScheduleStatus(wabaID, id, status string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !contains(scheduleStatuses, status) {
		return fmt.Errorf("schedule status %q is not one of %s", status, strings.Join(scheduleStatuses, ", "))
	}
	doc := peekAttached[scheduleList](e.store, wabaID, docSchedules)
	if doc != nil {
		for _, s := range doc.list {
			if s.id == id {
				s.status, s.updated = status, e.now()
				return nil
			}
		}
	}
	return fmt.Errorf("WhatsApp Business Account %s has no schedule %s", wabaID, id)
}

// RemoveSchedule deletes a schedule, as when it is removed in WhatsApp
// Manager, and reports whether it existed.
func (e *Emulator) RemoveSchedule(wabaID, id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	doc := peekAttached[scheduleList](e.store, wabaID, docSchedules)
	if doc == nil {
		return false
	}
	for i, s := range doc.list {
		if s.id == id {
			doc.list = append(doc.list[:i], doc.list[i+1:]...)
			return true
		}
	}
	return false
}
