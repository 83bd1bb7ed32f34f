package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
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

// configuredServer is a protocol server whose provider is tuned by tune, configured on the
// emulator.
func configuredServer(t *testing.T, srvURL string, seed emulator.Seed, tune func(*whatsappProvider)) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse, *tfprotov6.GetResourceIdentitySchemasResponse) {
	t.Helper()
	ctx := context.Background()
	s, err := newServerWith("test", fastpath.ModeVerify, testQuota, tune)()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	identities, err := s.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	config := objectOf(t, schemas.Provider.ValueType(), map[string]string{
		"base_url": srvURL, "access_token": seed.AccessToken, "business_account_id": seed.BusinessAccountID,
		"app_id": seed.AppID, "app_secret": seed.AppSecret,
	})
	configured, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.15.0", Config: dynamicValue(t, config)})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatal("configuring the provider: ", err, configured.Diagnostics)
	}
	return s, schemas, identities
}

// readOutcome is what a ReadResource answered, in comparable form.
type readOutcome struct {
	diagnostics []string
	state       tftypes.Value
	identity    tftypes.Value
}

func readResource(t *testing.T, s tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, identities *tfprotov6.GetResourceIdentitySchemasResponse, typeName string, state map[string]string) readOutcome {
	t.Helper()
	stateType := schemas.ResourceSchemas[typeName].ValueType()
	resp, err := s.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: dynamicValue(t, objectOf(t, stateType, state))})
	if err != nil {
		t.Fatal(err)
	}
	var out readOutcome
	for _, d := range resp.Diagnostics {
		out.diagnostics = append(out.diagnostics, fmt.Sprintf("%d %s: %s", d.Severity, d.Summary, d.Detail))
	}
	if out.state, err = resp.NewState.Unmarshal(stateType); err != nil {
		t.Fatal(err)
	}
	if resp.NewIdentity != nil && resp.NewIdentity.IdentityData != nil {
		if out.identity, err = resp.NewIdentity.IdentityData.Unmarshal(identities.IdentitySchemas[typeName].ValueType()); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// An object gone at Meta and read inside a batch leaves the state as it does read alone: removed,
// with the same warning and identity.
func TestVanishedObjectInABatchReadsAsAlone(t *testing.T) {
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	emu, seed := srv.Emulator, srv.Emulator.Seed()
	const missing = "100000000000009"
	cases := map[string]struct {
		state map[string]string
		// read is the path of the object's read in the log; listing, for an object read from a
		// listing, the path of the listing, which is the read made in the batch (the object
		// missing from it is then confirmed by a read of its own).
		read, listing string
	}{
		"whatsapp_phone_number":              {map[string]string{"id": missing, "business_account_id": seed.BusinessAccountID}, "/" + missing + "$", "/phone_numbers$"},
		"whatsapp_business_profile":          {map[string]string{"id": missing, "phone_number_id": missing}, "/" + missing + "/whatsapp_business_profile$", ""},
		"whatsapp_commerce_settings":         {map[string]string{"id": missing, "phone_number_id": missing}, "/" + missing + "/whatsapp_commerce_settings$", ""},
		"whatsapp_conversational_automation": {map[string]string{"id": missing, "phone_number_id": missing}, "/" + missing + "$", ""},
		"whatsapp_business_encryption":       {map[string]string{"id": missing, "phone_number_id": missing}, "/" + missing + "/whatsapp_business_encryption$", ""},
		"whatsapp_phone_number_webhook":      {map[string]string{"id": missing, "phone_number_id": missing}, "/" + missing + "$", ""},
		"whatsapp_qr_code": {map[string]string{"id": seed.PhoneNumberID + "/ANED2T5QRU7HG2", "phone_number_id": seed.PhoneNumberID, "code": "ANED2T5QRU7HG2", "image_format": "PNG"},
			"/message_qrdls/ANED2T5QRU7HG2$", "/message_qrdls$"},
		"whatsapp_business_account": {map[string]string{"id": missing}, "/" + missing + "$", ""},
		"whatsapp_flow":             {map[string]string{"id": missing, "business_account_id": seed.BusinessAccountID, "name": "gone"}, "/" + missing + "$", ""},
	}
	alone, schemas, identities := configuredServer(t, srv.URL, seed, nil)
	batched, _, _ := configuredServer(t, srv.URL, seed, func(p *whatsappProvider) { p.linger = 300 * time.Millisecond })
	for typeName, tc := range cases {
		t.Run(typeName, func(t *testing.T) {
			want := readResource(t, alone, schemas, identities, typeName, tc.state)
			if !want.state.IsNull() || len(want.diagnostics) != 1 {
				t.Fatalf("read alone: state %v, diagnostics %v; want the object removed with a warning", want.state, want.diagnostics)
			}
			emu.ClearRequests()
			var got readOutcome
			var wg sync.WaitGroup
			wg.Add(3)
			go func() { defer wg.Done(); got = readResource(t, batched, schemas, identities, typeName, tc.state) }()
			go func() {
				defer wg.Done()
				readResource(t, batched, schemas, identities, "whatsapp_business_account", map[string]string{"id": seed.BusinessAccountID})
			}()
			go func() {
				defer wg.Done()
				readResource(t, batched, schemas, identities, "whatsapp_commerce_settings", map[string]string{"id": seed.PhoneNumberID, "phone_number_id": seed.PhoneNumberID})
			}()
			wg.Wait()
			if fmt.Sprint(got.diagnostics) != fmt.Sprint(want.diagnostics) || !got.state.Equal(want.state) || !got.identity.Equal(want.identity) {
				t.Errorf("read in a batch: %+v\nwant as alone: %+v", got, want)
			}
			read, batched := regexp.MustCompile(tc.read), regexp.MustCompile(tc.read)
			if tc.listing != "" {
				batched = regexp.MustCompile(tc.listing)
			}
			readFailed, inBatch := false, false
			for _, r := range emu.Requests() {
				if r.Method != http.MethodGet {
					continue
				}
				readFailed = readFailed || (read.MatchString(r.Path) && r.Code != 0)
				inBatch = inBatch || (batched.MatchString(r.Path) && r.Batch != 0)
			}
			if !readFailed || !inBatch {
				t.Errorf("want the object's read failed (%v) and made in a batch (%v): %+v", readFailed, inBatch, emu.Requests())
			}
		})
	}
}

// refresh_read_ahead is on unless the attribute or WHATSAPP_REFRESH_READ_AHEAD turns it off; the
// attribute wins, and an environment value that is not a boolean is refused naming both.
func TestRefreshReadAheadSetting(t *testing.T) {
	for _, tc := range []struct {
		name string
		attr types.Bool
		env  string
		want bool
		err  string
	}{
		{"default", types.BoolNull(), "", true, ""},
		{"env off", types.BoolNull(), "false", false, ""},
		{"env on", types.BoolNull(), "1", true, ""},
		{"attribute wins", types.BoolValue(true), "false", true, ""},
		{"attribute off", types.BoolValue(false), "", false, ""},
		{"env not a boolean", types.BoolNull(), "sometimes", false, `refresh_read_ahead (from WHATSAPP_REFRESH_READ_AHEAD) is "sometimes"; it must be true or false.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envRefreshReadAhead, tc.env)
			var diags diag.Diagnostics
			got, ok := refreshReadAhead(tc.attr, &diags)
			if tc.err != "" {
				if ok || !diags.HasError() || diags[0].Detail() != tc.err {
					t.Errorf("want the error %q, got %v", tc.err, diags)
				}
				return
			}
			if !ok || got != tc.want || diags.HasError() {
				t.Errorf("got %v (ok %v, %v), want %v", got, ok, diags, tc.want)
			}
		})
	}
}
