package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// benchTemplate is one template as Graph returns it (the item of templatePage).
func benchTemplate(i int) map[string]any {
	var p struct {
		Data []map[string]any `json:"data"`
	}
	_ = json.Unmarshal(templatePage(1), &p)
	t := p.Data[0]
	t["id"], t["name"] = fmt.Sprint(1000000000000000+i), fmt.Sprintf("order_update_%d", i)
	return t
}

// batchOf50 is a full batch: 25 template reads with a field selection and 25 template edits
// with components, the mix of a refresh followed by an apply.
func batchOf50() []BatchCall {
	calls := make([]BatchCall, MaxBatchRequests)
	for i := range calls {
		id := fmt.Sprint(1000000000000000 + i)
		if i%2 == 0 {
			calls[i] = BatchCall{Request: Request{Method: http.MethodGet, Path: id,
				Query: url.Values{"fields": {TemplateFields}}, Idempotent: true}}
			continue
		}
		t := benchTemplate(i)
		calls[i] = BatchCall{Request: Request{Method: http.MethodPost, Path: id,
			Body: map[string]any{"category": t["category"], "components": t["components"]}}}
	}
	return calls
}

// BenchmarkBatchEncode50 encodes a batch of 50 calls into the form a batch call sends.
func BenchmarkBatchEncode50(b *testing.B) {
	c, err := New(Config{AccessToken: "EAAbenchmarktoken", AppSecret: "0123456789abcdef"})
	if err != nil {
		b.Fatal(err)
	}
	calls := batchOf50()
	b.ReportAllocs()
	var size int
	for b.Loop() {
		ops := make([]batchOp, len(calls))
		for i, call := range calls {
			op, _, err := c.batchOp(call.Request)
			if err != nil {
				b.Fatal(err)
			}
			ops[i] = op
		}
		raw, err := json.Marshal(ops)
		if err != nil {
			b.Fatal(err)
		}
		size = len(url.Values{"batch": {string(raw)}, "include_headers": {"true"}}.Encode())
	}
	b.SetBytes(int64(size))
}

// batchAnswerOf50 is Graph's answer to a batch of 50 template reads, with the headers each
// answer carries.
func batchAnswerOf50() []byte {
	answers := make([]batchAnswer, MaxBatchRequests)
	for i := range answers {
		body, _ := json.Marshal(benchTemplate(i))
		answers[i] = batchAnswer{Code: 200, Body: string(body), Headers: []batchHeader{
			{Name: "Content-Type", Value: "application/json; charset=UTF-8"},
			{Name: "ETag", Value: `"0c7b5e0b3a7d1f2e4c5a6b7d8e9f0a1b2c3d4e5f"`},
			{Name: "Facebook-Api-Version", Value: "v23.0"},
			{Name: "X-Business-Use-Case-Usage", Value: `{"102290129340398":[{"type":"whatsapp_business_management","call_count":4,"total_cputime":1,"total_time":2,"estimated_time_to_regain_access":0}]}`},
			{Name: "X-Fb-Trace-Id", Value: "AbCdEfGhIjK"},
		}}
	}
	b, _ := json.Marshal(answers)
	return b
}

// BenchmarkBatchDecode50 decodes Graph's answer to a batch of 50 template reads and handles each
// answer as Batch does: headers, quota usage, and the body decoded into a MessageTemplate.
func BenchmarkBatchDecode50(b *testing.B) {
	c, err := New(Config{AccessToken: "EAAbenchmarktoken"})
	if err != nil {
		b.Fatal(err)
	}
	raw := batchAnswerOf50()
	calls := make([]BatchCall, MaxBatchRequests)
	for i := range calls {
		calls[i] = BatchCall{Request: Request{Method: http.MethodGet, Path: fmt.Sprint(1000000000000000 + i)}}
	}
	ctx := context.Background()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var answers []*batchAnswer
		if err := json.Unmarshal(raw, &answers); err != nil || len(answers) != MaxBatchRequests {
			b.Fatal(err, len(answers))
		}
		for i, a := range answers {
			var t MessageTemplate
			call := calls[i]
			call.Out = &t
			if res := c.batchResult(ctx, call, a); res.Err != nil || t.Name == "" {
				b.Fatal(res.Err)
			}
		}
	}
}

// BenchmarkBatchRoundTrip50 reads 50 nodes from the in-process emulator in one batch call;
// BenchmarkSequentialRoundTrip50 reads them with 50 calls of their own, for comparison.
func BenchmarkBatchRoundTrip50(b *testing.B) {
	c, seed := benchEmulatorClient(b)
	calls := make([]BatchCall, MaxBatchRequests)
	outs := make([]WhatsAppBusinessAccount, MaxBatchRequests)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for i := range calls {
			calls[i] = BatchCall{Request: Request{Method: http.MethodGet, Path: seed.BusinessAccountID, Idempotent: true}, Out: &outs[i]}
		}
		for _, r := range c.Batch(ctx, calls) {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
	}
}

func BenchmarkSequentialRoundTrip50(b *testing.B) {
	c, seed := benchEmulatorClient(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for range MaxBatchRequests {
			var out WhatsAppBusinessAccount
			if err := c.Do(ctx, Request{Method: http.MethodGet, Path: seed.BusinessAccountID, Idempotent: true}, &out); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func benchEmulatorClient(b *testing.B) (*Client, emulator.Seed) {
	b.Helper()
	// The quota outlasts the benchmark: it measures calls, not throttling.
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{BUCQuotaPerHour: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	seed := srv.Emulator.Seed()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: seed.AccessToken})
	if err != nil {
		b.Fatal(err)
	}
	return c, seed
}
