package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Graph batch requests (Graph API, "Batch Requests",
// developers.facebook.com/docs/graph-api/batch-requests): one HTTP call, POST /{version}/ with a
// batch parameter, carries up to 50 calls, and Meta answers each in its place with its own status,
// headers and body. Each call counts against Meta's limits as a call of its own.
//
// Client.Batch sends the batch call through Do, so pinning, the token, appsecret_proof, the quota
// gates, logging and secret masking apply to it as to any call; a failure of the batch call itself
// (Meta refusing the batch, or no response) is the result of every call in it. Each call's answer
// is then handled as Do handles a response: its usage header feeds the quota, its error decodes to
// *Error, a rate-limited call waits at its scope's gate and is sent again in a later batch, and an
// idempotent call that failed ambiguously is repeated after the backoff.

// MaxBatchRequests is how many calls Meta takes in one batch: "Batch requests are limited to 50
// requests per batch."
const MaxBatchRequests = 50

// ErrBatchIncomplete is why a call of a batch has no answer: Meta answers null for the requests of
// a batch it did not complete (a batch that took too long). Meta may or may not have acted on it;
// the call's error is a *TransportError wrapping ErrBatchIncomplete.
var ErrBatchIncomplete = errors.New("the batch answered null for this request: Graph did not complete it")

// BatchCall is one call of a batch: the request, and where its answer goes.
type BatchCall struct {
	// Request is the call. File uploads (Files, RawBody) cannot be batched.
	Request Request
	// Out, when non-nil, receives the decoded JSON body of a successful answer, as in Do.
	Out any
}

// BatchResult is the outcome of one call of a batch.
type BatchResult struct {
	// Status is the HTTP status of the call's own answer; 0 when it got none.
	Status int
	// Header holds the headers of the call's own answer.
	Header http.Header
	// Err is nil on success. Otherwise it is what Do would return for the call: an *Error for a
	// Graph error (with the call's own status and usage header), a *TransportError when Graph did
	// not complete the call (ErrBatchIncomplete), a *QuotaError when its scope stays throttled past
	// the deadline; or the failure of the batch call itself, the same for every call in it.
	Err error
}

// batchOp is one element of the batch parameter.
type batchOp struct {
	Method      string        `json:"method"`
	RelativeURL string        `json:"relative_url"`
	Body        string        `json:"body,omitempty"`
	Headers     []batchHeader `json:"headers,omitempty"`
}

type batchHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// batchAnswer is Meta's answer to one request of a batch; null (nil) when it did not complete.
type batchAnswer struct {
	Code    int           `json:"code"`
	Headers []batchHeader `json:"headers"`
	Body    string        `json:"body"`
}

// Batch sends calls as Graph batch requests, MaxBatchRequests per HTTP call (more calls take
// ceil(n/50) HTTP calls, one after the other), and returns one result per call, in order.
func (c *Client) Batch(ctx context.Context, calls []BatchCall) []BatchResult {
	results := make([]BatchResult, len(calls))
	for start := 0; start < len(calls); start += MaxBatchRequests {
		end := min(start+MaxBatchRequests, len(calls))
		c.batchChunk(ctx, calls[start:end], results[start:end])
	}
	return results
}

// batchChunk sends at most MaxBatchRequests calls, in as many rounds as their retries take.
func (c *Client) batchChunk(ctx context.Context, calls []BatchCall, results []BatchResult) {
	var secrets []string
	ops := make([]batchOp, len(calls))
	pending := make([]int, 0, len(calls))
	for i, call := range calls {
		op, opSecrets, err := c.batchOp(call.Request)
		secrets = append(secrets, opSecrets...)
		if err != nil {
			results[i] = BatchResult{Err: err}
			continue
		}
		ops[i] = op
		pending = append(pending, i)
	}
	ctx = c.maskSecrets(ctx, secrets)
	for attempt := 0; len(pending) > 0; attempt++ {
		ready := make([]int, 0, len(pending))
		for _, i := range pending {
			req := calls[i].Request
			if err := c.awaitGates(ctx, req.Method, req.Path); err != nil {
				results[i] = BatchResult{Err: err}
				continue
			}
			ready = append(ready, i)
		}
		if len(ready) == 0 {
			return
		}
		answers, batchErr := c.sendBatch(ctx, ops, calls, ready)
		var (
			again []int
			wait  time.Duration
		)
		for k, i := range ready {
			if batchErr != nil {
				results[i] = BatchResult{Err: batchErr}
				continue
			}
			var a *batchAnswer
			if k < len(answers) {
				a = answers[k]
			}
			res := c.batchResult(ctx, calls[i], a)
			results[i] = res
			if res.Err == nil {
				continue
			}
			req := calls[i].Request
			if e, ok := asError(res.Err); ok && IsRateLimited(res.Err) {
				// Meta refused this call before acting: close its scope's gate; the next
				// round waits there.
				c.count(func(c *counters) *atomic.Int64 { return &c.rateLimited })
				c.lockFor(ctx, req.Path, e, res.Header, attempt)
				if attempt < c.cfg.MaxRetries {
					again = append(again, i)
				}
				continue
			}
			if d, retry := c.retryAfter(res.Err, attempt, req.Idempotent); retry {
				again = append(again, i)
				wait = max(wait, d)
			}
		}
		if len(again) == 0 {
			return
		}
		if dl, ok := ctx.Deadline(); ok && wait > 0 && time.Until(dl) < wait {
			for _, i := range again {
				results[i].Err = fmt.Errorf("%w (waiting %s more for Graph would pass the operation's deadline)", results[i].Err, wait.Round(time.Second))
			}
			return
		}
		for range again {
			c.count(func(c *counters) *atomic.Int64 { return &c.retries })
		}
		if wait > 0 {
			tflog.Warn(ctx, "retrying Graph calls of a batch", map[string]any{
				"calls": len(again), "attempt": attempt + 1, "wait": wait.String(),
			})
			if err := c.sleep(ctx, wait); err != nil {
				for _, i := range again {
					req := calls[i].Request
					results[i].Err = fmt.Errorf("%s %s interrupted while waiting to retry: %w", req.Method, req.Path, err)
				}
				return
			}
		}
		pending = again
	}
}

// sendBatch sends the calls ready (indexes into ops and calls) as one batch call through Do. The
// batch call is idempotent when all of its calls are.
func (c *Client) sendBatch(ctx context.Context, ops []batchOp, calls []BatchCall, ready []int) ([]*batchAnswer, error) {
	sent := make([]batchOp, len(ready))
	idempotent := true
	for k, i := range ready {
		sent[k] = ops[i]
		idempotent = idempotent && calls[i].Request.Idempotent
	}
	b, err := json.Marshal(sent)
	if err != nil {
		return nil, fmt.Errorf("encoding batch: %w", err)
	}
	for range ready {
		c.count(func(c *counters) *atomic.Int64 { return &c.batched })
	}
	var answers []*batchAnswer
	form := url.Values{"batch": {string(b)}, "include_headers": {"true"}}
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: "", Form: form, Idempotent: idempotent}, &answers); err != nil {
		return nil, err
	}
	return answers, nil
}

