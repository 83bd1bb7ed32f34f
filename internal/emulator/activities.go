package emulator

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The activity log of a WABA: GET /{waba-id}/activities, as Meta's
// "WhatsApp Business Account Activities API" reference (v23.0) documents it
// (https://developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-account/whatsapp-business-account-activities-api):
//
//   - a chronological list, newest first, of what was done to the account:
//     id, activity_type, timestamp (ISO 8601), actor_type, actor_id,
//     actor_name, description, details (an object whose keys depend on the
//     type), ip_address, user_agent; the default fields are id,
//     activity_type, timestamp and actor_type;
//   - filters: activity_type (one type or a comma-separated list of the
//     ActivityType enum), since and until (a Unix timestamp or an ISO 8601
//     date); a range longer than 90 days is refused with 422/100 "The
//     requested date range is too large. Maximum range is 90 days";
//   - limit 1 to 100 (default 25; anything else is 400/100 "Invalid
//     parameter: limit must be between 1 and 100"), after and before cursors.
//
// The emulator records an activity when a call changes the account in one
// of the ways the enum names: a template created (also by migration),
// edited or deleted; a phone number added or verified; a user assigned, its
// tasks changed, or unassigned; the app subscribed to or unsubscribed from
// the account's webhooks; the account's name or time zone changed. The
// actor of a call is the token's system user (actor_type API); ip_address
// and user_agent are the caller's.
//
// Where the window is open on one side, the 90-day rule does not apply: the
// reference states it for "the requested date range" without saying what an
// open range spans, so the emulator refuses only a since and until given
// together that are more than 90 days apart. since and until both include
// their instant.

const docActivities = "activities"

// activityTypes is the ActivityType enum of the spec.
var activityTypes = []string{
	"ACCOUNT_CREATED", "ACCOUNT_UPDATED", "ACCOUNT_DELETED",
	"PHONE_NUMBER_ADDED", "PHONE_NUMBER_REMOVED", "PHONE_NUMBER_VERIFIED",
	"USER_ADDED", "USER_REMOVED", "USER_ROLE_CHANGED",
	"PERMISSION_GRANTED", "PERMISSION_REVOKED",
	"TEMPLATE_CREATED", "TEMPLATE_UPDATED", "TEMPLATE_DELETED",
	"WEBHOOK_CONFIGURED", "API_ACCESS_GRANTED", "API_ACCESS_REVOKED",
	"BILLING_UPDATED", "COMPLIANCE_ACTION", "SECURITY_EVENT",
}

// activityRangeLimit is the longest since–until window Meta serves.
const activityRangeLimit = 90 * 24 * time.Hour

var activityFields = fieldSet{
	nodeType: "WhatsAppBusinessAccountActivity",
	allowed: []string{"id", "activity_type", "timestamp", "actor_type", "actor_id", "actor_name",
		"description", "details", "ip_address", "user_agent"},
	defaults: []string{"id", "activity_type", "timestamp", "actor_type"},
}

type activity struct {
	id           string
	seq          int64
	at           time.Time
	activityType string
	actorType    string
	actorID      string
	actorName    string
	description  string
	details      map[string]any
	ipAddress    string
	userAgent    string
}

// activityLog is the document holding a WABA's activities, oldest first.
type activityLog struct {
	list []*activity
}

func (a *activity) view() map[string]any {
	v := map[string]any{
		"id":            a.id,
		"activity_type": a.activityType,
		"timestamp":     a.at.UTC().Format(time.RFC3339),
		"actor_type":    a.actorType,
		"description":   a.description,
	}
	if a.actorID != "" {
		v["actor_id"] = a.actorID
		v["actor_name"] = a.actorName
	}
	if len(a.details) > 0 {
		v["details"] = deepCopy(a.details)
	}
	if a.ipAddress != "" {
		v["ip_address"] = a.ipAddress
	}
	if a.userAgent != "" {
		v["user_agent"] = a.userAgent
	}
	return v
}

// logActivity records an activity of a WABA, performed by the caller.
func (c *call) logActivity(wabaID, activityType, description string, details map[string]any) {
	a := c.e.store.newActivity(wabaID, activityType, "API", c.e.now(), description, details)
	a.actorID = c.e.opts.SystemUserID
	a.actorName = "System user " + lastDigits(a.actorID, 4)
	if u, ok := c.e.store.nodes[c.e.opts.SystemUserID].(*businessUser); ok {
		a.actorName = u.name
	}
	if host, _, err := net.SplitHostPort(c.r.RemoteAddr); err == nil {
		a.ipAddress = host
	}
	a.userAgent = c.r.UserAgent()
}

func (s *store) newActivity(wabaID, activityType, actorType string, at time.Time, description string, details map[string]any) *activity {
	a := &activity{id: s.newID(), seq: s.nextSeq(), at: at, activityType: activityType, actorType: actorType,
		description: description, details: details}
	doc := attached(s, wabaID, docActivities, func() *activityLog { return &activityLog{} })
	doc.list = append(doc.list, a)
	return a
}

