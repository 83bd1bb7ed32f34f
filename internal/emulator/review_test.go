package emulator

import (
	"testing"
	"time"
)

func TestReviewDelay(t *testing.T) {
	h := newHarness(t, Options{ReviewDelay: 10 * time.Minute})
	id := h.create(utilityTemplate("slow", "en_US"))
	if s := h.status(id); s != "PENDING" {
		t.Fatalf("status %s", s)
	}
	h.e.Advance(9 * time.Minute)
	if s := h.status(id); s != "PENDING" {
		t.Fatalf("status after 9m %s", s)
	}
	h.e.Advance(time.Minute)
	if got := h.template(id, "status,rejected_reason"); got.str("status") != "APPROVED" || got.str("rejected_reason") != "NONE" {
		t.Fatalf("after delay %s", got.raw)
	}

	// delay_ms overrides the delay for matching names.
	if _, err := h.e.Review(ReviewRule{NameRegex: "^quick", DelayMS: 1000}); err != nil {
		t.Fatal(err)
	}
	quick := h.create(utilityTemplate("quick_one", "en_US"))
	h.e.Advance(time.Second)
	if s := h.status(quick); s != "APPROVED" {
		t.Fatalf("quick status %s", s)
	}
}

func TestReviewZeroDelayResolvesOnNextRead(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(utilityTemplate("instant", "en_US"))
	if s := h.status(id); s != "APPROVED" {
		t.Fatalf("status %s", s)
	}
}

func TestReviewRejectRule(t *testing.T) {
	h := newHarness(t, Options{ReviewDelay: time.Minute})
	pending := h.create(utilityTemplate("promo_pending", "en_US"))
	matched, err := h.e.Review(ReviewRule{NameRegex: "^promo_", Status: "REJECTED", Reason: "TAG_CONTENT_MISMATCH"})
	if err != nil || matched != 0 {
		t.Fatalf("matched %d err %v", matched, err)
	}
	later := h.create(utilityTemplate("promo_later", "en_US"))
	fine := h.create(utilityTemplate("fine", "en_US"))
	h.e.Advance(time.Minute)
	for _, id := range []string{pending, later} {
		if got := h.template(id, "status,rejected_reason"); got.str("status") != "REJECTED" || got.str("rejected_reason") != "TAG_CONTENT_MISMATCH" {
			t.Fatalf("%s", got.raw)
		}
	}
	if s := h.status(fine); s != "APPROVED" {
		t.Fatalf("fine %s", s)
	}
	// A later rule wins.
	if _, err := h.e.Review(ReviewRule{NameRegex: "^promo_later$", Status: "APPROVED"}); err != nil {
		t.Fatal(err)
	}
	again := h.create(utilityTemplate("promo_later", "de"))
	h.e.Advance(time.Minute)
	if s := h.status(again); s != "APPROVED" {
		t.Fatalf("latest rule: %s", s)
	}
	// apply_to_existing moves existing templates now.
	n, err := h.e.Review(ReviewRule{NameRegex: "^fine$", Status: "REJECTED", ApplyToExisting: true})
	if err != nil || n != 1 {
		t.Fatalf("apply_to_existing matched %d err %v", n, err)
	}
	if got := h.template(fine, "status,rejected_reason"); got.str("status") != "REJECTED" || got.str("rejected_reason") != "INVALID_FORMAT" {
		t.Fatalf("fine %s", got.raw)
	}
}

func TestReviewPauseCycle(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.create(utilityTemplate("pausable", "en_US"))
	h.status(id)
	pause := func() {
		t.Helper()
		if n, err := h.e.Review(ReviewRule{NameRegex: "^pausable$", Status: "PAUSED"}); err != nil || n != 1 {
			t.Fatalf("pause matched %d err %v", n, err)
		}
	}
	pause()
	h.e.Advance(3*time.Hour - time.Second)
	if s := h.status(id); s != "PAUSED" {
		t.Fatalf("first pause %s", s)
	}
	h.e.Advance(time.Second)
	if s := h.status(id); s != "APPROVED" {
		t.Fatalf("after 3h %s", s)
	}
	pause()
	h.e.Advance(3 * time.Hour)
	if s := h.status(id); s != "PAUSED" {
		t.Fatalf("second pause after 3h %s", s)
	}
	h.e.Advance(3 * time.Hour)
	if s := h.status(id); s != "APPROVED" {
		t.Fatalf("after 6h %s", s)
	}
	pause()
	h.e.Advance(24 * time.Hour)
	if s := h.status(id); s != "DISABLED" {
		t.Fatalf("third pause %s", s)
	}
}

func TestReviewRecategoriseAndQuality(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.create(utilityTemplate("recat_a", "en_US"))
	b := h.create(utilityTemplate("recat_b", "en_US"))
	n, err := h.e.Review(ReviewRule{NameRegex: "^recat_", Category: "MARKETING", QualityScore: "YELLOW"})
	if err != nil || n != 2 {
		t.Fatalf("matched %d err %v", n, err)
	}
	for _, id := range []string{a, b} {
		got := h.template(id, "category,previous_category,quality_score")
		qs := got.body["quality_score"].(map[string]any)
		if got.str("category") != "MARKETING" || got.str("previous_category") != "UTILITY" || qs["score"] != "YELLOW" {
			t.Fatalf("%s", got.raw)
		}
	}
}

func TestReviewRuleValidation(t *testing.T) {
	h := newHarness(t, Options{})
	for _, rule := range []ReviewRule{
		{},
		{Status: "MAYBE"},
		{Status: "REJECTED", Reason: "BECAUSE"},
		{Status: "APPROVED", Reason: "SCAM"},
		{NameRegex: "("},
		{Category: "PROMO"},
		{QualityScore: "BLUE"},
		{Status: "IN_APPEAL"},
	} {
		if _, err := h.e.Review(rule); err == nil {
			t.Errorf("rule %+v accepted", rule)
		}
	}
}
