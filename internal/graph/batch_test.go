package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// newSecretClient is newEmulatorClient with the app secret configured, so every call carries
// appsecret_proof.
func newSecretClient(t *testing.T, opts emulator.Options, cfg Config) (*Client, *emulator.Emulator) {
	t.Helper()
	srv, err := emulator.Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	seed := srv.Emulator.Seed()
	cfg.BaseURL, cfg.AccessToken, cfg.AppSecret = srv.URL, seed.AccessToken, seed.AppSecret
	if cfg.RetryMinWait == 0 {
		cfg.RetryMinWait, cfg.RetryMaxWait = 10*time.Millisecond, 50*time.Millisecond
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv.Emulator
}

func getCall(path string, out any) BatchCall {
	return BatchCall{Request: Request{Method: http.MethodGet, Path: path, Idempotent: true}, Out: out}
}

// batchRecords splits the request log into batch calls and the calls made inside them.
func batchRecords(log []emulator.RequestRecord) (batches, inner []emulator.RequestRecord) {
	for _, r := range log {
		switch {
		case r.BatchSize > 0:
			batches = append(batches, r)
		case r.Batch > 0:
			inner = append(inner, r)
		}
	}
	return batches, inner
}

func TestBatchAnswersEachCallInItsPlace(t *testing.T) {
	c, emu := newSecretClient(t, emulator.Options{RequireAppSecretProof: true}, Config{})
	seed := emu.Seed()
	emu.ClearRequests()
	var waba WhatsAppBusinessAccount
	var phone PhoneNumber
	results := c.Batch(context.Background(), []BatchCall{
		getCall(seed.BusinessAccountID, &waba),
		getCall(seed.PhoneNumberID, &phone),
		getCall("999999999999999", nil),
	})
	if len(results) != 3 {
		t.Fatalf("results: %d", len(results))
	}
	if results[0].Err != nil || waba.ID != seed.BusinessAccountID || waba.Name == "" || results[0].Status != 200 {
		t.Errorf("WABA: %+v %+v", results[0], waba)
	}
	if results[1].Err != nil || phone.ID != seed.PhoneNumberID {
		t.Errorf("phone number: %+v %+v", results[1], phone)
	}
	var ge *Error
	if err := results[2].Err; !errors.As(err, &ge) || !IsNotFound(err) || ge.HTTPStatus != 400 || ge.FBTraceID == "" || results[2].Status != 400 {
		t.Errorf("unknown id: want its own *Error (100/33), got %#v", err)
	}
	if got := results[0].Header.Get(headerBusinessUseCaseUsage); !strings.Contains(got, seed.BusinessAccountID) {
		t.Errorf("the call's own usage header: %q", got)
	}
	batches, inner := batchRecords(emu.Requests())
	if len(batches) != 1 || batches[0].Path != "/v23.0/" || batches[0].Method != http.MethodPost || batches[0].BatchSize != 3 {
		t.Fatalf("one batch call pinned to the version: %+v", batches)
	}
	for _, r := range inner {
		if !strings.HasPrefix(r.Path, "/v23.0/") || r.Unversioned {
			t.Errorf("a call of the batch is not pinned: %+v", r)
		}
		if !strings.Contains(r.Query, "appsecret_proof=REDACTED") {
			t.Errorf("a call of the batch carries no appsecret_proof: %+v", r)
		}
	}
	if s := c.Stats(); s.Calls != 1 || s.Batched != 3 {
		t.Errorf("stats: %+v", s)
	}
}

func TestBatchSplitsIntoCallsOfFifty(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	emu.ClearRequests()
	ids := []string{seed.BusinessAccountID, seed.PhoneNumberID}
	calls := make([]BatchCall, 120)
	outs := make([]struct {
		ID string `json:"id"`
	}, len(calls))
	for i := range calls {
		calls[i] = getCall(ids[i%2], &outs[i])
	}
	results := c.Batch(context.Background(), calls)
	for i, r := range results {
		if r.Err != nil || outs[i].ID != ids[i%2] {
			t.Fatalf("call %d: %v, id %q", i, r.Err, outs[i].ID)
		}
	}
	batches, inner := batchRecords(emu.Requests())
	if len(batches) != 3 || batches[0].BatchSize != 50 || batches[1].BatchSize != 50 || batches[2].BatchSize != 20 || len(inner) != 120 {
		t.Errorf("want batches of 50, 50 and 20: %d batches, %d calls: %+v", len(batches), len(inner), batches)
	}
}

func TestBatchFailureIsEveryCallsResult(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	emu.AddFault(emulator.Fault{PathRegex: "^/v23.0/$", Code: 10, Times: 1})
	results := c.Batch(context.Background(), []BatchCall{getCall(seed.BusinessAccountID, nil), getCall(seed.PhoneNumberID, nil)})
	for i, r := range results {
		if !IsPermission(r.Err) || r.Status != 0 {
			t.Errorf("call %d: want the batch call's code 10 error, got %+v", i, r)
		}
	}
	// A call that cannot be batched fails alone.
	results = c.Batch(context.Background(), []BatchCall{
		{Request: Request{Method: http.MethodPost, Path: "123/uploads", RawBody: []byte("data")}},
		getCall(seed.BusinessAccountID, nil),
	})
	if results[0].Err == nil || !strings.Contains(results[0].Err.Error(), "cannot be sent in a batch") || results[1].Err != nil {
		t.Errorf("upload in a batch: %+v", results)
	}
}

func TestBatchRetriesARateLimitedCallAlone(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 2})
	seed := emu.Seed()
	emu.AddFault(emulator.Fault{Method: http.MethodGet, PathRegex: "/" + seed.BusinessAccountID + "$", Code: 80008, Times: 1})
	emu.ClearRequests()
	var waba WhatsAppBusinessAccount
	results := c.Batch(context.Background(), []BatchCall{getCall(seed.BusinessAccountID, &waba), getCall(seed.PhoneNumberID, nil)})
	if results[0].Err != nil || waba.ID != seed.BusinessAccountID || results[1].Err != nil {
		t.Fatalf("results: %+v", results)
	}
	batches, inner := batchRecords(emu.Requests())
	if len(batches) != 2 || batches[1].BatchSize != 1 || len(inner) != 3 {
		t.Errorf("want the refused call sent again alone in a second batch: %+v / %+v", batches, inner)
	}
	if s := c.Stats(); s.RateLimited != 1 || s.Retries != 1 {
		t.Errorf("stats: %+v", s)
	}
}