// templateDetails are the details of a template activity, as in the
// reference's TEMPLATE_CREATED example.
func templateDetails(t *template) map[string]any {
	return map[string]any{"template_id": t.id, "template_name": t.name, "template_language": t.language, "template_category": t.category}
}

// GET /{waba-id}/activities
func listActivities(c *call) (any, *graphError) {
	w := c.node.(*waba)
	fields, err := c.selectFields(activityFields)
	if err != nil {
		return nil, err
	}
	if n, present, err := c.params.integer("limit"); err != nil {
		return nil, err
	} else if present && (n < 1 || n > maxPageLimit) {
		return nil, errParam("Invalid parameter: limit must be between 1 and %d", maxPageLimit)
	}
	types, err := c.activityTypeFilter()
	if err != nil {
		return nil, err
	}
	since, hasSince, err := c.timeParam("since")
	if err != nil {
		return nil, err
	}
	until, hasUntil, err := c.timeParam("until")
	if err != nil {
		return nil, err
	}
	if hasSince && hasUntil {
		if until.Before(since) {
			return nil, errParam("Invalid parameter: since must not be later than until")
		}
		if until.Sub(since) > activityRangeLimit {
			// The reference's own 422 example; Meta's error codes page has no entry for it and no
			// Graph API reference page for this edge was found.
			return nil, &graphError{Status: http.StatusUnprocessableEntity, Message: "The requested date range is too large. Maximum range is 90 days",
				Type: "GraphMethodException", Code: 100}
		}
	}
	var items []pageItem
	if doc := peekAttached[activityLog](c.e.store, w.id, docActivities); doc != nil {
		// Newest first: paginate walks items in ascending seq, so the order
		// is encoded as the negated recording sequence.
		for i := len(doc.list) - 1; i >= 0; i-- {
			a := doc.list[i]
			if (len(types) > 0 && !contains(types, a.activityType)) ||
				(hasSince && a.at.Before(since)) || (hasUntil && a.at.After(until)) {
				continue
			}
			items = append(items, pageItem{seq: -a.seq, value: project(a.view(), fields)})
		}
	}
	return c.paginate(items, maxPageLimit)
}

// activityTypeFilter reads activity_type: one type or a comma-separated list.
func (c *call) activityTypeFilter() ([]string, *graphError) {
	raw, err := c.params.list("activity_type")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range raw {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !contains(activityTypes, t) {
			return nil, errParam("Invalid parameter: activity_type %q is not one of %s", t, strings.Join(activityTypes, ", "))
		}
		out = append(out, t)
	}
	return out, nil
}

// timeParam reads a Unix timestamp or an ISO 8601 date or date-time.
func (c *call) timeParam(key string) (time.Time, bool, *graphError) {
	raw, ok := c.params.str(key)
	raw = strings.TrimSpace(raw)
	if !ok || raw == "" {
		return time.Time{}, false, nil
	}
	if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), true, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, raw); err == nil {
			return t.UTC(), true, nil
		}
	}
	return time.Time{}, false, errParam("Invalid parameter: %s must be a Unix timestamp or an ISO 8601 date string, got %q", key, raw)
}

// ActivityRecord is an activity of a WABA's log, as the control hooks see it.
type ActivityRecord struct {
	ID, ActivityType, ActorType, Description string
	Timestamp                                time.Time
	Details                                  map[string]any
}

// Activities returns a WABA's activity log, newest first.
func (e *Emulator) Activities(wabaID string) []ActivityRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	doc := peekAttached[activityLog](e.store, wabaID, docActivities)
	if doc == nil {
		return nil
	}
	out := make([]ActivityRecord, 0, len(doc.list))
	for i := len(doc.list) - 1; i >= 0; i-- {
		a := doc.list[i]
		details, _ := deepCopy(a.details).(map[string]any)
		out = append(out, ActivityRecord{ID: a.id, ActivityType: a.activityType, ActorType: a.actorType,
			Description: a.description, Timestamp: a.at, Details: details})
	}
	return out
}

// RecordActivity adds an activity that Meta itself performed, now, to a
// WABA's log (actor_type SYSTEM), such as a COMPLIANCE_ACTION or
// BILLING_UPDATED. Advance the clock between records to spread them in time.
func (e *Emulator) RecordActivity(wabaID, activityType, description string, details map[string]any) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.store.waba(wabaID) == nil {
		return fmt.Errorf("no WhatsApp Business Account %s", wabaID)
	}
	if !contains(activityTypes, activityType) {
		return fmt.Errorf("activity type %q is not one of %s", activityType, strings.Join(activityTypes, ", "))
	}
	copied, _ := deepCopy(details).(map[string]any)
	e.store.newActivity(wabaID, activityType, "SYSTEM", e.now(), description, copied)
	return nil
}
