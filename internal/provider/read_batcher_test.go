package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// batcherFixture is an emulator account with numbers phones (the seeded one first) and a
// configuration's providerData on it.
type batcherFixture struct {
	emu    *emulator.Emulator
	client *graph.Client
	data   *providerData
	phones []string
}

func newBatcherFixture(t *testing.T, numbers int, readAhead bool) *batcherFixture {
	t.Helper()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	seed := srv.Emulator.Seed()
	client, err := graph.New(graph.Config{BaseURL: srv.URL, AccessToken: seed.AccessToken, RetryMinWait: 10 * time.Millisecond, RetryMaxWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f := &batcherFixture{emu: srv.Emulator, client: client, phones: []string{seed.PhoneNumberID}}
	for i := 1; i < numbers; i++ {
		id, err := srv.Emulator.AddPhoneNumber(seed.BusinessAccountID, "1", fmt.Sprintf("63155520%02d", i), "Batch Test")
		if err != nil {
			t.Fatal(err)
		}
		f.phones = append(f.phones, id)
	}
	f.data = &providerData{client: client, businessAccountID: seed.BusinessAccountID, refreshReadAhead: readAhead, linger: 50 * time.Millisecond}
	srv.Emulator.ClearRequests()
	return f
}

// readConcurrently reads the commerce settings of phones at once, as Terraform's parallel
// refreshes do.
func (f *batcherFixture) readConcurrently(t *testing.T, rb *readBatcher, phones []string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(phones))
	for _, p := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := rb.commerce.get(context.Background(), p); err != nil {
				errs <- fmt.Errorf("%s: %w", p, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// commerceReads counts the reads of commerce settings in the log, per number.
func commerceReads(log []emulator.RequestRecord) map[string]int {
	re := regexp.MustCompile(`/([0-9]+)/whatsapp_commerce_settings$`)
	out := map[string]int{}
	for _, r := range log {
		if m := re.FindStringSubmatch(r.Path); m != nil && r.Method == http.MethodGet {
			out[m[1]]++
		}
	}
	return out
}

func httpCalls(log []emulator.RequestRecord) int {
	n := 0
	for _, r := range log {
		if r.Batch == 0 {
			n++
		}
	}
	return n
}

// After readAheadAfter numbers, the kind is read for the account's other numbers in batches, once
// each, and their reads then make no call.
func TestReadBatcherReadsAheadInBatches(t *testing.T) {
	f := newBatcherFixture(t, 60, true)
	rb := readerOf(f.data)
	f.readConcurrently(t, rb, f.phones[:readAheadAfter])
	deadline := time.Now().Add(10 * time.Second)
	for len(commerceReads(f.emu.Requests())) < len(f.phones) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	before := len(f.emu.Requests())
	for _, p := range f.phones[readAheadAfter:] {
		if _, err := rb.commerce.get(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	log := f.emu.Requests()
	if len(log) != before {
		t.Errorf("the numbers read ahead made %d calls when Terraform asked for them: %+v", len(log)-before, log[before:])
	}
	for _, p := range f.phones {
		if n := commerceReads(log)[p]; n != 1 {
			t.Errorf("number %s read %d times, want once", p, n)
		}
	}
	// One batch for the first three, the listing of the account's numbers, and the 57 others in
	// two batches.
	if n := httpCalls(log); n > 4 {
		t.Errorf("%d numbers took %d HTTP calls, want at most 4: %+v", len(f.phones), n, log)
	}
}

// With read-ahead off, only the numbers asked for are read.
func TestReadBatcherReadAheadOff(t *testing.T) {
	f := newBatcherFixture(t, 6, false)
	rb := readerOf(f.data)
	f.readConcurrently(t, rb, f.phones[:4])
	time.Sleep(200 * time.Millisecond) // a read-ahead would have started by now
	reads := commerceReads(f.emu.Requests())
	for i, p := range f.phones {
		want := 0
		if i < 4 {
			want = 1
		}
		if reads[p] != want {
			t.Errorf("number %d (%s) read %d times, want %d", i, p, reads[p], want)
		}
	}
	if n := httpCalls(f.emu.Requests()); n != 1 {
		t.Errorf("4 concurrent reads took %d HTTP calls, want one batch", n)
	}
}

// A read-ahead that failed for a number is not its answer: its own read is.
func TestReadBatcherFailedReadAheadLeavesTheObjectToItsOwnRead(t *testing.T) {
	f := newBatcherFixture(t, 5, true)
	rb := readerOf(f.data)
	last := f.phones[4]
	f.emu.AddFault(emulator.Fault{Method: http.MethodGet, PathRegex: "/" + last + "/whatsapp_commerce_settings$", Code: 2, Times: 1})
	if err := f.emu.SetCommerceSettings(last, false, true); err != nil {
		t.Fatal(err)
	}
	f.readConcurrently(t, rb, f.phones[:readAheadAfter])
	deadline := time.Now().Add(10 * time.Second)
	for commerceReads(f.emu.Requests())[last] == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	cs, err := rb.commerce.get(context.Background(), last)
	if err != nil || cs.IsCartEnabled || !cs.IsCatalogVisible {
		t.Fatalf("own read after a failed read-ahead: %+v, %v", cs, err)
	}
	if n := commerceReads(f.emu.Requests())[last]; n != 2 {
		t.Errorf("number read %d times, want the failed read-ahead and its own read", n)
	}
}

// What this process writes replaces what the command read ahead.
func TestReadBatcherWritesReplaceReadAhead(t *testing.T) {
	f := newBatcherFixture(t, 4, true)
	rb := readerOf(f.data)
	f.readConcurrently(t, rb, f.phones[:readAheadAfter])
	last := f.phones[3]
	deadline := time.Now().Add(10 * time.Second)
	for commerceReads(f.emu.Requests())[last] == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	rb.commerce.put(last, &graph.CommerceSettings{IsCartEnabled: false, IsCatalogVisible: true})
	if cs, err := rb.commerce.get(context.Background(), last); err != nil || cs.IsCartEnabled || !cs.IsCatalogVisible {
		t.Errorf("after put: %+v, %v", cs, err)
	}
	rb.commerce.forget(last)
	if cs, err := rb.commerce.get(context.Background(), last); err != nil || !cs.IsCartEnabled {
		t.Errorf("after forget, read again from Meta (cart enabled): %+v, %v", cs, err)
	}
	if n := commerceReads(f.emu.Requests())[last]; n != 2 {
		t.Errorf("number read %d times, want the read-ahead and the read after forget", n)
	}
}

// A QR code missing from its number's listing is read directly before it is treated as gone;
// codes created, changed and deleted by this process keep the listing right.
func TestReadBatcherQRCodeListing(t *testing.T) {
	f := newBatcherFixture(t, 1, true)
	rb := readerOf(f.data)
	ctx := context.Background()
	phone := f.phones[0]
	first, err := f.client.CreateQRCode(ctx, phone, "Hello from the first code", graph.QRImagePNG)
	if err != nil {
		t.Fatal(err)
	}
	if qr, err := rb.qrCode(ctx, phone, first.Code, graph.QRImagePNG); err != nil || qr.PrefilledMessage != "Hello from the first code" || qr.QRImageURL != first.QRImageURL {
		t.Fatalf("listed code: %+v, %v", qr, err)
	}
	// Created outside the listing: confirmed by a direct read, then kept.
	second, err := f.client.CreateQRCode(ctx, phone, "Hello from the second code", graph.QRImagePNG)
	if err != nil {
		t.Fatal(err)
	}
	f.emu.ClearRequests()
	for range 2 {
		if qr, err := rb.qrCode(ctx, phone, second.Code, graph.QRImagePNG); err != nil || qr.Code != second.Code {
			t.Fatalf("code created after the listing: %+v, %v", qr, err)
		}
	}
	if n := len(f.emu.Requests()); n != 1 {
		t.Errorf("want one direct read of the code missing from the listing, got %d calls", n)
	}
	// Deleted outside Terraform: the direct read finds it gone.
	f.emu.DeleteQRCode(phone, first.Code)
	rb.forgetQRCode(phone, first.Code)
	if _, err := rb.qrCode(ctx, phone, first.Code, graph.QRImagePNG); !graph.IsNotFound(err) {
		t.Errorf("deleted code: want not found, got %v", err)
	}
	// Changed by this process: the listing holds the new message.
	changed := *second
	changed.PrefilledMessage = "Changed message of the code"
	rb.putQRCode(phone, graph.QRImagePNG, &changed)
	if qr, _ := rb.qrCode(ctx, phone, second.Code, graph.QRImagePNG); qr == nil || qr.PrefilledMessage != changed.PrefilledMessage {
		t.Errorf("after put: %+v", qr)
	}
}

// A change made while a listing is being read applies to it when it arrives.
func TestListingCacheChangeDuringListing(t *testing.T) {
	release := make(chan struct{})
	c := newListingCache("things", func(s *string) string { return *s }, func(ctx context.Context, key string) ([]string, error) {
		<-release
		return []string{"a", "b"}, nil
	})
	done := make(chan []string)
	go func() {
		all, _ := c.all(context.Background(), "k")
		done <- all
	}()
	for {
		c.mu.Lock()
		_, started := c.listings["k"]
		c.mu.Unlock()
		if started {
			break
		}
		time.Sleep(time.Millisecond)
	}
	c.put("k", "c")
	c.remove("k", "a")
	close(release)
	got := <-done
	if len(got) != 2 || got[0] != "b" || got[1] != "c" {
		t.Errorf("listing after changes made while it was read: %v, want [b c]", got)
	}
	if _, listed := c.find(context.Background(), "k", "a"); listed {
		t.Error("a removed object is not listed")
	}
}

// A failed listing is not kept: the next reader lists again.
func TestListingCacheForgetsFailedListing(t *testing.T) {
	calls := 0
	c := newListingCache("things", func(s *string) string { return *s }, func(ctx context.Context, key string) ([]string, error) {
		calls++
		if calls == 1 {
			return nil, fmt.Errorf("transient")
		}
		return []string{"a"}, nil
	})
	if _, listed := c.find(context.Background(), "k", "a"); listed {
		t.Error("a failed listing lists nothing")
	}
	if _, listed := c.find(context.Background(), "k", "a"); !listed || calls != 2 {
		t.Errorf("the next reader lists again: listed %v after %d listings", listed, calls)
	}
}
