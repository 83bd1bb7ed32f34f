package graph

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

type idOnly struct {
	ID string `json:"id"`
}

// getConcurrently makes one Get per path from its own goroutine, all released at once, and
// returns each caller's id and error.
func getConcurrently(ctx context.Context, q *Coalescer, paths []string) ([]string, []error) {
	ids, errs := make([]string, len(paths)), make([]error, len(paths))
	var start, done sync.WaitGroup
	start.Add(1)
	for i, p := range paths {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			var out idOnly
			errs[i] = q.Get(ctx, Request{Method: http.MethodGet, Path: p, Idempotent: true}, &out)
			ids[i] = out.ID
		}()
	}
	start.Done()
	done.Wait()
	return ids, errs
}

func TestCoalescerBatchesConcurrentGets(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	emu.ClearRequests()
	q := NewCoalescer(c, 200*time.Millisecond)
	paths := make([]string, 20)
	for i := range paths {
		paths[i] = []string{seed.BusinessAccountID, seed.PhoneNumberID, "999999999999999"}[i%3]
	}
	ids, errs := getConcurrently(context.Background(), q, paths)
	for i, p := range paths {
		if p == "999999999999999" {
			if !IsNotFound(errs[i]) {
				t.Errorf("caller %d: want its own not-found error, got %v", i, errs[i])
			}
			continue
		}
		if errs[i] != nil || ids[i] != p {
			t.Errorf("caller %d: id %q, err %v; want %s", i, ids[i], errs[i], p)
		}
	}
	batches, inner := batchRecords(emu.Requests())
	if len(batches) != 1 || batches[0].BatchSize != 20 || len(inner) != 20 {
		t.Errorf("want one batch of 20: %+v", batches)
	}
}

func TestCoalescerFlushesAtFifty(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	emu.ClearRequests()
	// The linger window outlasts the test: only a full batch leaves.
	q := NewCoalescer(c, time.Hour)
	paths := make([]string, MaxBatchRequests)
	for i := range paths {
		paths[i] = seed.BusinessAccountID
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ids, errs := getConcurrently(ctx, q, paths)
	for i := range paths {
		if errs[i] != nil || ids[i] != seed.BusinessAccountID {
			t.Fatalf("caller %d: %q %v", i, ids[i], errs[i])
		}
	}
	if batches, _ := batchRecords(emu.Requests()); len(batches) != 1 || batches[0].BatchSize != MaxBatchRequests {
		t.Errorf("want one full batch: %+v", batches)
	}
}

func TestCoalescerSendsABatchOfOneAsAPlainGet(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	emu.ClearRequests()
	q := NewCoalescer(c, 0)
	var out idOnly
	if err := q.Get(context.Background(), Request{Method: http.MethodGet, Path: seed.PhoneNumberID}, &out); err != nil || out.ID != seed.PhoneNumberID {
		t.Fatalf("%+v %v", out, err)
	}
	// Other methods are not held at all.
	if err := q.Get(context.Background(), Request{Method: http.MethodPost, Path: seed.PhoneNumberID + "/whatsapp_business_profile",
		Body: map[string]string{"messaging_product": "whatsapp", "about": "Closed on Sundays"}}, nil); err != nil {
		t.Fatal(err)
	}
	log := emu.Requests()
	if len(log) != 2 || log[0].Method != http.MethodGet || log[0].Path != "/v23.0/"+seed.PhoneNumberID || log[0].Batch != 0 || log[1].Method != http.MethodPost {
		t.Errorf("want a plain GET and a plain POST: %+v", log)
	}
}

func TestCoalescerCancelledCallerLeavesTheOthers(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	q := NewCoalescer(c, 50*time.Millisecond)

	run := func(cancelAfter time.Duration) (waited time.Duration, others []error, cancelledErr error) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var wg sync.WaitGroup
		others = make([]error, 3)
		for i := range others {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var out idOnly
				others[i] = q.Get(context.Background(), Request{Method: http.MethodGet, Path: seed.BusinessAccountID}, &out)
				if others[i] == nil && out.ID != seed.BusinessAccountID {
					others[i] = errors.New("wrong answer " + out.ID)
				}
			}()
		}
		time.AfterFunc(cancelAfter, cancel)
		start := time.Now()
		var out idOnly
		cancelledErr = q.Get(ctx, Request{Method: http.MethodGet, Path: seed.PhoneNumberID}, &out)
		waited = time.Since(start)
		wg.Wait()
		return waited, others, cancelledErr
	}

	// Cancelled while the batch gathers: the caller leaves, the batch goes without it.
	emu.ClearRequests()
	waited, others, err := run(10 * time.Millisecond)
	if !errors.Is(err, context.Canceled) || waited > time.Second {
		t.Errorf("cancelled caller: %v after %s", err, waited)
	}
	for i, e := range others {
		if e != nil {
			t.Errorf("caller %d: %v", i, e)
		}
	}
	if batches, inner := batchRecords(emu.Requests()); len(batches) != 1 || batches[0].BatchSize != 3 || len(inner) != 3 {
		t.Errorf("the batch without the cancelled caller: %+v", batches)
	}

	// Cancelled while the batch call is under way: the caller returns at once, the batch call
	// goes on for the others.
	emu.AddFault(emulator.Fault{PathRegex: "^/v23.0/$", LatencyMS: 400, Times: 1})
	emu.ClearRequests()
	waited, others, err = run(100 * time.Millisecond)
	if !errors.Is(err, context.Canceled) || waited > 300*time.Millisecond {
		t.Errorf("caller cancelled during the batch call: %v after %s", err, waited)
	}
	for i, e := range others {
		if e != nil {
			t.Errorf("caller %d: %v", i, e)
		}
	}
	if batches, _ := batchRecords(emu.Requests()); len(batches) != 1 || batches[0].BatchSize != 4 || batches[0].Status != 200 {
		t.Errorf("the batch call completed with every call in it: %+v", batches)
	}

	// A context already ended returns at once without calling.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	emu.ClearRequests()
	if err := q.Get(ctx, Request{Method: http.MethodGet, Path: seed.BusinessAccountID}, nil); !errors.Is(err, context.Canceled) || len(emu.Requests()) != 0 {
		t.Errorf("ended context: %v, %d calls", err, len(emu.Requests()))
	}
}

// endTransport reports when each round trip ended and with what error.
type endTransport struct {
	base http.RoundTripper
	ends chan error
}

func (t *endTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	t.ends <- err
	return resp, err
}

func TestCoalescerCancelsTheBatchWhenEveryCallerLeft(t *testing.T) {
	tr := &endTransport{base: http.DefaultTransport, ends: make(chan error, 4)}
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{HTTPClient: &http.Client{Transport: tr}})
	seed := emu.Seed()
	q := NewCoalescer(c, 20*time.Millisecond)
	emu.AddFault(emulator.Fault{PathRegex: "^/v23.0/$", LatencyMS: 1500, Times: 1})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, errs := getConcurrently(ctx, q, []string{seed.BusinessAccountID, seed.PhoneNumberID})
	for _, err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("want the cancellation, got %v", err)
		}
	}
	// The batch call is abandoned once its last caller left, long before Graph answers.
	select {
	case err := <-tr.ends:
		if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
			t.Errorf("batch call ended after %s with %v; want it cancelled", time.Since(start), err)
		}
	case <-time.After(time.Second):
		t.Errorf("the batch call was not cancelled when every caller had left")
	}
}
