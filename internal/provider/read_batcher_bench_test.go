package provider

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The hot paths of a refresh of many phone numbers: a read answered from the command's
// read-ahead, a lookup in a listing, and a whole refresh of 100 numbers' settings through the
// read batcher against the in-process emulator.

// benchAccount is an emulator account with n numbers, each with a QR code: the numbers, and the
// code of each.
func benchAccount(b *testing.B, n int) (*emulator.Emulator, *graph.Client, []string, map[string]string) {
	b.Helper()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{BUCQuotaPerHour: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	seed := srv.Emulator.Seed()
	client, err := graph.New(graph.Config{BaseURL: srv.URL, AccessToken: seed.AccessToken})
	if err != nil {
		b.Fatal(err)
	}
	phones := []string{seed.PhoneNumberID}
	for i := 1; i < n; i++ {
		id, err := srv.Emulator.AddPhoneNumber(seed.BusinessAccountID, "1", fmt.Sprintf("6315554%03d", i), "Bench Line")
		if err != nil {
			b.Fatal(err)
		}
		phones = append(phones, id)
	}
	codes := map[string]string{}
	for _, p := range phones {
		qr, err := client.CreateQRCode(context.Background(), p, "Hello from the benchmark", graph.QRImagePNG)
		if err != nil {
			b.Fatal(err)
		}
		codes[p] = qr.Code
	}
	return srv.Emulator, client, phones, codes
}

// A read the command has already read ahead.
func BenchmarkReadAheadHit(b *testing.B) {
	rb := newReadBatcher(&providerData{})
	rb.commerce.put("106540352242922", &graph.CommerceSettings{IsCartEnabled: true})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rb.commerce.get(ctx, "106540352242922"); err != nil {
			b.Fatal(err)
		}
	}
}

// A phone number found in its account's listing of 100.
func BenchmarkListingFind(b *testing.B) {
	all := make([]graph.PhoneNumber, 100)
	for i := range all {
		all[i] = graph.PhoneNumber{ID: fmt.Sprint(106540352242900 + i), DisplayPhoneNumber: "+1 631-555-1000", Status: "CONNECTED"}
	}
	c := newListingCache("phone numbers", func(p *graph.PhoneNumber) string { return p.ID },
		func(context.Context, string) ([]graph.PhoneNumber, error) { return all, nil })
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := c.find(ctx, "102290129340398", "106540352242950"); !ok {
			b.Fatal("not listed")
		}
	}
}

// A refresh of 100 numbers' business profile, commerce settings and QR code (300 objects), read
// as Terraform reads them, ten at a time: mostly read ahead, in batches. Reports the HTTP calls
// per refresh.
func BenchmarkRefresh100Numbers(b *testing.B) {
	emu, client, phones, codes := benchAccount(b, 100)
	seed := emu.Seed()
	ctx := context.Background()
	calls := 0
	b.ReportAllocs()
	for b.Loop() {
		emu.ClearRequests()
		rb := newReadBatcher(&providerData{client: client, businessAccountID: seed.BusinessAccountID, refreshReadAhead: true})
		work := make(chan string)
		var wg sync.WaitGroup
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for p := range work {
					if _, err := rb.profiles.get(ctx, p); err != nil {
						b.Error(err)
					}
					if _, err := rb.commerce.get(ctx, p); err != nil {
						b.Error(err)
					}
					if _, err := rb.qrCode(ctx, p, codes[p], graph.QRImagePNG); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for _, p := range phones {
			work <- p
		}
		close(work)
		wg.Wait()
		for _, r := range emu.Requests() {
			if r.Batch == 0 {
				calls++
			}
		}
	}
	b.ReportMetric(float64(calls)/float64(b.N), "http_calls/op")
}
