package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Graph batch requests (Graph API, "Batch Requests",
// developers.facebook.com/docs/graph-api/batch-requests). POST / or
// POST /{version}/ with a batch parameter, a JSON array of up to 50 requests
// {method, relative_url, body, name, depends_on, omit_response_on_success,
// headers}, answers 200 with a JSON array in request order: for each request
// {code, headers:[{name, value}], body:"<the response body as a string>"}, or
// null for a request that did not complete. include_headers=false leaves the
// headers out.
//
// Each request is served as a call of its own: the pipeline of router.go
// (version, faults, auth, throttling, usage headers) runs for it, it counts
// against the quotas, and the request log records it, after the batch call
// and with the batch call's sequence number in RequestRecord.Batch. A request
// without a version in its relative_url is served by the batch's version. A
// request that names no access_token uses the batch's token (Meta's
// "fallback token") and, with it, the batch's appsecret_proof.
//
// Meta "will process each of your independent operations in parallel"
// (developers.facebook.com/blog/post/2011/03/17/batch-requests-in-graph-api):
// the requests of a batch run in waves, a request in the wave after the last
// of those it depends on. The latency a fault adds to the requests of a wave
// is waited out once for all of them, in parallel; the requests are then
// handled and recorded one after the other in request order, so the answer and
// the log do not depend on timing. A request may depend on an
// earlier named one, by depends_on or by a JSONPath reference
// {result=name:$.path} in its relative_url or body; it runs only if that one
// succeeded, and is null otherwise. The answer of a request another one
// depends on is null when it succeeds, unless it sets
// omit_response_on_success to false.
//
// A request that a fault drops (drop_connection, drop_after_body_bytes) or
// whose answer it loses (lose_response) is null, as Meta answers requests of
// a batch that timed out: null, and worth repeating.

// maxBatchRequests is Meta's limit: "Batch requests are limited to 50
// requests per batch."
const maxBatchRequests = 50

// batchCredentials are the batch's token and appsecret_proof, used by its
// requests that carry no token of their own.
type batchCredentials struct{ token, proof string }

// batchRequest is one element of the batch parameter.
type batchRequest struct {
	Method                string          `json:"method"`
	RelativeURL           string          `json:"relative_url"`
	Body                  json.RawMessage `json:"body,omitempty"`
	Name                  string          `json:"name,omitempty"`
	DependsOn             string          `json:"depends_on,omitempty"`
	OmitResponseOnSuccess *bool           `json:"omit_response_on_success,omitempty"`
	Headers               []batchHeader   `json:"headers,omitempty"`

	// deps are the names this request waits for: depends_on and the
	// names of its {result=…} references.
	deps []string
}

// batchHeader is one header of a batch request or response.
type batchHeader struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// batchResponse is the answer to one request of a batch.
type batchResponse struct {
	Code    int           `json:"code"`
	Headers []batchHeader `json:"headers,omitempty"`
	Body    string        `json:"body"`
}

// batchPlan is a validated batch.
type batchPlan struct {
	requests       []batchRequest
	includeHeaders bool
	creds          *batchCredentials
	// referenced marks the names another request depends on.
	referenced map[string]bool
}

// isBatchCall reports a batch: a POST to the root, versioned or not, with a
// batch parameter.
func isBatchCall(r *http.Request, body []byte) bool {
	if r.Method != http.MethodPost {
		return false
	}
	segs := pathSegments(r.URL.Path)
	if len(segs) > 1 || (len(segs) == 1 && !strings.HasPrefix(segs[0], "v")) {
		return false
	}
	p, err := parseParams(r, body)
	if err != nil {
		return false
	}
	_, ok := p["batch"]
	return ok
}

// serveBatch serves a batch call. The batch itself is recorded as one call
// before its requests run, each of them then recorded as a call of its own.
func (e *Emulator) serveBatch(w http.ResponseWriter, r *http.Request, body []byte, fault *activeFault) {
	e.mu.Lock()
	c := &call{e: e, r: r, body: body, fault: fault, traceID: randomAlnum(11)}
	c.resp.header = http.Header{}
	plan := c.prepareBatch()
	if plan != nil {
		c.resp.status = http.StatusOK
		c.batchSize = len(plan.requests)
	}
	lose := fault != nil && fault.LoseResponse
	e.record(c, lose)
	seq := e.reqSeq
	e.mu.Unlock()

	if plan != nil {
		b, err := json.Marshal(e.runBatch(r, plan, c.requested, seq))
		if err != nil {
			c.fail(&graphError{Code: 1, Message: defaultMessage(1)})
		} else {
			c.resp.body = b
		}
	}
	if lose {
		dropConnection(w)
		return
	}
	for k, vs := range c.resp.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(c.resp.status)
	_, _ = w.Write(c.resp.body)
}

// prepareBatch runs the checks that apply to the batch call as a whole:
// version, an injected fault, the batch's token when it has one, and the
// shape of the batch parameter. It returns nil after c.fail.
func (c *call) prepareBatch() *batchPlan {
	c.setTraceHeaders()
	verr := c.parseVersion()
	c.resp.header.Set("facebook-api-version", c.served)
	if c.fault != nil {
		if ge := c.fault.graphError(); ge != nil {
			if isRateLimitCode(ge.Code) {
				c.addRateLimitUsage(ge)
				if isAppRateLimitCode(ge.Code) {
					c.resp.header.Set("x-app-usage", `{"call_count":100,"total_cputime":100,"total_time":100}`)
				}
			}
			c.fail(ge)
			return nil
		}
	}
	if verr != nil {
		c.fail(verr)
		return nil
	}
	var perr *graphError
	if c.params, perr = parseParams(c.r, c.body); perr != nil {
		c.fail(perr)
		return nil
	}
	// The batch's token is the fallback of its requests; a batch without
	// one is fine when every request names its own.
	var creds *batchCredentials
	if token := c.accessToken(); token != "" {
		if aerr := c.checkToken(); aerr != nil {
			c.fail(aerr)
			return nil
		}
		proof, _ := c.appSecretProof()
		creds = &batchCredentials{token: token, proof: proof}
	}
	includeHeaders, present, berr := c.params.boolean("include_headers")
	if berr != nil {
		c.fail(berr)
		return nil
	}
	requests, gerr := parseBatch(c.params["batch"])
	if gerr != nil {
		c.fail(gerr)
		return nil
	}
	plan := &batchPlan{requests: requests, includeHeaders: includeHeaders || !present, creds: creds, referenced: map[string]bool{}}
	for _, req := range requests {
		for _, d := range req.deps {
			plan.referenced[d] = true
		}
	}
	return plan
}

// errBatch is a refusal of the whole batch. Meta's SDK fixtures show these
// as HTTP 400 with type GraphBatchException.
func errBatch(format string, args ...any) *graphError {
	return &graphError{Status: http.StatusBadRequest, Message: fmt.Sprintf(format, args...), Type: "GraphBatchException", Code: 100}
}

// errBatchNotArray is Graph's answer to a batch parameter that is not a JSON
// array of requests.
func errBatchNotArray() *graphError { return errBatch("batch parameter must be a JSON array") }

var batchMethods = map[string]bool{http.MethodGet: true, http.MethodPost: true, http.MethodDelete: true, http.MethodPut: true}

// batchReference is a JSONPath reference to the answer of an earlier named
// request: {result=name:$.path}.
var batchReference = regexp.MustCompile(`\{result=([^:{}]+):([^{}]*)\}`)

// parseBatch decodes and checks the batch parameter. It arrives as a JSON
// string (form or query) or, in a JSON body, as the array itself.
func parseBatch(v any) ([]batchRequest, *graphError) {
	var raw []byte
	switch t := v.(type) {
	case string:
		raw = []byte(t)
	case nil:
		return nil, errBatchNotArray()
	default:
		raw, _ = json.Marshal(t)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, errBatchNotArray()
	}
	if len(items) > maxBatchRequests {
		return nil, errBatch("Too many requests in batch message. Maximum batch size is %d", maxBatchRequests)
	}
	out := make([]batchRequest, len(items))
	names := map[string]bool{}
	for i, item := range items {
		if t := bytes.TrimSpace(item); len(t) == 0 || t[0] != '{' {
			return nil, errBatchNotArray()
		}
		req := &out[i]
		if err := json.Unmarshal(item, req); err != nil {
			return nil, errBatchNotArray()
		}
		req.Method = strings.ToUpper(strings.TrimSpace(req.Method))
		if !batchMethods[req.Method] {
			return nil, errBatch("Request %d of the batch has method %q; use GET, POST, PUT or DELETE", i, req.Method)
		}
		if strings.TrimSpace(req.RelativeURL) == "" {
			return nil, errBatch("Request %d of the batch has no relative_url", i)
		}
		if req.DependsOn != "" {
			req.deps = append(req.deps, req.DependsOn)
		}
		refs := batchReference.FindAllStringSubmatch(req.RelativeURL+" "+string(req.Body), -1)
		for _, m := range refs {
			req.deps = append(req.deps, m[1])
		}
		for _, d := range req.deps {
			if !names[d] {
				// Meta's wording, double spaces included (Koala's fixture of
				// Graph's answer).
				return nil, errBatch("Request %d cannot depend on an  unresolved request with  name %s. Requests can only depend on preceding requests", i, d)
			}
		}
		if req.Name != "" {
			names[req.Name] = true
		}
	}
	return out, nil
}

// batchOutcome is what a finished request left for the requests that depend
// on it.
type batchOutcome struct {
	ok   bool
	body any
}

// runBatch serves the requests of a plan, wave by wave, and returns their
// answers.
func (e *Emulator) runBatch(r *http.Request, plan *batchPlan, version string, seq int64) []*batchResponse {
	out := make([]*batchResponse, len(plan.requests))
	done := map[string]batchOutcome{}
	for _, wave := range batchWaves(plan.requests) {
		if r.Context().Err() != nil {
			break
		}
		steps := make([]*batchStep, 0, len(wave))
		latency := 0
		for _, i := range wave {
			req := plan.requests[i]
			runnable := true
			for _, d := range req.deps {
				if !done[d].ok {
					runnable = false
				}
			}
			if !runnable {
				if req.Name != "" {
					done[req.Name] = batchOutcome{}
				}
				continue
			}
			step := e.prepareBatchRequest(r, req, done, version)
			step.index = i
			if step.fault != nil {
				latency = max(latency, step.fault.LatencyMS)
			}
			steps = append(steps, step)
		}
		if latency > 0 {
			t := time.NewTimer(time.Duration(latency) * time.Millisecond)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
			}
		}
		for _, step := range steps {
			req := plan.requests[step.index]
			resp, outcome := e.finishBatchRequest(r, plan, step, seq)
			if req.Name != "" {
				done[req.Name] = outcome
			}
			if resp != nil && outcome.ok && plan.referenced[req.Name] && req.Name != "" &&
				(req.OmitResponseOnSuccess == nil || *req.OmitResponseOnSuccess) {
				resp = nil
			}
			out[step.index] = resp
		}
	}
	return out
}

