package emulator

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Business phone numbers: the WhatsAppBusinessPhoneNumber node
// (GET/POST /{phone-number-id}), the WABA's phone_numbers edge and the
// onboarding lifecycle in phone_lifecycle.go. A number added through the API
// starts PENDING and NOT_VERIFIED; request_code and verify_code verify it,
// register connects it to the Cloud API with a two-step PIN, deregister
// disconnects it. Meta has no API to delete a number from a WABA.

const (
	defaultVerificationCode = "123456"
	defaultPhoneNumberLimit = 20
	// verificationCodeTTL is how long a requested code stays valid.
	verificationCodeTTL = 10 * time.Minute
)

// Phone number statuses and the other values the lifecycle moves through.
const (
	phoneStatusPending      = "PENDING"
	phoneStatusConnected    = "CONNECTED"
	phoneStatusDisconnected = "DISCONNECTED"

	codeVerified    = "VERIFIED"
	codeNotVerified = "NOT_VERIFIED"

	namePendingReview = "PENDING_REVIEW"
	nameApproved      = "APPROVED"
	nameDeclined      = "DECLINED"

	platformCloudAPI      = "CLOUD_API"
	platformNotApplicable = "NOT_APPLICABLE"
)

// registeredStatuses are the statuses of a number registered on the Cloud
// API: connected, possibly with restrictions Meta placed on it.
var registeredStatuses = []string{phoneStatusConnected, "FLAGGED", "RESTRICTED", "RATE_LIMITED"}

// phoneState is the part of a phone number the lifecycle endpoints change.
type phoneState struct {
	e164             string // country calling code and number, digits only
	dialCode         string // country calling code, such as "1"
	searchVisibility string
	// onboardedSeq orders numbers by their last registration
	// (sort=last_onboarded_time); 0 for numbers never registered.
	onboardedSeq int64
	onboardedAt  time.Time
	// pin is the two-step verification PIN, "" while none is set. Meta
	// keeps it across deregistration: registering again needs it.
	pin  string
	code *verificationCode

	// newDisplayName is a requested display name change and newNameStatus
	// its review status; both "" when none was requested.
	newDisplayName, newNameStatus string
	// nameReviewDue is when the pending name review decides; zero while it
	// waits for ReviewDisplayName.
	nameReviewDue time.Time
}

type verificationCode struct {
	value   string
	expires time.Time
}

// seededPhoneState is the state of the seeded number: registered, without a
// two-step PIN.
func seededPhoneState(p *phone) phoneState {
	return phoneState{
		e164:             digitsOnly(p.displayPhoneNumber),
		dialCode:         "1",
		searchVisibility: "VISIBLE",
		onboardedSeq:     p.seq,
	}
}

func (p *phone) registered() bool { return contains(registeredStatuses, p.status) }

var phoneFields = fieldSet{
	nodeType: nodePhone.graphName(),
	allowed: []string{"id", "display_phone_number", "verified_name", "quality_rating", "status",
		"code_verification_status", "name_status", "new_name_status", "new_display_name", "platform_type",
		"throughput", "messaging_limit_tier", "account_mode", "is_official_business_account",
		"search_visibility", "country_code", "country_dial_code", "host_platform", "unified_cert_status",
		"username", "last_onboarded_time"},
	defaults: []string{"id", "display_phone_number", "verified_name", "quality_rating"},
	derived: map[string]func(c *call, id string) any{
		"conversational_automation":                 automationField,
		"webhook_configuration":                     webhookConfiguration,
		"whatsapp_business_manager_messaging_limit": portfolioMessagingLimit,
		"official_business_account":                 officialBusinessAccountField,
	},
}

