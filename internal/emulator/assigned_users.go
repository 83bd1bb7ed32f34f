package emulator

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Who may work on a WABA: GET/POST/DELETE /{waba-id}/assigned_users.
//
// People and system users belong to a business. A business's users can be
// assigned to the WABAs the business owns and to the client WABAs shared
// with it, each with a set of tasks (permissions). Reading the edge needs the
// business whose users to list (parameter business).
//
// Assigning a user who already has the WABA replaces the user's tasks. The
// spec's examples show a 422 "User is already assigned…" for that case, but
// Meta's asset-assignment endpoints (and its guides on adding system users
// to WABAs) treat a repeated POST as the way to change a user's tasks; the
// emulator follows that behaviour, which is also what makes changing tasks
// possible at all, as the API has no other call for it.

const (
	nodeBusinessUser nodeType = "BusinessUser"
	nodeSystemUser   nodeType = "SystemUser"
)

// User types Meta reports in assigned_users.
const (
	userTypeBusiness = "BUSINESS_USER"
	userTypeSystem   = "SYSTEM_USER"
	userTypePersonal = "PERSONAL_USER"
)

var userTypes = []string{userTypeBusiness, userTypeSystem, userTypePersonal}

// wabaTasks is the enum of tasks a user can hold on a WABA (spec schema
// WhatsAppBusinessAccountPermissionTask).
var wabaTasks = []string{"MANAGE", "DEVELOP", "MANAGE_TEMPLATES", "MANAGE_PHONE", "VIEW_COST",
	"MANAGE_EXTENSIONS", "VIEW_PHONE_ASSETS", "MANAGE_PHONE_ASSETS", "VIEW_TEMPLATES", "VIEW_INSIGHTS",
	"RECEIVE_INCOMING_MESSAGES", "MANAGE_BILLING", "MANAGE_USERS", "MESSAGING", "FULL_CONTROL"}

// maxTasks is the most tasks one POST may carry (spec: maxItems 16).
const maxTasks = 16

// businessUser is a person or a system user of a business. role is the
// user's role on the business (ADMIN or EMPLOYEE) and financePermission its
// finance role (EDITOR, ANALYST or none), which credit lines need
// (partner_accounts.go).
type businessUser struct {
	id, businessID          string
	name, userType          string
	role, financePermission string
}

func (u *businessUser) kind() nodeType {
	if u.userType == userTypeSystem {
		return nodeSystemUser
	}
	return nodeBusinessUser
}

func (*businessUser) owningWABA() string { return "" }

// assignments is the document holding a WABA's assigned users in the order
// they were first assigned.
type assignments struct {
	list []*assignment
}

type assignment struct {
	userID string
	tasks  []string
	seq    int64
	at     time.Time // when the user was first assigned
}

const docAssignedUsers = "assigned_users"

func (a *assignments) find(userID string) (int, *assignment) {
	for i, x := range a.list {
		if x.userID == userID {
			return i, x
		}
	}
	return -1, nil
}

var assignedUserFields = fieldSet{
	nodeType: "AssignedUser",
	allowed:  []string{"id", "name", "business", "user_type", "tasks"},
	// Meta's edge reference returns tasks with id and name when no fields
	// are asked for.
	defaults: []string{"id", "name", "tasks"},
}

// seedUsers gives the seeded business its system user (the token's owner)
// and assigns it to the seeded WABA.
func seedUsers(s *store, opts Options) {
	s.nodes[opts.SystemUserID] = &businessUser{id: opts.SystemUserID, businessID: opts.BusinessID,
		name: "Emulated System User", userType: userTypeSystem, role: roleAdmin}
	doc := attached(s, opts.BusinessAccountID, docAssignedUsers, func() *assignments { return &assignments{} })
	doc.list = append(doc.list, &assignment{userID: opts.SystemUserID, tasks: []string{"MANAGE"}, seq: s.nextSeq(), at: opts.Now()})
}

// canUse reports whether a business may manage a WABA: it owns it or the
// WABA is shared with it.
func (w *waba) canUse(businessID string) bool {
	return businessID != "" && (w.businessID == businessID || w.clientOf == businessID)
}

func errNeedPermission() *graphError {
	return &graphError{
		Message:   "Need permission on WhatsAppBusinessAccount or this Business",
		Type:      "OAuthException",
		Code:      200,
		Subcode:   1349174,
		UserTitle: "Permission Denied",
		UserMsg:   "Your app doesn't have permission to access this resource",
	}
}

func errInvalidUser() *graphError {
	return errParam("Invalid parameter: user must be a valid user ID")
}

// GET /{waba-id}/assigned_users?business=<id>: the users of that business
// assigned to the WABA, with their tasks, cursor paging and
// summary.total_count.
func listAssignedUsers(c *call) (any, *graphError) {
	w := c.node.(*waba)
	biz, ok := c.params.str("business")
	if !ok || biz == "" {
		return nil, errParam("The parameter business is required to specify a business")
	}
	if !isNumeric(biz) {
		return nil, errParam("Invalid parameter: business must be a valid numeric string")
	}
	if !w.canUse(biz) {
		return nil, errNeedPermission()
	}
	fields, err := c.selectFields(assignedUserFields)
	if err != nil {
		return nil, err
	}
	var items []pageItem
	if doc := peekAttached[assignments](c.e.store, w.id, docAssignedUsers); doc != nil {
		for _, a := range doc.list {
			u, _ := c.e.store.nodes[a.userID].(*businessUser)
			if u == nil || u.businessID != biz {
				continue
			}
			items = append(items, pageItem{seq: a.seq, value: project(c.assignedUserView(u, a), fields)})
		}
	}
	out, err := c.paginate(items, maxPageLimit)
	if err != nil {
		return nil, err
	}
	out["summary"] = map[string]any{"total_count": len(items)}
	return out, nil
}

