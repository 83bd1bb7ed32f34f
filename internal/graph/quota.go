package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Meta throttles per scope: the business-use-case (BUC) quota of one WhatsApp Business Account,
// or the whole app (codes 4 and 613). Once Meta reports a lockout, further calls to that scope
// only extend it, so the client keeps a gate per scope in its Quota, shared by every client
// given the same Quota (parallel resources, provider aliases in one process): calls to a locked
// scope wait for the gate to open instead of calling, and a call whose deadline falls before the
// gate opens fails at once.
//
// The same gate paces calls when the provider may use only part of the quota
// (Config.MaxQuotaPercent): a response whose usage header reports the WABA at or above the cap
// closes the gate until the usage is expected to fall back under it.

// gateKey names one throttled scope at one Graph endpoint.
type gateKey struct{ base, scope string }

type lockout struct {
	until  time.Time
	reason string
	// err is Meta's refusal that closed the gate; nil when the quota cap closed it.
	err *Error
}

// Quota is what the clients that spend the same Meta quota know about it: the gate of every
// throttled scope, the WABA that calls to each node count against, the pace of template
// creations per WABA, and what the clients did (Stats). Whoever makes the clients owns it: make
// one with NewQuota and pass it in Config.Quota of every client that should wait at the same
// gates, such as the clients of all provider configurations in one process. A client made
// without one gets a Quota of its own. A Quota is safe for concurrent use.
type Quota struct {
	mu    sync.Mutex
	gates map[gateKey]*lockout
	// owners maps a node id (as gateKey{base, node}) to the WABA whose quota calls to it
	// count against, as learned from usage headers.
	owners map[gateKey]string

	pacer    creationPacer
	counters counters
}

// NewQuota returns a Quota that knows of no lockout yet.
func NewQuota() *Quota {
	return &Quota{
		gates:  map[gateKey]*lockout{},
		owners: map[gateKey]string{},
		pacer:  creationPacer{wabas: map[string]*creationPace{}},
	}
}

// Stats adds up what every client of the quota has done so far.
func (q *Quota) Stats() Stats { return q.counters.snapshot() }

// owner returns the WABA whose quota calls to node k count against, if known.
func (q *Quota) owner(k gateKey) (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	id, ok := q.owners[k]
	return id, ok
}

// setOwner notes that calls to the nodes ks count against waba's quota.
func (q *Quota) setOwner(waba string, ks ...gateKey) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range ks {
		q.owners[k] = waba
	}
}

// QuotaError is returned, without calling Graph, when a throttled scope opens again only after
// the operation's deadline.
type QuotaError struct {
	// Scope is "WhatsApp Business Account <id>" or "the app".
	Scope  string
	Reason string
	// Until is when Meta is expected to accept calls again.
	Until time.Time
	// In is how long that is from the moment the error was made.
	In time.Duration
	// Err is Meta's refusal that started the lockout, nil for the quota cap.
	Err *Error
	// Limit says how long the operation could wait: its deadline, or the longest quota wait.
	Limit string
}

func (e *QuotaError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "calls to %s are paused (%s) until %s (in %s), beyond %s, so the provider stopped instead of calling and extending the lockout",
		e.Scope, e.Reason, e.Until.UTC().Format(time.RFC3339), e.In.Round(time.Second), e.Limit)
	if e.Err != nil {
		fmt.Fprintf(&b, "; Meta's answer was: %s", e.Err.Error())
	}
	b.WriteString(". Nothing was left half-done: run terraform apply again after that time and it continues where this one stopped")
	return b.String()
}

