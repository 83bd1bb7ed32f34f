package emulator

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The business compliance information of a phone number, for businesses based in India: GET/POST
// /{phone-number-id}/business_compliance_info (Meta "Business Compliance Information API",
// developers.facebook.com/documentation/business-messaging/whatsapp/reference/whatsapp-business-phone-number/business-compliance-information-api).
//
// POST creates or replaces the whole information, with the reference's validation rules:
// messaging_product whatsapp; entity_name required, 2 to 128 characters; entity_type one of the
// enum ("Invalid parameter: entity_type must be a valid enum value"); entity_type_custom
// mandatory for OTHER ("Entity_type_custom is mandatory for OTHER entity type") and refused
// with other types (the 422 "Entity type custom can only be used with OTHER entity type");
// is_registered only with OTHER or PARTNERSHIP; grievance_officer_details with a name and an
// email, customer_care_details with an email; emails well formed and under 128 characters;
// phone numbers international, with the country code (the 422 "Invalid phone number format.
// Must include country code"). Meta's page says the information is mainly for businesses in
// India but gives no rule refusing other numbers, so none is applied. The two 422s are the
// reference's own examples; Meta's error codes page has no entry for them and no Graph API
// reference page for this edge was found, so they are kept.
//
// GET answers {"data": [...]} with whatsapp_business_account_id and the fields; entity_type is
// spelled as the reference's example spells it ("Partnership" for PARTNERSHIP). A number
// without information answers the reference's minimal example: empty fields, is_registered
// false.

var (
	entityTypes = map[string]string{
		"LIMITED_LIABILITY_PARTNERSHIP": "Limited Liability Partnership",
		"SOLE_PROPRIETORSHIP":           "Sole Proprietorship",
		"PARTNERSHIP":                   "Partnership",
		"PUBLIC_COMPANY":                "Public Company",
		"PRIVATE_COMPANY":               "Private Company",
		"OTHER":                         "Other",
	}
	complianceEmail = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	compliancePhone = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)
)

// complianceInfo is a number's compliance information; nil maps are absent details.
type complianceInfo struct {
	entityName, entityType, entityTypeCustom string
	isRegistered                             bool
	grievance, customerCare                  map[string]string
}

var complianceFields = fieldSet{
	nodeType: "WhatsAppBusinessComplianceInfo",
	allowed: []string{"whatsapp_business_account_id", "messaging_product", "entity_name", "entity_type", "entity_type_custom",
		"is_registered", "grievance_officer_details", "customer_care_details"},
	defaults: []string{"whatsapp_business_account_id", "messaging_product", "entity_name", "entity_type", "entity_type_custom",
		"is_registered", "grievance_officer_details", "customer_care_details"},
}

