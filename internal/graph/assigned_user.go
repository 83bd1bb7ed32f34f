package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// AssignedUser is a person or system user with access to a WABA, and the tasks (permissions)
// they hold on it.
type AssignedUser struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	UserType string        `json:"user_type,omitempty"`
	Business *BusinessInfo `json:"business,omitempty"`
	Tasks    []string      `json:"tasks"`
}

// AssignedUserFields are the fields the client reads for an assigned user.
const AssignedUserFields = "id,name,user_type,business{id,name},tasks"

// ListAssignedUsers returns every user of businessID assigned to a WABA, across all pages. Graph
// requires the business: it lists only that business's users.
func (c *Client) ListAssignedUsers(ctx context.Context, wabaID, businessID string) ([]AssignedUser, error) {
	return AssignedUsersRead(wabaID, businessID).Get(ctx, c)
}

// AssignedUsersRead is the read of ListAssignedUsers.
func AssignedUsersRead(wabaID, businessID string) Read[[]AssignedUser] {
	q := url.Values{"business": {businessID}, "fields": {AssignedUserFields}, "limit": {"100"}}
	return listRead[AssignedUser](wabaID+"/assigned_users", q)
}

// FindAssignedUser returns the assignment of userID to a WABA, or nil when the user (of
// businessID) is not assigned.
func (c *Client) FindAssignedUser(ctx context.Context, wabaID, businessID, userID string) (*AssignedUser, error) {
	all, err := c.ListAssignedUsers(ctx, wabaID, businessID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == userID {
			return &all[i], nil
		}
	}
	return nil, nil
}

// AssignUser gives a user access to a WABA with the given tasks. Assigning a user who already
// has access replaces their tasks, so the call is also how tasks change, and repeating it is
// harmless.
func (c *Client) AssignUser(ctx context.Context, wabaID, userID string, tasks []string) error {
	encoded, err := json.Marshal(tasks)
	if err != nil {
		return err
	}
	form := url.Values{"user": {userID}, "tasks": {string(encoded)}}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: wabaID + "/assigned_users", Form: form, Idempotent: true}, nil)
}

// UnassignUser removes a user's access to a WABA. A user who is not assigned returns an *Error
// for which IsNotFound is true (code 803).
func (c *Client) UnassignUser(ctx context.Context, wabaID, userID string) error {
	form := url.Values{"user": {userID}}
	return c.Do(ctx, Request{Method: http.MethodDelete, Path: wabaID + "/assigned_users", Form: form, Idempotent: true}, nil)
}
