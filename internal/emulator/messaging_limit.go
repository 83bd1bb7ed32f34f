package emulator

// Messaging limits (Meta "Messaging limits", developers.facebook.com/docs/whatsapp/messaging-limits):
// since 2025-10-07 the limit is set for the business portfolio and shared by every number in
// it. A phone number reads it as whatsapp_business_manager_messaging_limit; the per-number
// messaging_limit_tier it replaces is deprecated but still returned. The portfolio tiers are
// 250, 2,000, 10,000, 100,000 and unlimited.
//
// Meta set each existing portfolio's limit to the highest limit of any of its numbers (Meta
// "Upcoming changes to messaging limits"). The emulator keeps that rule for the numbers it
// holds: a portfolio's limit is the highest per-number tier among the numbers of all its WABAs,
// in the portfolio tier at or above it (a 1K number gives 2K: there is no 1K portfolio tier).

// portfolioTiers are the portfolio limits, lowest first; perNumberTier maps each per-number
// tier to its place among them.
var (
	portfolioTiers = []string{"TIER_250", "TIER_2K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED"}
	perNumberTier  = map[string]int{"TIER_50": 0, "TIER_250": 0, "TIER_1K": 1, "TIER_2K": 1, "TIER_10K": 2, "TIER_100K": 3, "TIER_UNLIMITED": 4}
)

// portfolioMessagingLimit is the whatsapp_business_manager_messaging_limit of phone number id.
func portfolioMessagingLimit(c *call, id string) any {
	businessOf := func(p *phone) string {
		if w := c.e.store.waba(p.wabaID); w != nil {
			return w.businessID
		}
		return ""
	}
	p := c.e.store.nodes[id].(*phone)
	business, highest := businessOf(p), perNumberTier[p.messagingLimitTier]
	for _, n := range c.e.store.nodes {
		if other, ok := n.(*phone); ok && business != "" && businessOf(other) == business && perNumberTier[other.messagingLimitTier] > highest {
			highest = perNumberTier[other.messagingLimitTier]
		}
	}
	return portfolioTiers[highest]
}