func (p *phone) view() map[string]any {
	v := map[string]any{
		"id":                           p.id,
		"display_phone_number":         p.displayPhoneNumber,
		"verified_name":                p.verifiedName,
		"quality_rating":               p.qualityRating,
		"status":                       p.status,
		"code_verification_status":     p.codeVerificationStatus,
		"name_status":                  p.nameStatus,
		"platform_type":                p.platformType,
		"host_platform":                p.platformType,
		"throughput":                   map[string]string{"level": p.throughputLevel},
		"messaging_limit_tier":         p.messagingLimitTier,
		"account_mode":                 p.accountMode,
		"is_official_business_account": p.officialBusiness,
		"search_visibility":            p.searchVisibility,
		"country_dial_code":            p.dialCode,
		"unified_cert_status":          unifiedCertStatus(p.nameStatus),
	}
	if iso := isoCountries[p.dialCode]; iso != "" {
		v["country_code"] = iso
	}
	if p.newDisplayName != "" {
		v["new_display_name"] = p.newDisplayName
		v["new_name_status"] = p.newNameStatus
	}
	if !p.onboardedAt.IsZero() {
		v["last_onboarded_time"] = p.onboardedAt.UTC().Format("2006-01-02T15:04:05-0700")
	}
	return v
}

func unifiedCertStatus(nameStatus string) string {
	switch nameStatus {
	case nameApproved, "AVAILABLE_WITHOUT_REVIEW":
		return "APPROVED"
	case namePendingReview:
		return "NAME_PENDING_REVIEW"
	case nameDeclined:
		return "NAME_NOT_APPROVED"
	}
	return "ACCOUNT_REVIEW_NOT_STARTED"
}

// GET /{phone-number-id}
func getPhone(c *call) (any, *graphError) {
	fields, err := c.selectFields(phoneFields)
	if err != nil {
		return nil, err
	}
	p := c.node.(*phone)
	c.e.settleDisplayName(p)
	return c.render(phoneFields, p.id, p.view(), fields), nil
}

// GET /{waba-id}/phone_numbers with fields, filtering, sort and cursor paging.
func listPhones(c *call) (any, *graphError) {
	fields, err := c.selectFields(phoneFields)
	if err != nil {
		return nil, err
	}
	filters, err := parsePhoneFiltering(c)
	if err != nil {
		return nil, err
	}
	sortKey, err := phoneSortKey(c)
	if err != nil {
		return nil, err
	}
	w := c.node.(*waba)
	var matched []*phone
	for _, p := range w.phones {
		c.e.settleDisplayName(p)
		if phoneMatches(p, filters) {
			matched = append(matched, p)
		}
	}
	items := make([]pageItem, 0, len(matched))
	for i, key := range sortKey(matched) {
		p := matched[i]
		items = append(items, pageItem{seq: key, value: c.render(phoneFields, p.id, p.view(), fields)})
	}
	sortBySeq(items, func(it pageItem) int64 { return it.seq })
	return c.paginate(items, maxPageLimit)
}

// phoneSortKey reads sort and returns a function giving each number its
// position key: paging walks the keys in ascending order.
func phoneSortKey(c *call) (func([]*phone) []int64, *graphError) {
	creation := func(sign int64) func([]*phone) []int64 {
		return func(ps []*phone) []int64 {
			keys := make([]int64, len(ps))
			for i, p := range ps {
				keys[i] = sign * p.seq
			}
			return keys
		}
	}
	onboarding := func(desc bool) func([]*phone) []int64 {
		return func(ps []*phone) []int64 {
			// Rank by the last registration; ties and never-registered
			// numbers fall back to creation order.
			order := make([]int, len(ps))
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(a, b int) bool {
				pa, pb := ps[order[a]], ps[order[b]]
				if pa.onboardedSeq != pb.onboardedSeq {
					return (pa.onboardedSeq < pb.onboardedSeq) != desc
				}
				return pa.seq < pb.seq
			})
			keys := make([]int64, len(ps))
			for rank, i := range order {
				keys[i] = int64(rank + 1)
			}
			return keys
		}
	}
	switch s := c.params.string("sort"); s {
	case "", "creation_time.asc":
		return creation(1), nil
	case "creation_time.desc":
		return creation(-1), nil
	case "last_onboarded_time.asc":
		return onboarding(false), nil
	case "last_onboarded_time.desc":
		return onboarding(true), nil
	default:
		return nil, errParam("Invalid parameter: sort must be one of creation_time.asc, creation_time.desc, last_onboarded_time.asc, last_onboarded_time.desc")
	}
}