// batchOp encodes a request as a request of a batch: its relative_url pinned to the version with
// the request's query, the token when the request has its own, and appsecret_proof; its body as
// Meta's urlencoded body string. It also returns the secrets the encoding carries.
func (c *Client) batchOp(req Request) (batchOp, []string, error) {
	if req.RawBody != nil || len(req.Files) > 0 {
		return batchOp{}, nil, fmt.Errorf("%s %s uploads a file, which cannot be sent in a batch", req.Method, req.Path)
	}
	q := url.Values{}
	for k, v := range req.Query {
		q[k] = v
	}
	token := c.cfg.AccessToken
	secrets := append([]string{}, req.Secrets...)
	if req.AccessToken != "" && req.AccessToken != token {
		// Requests of a batch may name their own token; the batch's is the fallback.
		token = req.AccessToken
		q.Set("access_token", token)
		secrets = append(secrets, token)
	}
	if c.cfg.AppSecret != "" {
		proof := AppSecretProof(token, c.cfg.AppSecret)
		q.Set("appsecret_proof", proof)
		secrets = append(secrets, proof)
	}
	op := batchOp{Method: req.Method, RelativeURL: c.relativeURL(req.Path, q)}
	switch {
	case req.Form != nil:
		op.Body = req.Form.Encode()
	case req.Body != nil:
		form, err := formOf(req.Body)
		if err != nil {
			return batchOp{}, secrets, fmt.Errorf("encoding request for %s %s: %w", req.Method, req.Path, err)
		}
		op.Body = form.Encode()
	}
	for name, values := range req.Header {
		for _, v := range values {
			op.Headers = append(op.Headers, batchHeader{Name: name, Value: v})
		}
	}
	return op, secrets, nil
}

// formOf turns a JSON body into the form Meta's batch bodies are: each top-level field a value,
// strings as they are and other values as their JSON text (Graph decodes structured parameters
// sent as strings, such as components=[…]). Null fields are left out.
func formOf(body any) (url.Values, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil || fields == nil {
		return nil, errors.New("the body of a batched request must be a JSON object")
	}
	form := url.Values{}
	for k, raw := range fields {
		switch {
		case string(raw) == "null":
		case len(raw) > 0 && raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, err
			}
			form.Set(k, s)
		default:
			form.Set(k, string(raw))
		}
	}
	return form, nil
}

// batchResult handles one call's answer as Do handles a response.
func (c *Client) batchResult(ctx context.Context, call BatchCall, a *batchAnswer) BatchResult {
	req := call.Request
	path := c.relativeURL(req.Path, nil)
	if a == nil {
		return BatchResult{Err: &TransportError{Method: req.Method, Path: "/" + path, Err: ErrBatchIncomplete}}
	}
	hdr := http.Header{}
	for _, h := range a.Headers {
		hdr.Add(h.Name, h.Value)
	}
	c.noteServedVersion(ctx, hdr)
	c.observeUsage(ctx, nodeOf(req.Path), hdr)
	fields := map[string]any{"method": req.Method, "path": "/" + path, "status": a.Code, "fbtrace_id": hdr.Get("x-fb-trace-id")}
	if usage := hdr.Get(headerBusinessUseCaseUsage); usage != "" {
		fields["business_use_case_usage"] = usage
	}
	tflog.Debug(ctx, "Graph batch answer", fields)
	tflog.Trace(ctx, "Graph batch answer body", map[string]any{"body": a.Body})
	body := []byte(a.Body)
	if a.Code < 200 || a.Code > 299 {
		return BatchResult{Status: a.Code, Header: hdr, Err: redactError(ctx, decodeError(a.Code, hdr, body))}
	}
	c.learnCreated(body, hdr)
	res := BatchResult{Status: a.Code, Header: hdr}
	if call.Out != nil && len(body) > 0 {
		if err := json.Unmarshal(body, call.Out); err != nil {
			res.Err = fmt.Errorf("decoding response of %s %s: %w", req.Method, req.Path, err)
		}
	}
	return res
}
