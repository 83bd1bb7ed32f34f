package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// batchItem is one answer of a batch, its body decoded; nil for a request
// that did not complete.
type batchItem struct {
	Code    int               `json:"code"`
	Headers []batchHeader     `json:"headers"`
	Body    string            `json:"body"`
	decoded map[string]any    `json:"-"`
	header  map[string]string `json:"-"`
}

func (b *batchItem) errorCode() int {
	e, _ := b.decoded["error"].(map[string]any)
	n, _ := e["code"].(float64)
	return int(n)
}

func (b *batchItem) errorField(k string) any {
	e, _ := b.decoded["error"].(map[string]any)
	return e[k]
}

// batch sends a batch as a form (batch=<json>) to path with the seeded token
// and returns the reply and its answers.
func (h *harness) batch(path string, requests []map[string]any) (reply, []*batchItem) {
	h.t.Helper()
	return h.batchWith(path, requests, map[string]string{"Authorization": "Bearer " + h.seed.AccessToken})
}

func (h *harness) batchWith(path string, requests []map[string]any, headers map[string]string) (reply, []*batchItem) {
	h.t.Helper()
	b, err := json.Marshal(requests)
	if err != nil {
		h.t.Fatal(err)
	}
	form := url.Values{"batch": {string(b)}}
	r := h.callWith(http.MethodPost, path, form.Encode(), headers)
	return r, decodeBatch(h.t, r)
}

func decodeBatch(t *testing.T, r reply) []*batchItem {
	t.Helper()
	if r.status != http.StatusOK {
		return nil
	}
	var items []*batchItem
	if err := json.Unmarshal(r.raw, &items); err != nil {
		t.Fatalf("batch answer is not an array: %v: %s", err, r.raw)
	}
	for _, it := range items {
		if it == nil {
			continue
		}
		if err := json.Unmarshal([]byte(it.Body), &it.decoded); err != nil {
			t.Fatalf("body of a batch answer is not a JSON object string: %q", it.Body)
		}
		it.header = map[string]string{}
		for _, hd := range it.Headers {
			it.header[strings.ToLower(hd.Name)] = hd.Value
		}
	}
	return items
}

func get(rel string) map[string]any { return map[string]any{"method": "GET", "relative_url": rel} }

func TestBatchServesEachRequestAsACallOfItsOwn(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.ClearRequests()
	r, items := h.batch("/v23.0/", []map[string]any{
		get(h.seed.BusinessAccountID + "?fields=name"),
		get(h.seed.PhoneNumberID),
		get("999999999999999"),
	})
	if r.status != http.StatusOK || len(items) != 3 {
		t.Fatalf("status %d, %d answers: %s", r.status, len(items), r.raw)
	}
	if it := items[0]; it.Code != 200 || it.decoded["id"] != h.seed.BusinessAccountID || it.decoded["name"] == nil {
		t.Errorf("first answer: %+v", it)
	}
	if got := items[0].header["facebook-api-version"]; got != "v23.0" {
		t.Errorf("first answer's facebook-api-version header = %q", got)
	}
	if !strings.Contains(items[0].header["x-business-use-case-usage"], h.seed.BusinessAccountID) {
		t.Errorf("a WABA call in a batch reports its usage header: %v", items[0].header)
	}
	if it := items[1]; it.Code != 200 || it.decoded["id"] != h.seed.PhoneNumberID {
		t.Errorf("second answer: %+v", it)
	}
	if it := items[2]; it.Code != 400 || it.errorCode() != 100 || it.errorField("error_subcode") != float64(33) {
		t.Errorf("an unknown id fails only its own request: %+v", it)
	}

	log := h.e.Requests()
	if len(log) != 4 {
		t.Fatalf("want the batch and its 3 requests in the log, got %d: %+v", len(log), log)
	}
	batch := log[0]
	if batch.Method != http.MethodPost || batch.Path != "/v23.0/" || batch.Status != 200 || batch.BatchSize != 3 || batch.Batch != 0 {
		t.Errorf("batch record: %+v", batch)
	}
	wantPaths := []string{"/v23.0/" + h.seed.BusinessAccountID, "/v23.0/" + h.seed.PhoneNumberID, "/v23.0/999999999999999"}
	wantStatus := []int{200, 200, 400}
	for i, rec := range log[1:] {
		if rec.Batch != batch.Seq || rec.Method != http.MethodGet || rec.Path != wantPaths[i] || rec.Status != wantStatus[i] || rec.Version != "v23.0" {
			t.Errorf("request %d record: %+v", i, rec)
		}
	}
	if log[3].Code != 100 || log[3].Subcode != 33 {
		t.Errorf("the failed request's record carries its error: %+v", log[3])
	}
}

