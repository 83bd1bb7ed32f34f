package emulator

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// The WhatsApp Business Account (WABA) node and how a business finds its
// accounts: GET/POST /{waba-id}, GET /{business-id},
// GET /{business-id}/owned_whatsapp_business_accounts and
// GET /{business-id}/client_whatsapp_business_accounts.
//
// Meta has no API to create or delete a WABA: they appear through Embedded
// Signup or WhatsApp Manager. The emulator's hooks (AddWABA, AddClientWABA,
// RemoveWABA, SetWABAStatus) stand in for those outside events.

var businessFields = fieldSet{
	nodeType: nodeBusiness.graphName(),
	allowed:  []string{"id", "name", "timezone_id"},
	defaults: []string{"id", "name"},
}

// wabaFields are the fields GET /{waba-id} serves. The spec's description
// lists id, name, timezone_id, message_template_namespace,
// account_review_status, business_verification_status, country,
// ownership_type and primary_business_location; its schema adds currency,
// purchase_order_number, on_behalf_of_business_info and
// is_enabled_for_insights, and Meta's node reference adds
// owner_business_info and health_status.
var wabaFields = fieldSet{
	nodeType: nodeWABA.graphName(),
	allowed: []string{"id", "name", "timezone_id", "message_template_namespace", "account_review_status",
		"business_verification_status", "country", "currency", "ownership_type", "primary_business_location",
		"purchase_order_number", "is_enabled_for_insights", "on_behalf_of_business_info",
		"owner_business_info", "health_status"},
	defaults: []string{"id", "name"},
}

// clientWABAFields is the same node read through client_whatsapp_business_accounts,
// whose documented default set is id, name, currency, timezone_id.
var clientWABAFields = fieldSet{
	nodeType: wabaFields.nodeType,
	allowed:  wabaFields.allowed,
	defaults: []string{"id", "name", "currency", "timezone_id"},
}

// Enumerations of the WABA's status fields (spec schema WhatsAppBusinessAccount).
var (
	accountReviewStatuses = []string{"APPROVED", "PENDING", "REJECTED", "RESTRICTED"}
	verificationStatuses  = []string{"VERIFIED", "UNVERIFIED", "PENDING", "REJECTED"}
	ownedBusinessTypes    = []string{"ENTERPRISE", "SMB"}
	clientBusinessTypes   = []string{"STANDARD", "PREMIUM", "ENTERPRISE"}
)

func (b *business) view() map[string]any {
	return map[string]any{"id": b.id, "name": b.name, "timezone_id": b.timezoneID}
}

// view is the full read shape of a WABA. Graph omits fields without a value.
func (w *waba) view(s *store, appID string) map[string]any {
	v := map[string]any{
		"id":                           w.id,
		"name":                         w.name,
		"timezone_id":                  w.timezoneID,
		"message_template_namespace":   w.namespace,
		"account_review_status":        w.accountReviewStatus,
		"business_verification_status": w.businessVerification,
		"country":                      w.country,
		"currency":                     w.currency,
		"ownership_type":               w.ownershipType,
		"primary_business_location":    w.primaryBusinessLocation,
		"is_enabled_for_insights":      w.insightsEnabled,
		"health_status":                w.health(appID),
	}
	if w.purchaseOrderNumber != "" {
		v["purchase_order_number"] = w.purchaseOrderNumber
	}
	if owner, ok := s.nodes[w.businessID].(*business); ok {
		info := map[string]any{"id": owner.id, "name": owner.name}
		v["owner_business_info"] = info
		v["on_behalf_of_business_info"] = info
	}
	return v
}

// Messaging health codes Meta reports on blocked or limited entities (spec
// example of health_status; Meta's "Messaging Health Status" page).
const (
	healthAvailable = "AVAILABLE"
	healthLimited   = "LIMITED"
	healthBlocked   = "BLOCKED"
)