// Unwrap returns Meta's refusal, so errors.As finds the *Error and its code.
func (e *QuotaError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// IsQuotaPaused reports an error returned because a throttled scope opens only after the
// deadline.
func IsQuotaPaused(err error) bool {
	var q *QuotaError
	return errors.As(err, &q)
}

// Stats counts what a client, or every client of a Quota, did.
type Stats struct {
	// Calls is the number of HTTP calls sent.
	Calls int64
	// Retries is the number of calls repeated after a rate limit or an ambiguous failure.
	Retries int64
	// RateLimited is the number of calls Meta refused with a throttling code.
	RateLimited int64
	// Pauses is the number of times a call waited for a throttled scope instead of calling.
	Pauses int64
	// Stopped is the number of calls given up because the scope opened after the deadline.
	Stopped int64
	// Batched is the number of calls sent inside batch calls (each batch call also counts once
	// in Calls).
	Batched int64
}

type counters struct{ calls, retries, rateLimited, pauses, stopped, batched atomic.Int64 }

func (c *counters) snapshot() Stats {
	return Stats{Calls: c.calls.Load(), Retries: c.retries.Load(), RateLimited: c.rateLimited.Load(),
		Pauses: c.pauses.Load(), Stopped: c.stopped.Load(), Batched: c.batched.Load()}
}

// Stats returns what this client has done so far.
func (c *Client) Stats() Stats { return c.counters.snapshot() }

// count adds one to a counter of the client and the same counter of its quota.
func (c *Client) count(f func(*counters) *atomic.Int64) {
	f(&c.counters).Add(1)
	f(&c.quota.counters).Add(1)
}

const appScope = "app"

func wabaScope(id string) string { return "waba:" + id }

func scopeName(scope string) string {
	if id, ok := strings.CutPrefix(scope, "waba:"); ok {
		return "WhatsApp Business Account " + id
	}
	return "the app"
}

func (c *Client) key(scope string) gateKey {
	if scope == appScope {
		// Apps are told apart by their token.
		sum := sha256.Sum256([]byte(c.cfg.AccessToken))
		scope = appScope + ":" + hex.EncodeToString(sum[:6])
	}
	return gateKey{base: c.base.String(), scope: scope}
}

// nodeOf is the first segment of a request path: the node the call is about.
func nodeOf(path string) string {
	node, _, _ := strings.Cut(strings.TrimLeft(path, "/"), "/")
	return node
}

// scopesOf lists the scopes a call to node uses: the app, and the WABA whose quota calls to
// node were seen to count against.
func (c *Client) scopesOf(node string) []string {
	scopes := []string{appScope}
	if owner, ok := c.quota.owner(gateKey{c.base.String(), node}); ok {
		scopes = append(scopes, wabaScope(owner))
	}
	return scopes
}

// close extends the gate of scope until until.
func (c *Client) close(ctx context.Context, scope string, until time.Time, reason string, cause *Error) {
	k := c.key(scope)
	q := c.quota
	q.mu.Lock()
	l := q.gates[k]
	extended := l == nil || until.After(l.until)
	if extended {
		q.gates[k] = &lockout{until: until, reason: reason, err: cause}
	}
	q.mu.Unlock()
	if extended {
		tflog.Info(ctx, "Graph quota gate closed", map[string]any{
			"scope": scopeName(scope), "reason": reason, "resume_at": until.UTC().Format(time.RFC3339),
		})
	}
}

// awaitGates waits until every scope of the call is open. When one opens only after the
// context's deadline it returns a *QuotaError at once, without waiting.
func (c *Client) awaitGates(ctx context.Context, method, path string) error {
	scopes := c.scopesOf(nodeOf(path))
	for {
		var (
			latest *lockout
			scope  string
		)
		c.quota.mu.Lock()
		for _, s := range scopes {
			if l := c.quota.gates[c.key(s)]; l != nil && (latest == nil || l.until.After(latest.until)) {
				latest, scope = l, s
			}
		}
		var l lockout
		if latest != nil {
			l = *latest
		}
		c.quota.mu.Unlock()
		now := c.now()
		if latest == nil || !l.until.After(now) {
			return nil
		}
		wait := l.until.Sub(now)
		limit, what := c.waitLimit(ctx, now)
		if limit.Before(l.until) {
			c.count(func(c *counters) *atomic.Int64 { return &c.stopped })
			qe := &QuotaError{Scope: scopeName(scope), Reason: l.reason, Until: l.until, In: wait, Err: l.err, Limit: what}
			tflog.Warn(ctx, "Graph call not sent: the quota returns after the deadline", map[string]any{
				"method": method, "path": path, "scope": qe.Scope, "reason": l.reason,
				"resume_at": l.until.UTC().Format(time.RFC3339),
			})
			return qe
		}
		c.count(func(c *counters) *atomic.Int64 { return &c.pauses })
		log := tflog.Info
		if l.err != nil {
			log = tflog.Warn
		}
		log(ctx, "pausing Graph calls", map[string]any{
			"method": method, "path": path, "scope": scopeName(scope), "reason": l.reason,
			"resume_at": l.until.UTC().Format(time.RFC3339), "wait": wait.Round(time.Millisecond).String(),
		})
		if err := c.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s %s interrupted while calls to %s were paused (%s): %w", method, path, scopeName(scope), l.reason, err)
		}
	}
}

// lockFor closes the gate a rate-limit refusal speaks for: the app for codes 4 and 613, else
// the WABAs of the usage header or, without one, the WABA calls to the node count against.
// The gate stays closed for Meta's estimated_time_to_regain_access, or at least the backoff.
func (c *Client) lockFor(ctx context.Context, path string, e *Error, hdr http.Header, attempt int) {
	wait := c.backoff(attempt)
	if lock := time.Duration(e.RegainAccessIn) * time.Minute; lock > wait {
		wait = lock
	}
	until := c.now().Add(wait)
	reason := fmt.Sprintf("Meta rate limit, code %d", e.Code)
	var scopes []string
	switch e.Code {
	case CodeAppRateLimit, CodeCustomRateLimit:
		scopes = []string{appScope}
	default:
		for id := range parseUsage(hdr) {
			scopes = append(scopes, wabaScope(id))
		}
		if len(scopes) == 0 {
			all := c.scopesOf(nodeOf(path))
			scopes = all[len(all)-1:]
		}
	}
	for _, s := range scopes {
		c.close(ctx, s, until, reason, e)
	}
}

