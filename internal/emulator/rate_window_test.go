package emulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// A shortened rate window lets tests exercise Meta's hourly limits quickly; the regain time is
// still reported in whole minutes, rounded up.
func TestRateWindowShortensCreationLimit(t *testing.T) {
	h := newHarness(t, Options{CreationLimitPerHour: 2, RateWindow: 20 * time.Second})
	h.create(utilityTemplate("win_a", "en"))
	h.e.Advance(5 * time.Second)
	h.create(utilityTemplate("win_b", "en"))
	r := h.call(http.MethodPost, h.templatesPath(), utilityTemplate("win_c", "en"))
	h.wantError(r, http.StatusBadRequest, 80008, 0)
	if usage := r.header.Get("X-Business-Use-Case-Usage"); !strings.Contains(usage, `"estimated_time_to_regain_access":1`) {
		t.Fatalf("usage header %q, want a regain time of 1 minute", usage)
	}
	h.e.Advance(15*time.Second + time.Millisecond)
	h.create(utilityTemplate("win_c", "en"))
	r = h.call(http.MethodPost, h.templatesPath(), utilityTemplate("win_d", "en"))
	h.wantError(r, http.StatusBadRequest, 80008, 0)
}

func TestRateWindowShortensBUCQuota(t *testing.T) {
	h := newHarness(t, Options{BUCQuotaPerHour: 3, RateWindow: time.Minute})
	for range 3 {
		h.mustOK(h.call(http.MethodGet, h.templatesPath(), nil))
	}
	r := h.call(http.MethodGet, h.templatesPath(), nil)
	h.wantError(r, http.StatusBadRequest, 80008, 0)
	h.e.Advance(time.Minute + time.Second)
	h.mustOK(h.call(http.MethodGet, h.templatesPath(), nil))
}