// batchWaves groups the indexes of a batch's requests into the waves they run
// in: a request without dependencies in the first, one with dependencies in
// the wave after the latest of theirs; in request order within a wave.
// parseBatch has checked that a request depends only on earlier ones.
func batchWaves(requests []batchRequest) [][]int {
	waveOf := map[string]int{}
	var waves [][]int
	for i, req := range requests {
		w := 0
		for _, d := range req.deps {
			w = max(w, waveOf[d]+1)
		}
		if req.Name != "" {
			waveOf[req.Name] = w
		}
		for len(waves) <= w {
			waves = append(waves, nil)
		}
		waves[w] = append(waves[w], i)
	}
	return waves
}

// batchStep is a request of a batch ready to be served: its call, or the
// answer it already has (a relative_url that is not a URL).
type batchStep struct {
	index  int
	sub    *http.Request
	body   []byte
	fault  *activeFault
	answer *batchResponse
}

// prepareBatchRequest builds a request's call, with the references to earlier
// answers resolved, and takes the fault that applies to it.
func (e *Emulator) prepareBatchRequest(r *http.Request, req batchRequest, done map[string]batchOutcome, version string) *batchStep {
	rel := substituteReferences(req.RelativeURL, done)
	body, contentType := batchBody(string(req.Body))
	if len(body) > 0 {
		body = []byte(substituteReferences(string(body), done))
	}
	invalid := func() *batchStep {
		ge := errParam("(#100) Invalid relative_url %q", rel)
		b, _ := json.Marshal(ge.body(randomAlnum(11)))
		return &batchStep{answer: &batchResponse{Code: ge.status(), Body: string(b)}}
	}
	u, err := url.Parse("/" + strings.TrimLeft(strings.TrimSpace(rel), "/"))
	if err != nil {
		return invalid()
	}
	if segs := pathSegments(u.Path); version != "" && (len(segs) == 0 || !strings.HasPrefix(segs[0], "v")) {
		u.Path = "/" + version + u.Path
	}
	sub, err := http.NewRequestWithContext(r.Context(), req.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return invalid()
	}
	sub.Host, sub.TLS, sub.RemoteAddr = r.Host, r.TLS, r.RemoteAddr
	if ua := r.UserAgent(); ua != "" {
		sub.Header.Set("User-Agent", ua)
	}
	for _, h := range req.Headers {
		sub.Header.Add(h.Name, h.Value)
	}
	if contentType != "" && sub.Header.Get("Content-Type") == "" {
		sub.Header.Set("Content-Type", contentType)
	}
	return &batchStep{sub: sub, body: body, fault: e.takeFault(sub)}
}