func (c *call) assignedUserView(u *businessUser, a *assignment) map[string]any {
	v := map[string]any{
		"id":        u.id,
		"name":      u.name,
		"user_type": u.userType,
		"tasks":     append([]string(nil), a.tasks...),
	}
	if b, ok := c.e.store.nodes[u.businessID].(*business); ok {
		v["business"] = map[string]any{"id": b.id, "name": b.name}
	}
	return v
}

// POST /{waba-id}/assigned_users (form: user, tasks) assigns a user of a
// business that can use the WABA, or replaces the tasks of a user already
// assigned.
func assignUser(c *call) (any, *graphError) {
	w := c.node.(*waba)
	userID, ok := c.params.str("user")
	if !ok || userID == "" {
		return nil, errRequiredParam("user")
	}
	u, _ := c.e.store.nodes[userID].(*businessUser)
	if !isNumeric(userID) || u == nil || !w.canUse(u.businessID) {
		return nil, errInvalidUser()
	}
	tasks, err := c.tasks()
	if err != nil {
		return nil, err
	}
	doc := attached(c.e.store, w.id, docAssignedUsers, func() *assignments { return &assignments{} })
	details := map[string]any{"user_id": u.id, "user_name": u.name, "tasks": append([]string(nil), tasks...)}
	if _, existing := doc.find(userID); existing != nil {
		if !sameTasks(existing.tasks, tasks) {
			details["previous_tasks"] = append([]string(nil), existing.tasks...)
			c.logActivity(w.id, "USER_ROLE_CHANGED", fmt.Sprintf("The tasks of user %s were changed", u.name), details)
		}
		existing.tasks = tasks
	} else {
		doc.list = append(doc.list, &assignment{userID: userID, tasks: tasks, seq: c.e.store.nextSeq(), at: c.e.now()})
		c.logActivity(w.id, "USER_ADDED", fmt.Sprintf("New user %s was added to the account", u.name), details)
	}
	return map[string]any{"success": true}, nil
}

// tasks reads and validates the tasks parameter: 1–16 values of the task
// enum. Repeated values count once.
func (c *call) tasks() ([]string, *graphError) {
	if _, ok := c.params["tasks[]"]; ok {
		// Repeated tasks[]=A&tasks[]=B form keys: the merged parameters keep
		// only the last one, so read them all from the request.
		c.params["tasks"] = c.repeatedValues("tasks[]")
	}
	raw, err := c.params.list("tasks")
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		if _, present := c.params["tasks"]; !present {
			return nil, errRequiredParam("tasks")
		}
		return nil, errParam("(#100) Param tasks must be a non-empty array")
	}
	if len(raw) > maxTasks {
		return nil, errParam("(#100) Param tasks must have at most %d elements", maxTasks)
	}
	var tasks []string
	for i, t := range raw {
		if !contains(wabaTasks, t) {
			return nil, errParam("(#100) Param tasks[%d] must be one of {%s} - got %q", i, strings.Join(wabaTasks, ", "), t)
		}
		if !contains(tasks, t) {
			tasks = append(tasks, t)
		}
	}
	return tasks, nil
}

// repeatedValues returns every value of a key that may repeat in the query
// and an urlencoded body.
func (c *call) repeatedValues(key string) []any {
	var out []any
	for _, v := range c.r.URL.Query()[key] {
		out = append(out, v)
	}
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		if form, err := url.ParseQuery(string(c.body)); err == nil {
			for _, v := range form[key] {
				out = append(out, v)
			}
		}
	}
	return out
}

// DELETE /{waba-id}/assigned_users (form: user) removes a user's access.
func unassignUser(c *call) (any, *graphError) {
	w := c.node.(*waba)
	userID, ok := c.params.str("user")
	if !ok || userID == "" {
		return nil, errRequiredParam("user")
	}
	if !isNumeric(userID) {
		return nil, errInvalidUser()
	}
	doc := peekAttached[assignments](c.e.store, w.id, docAssignedUsers)
	i := -1
	if doc != nil {
		i, _ = doc.find(userID)
	}
	if i < 0 {
		return nil, &graphError{
			Status:  http.StatusNotFound,
			Message: "User is not assigned to this WhatsApp Business Account",
			Type:    "GraphMethodException",
			Code:    803,
		}
	}
	details := map[string]any{"user_id": userID, "tasks": append([]string(nil), doc.list[i].tasks...)}
	name := userID
	if u, ok := c.e.store.nodes[userID].(*businessUser); ok {
		details["user_name"], name = u.name, u.name
	}
	doc.list = append(doc.list[:i], doc.list[i+1:]...)
	c.logActivity(w.id, "USER_REMOVED", fmt.Sprintf("User %s was removed from the account", name), details)
	return map[string]any{"success": true}, nil
}

// AddBusinessUser adds a person or system user to the seeded business and
// returns its id. userType is BUSINESS_USER (the default when empty),
// SYSTEM_USER or PERSONAL_USER.
func (e *Emulator) AddBusinessUser(name, userType string) string {
	if userType == "" {
		userType = userTypeBusiness
	}
	if !contains(userTypes, userType) {
		panic("emulator: user type " + userType + " is not one of BUSINESS_USER, SYSTEM_USER, PERSONAL_USER")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	id := e.store.newID()
	e.store.nodes[id] = &businessUser{id: id, businessID: e.opts.BusinessID, name: name, userType: userType, role: roleEmployee}
	return id
}

// sameTasks reports two task lists with the same tasks, in any order.
func sameTasks(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, t := range a {
		if !contains(b, t) {
			return false
		}
	}
	return true
}