// Meta processes the independent requests of a batch in parallel: the latency
// of a batch of independent requests is about one request's, while a chain of
// dependent requests waits for each in turn.
func TestBatchIndependentRequestsRunInParallel(t *testing.T) {
	h := newHarness(t, Options{})
	const latency = 150 * time.Millisecond
	h.e.AddFault(Fault{PathRegex: "^/v23.0/[0-9]+$", LatencyMS: int(latency / time.Millisecond)})
	independent := make([]map[string]any, 10)
	for i := range independent {
		independent[i] = get(h.seed.PhoneNumberID)
	}
	start := time.Now()
	_, items := h.batch("/v23.0/", independent)
	took := time.Since(start)
	if len(items) != 10 || took > 4*latency {
		t.Errorf("10 independent requests with %s each: %d answers in %s; want about %s", latency, len(items), took, latency)
	}
	for i, it := range items {
		if it == nil || it.Code != 200 {
			t.Errorf("answer %d: %+v", i, it)
		}
	}

	chain := []map[string]any{
		{"method": "GET", "relative_url": h.seed.PhoneNumberID, "name": "a"},
		{"method": "GET", "relative_url": h.seed.PhoneNumberID, "name": "b", "depends_on": "a"},
		{"method": "GET", "relative_url": h.seed.PhoneNumberID, "depends_on": "b"},
	}
	start = time.Now()
	_, items = h.batch("/v23.0/", chain)
	if took := time.Since(start); len(items) != 3 || took < 3*latency {
		t.Errorf("a chain of 3 dependent requests took %s; want at least %s", took, 3*latency)
	}
}

func TestBatchVersionOfEachRequest(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.ClearRequests()
	// Unversioned batch: a request naming a version gets it, one without is
	// unversioned and served by the latest.
	_, items := h.batch("/", []map[string]any{get("v22.0/" + h.seed.BusinessAccountID), get("/" + h.seed.BusinessAccountID)})
	if len(items) != 2 || items[0].header["facebook-api-version"] != "v22.0" || items[1].header["facebook-api-version"] != latestVersion() {
		t.Fatalf("versions: %+v", items)
	}
	log := h.e.Requests()
	if log[1].Version != "v22.0" || log[1].Unversioned || !log[2].Unversioned {
		t.Errorf("records: %+v", log)
	}
	// Versioned batch: a request without a version inherits the batch's; one
	// with a malformed version fails alone.
	_, items = h.batch("/v21.0/", []map[string]any{get(h.seed.BusinessAccountID), get("vX/" + h.seed.BusinessAccountID)})
	if len(items) != 2 || items[0].header["facebook-api-version"] != "v21.0" {
		t.Fatalf("inherited version: %+v", items)
	}
	if items[1].Code != 400 || items[1].errorCode() != 100 || !strings.Contains(fmt.Sprint(items[1].errorField("message")), "version") {
		t.Errorf("malformed version: %+v", items[1])
	}
	// A malformed version of the batch itself fails the batch.
	r, _ := h.batch("/v2x/", []map[string]any{get(h.seed.BusinessAccountID)})
	h.wantError(r, 400, 100, 0)
}

