package graph

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"
)

const headerBusinessUseCaseUsage = "X-Business-Use-Case-Usage"

// retryAfter decides whether a call that failed ambiguously (a lost response or a transient
// server error, when Meta may or may not have acted) is repeated and after how long: only
// idempotent calls are. Rate limits, refused before Meta acted, are handled by the quota gate
// (quota.go) for every call.
func (c *Client) retryAfter(err error, attempt int, idempotent bool) (time.Duration, bool) {
	if attempt >= c.cfg.MaxRetries || !idempotent || !IsAmbiguous(err) {
		return 0, false
	}
	return c.backoff(attempt), true
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

// retryPause waits the backoff before a create is sent again after reconciliation found
// nothing, and counts the retry.
func (c *Client) retryPause(ctx context.Context, attempt int) error {
	c.count(func(c *counters) *atomic.Int64 { return &c.retries })
	return c.sleep(ctx, c.backoff(attempt))
}
