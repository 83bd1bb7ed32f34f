package emulator

import (
	"net/http"
	"testing"
)

// The portfolio's messaging limit is shared by its numbers: every number reads the highest
// per-number limit of any number of the business, in portfolio tiers.
func TestPortfolioMessagingLimit(t *testing.T) {
	h := newHarness(t, Options{})
	other := h.addPhone("1", "6315551999", "Second Line")
	limits := func() (string, string) {
		t.Helper()
		const fields = "messaging_limit_tier,whatsapp_business_manager_messaging_limit"
		a := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID+"?fields="+fields, nil))
		b := h.mustOK(h.call(http.MethodGet, "/v23.0/"+other+"?fields="+fields, nil))
		return a.str("whatsapp_business_manager_messaging_limit"), b.str("whatsapp_business_manager_messaging_limit")
	}
	for _, tc := range []struct{ tier, want string }{
		{"TIER_50", "TIER_250"}, {"TIER_250", "TIER_250"}, {"TIER_1K", "TIER_2K"}, {"TIER_10K", "TIER_10K"}, {"TIER_UNLIMITED", "TIER_UNLIMITED"},
	} {
		if err := h.e.ChangePhoneNumber(h.seed.PhoneNumberID, PhoneNumberChange{MessagingLimitTier: tc.tier}); err != nil {
			t.Fatal(err)
		}
		if err := h.e.ChangePhoneNumber(other, PhoneNumberChange{MessagingLimitTier: "TIER_50"}); err != nil {
			t.Fatal(err)
		}
		if a, b := limits(); a != tc.want || b != tc.want {
			t.Errorf("one number at %s: the numbers read %q and %q, want %q for both", tc.tier, a, b, tc.want)
		}
	}
}