// phoneFilter is one condition of the filtering parameter.
type phoneFilter struct {
	field, operator string
	values          []string
}

var (
	phoneFilterFields    = []string{"account_mode", "messaging_limit_tier", "is_official_business_account"}
	phoneFilterOperators = []string{"EQUAL", "NOT_EQUAL", "IN", "NOT_IN"}
)

// parsePhoneFiltering reads filtering, a JSON array of
// {"field","operator","value"} objects.
func parsePhoneFiltering(c *call) ([]phoneFilter, *graphError) {
	return parseFiltering(c, phoneFilterFields)
}

// parseFiltering reads the filtering parameter of an edge whose filters
// apply to fields.
func parseFiltering(c *call, fields []string) ([]phoneFilter, *graphError) {
	raw, present, perr := c.params.structured("filtering")
	if !present {
		return nil, nil
	}
	if perr != nil {
		return nil, errParam("Invalid parameter: filtering must be valid JSON")
	}
	shape := errParam(`Invalid parameter: filtering must be a JSON array of {"field","operator","value"} objects`)
	list, ok := raw.([]any)
	if !ok {
		return nil, shape
	}
	out := make([]phoneFilter, 0, len(list))
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, shape
		}
		field, _ := toString(m["field"])
		op, _ := toString(m["operator"])
		op = strings.ToUpper(op)
		if field == "" || op == "" || m["value"] == nil {
			return nil, shape
		}
		if !contains(fields, field) {
			return nil, errParam("Invalid parameter: filtering on field %s is not supported. Supported fields: %s", field, strings.Join(fields, ", "))
		}
		if !contains(phoneFilterOperators, op) {
			return nil, errParam("Invalid parameter: filtering operator %s is not supported. Supported operators: %s", op, strings.Join(phoneFilterOperators, ", "))
		}
		f := phoneFilter{field: field, operator: op}
		switch v := m["value"].(type) {
		case []any:
			for _, x := range v {
				f.values = append(f.values, filterValue(x))
			}
		default:
			f.values = []string{filterValue(v)}
		}
		out = append(out, f)
	}
	return out, nil
}

func filterValue(v any) string {
	if b, ok := v.(bool); ok {
		return strconv.FormatBool(b)
	}
	s, _ := toString(v)
	return s
}

func phoneMatches(p *phone, filters []phoneFilter) bool {
	return filtersMatch(filters, func(field string) string {
		switch field {
		case "account_mode":
			return p.accountMode
		case "messaging_limit_tier":
			return p.messagingLimitTier
		case "is_official_business_account":
			return strconv.FormatBool(p.officialBusiness)
		}
		return ""
	})
}

// filtersMatch reports whether an object whose field values value gives
// passes every filter.
func filtersMatch(filters []phoneFilter, value func(field string) string) bool {
	for _, f := range filters {
		have := value(f.field)
		in := false
		for _, v := range f.values {
			if strings.EqualFold(v, have) {
				in = true
			}
		}
		if (f.operator == "EQUAL" || f.operator == "IN") != in {
			return false
		}
	}
	return true
}

var (
	pinPattern        = regexp.MustCompile(`^[0-9]{6}$`)
	searchVisibilites = []string{"VISIBLE", "HIDDEN"}
)

