package emulator

import (
	"sort"
	"unicode/utf8"
)

var businessFields = fieldSet{
	nodeType: nodeBusiness.graphName(),
	allowed:  []string{"id", "name", "timezone_id"},
	defaults: []string{"id", "name"},
}

var wabaFields = fieldSet{
	nodeType: nodeWABA.graphName(),
	allowed: []string{"id", "name", "timezone_id", "message_template_namespace", "account_review_status",
		"business_verification_status", "country", "currency", "ownership_type"},
	defaults: []string{"id", "name"},
}

func (b *business) view() map[string]any {
	return map[string]any{"id": b.id, "name": b.name, "timezone_id": b.timezoneID}
}

func (w *waba) view() map[string]any {
	return map[string]any{
		"id":                           w.id,
		"name":                         w.name,
		"timezone_id":                  w.timezoneID,
		"message_template_namespace":   w.namespace,
		"account_review_status":        w.accountReviewStatus,
		"business_verification_status": w.businessVerification,
		"country":                      w.country,
		"currency":                     w.currency,
		"ownership_type":               w.ownershipType,
	}
}

// GET /{business-id}
func getBusiness(c *call) (any, *graphError) {
	fields, err := c.selectFields(businessFields)
	if err != nil {
		return nil, err
	}
	return project(c.node.(*business).view(), fields), nil
}

// GET /{business-id}/owned_whatsapp_business_accounts, with the optional
// find filter (a WABA id) and Relay-style first/last paging.
func listOwnedWABAs(c *call) (any, *graphError) {
	fields, err := c.selectFields(wabaFields)
	if err != nil {
		return nil, err
	}
	find := c.params.string("find")
	var items []pageItem
	for _, w := range c.e.store.wabasOwnedBy(c.node.(*business).id) {
		if find != "" && w.id != find {
			continue
		}
		items = append(items, pageItem{seq: w.seq, value: project(w.view(), fields)})
	}
	return c.paginate(items, maxPageLimit)
}

// GET /{waba-id}
func getWABA(c *call) (any, *graphError) {
	fields, err := c.selectFields(wabaFields)
	if err != nil {
		return nil, err
	}
	return project(c.node.(*waba).view(), fields), nil
}

// POST /{waba-id} updates name (1–100 characters) and timezone_id.
func updateWABA(c *call) (any, *graphError) {
	w := c.node.(*waba)
	name, hasName := c.params.str("name")
	if hasName {
		n := utf8.RuneCountInString(name)
		if n == 0 {
			return nil, errParam("Invalid parameter: name must be a non-empty string")
		}
		if n > 100 {
			return nil, errParam("Invalid parameter: name must be at most 100 characters")
		}
	}
	tz, hasTZ := c.params.str("timezone_id")
	if hasTZ {
		if _, ok := toInt(tz); !ok {
			return nil, errParam("Invalid parameter: timezone_id must be a numeric timezone id")
		}
	}
	if hasName {
		w.name = name
	}
	if hasTZ {
		w.timezoneID = tz
	}
	return map[string]any{"success": true}, nil
}

// sortBySeq sorts nodes into creation order.
func sortBySeq[T any](s []T, seq func(T) int64) {
	sort.Slice(s, func(i, j int) bool { return seq(s[i]) < seq(s[j]) })
}
