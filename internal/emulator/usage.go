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
	wait := times[0].Add(window).Sub(now)
	if wait <= 0 {
		return 0
	}
	return int((wait + time.Minute - 1) / time.Minute)
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
	if len(w.calls) >= e.opts.BUCQuotaPerHour {
		return &graphError{
			Message:       bucThrottleMessage,
			Type:          "OAuthException",
			Code:          80008,
			IsTransient:   true,
			RegainMinutes: minutesUntilSlot(w.calls, now, e.opts.RateWindow),
		}
	}
	w.calls = append(w.calls, now)
	return nil
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