// finishBatchRequest serves a prepared request as a call of its own, its
// latency already waited out. It returns nil when the request did not
// complete (a fault dropped it or lost its answer).
func (e *Emulator) finishBatchRequest(r *http.Request, plan *batchPlan, step *batchStep, seq int64) (*batchResponse, batchOutcome) {
	if step.answer != nil {
		return step.answer, batchOutcome{}
	}
	sub, fault := step.sub, step.fault
	if fault != nil && (fault.DropConnection || fault.DropAfterBodyBytes > 0 || r.Context().Err() != nil) {
		e.mu.Lock()
		e.record(&call{r: sub, fault: fault, requested: requestedVersion(sub.URL.Path),
			unversioned: requestedVersion(sub.URL.Path) == "", batchSeq: seq}, false)
		e.mu.Unlock()
		return nil, batchOutcome{}
	}

	e.mu.Lock()
	c := &call{e: e, r: sub, body: step.body, fault: fault, traceID: randomAlnum(11), batchSeq: seq, inherited: plan.creds}
	c.resp.header = http.Header{}
	c.handle()
	lose := fault != nil && fault.LoseResponse
	e.record(c, lose)
	e.mu.Unlock()

	ok := c.resp.status >= 200 && c.resp.status < 300
	outcome := batchOutcome{ok: ok}
	if ok {
		_ = json.Unmarshal(c.resp.body, &outcome.body)
	}
	if lose {
		return nil, outcome
	}
	resp := &batchResponse{Code: c.resp.status, Body: string(c.resp.body)}
	if plan.includeHeaders {
		resp.Headers = headerList(c.resp.header)
	}
	return resp, outcome
}