func TestBatchRefusalsOfTheWholeBatch(t *testing.T) {
	h := newHarness(t, Options{})
	many := make([]map[string]any, 51)
	for i := range many {
		many[i] = get(h.seed.BusinessAccountID)
	}
	h.e.ClearRequests()
	r, _ := h.batch("/v23.0/", many)
	h.wantError(r, 400, 100, 0)
	if r.errorField("type") != "GraphBatchException" || r.errorField("message") != "Too many requests in batch message. Maximum batch size is 50" {
		t.Errorf("51 requests: %s", r.raw)
	}
	if log := h.e.Requests(); len(log) != 1 || log[0].Status != 400 {
		t.Errorf("a refused batch is one call and none of its requests runs: %+v", log)
	}
	// Exactly 50 is fine.
	if r, items := h.batch("/v23.0/", many[:50]); r.status != 200 || len(items) != 50 {
		t.Errorf("50 requests: status %d, %d answers", r.status, len(items))
	}

	for name, batch := range map[string]string{
		"not JSON":            "nope",
		"an object":           `{"method":"GET","relative_url":"me"}`,
		"an array of strings": `["me"]`,
	} {
		r := h.call(http.MethodPost, "/v23.0/", "batch="+url.QueryEscape(batch))
		h.wantError(r, 400, 100, 0)
		if r.errorField("message") != "batch parameter must be a JSON array" || r.errorField("type") != "GraphBatchException" {
			t.Errorf("%s: %s", name, r.raw)
		}
	}
	r, _ = h.batch("/v23.0/", []map[string]any{{"method": "GET"}})
	h.wantError(r, 400, 100, 0)
	if !strings.Contains(fmt.Sprint(r.errorField("message")), "relative_url") {
		t.Errorf("no relative_url: %s", r.raw)
	}
	r, _ = h.batch("/v23.0/", []map[string]any{{"method": "PATCH", "relative_url": "me"}})
	h.wantError(r, 400, 100, 0)
	r, _ = h.batch("/v23.0/", []map[string]any{
		{"method": "GET", "relative_url": h.seed.BusinessAccountID, "depends_on": "later"},
		{"method": "GET", "relative_url": h.seed.BusinessAccountID, "name": "later"},
	})
	h.wantError(r, 400, 100, 0)
	if !strings.Contains(fmt.Sprint(r.errorField("message")), "Requests can only depend on preceding requests") {
		t.Errorf("forward dependency: %s", r.raw)
	}
}

func TestBatchTokens(t *testing.T) {
	h := newHarness(t, Options{RequireAppSecretProof: true})
	proof := AppSecretProof(h.seed.AppSecret, h.seed.AccessToken)
	// The batch's token and proof are the fallback of every request.
	_, items := h.batch("/v23.0/?appsecret_proof="+proof, []map[string]any{get(h.seed.BusinessAccountID)})
	if len(items) != 1 || items[0].Code != 200 {
		t.Fatalf("inherited token and proof: %+v", items)
	}
	// A request with a token of its own needs its own proof.
	_, items = h.batch("/v23.0/?appsecret_proof="+proof, []map[string]any{
		get(h.seed.BusinessAccountID + "?access_token=" + h.seed.AccessToken),
		get(h.seed.BusinessAccountID + "?access_token=" + h.seed.AccessToken + "&appsecret_proof=" + proof),
	})
	if len(items) != 2 || items[0].Code != 400 || !strings.Contains(items[0].Body, "appsecret_proof") || items[1].Code != 200 {
		t.Fatalf("own token: %+v", items)
	}

	h = newHarness(t, Options{})
	// Without a batch token, each request names its own or fails alone.
	_, items = h.batchWith("/v23.0/", []map[string]any{
		get(h.seed.BusinessAccountID + "?access_token=" + h.seed.AccessToken),
		get(h.seed.BusinessAccountID),
	}, nil)
	if len(items) != 2 || items[0].Code != 200 || items[1].Code != 401 || items[1].errorCode() != 104 {
		t.Fatalf("no batch token: %+v", items)
	}
	// An invalid batch token fails the batch.
	r, _ := h.batchWith("/v23.0/", []map[string]any{get(h.seed.BusinessAccountID)},
		map[string]string{"Authorization": "Bearer EAAnotthetoken0000000000000000000000000000"})
	h.wantError(r, 401, 190, 0)
}

