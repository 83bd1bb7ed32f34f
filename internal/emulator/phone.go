package emulator

var phoneFields = fieldSet{
	nodeType: nodePhone.graphName(),
	allowed: []string{"id", "display_phone_number", "verified_name", "quality_rating", "status",
		"code_verification_status", "name_status", "platform_type", "throughput",
		"messaging_limit_tier", "account_mode", "is_official_business_account"},
	defaults: []string{"id", "display_phone_number", "verified_name", "quality_rating"},
}

func (p *phone) view() map[string]any {
	return map[string]any{
		"id":                           p.id,
		"display_phone_number":         p.displayPhoneNumber,
		"verified_name":                p.verifiedName,
		"quality_rating":               p.qualityRating,
		"status":                       p.status,
		"code_verification_status":     p.codeVerificationStatus,
		"name_status":                  p.nameStatus,
		"platform_type":                p.platformType,
		"throughput":                   map[string]string{"level": p.throughputLevel},
		"messaging_limit_tier":         p.messagingLimitTier,
		"account_mode":                 p.accountMode,
		"is_official_business_account": p.officialBusiness,
	}
}

// GET /{phone-number-id}
func getPhone(c *call) (any, *graphError) {
	fields, err := c.selectFields(phoneFields)
	if err != nil {
		return nil, err
	}
	p := c.node.(*phone)
	return c.render(phoneFields, p.id, p.view(), fields), nil
}

// GET /{waba-id}/phone_numbers
func listPhones(c *call) (any, *graphError) {
	fields, err := c.selectFields(phoneFields)
	if err != nil {
		return nil, err
	}
	w := c.node.(*waba)
	items := make([]pageItem, 0, len(w.phones))
	for _, p := range w.phones {
		items = append(items, pageItem{seq: p.seq, value: c.render(phoneFields, p.id, p.view(), fields)})
	}
	return c.paginate(items, maxPageLimit)
}