// health is Meta's health_status of a WABA: an overall can_send_message and
// one entity each for the WABA, its business and the app, with errors on
// entities that are not AVAILABLE. The overall value is the worst entity's.
func (w *waba) health(appID string) map[string]any {
	wabaEntity := map[string]any{"entity_type": "WABA", "id": w.id, "can_send_message": healthAvailable}
	if w.accountReviewStatus == "REJECTED" || w.accountReviewStatus == "RESTRICTED" {
		wabaEntity["can_send_message"] = healthBlocked
		wabaEntity["errors"] = []any{map[string]any{
			"error_code":        141014,
			"error_description": "The WABA is banned.",
			"possible_solution": "Please visit Business Support Home for more details (https://business.facebook.com/accountquality) on how to appeal the ban.",
		}}
	}
	businessEntity := map[string]any{"entity_type": "BUSINESS", "id": w.businessID, "can_send_message": healthAvailable}
	if w.businessVerification != "VERIFIED" {
		businessEntity["can_send_message"] = healthLimited
		businessEntity["errors"] = []any{map[string]any{
			"error_code":        141010,
			"error_description": "The Business has not passed business verification.",
			"possible_solution": "Visit business settings and start or resolve the business verification request.",
		}}
	}
	appEntity := map[string]any{"entity_type": "APP", "id": appID, "can_send_message": healthAvailable}
	entities := []map[string]any{wabaEntity, businessEntity, appEntity}
	overall := healthAvailable
	for _, e := range entities {
		switch e["can_send_message"] {
		case healthBlocked:
			overall = healthBlocked
		case healthLimited:
			if overall != healthBlocked {
				overall = healthLimited
			}
		}
	}
	list := make([]any, len(entities))
	for i, e := range entities {
		list[i] = e
	}
	return map[string]any{"can_send_message": overall, "entities": list}
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
// find filter (a WABA id), business_type filter (ENTERPRISE, SMB) and
// Relay-style first/last paging (limit works too).
func listOwnedWABAs(c *call) (any, *graphError) {
	return c.listWABAs(wabaFields, ownedBusinessTypes, c.e.store.wabasOwnedBy(c.node.(*business).id))
}

// GET /{business-id}/client_whatsapp_business_accounts: the WABAs other
// businesses share with this one, with find, business_type (STANDARD,
// PREMIUM, ENTERPRISE) and limit/after/before paging.
func listClientWABAs(c *call) (any, *graphError) {
	return c.listWABAs(clientWABAFields, clientBusinessTypes, c.e.store.wabasSharedWith(c.node.(*business).id))
}

func (c *call) listWABAs(fs fieldSet, businessTypes []string, wabas []*waba) (any, *graphError) {
	fields, err := c.selectFields(fs)
	if err != nil {
		return nil, err
	}
	types, err := c.enumList("business_type", businessTypes)
	if err != nil {
		return nil, err
	}
	find, hasFind := c.params.str("find")
	if hasFind && find != "" && !isNumeric(find) {
		return nil, errParam("(#100) Param find must be a numeric WhatsApp Business Account id")
	}
	var items []pageItem
	for _, w := range wabas {
		if (find != "" && w.id != find) || (len(types) > 0 && !contains(types, w.businessType)) {
			continue
		}
		items = append(items, pageItem{seq: w.seq, value: c.render(fs, w.id, w.view(c.e.store, c.e.opts.AppID), fields)})
	}
	return c.paginate(items, maxPageLimit)
}

// enumList reads an array parameter of enum values. Graph takes arrays as
// JSON (["A","B"]), as a comma-separated list, or as key[] / key[0] form
// keys; a value outside the enum fails with code 100.
func (c *call) enumList(key string, allowed []string) ([]string, *graphError) {
	values, err := c.params.list(key)
	if err != nil {
		return nil, err
	}
	for i, v := range values {
		if !contains(allowed, v) {
			return nil, errParam("(#100) Param %s[%d] must be one of {%s} - got %q", key, i, strings.Join(allowed, ", "), v)
		}
	}
	return values, nil
}

// list returns an array parameter's values, in order: a JSON array (from a
// JSON body, or as a string in a form or query, single quotes allowed as in
// Meta's curl examples), a comma-separated string, or indexed keys
// key[0], key[1]… and key[].
func (p params) list(key string) ([]string, *graphError) {
	var raw []any
	if v, ok := p[key]; ok && v != nil {
		switch t := v.(type) {
		case []any:
			raw = t
		default:
			s, _ := p.str(key)
			s = strings.TrimSpace(s)
			if strings.HasPrefix(s, "[") {
				decoded, present, err := params{key: strings.ReplaceAll(s, "'", `"`)}.structured(key)
				if err != nil || !present {
					return nil, errParam("(#100) Param %s must be an array", key)
				}
				arr, isArr := decoded.([]any)
				if !isArr {
					return nil, errParam("(#100) Param %s must be an array", key)
				}
				raw = arr
			} else if s != "" {
				for _, part := range strings.Split(s, ",") {
					raw = append(raw, strings.TrimSpace(part))
				}
			}
		}
	} else {
		for i := 0; ; i++ {
			v, ok := p[fmt.Sprintf("%s[%d]", key, i)]
			if !ok {
				break
			}
			raw = append(raw, v)
		}
		if v, ok := p[key+"[]"]; ok && len(raw) == 0 {
			raw = append(raw, v)
		}
	}
	out := make([]string, 0, len(raw))
	for i, v := range raw {
		s, ok := toString(v)
		if !ok {
			return nil, errParam("(#100) Param %s[%d] must be a string", key, i)
		}
		out = append(out, s)
	}
	return out, nil
}

// GET /{waba-id}
func getWABA(c *call) (any, *graphError) {
	fields, err := c.selectFields(wabaFields)
	if err != nil {
		return nil, err
	}
	w := c.node.(*waba)
	return c.render(wabaFields, w.id, w.view(c.e.store, c.e.opts.AppID), fields), nil
}

// POST /{waba-id} updates name (1–100 characters) and timezone_id, the two
// fields the spec documents; both are optional and a call with neither
// changes nothing.
func updateWABA(c *call) (any, *graphError) {
	w := c.node.(*waba)
	name, hasName := c.params.str("name")
	if hasName {
		n := utf8.RuneCountInString(name)
		if strings.TrimSpace(name) == "" {
			return nil, errParam("Invalid parameter: name must be a non-empty string")
		}
		if n > 100 {
			return nil, errParam("Invalid parameter: name must be at most 100 characters")
		}
	}
	tz, hasTZ := c.params.str("timezone_id")
	if hasTZ && !isNumeric(tz) {
		return nil, errParam("Invalid parameter: timezone_id must be a numeric timezone id")
	}
	details := map[string]any{}
	if hasName && name != w.name {
		details["previous_name"], details["name"] = w.name, name
	}
	if hasTZ && tz != w.timezoneID {
		details["previous_timezone_id"], details["timezone_id"] = w.timezoneID, tz
	}
	if hasName {
		w.name = name
	}
	if hasTZ {
		w.timezoneID = tz
	}
	if len(details) > 0 {
		c.logActivity(w.id, "ACCOUNT_UPDATED", "The account's settings were updated", details)
	}
	return map[string]any{"success": true}, nil
}

func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// wabasSharedWith lists the client WABAs shared with a business, in
// creation order.
func (s *store) wabasSharedWith(businessID string) []*waba {
	var out []*waba
	for _, n := range s.nodes {
		if w, ok := n.(*waba); ok && w.clientOf == businessID {
			out = append(out, w)
		}
	}
	sortBySeq(out, func(w *waba) int64 { return w.seq })
	return out
}

// AddClientWABA adds a WABA owned by a new client business and shared with
// the seeded business, as Embedded Signup does for a solution partner. It
// appears in the seeded business's client_whatsapp_business_accounts and
// returns the WABA id.
func (e *Emulator) AddClientWABA(name string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	clientID := e.store.newID()
	e.store.nodes[clientID] = &business{id: clientID, name: "Client Business " + lastDigits(clientID, 4), timezoneID: "1"}
	w := e.store.addWABA(e.store.newID(), clientID, name)
	w.ownershipType = "CLIENT_OWNED"
	w.clientOf = e.opts.BusinessID
	return w.id
}

// RemoveWABA deletes a WABA with its phone numbers, templates and attached
// documents, as when the account is deleted or unshared in Business Manager.
// It reports whether the WABA existed.
func (e *Emulator) RemoveWABA(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.store.waba(id)
	if w == nil {
		return false
	}
	for _, p := range w.phones {
		delete(e.store.nodes, p.id)
	}
	for _, t := range w.templates {
		delete(e.store.nodes, t.id)
	}
	for k := range e.store.docs {
		if k.owner == id {
			delete(e.store.docs, k)
		}
	}
	delete(e.store.nodes, id)
	return true
}

// WABAStatus holds the status fields of a WABA that Meta sets: review of the
// account and verification of its business. Empty fields are left unchanged.
type WABAStatus struct {
	// AccountReviewStatus: APPROVED, PENDING, REJECTED or RESTRICTED.
	// REJECTED and RESTRICTED block messaging in health_status.
	AccountReviewStatus string
	// BusinessVerificationStatus: VERIFIED, UNVERIFIED, PENDING or REJECTED.
	// Anything but VERIFIED limits messaging in health_status.
	BusinessVerificationStatus string
}

// SetWABAStatus changes a WABA's review and verification status as Meta
// would after a review.
func (e *Emulator) SetWABAStatus(id string, st WABAStatus) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.store.waba(id)
	if w == nil {
		return fmt.Errorf("no WhatsApp Business Account %s", id)
	}
	if st.AccountReviewStatus != "" && !contains(accountReviewStatuses, st.AccountReviewStatus) {
		return fmt.Errorf("account review status %q is not one of %v", st.AccountReviewStatus, accountReviewStatuses)
	}
	if st.BusinessVerificationStatus != "" && !contains(verificationStatuses, st.BusinessVerificationStatus) {
		return fmt.Errorf("business verification status %q is not one of %v", st.BusinessVerificationStatus, verificationStatuses)
	}
	if st.AccountReviewStatus != "" {
		w.accountReviewStatus = st.AccountReviewStatus
	}
	if st.BusinessVerificationStatus != "" {
		w.businessVerification = st.BusinessVerificationStatus
	}
	return nil
}

// sortBySeq sorts nodes into creation order.
func sortBySeq[T any](s []T, seq func(T) int64) {
	sort.Slice(s, func(i, j int) bool { return seq(s[i]) < seq(s[j]) })
}