func TestBatchRequestsCountAgainstTheQuota(t *testing.T) {
	h := newHarness(t, Options{BUCQuotaPerHour: 3})
	reqs := make([]map[string]any, 5)
	for i := range reqs {
		reqs[i] = get(h.seed.BusinessAccountID)
	}
	_, items := h.batch("/v23.0/", reqs)
	if len(items) != 5 {
		t.Fatalf("answers: %d", len(items))
	}
	for i, it := range items {
		if i < 3 && it.Code != 200 {
			t.Errorf("request %d within the quota: %+v", i, it)
		}
		if i >= 3 && (it.errorCode() != 80008 || !strings.Contains(it.header["x-business-use-case-usage"], `"call_count":100`)) {
			t.Errorf("request %d over the quota: %+v", i, it)
		}
	}
	// The quota is spent: a call of its own is refused too.
	h.wantError(h.call(http.MethodGet, "/v23.0/"+h.seed.BusinessAccountID, nil), 400, 80008, 0)
}

func TestBatchFaultsApplyPerRequest(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.AddFault(Fault{PathRegex: "/" + h.seed.PhoneNumberID + "$", Code: 2, Times: 1})
	h.e.AddFault(Fault{PathRegex: "/whatsapp_business_profile$", Method: "POST", LoseResponse: true, Times: 1})
	h.e.AddFault(Fault{PathRegex: "/whatsapp_commerce_settings$", Method: "POST", DropConnection: true, Times: 1})
	h.e.ClearRequests()
	_, items := h.batch("/v23.0/", []map[string]any{
		get(h.seed.PhoneNumberID),
		{"method": "POST", "relative_url": h.seed.PhoneNumberID + "/whatsapp_business_profile", "body": "messaging_product=whatsapp&about=Open+all+day"},
		{"method": "POST", "relative_url": h.seed.PhoneNumberID + "/whatsapp_commerce_settings", "body": "is_cart_enabled=false"},
		get(h.seed.BusinessAccountID),
	})
	if len(items) != 4 {
		t.Fatalf("answers: %d", len(items))
	}
	if items[0] == nil || items[0].Code != 500 || items[0].errorCode() != 2 {
		t.Errorf("faulted request: %+v", items[0])
	}
	if items[1] != nil || items[2] != nil {
		t.Errorf("lost and dropped requests answer null: %+v %+v", items[1], items[2])
	}
	if items[3] == nil || items[3].Code != 200 {
		t.Errorf("the other requests still run: %+v", items[3])
	}
	// The lost answer's change happened; the dropped call changed nothing.
	profile := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID+"/whatsapp_business_profile?fields=about", nil))
	if !strings.Contains(string(profile.raw), "Open all day") {
		t.Errorf("profile after a lost answer: %s", profile.raw)
	}
	commerce := h.mustOK(h.call(http.MethodGet, "/v23.0/"+h.seed.PhoneNumberID+"/whatsapp_commerce_settings", nil))
	if data := commerce.data(); len(data) != 1 || data[0]["is_cart_enabled"] != true {
		t.Errorf("commerce settings after a dropped call: %s", commerce.raw)
	}
	log := h.e.Requests()
	if len(log) < 5 || !log[2].LostResponse || !log[3].DroppedConnection || log[3].Status != 0 {
		t.Errorf("records: %+v", log)
	}

	// A fault on the batch call itself fails the whole batch.
	h.e.AddFault(Fault{PathRegex: "^/v23.0/$", Code: 4, Times: 1})
	r, _ := h.batch("/v23.0/", []map[string]any{get(h.seed.BusinessAccountID)})
	h.wantError(r, 400, 4, 0)
}

