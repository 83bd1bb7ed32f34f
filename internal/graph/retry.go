package graph

import (
	"context"
	"math/rand/v2"
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

// retryPause waits the backoff before a create is sent again after reconciliation found
// nothing, and counts the retry.
func (c *Client) retryPause(ctx context.Context, attempt int) error {
	c.count(func(c *counters) *atomic.Int64 { return &c.retries })
	return c.sleep(ctx, c.backoff(attempt))
}