func TestBatchIncompleteCalls(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 1})
	seed := emu.Seed()
	// A GET whose answer is lost (null) is repeated; a POST is not: Meta may have acted.
	emu.AddFault(emulator.Fault{Method: http.MethodGet, PathRegex: "/" + seed.BusinessAccountID + "$", LoseResponse: true, Times: 1})
	emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: "/whatsapp_business_profile$", LoseResponse: true, Times: 1})
	results := c.Batch(context.Background(), []BatchCall{
		getCall(seed.BusinessAccountID, nil),
		{Request: Request{Method: http.MethodPost, Path: seed.PhoneNumberID + "/whatsapp_business_profile",
			Body: map[string]any{"messaging_product": "whatsapp", "about": "Open on weekdays"}}},
	})
	if results[0].Err != nil {
		t.Errorf("the idempotent call was not repeated: %v", results[0].Err)
	}
	var te *TransportError
	if err := results[1].Err; !errors.Is(err, ErrBatchIncomplete) || !errors.As(err, &te) || !IsAmbiguous(err) {
		t.Errorf("lost answer of a POST: %v", err)
	}
	// The POST did take effect, as a lost answer allows.
	profile, err := c.GetBusinessProfile(context.Background(), seed.PhoneNumberID)
	if err != nil || profile.About != "Open on weekdays" {
		t.Errorf("profile after the lost answer: %+v %v", profile, err)
	}
}