// batchBody turns a request's body into the bytes and content type of its
// call: Meta's form is a urlencoded string ("message=Hello&link=…"); a JSON
// object is sent as JSON.
func batchBody(raw string) ([]byte, string) {
	raw = strings.TrimSpace(raw)
	if raw == "" || raw == "null" {
		return nil, ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal([]byte(raw), &s) == nil {
			if s == "" {
				return nil, ""
			}
			return []byte(s), "application/x-www-form-urlencoded"
		}
	}
	return []byte(raw), "application/json"
}

// headerList renders response headers as a batch answer lists them, sorted by
// name.
func headerList(h http.Header) []batchHeader {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]batchHeader, 0, len(names))
	for _, k := range names {
		for _, v := range h[k] {
			out = append(out, batchHeader{Name: k, Value: v})
		}
	}
	return out
}

// substituteReferences replaces {result=name:$.path} by the values the path
// selects in the answer of the named request, joined by commas (Meta's
// "?ids={result=get-friends:$.data.*.id}").
func substituteReferences(s string, done map[string]batchOutcome) string {
	if !strings.Contains(s, "{result=") {
		return s
	}
	return batchReference.ReplaceAllStringFunc(s, func(m string) string {
		parts := batchReference.FindStringSubmatch(m)
		values := evalJSONPath(done[parts[1]].body, parts[2])
		texts := make([]string, 0, len(values))
		for _, v := range values {
			texts = append(texts, jsonPathText(v))
		}
		return strings.Join(texts, ",")
	})
}

func jsonPathText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// evalJSONPath evaluates the part of JSONPath a batch reference uses: $,
// .name, [index], .* and [*]. Meta allows no filter or script expressions.
func evalJSONPath(doc any, path string) []any {
	path = strings.TrimSpace(path)
	if !strings.HasPrefix(path, "$") {
		return nil
	}
	current := []any{doc}
	rest := path[1:]
	for rest != "" {
		var step string
		switch {
		case strings.HasPrefix(rest, "["):
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil
			}
			step, rest = strings.Trim(rest[1:end], `'"`), rest[end+1:]
		case strings.HasPrefix(rest, "."):
			rest = rest[1:]
			end := strings.IndexAny(rest, ".[")
			if end < 0 {
				end = len(rest)
			}
			step, rest = rest[:end], rest[end:]
		default:
			return nil
		}
		var next []any
		for _, v := range current {
			next = append(next, jsonPathStep(v, step)...)
		}
		current = next
	}
	return current
}

func jsonPathStep(v any, step string) []any {
	switch t := v.(type) {
	case map[string]any:
		if step == "*" {
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			out := make([]any, 0, len(keys))
			for _, k := range keys {
				out = append(out, t[k])
			}
			return out
		}
		if x, ok := t[step]; ok {
			return []any{x}
		}
	case []any:
		if step == "*" {
			return t
		}
		if i, err := strconv.Atoi(step); err == nil && i >= 0 && i < len(t) {
			return []any{t[i]}
		}
	}
	return nil
}
