package emulator

import (
	"encoding/json"
	"time"
)

// Business-use-case (BUC) rate limiting. Calls on WABA and template
// endpoints count against an hourly quota per WABA. Every such response
// carries X-Business-Use-Case-Usage, a JSON object keyed by WABA id whose
// call_count/total_cputime/total_time are percentages of the quota. When the
// quota is used up Meta answers code 80008 and reports, in minutes, when the
// WABA can call again.

type bucEntry struct {
	Type                        string `json:"type"`
	CallCount                   int    `json:"call_count"`
	TotalCPUTime                int    `json:"total_cputime"`
	TotalTime                   int    `json:"total_time"`
	EstimatedTimeToRegainAccess int    `json:"estimated_time_to_regain_access"`
}

// pruneWindow drops times older than one rate window (an hour, unless
// Options.RateWindow shortens it) before now.
func pruneWindow(times []time.Time, now time.Time, window time.Duration) []time.Time {
	cut := now.Add(-window)
	i := 0
	for i < len(times) && !times[i].After(cut) {
		i++
	}
	return times[i:]
}

// minutesUntilSlot is how long until the oldest entry of a full rate
// window leaves it, rounded up to whole minutes as Meta reports it (so a
// shortened window still reports at least one minute).
func minutesUntilSlot(times []time.Time, now time.Time, window time.Duration) int {
	if len(times) == 0 {
		return 0
	}
	return minutesUntil(times[0].Add(window), now)
}

// chargeBUC counts one call against a WABA, or refuses it when the hourly
// quota is exhausted.
func (e *Emulator) chargeBUC(wabaID string) *graphError {
	w := e.store.waba(wabaID)
	if w == nil {
		return nil
	}
	now := e.now()
	w.calls = pruneWindow(w.calls, now, e.opts.RateWindow)
	switch {
	case now.Before(w.lockedUntil):
		// Meta: calls made while throttled extend the lockout.
		w.lockedUntil = w.lockedUntil.Add(lockoutExtension)
	case len(w.calls) >= e.opts.BUCQuotaPerHour:
		w.lockedUntil = w.calls[0].Add(e.opts.RateWindow)
	default:
		w.calls = append(w.calls, now)
		return nil
	}
	return &graphError{
		Message:       bucThrottleMessage,
		Type:          "OAuthException",
		Code:          80008,
		IsTransient:   true,
		RegainMinutes: minutesUntil(w.lockedUntil, now),
	}
}

// lockoutExtension is how much longer a BUC lockout lasts for every call
// made while it is in force.
const lockoutExtension = time.Minute

// minutesUntil is the time from now to t in whole minutes, rounded up.
func minutesUntil(t, now time.Time) int {
	wait := t.Sub(now)
	if wait <= 0 {
		return 0
	}
	return int((wait + time.Minute - 1) / time.Minute)
}

// usagePercent is the share of the hourly quota a WABA has used.
func (e *Emulator) usagePercent(wabaID string) int {
	w := e.store.waba(wabaID)
	if w == nil {
		return 0
	}
	w.calls = pruneWindow(w.calls, e.now(), e.opts.RateWindow)
	pct := len(w.calls) * 100 / e.opts.BUCQuotaPerHour
	if pct > 100 {
		pct = 100
	}
	return pct
}

func (c *call) setUsageHeader(regainMinutes int) {
	c.writeUsageHeader(c.e.usagePercent(c.wabaID), regainMinutes)
}

// addRateLimitUsage reports a throttling error in the usage header: the
// quota is full and access returns after the error's regain time.
func (c *call) addRateLimitUsage(ge *graphError) {
	c.writeUsageHeader(100, ge.RegainMinutes)
}

func (c *call) writeUsageHeader(pct, regainMinutes int) {
	id := c.wabaID
	if id == "" {
		id = c.e.opts.BusinessAccountID
	}
	entry := bucEntry{
		Type:                        "whatsapp_business_management",
		CallCount:                   pct,
		TotalCPUTime:                pct,
		TotalTime:                   pct,
		EstimatedTimeToRegainAccess: regainMinutes,
	}
	b, _ := json.Marshal(map[string][]bucEntry{id: {entry}})
	c.resp.header.Set("X-Business-Use-Case-Usage", string(b))
}

// isAppRateLimitCode reports the throttling codes that apply to the whole
// app rather than one WABA: 4 (application request limit) and 613 (custom
// rate limit). Their responses carry X-App-Usage at 100% besides the usage
// header of the WABA the call was about.
func isAppRateLimitCode(code int) bool {
	return code == 4 || code == 613
}
