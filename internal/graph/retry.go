package graph

import (
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"time"
)

const headerBusinessUseCaseUsage = "X-Business-Use-Case-Usage"

// retryAfter decides whether a failed attempt is repeated and after how long.
// Rate limits are always retried (Meta refused before acting), waiting at least as long as
// Meta's estimated_time_to_regain_access, because calls during a lockout extend it.
// Ambiguous failures are retried only for idempotent calls.
func (c *Client) retryAfter(err error, attempt int, idempotent bool) (time.Duration, bool) {
	if attempt >= c.cfg.MaxRetries {
		return 0, false
	}
	switch {
	case IsRateLimited(err):
		wait := c.backoff(attempt)
		if e, ok := asError(err); ok && e.RegainAccessIn > 0 {
			if lock := time.Duration(e.RegainAccessIn) * time.Minute; lock > wait {
				wait = lock
			}
		}
		return wait, true
	case idempotent && IsAmbiguous(err):
		return c.backoff(attempt), true
	}
	return 0, false
}

// backoff is exponential from RetryMinWait, capped at RetryMaxWait, with full jitter over the
// upper half so parallel applies spread out.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.RetryMinWait << min(attempt, 20)
	if d <= 0 || d > c.cfg.RetryMaxWait {
		d = c.cfg.RetryMaxWait
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// usageEntry is one object of the X-Business-Use-Case-Usage header.
type usageEntry struct {
	Type                        string  `json:"type"`
	CallCount                   float64 `json:"call_count"`
	TotalCPUTime                float64 `json:"total_cputime"`
	TotalTime                   float64 `json:"total_time"`
	EstimatedTimeToRegainAccess int     `json:"estimated_time_to_regain_access"`
}

// regainAccessMinutes reads the largest estimated_time_to_regain_access from the header, which
// is JSON keyed by business or WABA id.
func regainAccessMinutes(hdr http.Header) (int, bool) {
	raw := hdr.Get(headerBusinessUseCaseUsage)
	if raw == "" {
		return 0, false
	}
	var usage map[string][]usageEntry
	if json.Unmarshal([]byte(raw), &usage) != nil {
		return 0, false
	}
	most, found := 0, false
	for _, entries := range usage {
		for _, e := range entries {
			found = true
			most = max(most, e.EstimatedTimeToRegainAccess)
		}
	}
	return most, found
}
