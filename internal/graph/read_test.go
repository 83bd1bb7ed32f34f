package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// A listing read through a Coalescer reads every page, the first one gathered with the other
// reads made at the same time, and gives what the client reads alone.
func TestReadListingThroughCoalescer(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	phone := emu.Seed().PhoneNumberID
	ctx := context.Background()
	for i := range 30 { // more than one page of 25
		if _, err := c.CreateQRCode(ctx, phone, "Hello number "+string(rune('a'+i%26))+string(rune('a'+i/26)), ""); err != nil {
			t.Fatal(err)
		}
	}
	alone, err := c.ListQRCodes(ctx, phone, QRImagePNG)
	if err != nil || len(alone) != 30 {
		t.Fatalf("listing alone: %d codes, %v", len(alone), err)
	}
	emu.ClearRequests()
	q := NewCoalescer(c, 100*time.Millisecond)
	var (
		codes   []QRCode
		profile *BusinessProfile
		errs    = make(chan error, 2)
	)
	go func() {
		var err error
		codes, err = QRCodesRead(phone, QRImagePNG).Get(ctx, q)
		errs <- err
	}()
	go func() {
		var err error
		profile, err = BusinessProfileRead(phone).Get(ctx, q)
		errs <- err
	}()
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if profile == nil || !slices.Equal(codes, alone) {
		t.Errorf("through the coalescer: profile %v, codes %v; want the codes read alone %v", profile, codes, alone)
	}
	batches, inner := batchRecords(emu.Requests())
	if len(batches) != 1 || batches[0].BatchSize != 2 || len(inner) != 2 {
		t.Errorf("want the first page and the profile in one batch of 2: %+v", emu.Requests())
	}
	if n := len(emu.Requests()); n != 4 { // the batch, its two requests, the second page alone
		t.Errorf("want 4 records, got %d: %+v", n, emu.Requests())
	}
}

// Decode turns the body of an answer the caller got in a batch of its own into the object, as
// Get does.
func TestReadDecodeOfABatchAnswer(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	phone := emu.Seed().PhoneNumberID
	ctx := context.Background()
	if err := c.SetCommerceSettings(ctx, phone, false, true); err != nil {
		t.Fatal(err)
	}
	reads := []Read[*CommerceSettings]{CommerceSettingsRead(phone), CommerceSettingsRead("999999999999999")}
	bodies := make([]json.RawMessage, len(reads))
	calls := make([]BatchCall, len(reads))
	for i, r := range reads {
		calls[i] = BatchCall{Request: r.Request, Out: &bodies[i]}
	}
	results := c.Batch(ctx, calls)
	if results[0].Err != nil || results[0].Status != http.StatusOK {
		t.Fatalf("first call: %+v", results[0])
	}
	cs, err := reads[0].Decode(ctx, c, bodies[0])
	if err != nil || cs.IsCartEnabled || !cs.IsCatalogVisible {
		t.Errorf("decoded %+v, %v; want cart off, catalog on", cs, err)
	}
	if !IsNotFound(results[1].Err) {
		t.Errorf("the unknown number's call: want its own not-found error, got %v", results[1].Err)
	}
}
