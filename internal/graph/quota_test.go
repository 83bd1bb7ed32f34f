package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock whose sleeps advance it instantly and are recorded.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func (f *fakeClock) now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
	f.sleeps = append(f.sleeps, d)
	return nil
}

func newFakeClockClient(t *testing.T, url string, clk *fakeClock, cfg Config) *Client {
	t.Helper()
	cfg.BaseURL, cfg.AccessToken = url, "token"
	if cfg.RetryMinWait == 0 {
		cfg.RetryMinWait, cfg.RetryMaxWait = time.Millisecond, 2*time.Millisecond
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.now, c.sleepFn = clk.now, clk.sleep
	return c
}

func usageHeader(id string, pct, regain int) string {
	return fmt.Sprintf(`{%q:[{"type":"whatsapp_business_management","call_count":%d,"total_cputime":%d,"total_time":%d,"estimated_time_to_regain_access":%d}]}`, id, pct, pct/2, pct/2, regain)
}

// A BUC lockout closes the gate of the WABA named in the usage header: the retry waits Meta's
// estimate once, and every other client of the same Quota waits for the same gate instead of
// calling.
func TestQuotaGateWaitsForRegainAndIsShared(t *testing.T) {
	var calls atomic.Int32
	refuse := atomic.Bool{}
	refuse.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if refuse.CompareAndSwap(true, false) {
			w.Header().Set(headerBusinessUseCaseUsage, usageHeader("123", 100, 2))
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"message":"too many calls","type":"OAuthException","code":80008,"is_transient":true}}`)
			return
		}
		w.Header().Set(headerBusinessUseCaseUsage, usageHeader("123", 10, 0))
		fmt.Fprint(w, `{"id":"1"}`)
	}))
	defer srv.Close()
	clk := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	quota := NewQuota()
	a := newFakeClockClient(t, srv.URL, clk, Config{MaxRetries: 3, Quota: quota})
	if err := a.Do(context.Background(), Request{Method: http.MethodGet, Path: "123/message_templates"}, nil); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || len(clk.sleeps) != 1 || clk.sleeps[0] != 2*time.Minute {
		t.Fatalf("want one 2-minute pause between two calls, got %d calls, sleeps %v", calls.Load(), clk.sleeps)
	}
	if s := a.Stats(); s.Calls != 2 || s.Retries != 1 || s.RateLimited != 1 || s.Pauses != 1 {
		t.Fatalf("stats %+v", s)
	}

	// Meta locks the WABA again; a second client of the same Quota learns of it from the
	// shared gate and waits without calling.
	refuse.Store(true)
	if err := a.Do(context.Background(), Request{Method: http.MethodGet, Path: "123"}, nil); err != nil {
		t.Fatal(err)
	}
	b := newFakeClockClient(t, srv.URL, clk, Config{MaxRetries: 3, Quota: quota})
	a.lockFor(context.Background(), "123", &Error{Code: CodeBusinessRateLimit, RegainAccessIn: 5}, http.Header{}, 0)
	before, slept := calls.Load(), len(clk.sleeps)
	if err := b.Do(context.Background(), Request{Method: http.MethodGet, Path: "123/phone_numbers"}, nil); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != before+1 || len(clk.sleeps) != slept+1 || clk.sleeps[slept] != 5*time.Minute {
		t.Fatalf("the second client should wait 5 minutes, then call once: calls %d→%d, sleeps %v", before, calls.Load(), clk.sleeps)
	}
	// The quota adds up what its clients did.
	sa, sb := a.Stats(), b.Stats()
	if s := quota.Stats(); s.Calls != sa.Calls+sb.Calls || s.Pauses != sa.Pauses+sb.Pauses || s.RateLimited != sa.RateLimited+sb.RateLimited || s.Retries != sa.Retries+sb.Retries {
		t.Fatalf("quota stats %+v are not the sum of the clients' %+v and %+v", s, sa, sb)
	}

	// A client made without that Quota has gates of its own: it calls at once.
	c := newFakeClockClient(t, srv.URL, clk, Config{MaxRetries: 3})
	a.lockFor(context.Background(), "123", &Error{Code: CodeBusinessRateLimit, RegainAccessIn: 5}, http.Header{}, 0)
	before, slept = calls.Load(), len(clk.sleeps)
	if err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "123/phone_numbers"}, nil); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != before+1 || len(clk.sleeps) != slept {
		t.Fatalf("a client of another quota should call without waiting: calls %d→%d, sleeps %v", before, calls.Load(), clk.sleeps)
	}
}

// A lockout that ends after the deadline stops the call at once, without calling Graph, with an
// error that says when access returns and that apply continues on a re-run.
func TestQuotaGateStopsWhenRegainPassesDeadline(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set(headerBusinessUseCaseUsage, usageHeader("456", 100, 60))
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"message":"too many calls","type":"OAuthException","code":80008,"is_transient":true,"fbtrace_id":"Atrace"}}`)
	}))
	defer srv.Close()
	t0 := time.Now().UTC().Truncate(time.Second)
	clk := &fakeClock{t: t0}
	c := newFakeClockClient(t, srv.URL, clk, Config{MaxRetries: 5})
	ctx, cancel := context.WithDeadline(context.Background(), t0.Add(20*time.Minute))
	defer cancel()
	err := c.Do(ctx, Request{Method: http.MethodPost, Path: "456/message_templates"}, nil)
	if calls.Load() != 1 || len(clk.sleeps) != 0 {
		t.Fatalf("want one call and no wait, got %d calls, sleeps %v", calls.Load(), clk.sleeps)
	}
	var qe *QuotaError
	var ge *Error
	if !errors.As(err, &qe) || !errors.As(err, &ge) || ge.Code != CodeBusinessRateLimit || !IsQuotaPaused(err) {
		t.Fatalf("want a QuotaError wrapping Meta's 80008, got %v", err)
	}
	for _, want := range []string{"WhatsApp Business Account 456", t0.Add(time.Hour).Format(time.RFC3339), "in 1h0m0s", "run terraform apply again", "fbtrace_id Atrace"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	// Later calls to the WABA do not reach Graph at all while the gate is closed.
	err = c.Do(ctx, Request{Method: http.MethodGet, Path: "456"}, nil)
	if calls.Load() != 1 || !IsQuotaPaused(err) {
		t.Fatalf("a call during the lockout reached Graph (%d calls) or was not stopped: %v", calls.Load(), err)
	}
	// Without a deadline, a call waits at most MaxQuotaWait (10 minutes by default).
	err = c.Do(context.Background(), Request{Method: http.MethodGet, Path: "456"}, nil)
	if calls.Load() != 1 || !IsQuotaPaused(err) || !strings.Contains(err.Error(), "longest wait for a throttled account (10m0s)") {
		t.Fatalf("a call without a deadline should stop rather than wait an hour: %v", err)
	}
	if s := c.Stats(); s.Stopped != 3 || s.Calls != 1 {
		t.Fatalf("stats %+v", s)
	}
}