func TestBatchDependencies(t *testing.T) {
	h := newHarness(t, Options{})
	create := map[string]any{
		"method": "POST", "relative_url": h.seed.BusinessAccountID + "/message_templates", "name": "create",
		"body": utilityTemplate("shipping_notice", "en_US"),
	}
	read := get("{result=create:$.id}?fields=name,language")
	_, items := h.batch("/v23.0/", []map[string]any{create, read})
	if len(items) != 2 || items[0] != nil {
		t.Fatalf("the answer of a request another depends on is left out: %+v", items)
	}
	if it := items[1]; it == nil || it.Code != 200 || it.decoded["name"] != "shipping_notice" || it.decoded["language"] != "en_US" {
		t.Fatalf("dependent read: %+v", it)
	}

	// omit_response_on_success false keeps it; depends_on orders without a
	// reference.
	create = map[string]any{
		"method": "POST", "relative_url": h.seed.BusinessAccountID + "/message_templates", "name": "create",
		"body": utilityTemplate("return_notice", "en_US"), "omit_response_on_success": false,
	}
	list := map[string]any{"method": "GET", "relative_url": h.seed.BusinessAccountID + "/message_templates?name=return_notice", "depends_on": "create"}
	_, items = h.batch("/v23.0/", []map[string]any{create, list})
	if len(items) != 2 || items[0] == nil || items[0].decoded["id"] == nil || items[1] == nil {
		t.Fatalf("kept answer: %+v", items)
	}
	if data, _ := items[1].decoded["data"].([]any); len(data) != 1 {
		t.Errorf("listing after the create: %s", items[1].Body)
	}

	// A request whose dependency failed does not run: null, and not recorded.
	h.e.ClearRequests()
	bad := map[string]any{"method": "POST", "relative_url": h.seed.BusinessAccountID + "/message_templates", "name": "bad",
		"body": map[string]any{"name": "Not A Valid Name"}}
	_, items = h.batch("/v23.0/", []map[string]any{bad, get("{result=bad:$.id}")})
	if len(items) != 2 || items[0] == nil || items[0].Code != 400 || items[1] != nil {
		t.Fatalf("failed dependency: %+v", items)
	}
	if log := h.e.Requests(); len(log) != 2 {
		t.Errorf("the request that did not run is not in the log: %+v", log)
	}
}

func TestBatchJSONPathReferences(t *testing.T) {
	doc := map[string]any{"data": []any{map[string]any{"id": "1"}, map[string]any{"id": "2"}}, "n": float64(3)}
	for path, want := range map[string]string{
		"$.data.*.id":   "1,2",
		"$.data[1].id":  "2",
		"$.data[*].id":  "1,2",
		"$['n']":        "3",
		"$.missing":     "",
		"data.0.id":     "",
		"$.data[9].id":  "",
		"$.data.0.id":   "1",
		"$.n.deeper.id": "",
	} {
		got := substituteReferences("{result=x:"+path+"}", map[string]batchOutcome{"x": {ok: true, body: doc}})
		if got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
}

func TestBatchJSONBodyAndHeaders(t *testing.T) {
	h := newHarness(t, Options{})
	// A JSON body carries the batch as an array; include_headers=false
	// leaves the headers out.
	r := h.call(http.MethodPost, "/v23.0/", map[string]any{
		"batch":           []any{get(h.seed.BusinessAccountID)},
		"include_headers": false,
	})
	items := decodeBatch(t, r)
	if len(items) != 1 || items[0].Code != 200 || items[0].Headers != nil || strings.Contains(string(r.raw), `"headers"`) {
		t.Fatalf("JSON batch without headers: %s", r.raw)
	}
	// The batch call itself answers like a Graph call.
	if r.header.Get("facebook-api-version") != "v23.0" || r.header.Get("x-fb-trace-id") == "" {
		t.Errorf("batch response headers: %v", r.header)
	}
	// A form body of a request is sent as a form; the request's own query
	// parameters reach the handler.
	_, items2 := h.batch("/v23.0/", []map[string]any{
		{"method": "POST", "relative_url": h.seed.PhoneNumberID + "/whatsapp_business_profile", "body": "messaging_product=whatsapp&description=Fresh+bread+daily"},
		get(h.seed.PhoneNumberID + "/whatsapp_business_profile?fields=description"),
	})
	if len(items2) != 2 || items2[0].Code != 200 || !strings.Contains(items2[1].Body, "Fresh bread daily") {
		t.Fatalf("form body: %+v", items2)
	}
	// POST / without a batch parameter is an ordinary call (and an
	// unsupported one).
	h.wantError(h.call(http.MethodPost, "/v23.0/", "foo=bar"), 400, 100, 33)
}