// observeUsage learns which WABA calls to node count against and, when a quota cap is set,
// closes the gate of a WABA whose usage reached it.
func (c *Client) observeUsage(ctx context.Context, node string, hdr http.Header) {
	usage := parseUsage(hdr)
	if len(usage) == 0 {
		return
	}
	if len(usage) == 1 {
		for id := range usage {
			c.quota.setOwner(id, gateKey{c.base.String(), node}, gateKey{c.base.String(), id})
		}
	}
	if c.cfg.MaxQuotaPercent <= 0 {
		return
	}
	for id, entries := range usage {
		pct, regain := 0.0, 0
		for _, e := range entries {
			pct = math.Max(pct, math.Max(e.CallCount, math.Max(e.TotalTime, e.TotalCPUTime)))
			regain = max(regain, e.EstimatedTimeToRegainAccess)
		}
		if pct < float64(c.cfg.MaxQuotaPercent) {
			continue
		}
		pause := CapPause(pct, c.cfg.MaxQuotaPercent, regain)
		c.close(ctx, wabaScope(id), c.now().Add(pause),
			fmt.Sprintf("quota cap: %.0f%% of the business-use-case quota used, max_quota_percent is %d", pct, c.cfg.MaxQuotaPercent), nil)
	}
}

// CapPause is how long calls to a WABA pause when its usage (the largest of call_count,
// total_time and total_cputime, in percent of the hourly quota) is at or above the cap.
//
// Meta counts usage over a rolling hour. Assuming the counted calls were spread evenly over that
// hour, usage falls by pct/60 points a minute, so it drops one point under the cap after
// 60·(pct−cap+1)/pct minutes. The pause is that, but at least Meta's
// estimated_time_to_regain_access and at least one second.
func CapPause(pct float64, capPercent, regainMinutes int) time.Duration {
	if pct <= 0 {
		return time.Second
	}
	minutes := 60 * (pct - float64(capPercent) + 1) / pct
	d := time.Duration(minutes * float64(time.Minute))
	d = max(d, time.Duration(regainMinutes)*time.Minute, time.Second)
	return d.Round(time.Second)
}

// usageEntry is one object of the X-Business-Use-Case-Usage header.
type usageEntry struct {
	Type                        string  `json:"type"`
	CallCount                   float64 `json:"call_count"`
	TotalCPUTime                float64 `json:"total_cputime"`
	TotalTime                   float64 `json:"total_time"`
	EstimatedTimeToRegainAccess int     `json:"estimated_time_to_regain_access"`
}

// regainAccessMinutes reads the largest estimated_time_to_regain_access from the header.
func regainAccessMinutes(hdr http.Header) (int, bool) {
	most, found := 0, false
	for _, entries := range parseUsage(hdr) {
		for _, e := range entries {
			found = true
			most = max(most, e.EstimatedTimeToRegainAccess)
		}
	}
	return most, found
}

// parseUsage decodes X-Business-Use-Case-Usage, a JSON object keyed by WABA (or business) id.
func parseUsage(hdr http.Header) map[string][]usageEntry {
	raw := hdr.Get(headerBusinessUseCaseUsage)
	if raw == "" {
		return nil
	}
	var usage map[string][]usageEntry
	if json.Unmarshal([]byte(raw), &usage) != nil {
		return nil
	}
	return usage
}

// learnCreated notes that an object a call returned (such as a template just created) counts
// against the same WABA as the call, so that calls to it wait at that WABA's gate from the
// first one on.
func (c *Client) learnCreated(body []byte, hdr http.Header) {
	usage := parseUsage(hdr)
	if len(usage) != 1 || len(body) == 0 || body[0] != '{' {
		return
	}
	var obj struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(body, &obj) != nil || obj.ID == "" {
		return
	}
	for waba := range usage {
		c.quota.setOwner(waba, gateKey{c.base.String(), obj.ID})
	}
}

// DefaultMaxQuotaWait bounds how long a call without a deadline waits for a throttled scope.
const DefaultMaxQuotaWait = 10 * time.Minute

// waitLimit is the latest time a call may wait until: its context's deadline or, without one,
// the longest quota wait from now; and a description of it for errors.
func (c *Client) waitLimit(ctx context.Context, now time.Time) (time.Time, string) {
	if dl, ok := ctx.Deadline(); ok {
		return dl, "this operation's deadline"
	}
	return now.Add(c.cfg.MaxQuotaWait), fmt.Sprintf("the longest wait for a throttled account (%s)", c.cfg.MaxQuotaWait)
}