func TestBatchBodiesAndTokens(t *testing.T) {
	c, emu := newSecretClient(t, emulator.Options{RequireAppSecretProof: true}, Config{})
	seed := emu.Seed()
	var app struct {
		ID string `json:"id"`
	}
	results := c.Batch(context.Background(), []BatchCall{
		// A JSON body becomes Meta's form body, structured fields as JSON text.
		{Request: Request{Method: http.MethodPost, Path: seed.BusinessAccountID + "/message_templates", Body: map[string]any{
			"name": "pickup_ready", "language": "en_US", "category": "UTILITY",
			"components": []any{map[string]any{"type": "BODY", "text": "Your order {{1}} is ready for pickup at the front desk.",
				"example": map[string]any{"body_text": []any{[]any{"A-7"}}}}},
		}}},
		// A call with a token of its own (the app token) and its own proof.
		{Request: Request{Method: http.MethodGet, Path: seed.AppID, AccessToken: seed.AppID + "|" + seed.AppSecret}, Out: &app},
	})
	if results[0].Err != nil {
		t.Fatalf("create in a batch: %v", results[0].Err)
	}
	if results[1].Err != nil || app.ID != seed.AppID {
		t.Fatalf("app token call: %v %+v", results[1].Err, app)
	}
	list, err := c.ListMessageTemplates(context.Background(), seed.BusinessAccountID, TemplateFilter{Name: "pickup_ready"})
	if err != nil || len(list) != 1 || len(list[0].Components) != 1 {
		t.Errorf("created template: %+v %v", list, err)
	}
}

func TestBatchUsageFeedsTheQuota(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{BUCQuotaPerHour: 4}, Config{MaxQuotaPercent: 50})
	seed := emu.Seed()
	results := c.Batch(context.Background(), []BatchCall{
		getCall(seed.BusinessAccountID, nil), getCall(seed.BusinessAccountID, nil), getCall(seed.BusinessAccountID, nil),
	})
	for _, r := range results {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	// The calls' usage headers put the WABA at 75%, over the cap: its gate is closed.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	emu.ClearRequests()
	_, err := c.GetWABA(ctx, seed.BusinessAccountID)
	if !IsQuotaPaused(err) || len(emu.Requests()) != 0 {
		t.Errorf("want the call paused without calling Graph, got %v (%d calls)", err, len(emu.Requests()))
	}
}

func TestBatchLogsMaskSecrets(t *testing.T) {
	c, emu := newSecretClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	const pin = "246810"
	appToken := seed.AppID + "|" + seed.AppSecret
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	results := c.Batch(ctx, []BatchCall{
		getCall(seed.BusinessAccountID, nil),
		{Request: Request{Method: http.MethodGet, Path: seed.AppID, AccessToken: appToken}},
		{Request: Request{Method: http.MethodPost, Path: seed.PhoneNumberID + "/register",
			Body: map[string]string{"messaging_product": "whatsapp", "pin": pin}, Secrets: []string{pin}}},
	})
	if results[0].Err != nil || results[1].Err != nil {
		t.Fatalf("results: %+v", results)
	}
	out := logs.String()
	if !strings.Contains(out, "Graph batch answer") || !strings.Contains(out, "relative_url") {
		t.Fatalf("expected batch logs, got:\n%s", out)
	}
	for name, s := range map[string]string{
		"token": seed.AccessToken, "app secret": seed.AppSecret, "app token": appToken, "pin": pin,
		"appsecret_proof": AppSecretProof(seed.AccessToken, seed.AppSecret), "app token proof": AppSecretProof(appToken, seed.AppSecret),
	} {
		if strings.Contains(out, s) {
			t.Errorf("the %s appears in the logs", name)
		}
	}
}

func ExampleClient_Batch() {
	srv, _ := emulator.Start("127.0.0.1:0", emulator.Options{})
	defer srv.Close()
	seed := srv.Emulator.Seed()
	c, _ := New(Config{BaseURL: srv.URL, AccessToken: seed.AccessToken})
	var waba WhatsAppBusinessAccount
	results := c.Batch(context.Background(), []BatchCall{
		{Request: Request{Method: http.MethodGet, Path: seed.BusinessAccountID}, Out: &waba},
		{Request: Request{Method: http.MethodGet, Path: "999999999999999"}},
	})
	fmt.Println(results[0].Err == nil, waba.ID == seed.BusinessAccountID)
	fmt.Println(IsNotFound(results[1].Err))
	// Output:
	// true true
	// true
}