// GET /{phone-number-id}/business_compliance_info
func getComplianceInfo(c *call) (any, *graphError) {
	fields, err := c.selectFields(complianceFields)
	if err != nil {
		return nil, err
	}
	p := c.node.(*phone)
	info := peekAttached[complianceInfo](c.e.store, p.id, "business_compliance_info")
	if info == nil {
		info = &complianceInfo{}
	}
	details := func(m map[string]string) any {
		if m == nil {
			return nil
		}
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	view := project(map[string]any{
		"whatsapp_business_account_id": p.wabaID,
		"messaging_product":            "whatsapp",
		"entity_name":                  info.entityName,
		"entity_type":                  entityTypes[info.entityType],
		"entity_type_custom":           info.entityTypeCustom,
		"is_registered":                info.isRegistered,
		"grievance_officer_details":    details(info.grievance),
		"customer_care_details":        details(info.customerCare),
	}, fields)
	view["whatsapp_business_account_id"] = p.wabaID
	return map[string]any{"data": []any{view}}, nil
}

// POST /{phone-number-id}/business_compliance_info
func setComplianceInfo(c *call) (any, *graphError) {
	product := c.params.string("messaging_product")
	if product == "" {
		return nil, errRequiredParam("messaging_product")
	}
	if product != "whatsapp" {
		return nil, errParam("Invalid parameter: messaging_product must be whatsapp")
	}
	info := &complianceInfo{entityName: strings.TrimSpace(c.params.string("entity_name"))}
	if n := utf8.RuneCountInString(info.entityName); n < 2 || n > 128 {
		return nil, errParam("Invalid parameter: entity_name is required and must be between 2 and 128 characters")
	}
	info.entityType = strings.ToUpper(strings.TrimSpace(c.params.string("entity_type")))
	if _, ok := entityTypes[info.entityType]; !ok {
		return nil, errParam("Invalid parameter: entity_type must be a valid enum value")
	}
	custom, hasCustom := c.params.str("entity_type_custom")
	custom = strings.TrimSpace(custom)
	switch {
	case info.entityType == "OTHER" && custom == "":
		return nil, errParam("Entity_type_custom is mandatory for OTHER entity type")
	case info.entityType != "OTHER" && hasCustom && custom != "":
		return nil, errUnprocessable("Entity type custom can only be used with OTHER entity type")
	case utf8.RuneCountInString(custom) > 1024:
		return nil, errParam("Invalid parameter: entity_type_custom must be at most 1024 characters")
	}
	info.entityTypeCustom = custom
	registered, hasRegistered, ge := c.params.boolean("is_registered")
	if ge != nil {
		return nil, ge
	}
	if hasRegistered && info.entityType != "OTHER" && info.entityType != "PARTNERSHIP" {
		return nil, errParam("is_registered required only when entity_type is set to Other or Partnership")
	}
	info.isRegistered = registered
	if info.grievance, ge = c.complianceDetails("grievance_officer_details", true); ge != nil {
		return nil, ge
	}
	if info.customerCare, ge = c.complianceDetails("customer_care_details", false); ge != nil {
		return nil, ge
	}
	*attached(c.e.store, c.node.(*phone).id, "business_compliance_info", func() *complianceInfo { return &complianceInfo{} }) = *info
	return map[string]any{"success": true}, nil
}

// complianceDetails reads grievance officer or customer care details: an email, a name for the
// grievance officer, and optional mobile and landline numbers.
func (c *call) complianceDetails(key string, named bool) (map[string]string, *graphError) {
	raw, present, ge := c.params.structured(key)
	if ge != nil {
		return nil, ge
	}
	obj, ok := raw.(map[string]any)
	if !present || !ok {
		return nil, errParam("Invalid parameter: %s is required", key)
	}
	out := map[string]string{}
	for k, v := range obj {
		s, isString := v.(string)
		if !isString {
			return nil, errParam("Invalid parameter: %s.%s must be a string", key, k)
		}
		out[k] = strings.TrimSpace(s)
	}
	if named {
		if n := utf8.RuneCountInString(out["name"]); n == 0 || n > 128 {
			return nil, errParam("Invalid parameter: %s.name is required and must be at most 128 characters", key)
		}
	}
	if email := out["email"]; !complianceEmail.MatchString(email) || utf8.RuneCountInString(email) >= 128 {
		return nil, errParam("Invalid parameter: %s.email must be a valid email address under 128 characters", key)
	}
	for _, f := range []string{"mobile_number", "landline_number"} {
		if v, ok := out[f]; ok && v != "" && (!compliancePhone.MatchString(v) || len(v) > 20) {
			return nil, errUnprocessable("Invalid phone number format. Must include country code")
		}
	}
	keep := map[string]string{}
	for _, f := range []string{"name", "email", "mobile_number", "landline_number"} {
		if v := out[f]; v != "" && (named || f != "name") {
			keep[f] = v
		}
	}
	return keep, nil
}

// ComplianceInfoOf returns a phone number's compliance information as GET answers it, nil when
// it has none.
func (e *Emulator) ComplianceInfoOf(phoneID string) (map[string]any, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return nil, err
	}
	info := peekAttached[complianceInfo](e.store, phoneID, "business_compliance_info")
	if info == nil {
		return nil, nil
	}
	return map[string]any{
		"entity_name": info.entityName, "entity_type": info.entityType, "entity_type_custom": info.entityTypeCustom,
		"is_registered": info.isRegistered, "grievance_officer_details": info.grievance, "customer_care_details": info.customerCare,
	}, nil
}