// Codes 4 and 613 throttle the whole app: parallel calls to any node wait for the app's gate.
func TestAppRateLimitPausesParallelCalls(t *testing.T) {
	var (
		mu    sync.Mutex
		times []time.Time
		first atomic.Bool
	)
	first.Store(true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if first.CompareAndSwap(true, false) {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":{"message":"Application request limit reached","type":"OAuthException","code":4,"error_subcode":2446079,"is_transient":true}}`)
			return
		}
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "app-token", MaxRetries: 2, RetryMinWait: 400 * time.Millisecond, RetryMaxWait: 400 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "1"}, nil); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: fmt.Sprint(100 + i)}, nil); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// The gate closed for the backoff (200–400 ms): no call reached Graph inside it.
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 7 {
		t.Fatalf("want 7 calls, got %d", len(times))
	}
	for _, at := range times[1:] {
		if at.Sub(start) < 190*time.Millisecond {
			t.Fatalf("a call reached Graph %s after the app was throttled", at.Sub(start))
		}
	}
}

func TestCapPause(t *testing.T) {
	for _, tc := range []struct {
		pct    float64
		cap    int
		regain int
		want   time.Duration
	}{
		{80, 80, 0, 45 * time.Second},  // 60·1/80 min
		{90, 80, 0, 440 * time.Second}, // 60·11/90 min
		{100, 50, 0, 30*time.Minute + 36*time.Second},
		{100, 100, 7, 7 * time.Minute}, // Meta's estimate wins
		{1, 1, 0, time.Hour},           // one point of usage takes the hour to leave
	} {
		if got := CapPause(tc.pct, tc.cap, tc.regain); got != tc.want {
			t.Errorf("CapPause(%v, %d, %d) = %s, want %s", tc.pct, tc.cap, tc.regain, got, tc.want)
		}
	}
}

// With a quota cap, a response that reports the WABA at or above it pauses the next call to
// that WABA by CapPause; calls to other WABAs go on.
func TestQuotaCapPacesCallsToTheWABA(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		id := strings.Split(strings.TrimPrefix(r.URL.Path, "/v23.0/"), "/")[0]
		pct := 85
		if id == "999" {
			pct = 10
		}
		w.Header().Set(headerBusinessUseCaseUsage, usageHeader(id, pct, 0))
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	clk := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := newFakeClockClient(t, srv.URL, clk, Config{MaxRetries: 1, MaxQuotaPercent: 80})
	ctx := context.Background()
	for _, p := range []string{"777", "999", "999", "777"} {
		if err := c.Do(ctx, Request{Method: http.MethodGet, Path: p}, nil); err != nil {
			t.Fatal(err)
		}
	}
	want := CapPause(85, 80, 0)
	if len(clk.sleeps) != 1 || clk.sleeps[0] != want {
		t.Fatalf("want one pause of %s before the second call to WABA 777, got %v", want, clk.sleeps)
	}
	// A pause that passes the deadline stops the call with the cap as the reason.
	ctx2, cancel := context.WithDeadline(ctx, clk.now().Add(time.Second))
	defer cancel()
	err := c.Do(ctx2, Request{Method: http.MethodGet, Path: "777"}, nil)
	if !IsQuotaPaused(err) || !strings.Contains(err.Error(), "max_quota_percent is 80") {
		t.Fatalf("want the cap to stop the call, got %v", err)
	}
	if calls.Load() != 4 {
		t.Fatalf("calls %d", calls.Load())
	}
}