// POST /{phone-number-id}: two-step PIN, display name change, search
// visibility and the phone-level webhook callback override. Everything is
// validated before anything changes.
func updatePhone(c *call) (any, *graphError) {
	p := c.node.(*phone)
	c.e.settleDisplayName(p)

	pin, hasPIN := c.params.str("pin")
	if data, present, err := c.params.structured("whatsapp_business_api_data"); err != nil {
		return nil, err
	} else if m, ok := data.(map[string]any); present && ok {
		if v, ok := toString(m["pin"]); ok {
			pin, hasPIN = v, true
		}
	}
	if hasPIN && !pinPattern.MatchString(pin) {
		return nil, errInvalidPIN()
	}
	name, hasName := c.params.str("new_display_name")
	if hasName {
		if err := checkDisplayName("new_display_name", name); err != nil {
			return nil, err
		}
	}
	visibility, hasVisibility := c.params.str("search_visibility")
	if hasVisibility && !contains(searchVisibilites, visibility) {
		return nil, errParam("Invalid parameter: search_visibility must be VISIBLE or HIDDEN")
	}
	hook, err := parseWebhookConfiguration(c)
	if err != nil {
		return nil, err
	}
	// A two-step PIN needs a registered number. Meta's error codes page
	// (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes)
	// lists 133010 "Phone number Not Registered" for calls that need a
	// registered number, an HTTP 400 OAuthException like the other 1330xx
	// registration errors (133005 PIN mismatch), not a 422.
	if hasPIN && !p.registered() {
		return nil, &graphError{Message: "(#133010) Account not registered", Type: "OAuthException", Code: 133010,
			UserTitle: "Phone number not registered",
			UserMsg:   "The phone number isn't registered on the WhatsApp Business Platform. Register it before setting a two-step verification PIN."}
	}
	if hook != nil {
		if err := c.applyPhoneCallbackOverride(p, hook); err != nil {
			return nil, err
		}
	}
	if hasPIN {
		p.pin = pin
	}
	if hasName {
		c.e.requestDisplayName(p, name)
	}
	if hasVisibility {
		p.searchVisibility = visibility
	}
	return map[string]any{"success": true}, nil
}

func errInvalidPIN() *graphError {
	return errParam("Invalid PIN format. PIN must be exactly 6 digits")
}

func checkDisplayName(param, name string) *graphError {
	if n := len([]rune(strings.TrimSpace(name))); n < 2 || n > 75 {
		return errParam("Invalid parameter: %s must be between 2 and 75 characters", param)
	}
	return nil
}

// requestDisplayName submits a display name change for review. Asking for
// the name the number already has, with nothing pending, changes nothing.
func (e *Emulator) requestDisplayName(p *phone, name string) {
	if name == p.verifiedName && p.newDisplayName == "" && p.nameStatus != nameDeclined {
		return
	}
	p.newDisplayName, p.newNameStatus = name, namePendingReview
	e.scheduleNameReview(p)
}

func (e *Emulator) scheduleNameReview(p *phone) {
	p.nameReviewDue = time.Time{}
	if e.opts.DisplayNameReviewDelay > 0 {
		p.nameReviewDue = e.now().Add(e.opts.DisplayNameReviewDelay)
	}
}

// settleDisplayName applies a name review whose delay has passed.
func (e *Emulator) settleDisplayName(p *phone) {
	if p.nameReviewDue.IsZero() || e.now().Before(p.nameReviewDue) {
		return
	}
	name := p.verifiedName
	if p.newDisplayName != "" {
		name = p.newDisplayName
	}
	outcome := nameApproved
	if strings.Contains(strings.ToLower(name), "whatsapp") {
		outcome = nameDeclined
	}
	decideDisplayName(p, outcome)
}

// decideDisplayName ends the pending review: a requested change, else the
// review of the name the number was created with. It reports whether a
// review was pending.
func decideDisplayName(p *phone, outcome string) bool {
	p.nameReviewDue = time.Time{}
	switch {
	case p.newDisplayName != "" && p.newNameStatus == namePendingReview:
		if outcome == nameApproved {
			p.verifiedName, p.nameStatus = p.newDisplayName, nameApproved
			p.newDisplayName, p.newNameStatus = "", ""
		} else {
			p.newNameStatus = outcome
		}
	case p.nameStatus == namePendingReview:
		p.nameStatus = outcome
	default:
		return false
	}
	return true
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
