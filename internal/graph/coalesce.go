package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultLinger is how long a Coalescer holds the first GET of a batch for others to join.
const DefaultLinger = 3 * time.Millisecond

// Coalescer gathers the GETs that goroutines make at about the same time (such as parallel
// resource refreshes) into Graph batch requests. The first GET waits up to the linger window for
// others to join; the batch leaves when the window closes or at once when it holds
// MaxBatchRequests. Each caller gets its own answer, decoded into its own out, as if it had made
// the call alone; a batch of one is sent as a plain GET. Other methods are sent at once through
// Client.Do.
//
// A caller whose context ends returns its context's error at once; the batch it was in still
// runs for the others, and is cancelled only when every caller in it has gone. A Coalescer is
// safe for concurrent use and needs no closing.
type Coalescer struct {
	client *Client
	linger time.Duration

	mu      sync.Mutex
	pending *coalescedBatch
}

// NewCoalescer returns a Coalescer sending through client. A linger of 0 or less is
// DefaultLinger.
func NewCoalescer(client *Client, linger time.Duration) *Coalescer {
	if linger <= 0 {
		linger = DefaultLinger
	}
	return &Coalescer{client: client, linger: linger}
}

// coalescedBatch is a batch being gathered.
type coalescedBatch struct {
	calls []*coalescedCall
	timer *time.Timer
}

// coalescedCall is one caller's GET.
type coalescedCall struct {
	ctx  context.Context
	req  Request
	done chan coalescedAnswer // buffered: the sender never waits for a caller that left
}

// coalescedAnswer is a caller's raw answer; the caller decodes it into its own out, so nothing
// writes to the out of a caller that has returned.
type coalescedAnswer struct {
	body json.RawMessage
	err  error
}

// Get makes a GET (any other method goes straight to Client.Do) as part of the next batch and
// decodes its answer into out (when non-nil).
func (q *Coalescer) Get(ctx context.Context, req Request, out any) error {
	if req.Method != http.MethodGet {
		return q.client.Do(ctx, req, out)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	call := &coalescedCall{ctx: ctx, req: req, done: make(chan coalescedAnswer, 1)}
	q.mu.Lock()
	if q.pending == nil {
		b := &coalescedBatch{}
		b.timer = time.AfterFunc(q.linger, func() { q.flush(b) })
		q.pending = b
	}
	b := q.pending
	b.calls = append(b.calls, call)
	full := len(b.calls) >= MaxBatchRequests
	if full {
		q.pending = nil
	}
	q.mu.Unlock()
	if full && b.timer.Stop() {
		go q.send(b.calls)
	}
	select {
	case a := <-call.done:
		if a.err != nil || out == nil || len(a.body) == 0 {
			return a.err
		}
		return json.Unmarshal(a.body, out)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// flush sends the batch b when its linger window closes, unless it filled up and left already.
func (q *Coalescer) flush(b *coalescedBatch) {
	q.mu.Lock()
	if q.pending == b {
		q.pending = nil
	}
	q.mu.Unlock()
	q.send(b.calls)
}

// send sends the calls still wanted, with a context that ends only when every one of their
// callers' contexts has ended, and delivers each answer.
func (q *Coalescer) send(calls []*coalescedCall) {
	live := make([]*coalescedCall, 0, len(calls))
	for _, c := range calls {
		if c.ctx.Err() == nil {
			live = append(live, c)
		}
	}
	if len(live) == 0 {
		return
	}
	ctx, cancel := sharedContext(live)
	defer cancel()
	if len(live) == 1 {
		var body json.RawMessage
		err := q.client.Do(ctx, live[0].req, &body)
		live[0].done <- coalescedAnswer{body: body, err: err}
		return
	}
	batch := make([]BatchCall, len(live))
	bodies := make([]json.RawMessage, len(live))
	for i, c := range live {
		batch[i] = BatchCall{Request: c.req, Out: &bodies[i]}
	}
	for i, res := range q.client.Batch(ctx, batch) {
		live[i].done <- coalescedAnswer{body: bodies[i], err: res.Err}
	}
}

// sharedContext keeps the values of the first caller's context (its logger) and ends when the
// last of the callers' contexts has ended. Its deadline is the latest of theirs when all have
// one.
func sharedContext(calls []*coalescedCall) (context.Context, context.CancelFunc) {
	base := context.WithoutCancel(calls[0].ctx)
	var (
		latest      time.Time
		allDeadline = true
	)
	for _, c := range calls {
		dl, ok := c.ctx.Deadline()
		if !ok {
			allDeadline = false
			break
		}
		if dl.After(latest) {
			latest = dl
		}
	}
	var (
		ctx    context.Context
		cancel context.CancelFunc
	)
	if allDeadline {
		ctx, cancel = context.WithDeadline(base, latest)
	} else {
		ctx, cancel = context.WithCancel(base)
	}
	remaining := atomic.Int64{}
	remaining.Store(int64(len(calls)))
	stops := make([]func() bool, 0, len(calls))
	for _, c := range calls {
		stops = append(stops, context.AfterFunc(c.ctx, func() {
			if remaining.Add(-1) == 0 {
				cancel()
			}
		}))
	}
	return ctx, func() {
		for _, stop := range stops {
			stop()
		}
		cancel()
	}
}
