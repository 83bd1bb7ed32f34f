package emulator

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// handler serves one Graph operation and returns the JSON body or an error.
type handler func(c *call) (any, *graphError)

// usageKind says which usage header a route reports.
type usageKind int

const (
	// usageNone sends no usage header.
	_ usageKind = iota
	// usageWABA counts the call against the WABA's business-use-case
	// quota and sends X-Business-Use-Case-Usage.
	usageWABA
	// usageApp sends X-App-Usage (business endpoints).
	usageApp
)

type route struct {
	methods map[string]handler
	// items serves /{id}/{edge}/{item} (for example a QR code under
	// message_qrdls); the handler finds the item id in call.item.
	items map[string]handler
	usage usageKind
	etag  bool // GET responses carry an ETag
}

// routeTable holds the Graph routes, keyed by node type (GET/POST/DELETE
// /{id}) and by node type plus edge (/{id}/{edge}[/{item}]). graphRoutes in
// routes.go fills it.
type routeTable struct {
	nodes map[nodeType]route
	edges map[nodeType]map[string]route
}

func newRouteTable() routeTable {
	return routeTable{nodes: map[nodeType]route{}, edges: map[nodeType]map[string]route{}}
}

// addNode adds the route for /{id} of a node type.
func (t routeTable) addNode(typ nodeType, rt route) {
	if _, dup := t.nodes[typ]; dup {
		panic("emulator: duplicate node route for " + string(typ))
	}
	t.nodes[typ] = rt
}

// addEdge adds the route for /{id}/{edge} of a node type.
func (t routeTable) addEdge(typ nodeType, edge string, rt route) {
	if t.edges[typ] == nil {
		t.edges[typ] = map[string]route{}
	}
	if _, dup := t.edges[typ][edge]; dup {
		panic("emulator: duplicate edge route " + string(typ) + "/" + edge)
	}
	t.edges[typ][edge] = rt
}

// patterns enumerates the served Graph operations as method plus path
// pattern, for the spec conformance test.
func (t routeTable) patterns() []string {
	var out []string
	for _, rt := range t.nodes {
		for m := range rt.methods {
			out = append(out, m+" /{version}/{id}")
		}
	}
	for _, edges := range t.edges {
		for edge, rt := range edges {
			for m := range rt.methods {
				out = append(out, m+" /{version}/{id}/"+edge)
			}
			for m := range rt.items {
				out = append(out, m+" /{version}/{id}/"+edge+"/{item}")
			}
		}
	}
	return out
}

// call is one Graph request being served.
type call struct {
	e      *Emulator
	r      *http.Request
	body   []byte
	params params

	traceID     string
	requested   string // version segment as sent, "" when unversioned
	unversioned bool
	served      string // version that serves the call
	segments    []string

	node   node
	typ    nodeType
	item   string // item id of /{id}/{edge}/{item}, else ""
	wabaID string // WABA whose quota the call uses, if any

	fault *activeFault
	resp  response

	// batchSeq is the request log sequence number of the batch the call
	// came in, 0 for a call of its own; batchSize is the number of requests
	// of a batch call (batch.go).
	batchSeq  int64
	batchSize int
	// inherited holds the batch's credentials for a request of a batch.
	inherited *batchCredentials
}

// response is buffered so that a lost-response fault can drop it after the
// call has changed state.
type response struct {
	status  int
	header  http.Header
	body    []byte
	code    int
	subcode int
}

func (e *Emulator) serveGraph(w http.ResponseWriter, r *http.Request) {
	fault := e.takeFault(r)
	if fault != nil && fault.LatencyMS > 0 {
		t := time.NewTimer(time.Duration(fault.LatencyMS) * time.Millisecond)
		select {
		case <-t.C:
		case <-r.Context().Done():
			// The caller gave up while the fault delayed the call: it is
			// recorded with status 0 and never handled.
			t.Stop()
			e.mu.Lock()
			e.record(&call{r: r, fault: fault, requested: requestedVersion(r.URL.Path),
				unversioned: requestedVersion(r.URL.Path) == ""}, false)
			e.mu.Unlock()
			return
		}
	}
	if fault != nil && fault.DropConnection {
		// The connection breaks before Graph reads the call: nothing is
		// handled, and the log shows status 0.
		e.mu.Lock()
		e.record(&call{r: r, fault: fault, requested: requestedVersion(r.URL.Path),
			unversioned: requestedVersion(r.URL.Path) == ""}, false)
		e.mu.Unlock()
		dropConnection(w)
		return
	}
	if fault != nil && fault.DropAfterBodyBytes > 0 {
		e.serveCutShort(w, r, fault)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, bodyLimit(r.URL.Path)))
	if isBatchCall(r, body) {
		e.serveBatch(w, r, body, fault)
		return
	}

	e.mu.Lock()
	c := &call{e: e, r: r, body: body, fault: fault, traceID: randomAlnum(11)}
	c.resp.header = http.Header{}
	c.handle()
	lose := fault != nil && fault.LoseResponse
	e.record(c, lose)
	e.mu.Unlock()

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

// dropConnection closes the connection without a response, as when a
// response is lost in transit. Without a hijackable connection (in-process
// use) the handler aborts instead.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// handle runs the Graph pipeline: version, faults, parameters, auth, node
// resolution, throttling, handler.
func (c *call) handle() {
	c.e.settleTemplates()
	c.setTraceHeaders()
	verr := c.parseVersion()
	c.resp.header.Set("facebook-api-version", c.served)
	if c.fault != nil {
		if ge := c.fault.graphError(); ge != nil {
			if len(c.segments) > 0 {
				if n, _ := c.e.store.lookup(c.segments[0]); n != nil {
					c.wabaID = n.owningWABA()
				}
			}
			if isRateLimitCode(ge.Code) {
				c.addRateLimitUsage(ge)
				if isAppRateLimitCode(ge.Code) {
					c.resp.header.Set("x-app-usage", `{"call_count":100,"total_cputime":100,"total_time":100}`)
				}
			}
			c.fail(ge)
			return
		}
	}
	if verr != nil {
		c.fail(verr)
		return
	}
	var perr *graphError
	if c.params, perr = parseParams(c.r, c.paramBody()); perr != nil {
		c.fail(perr)
		return
	}
	if aerr := c.authenticate(); aerr != nil {
		c.fail(aerr)
		return
	}
	rt, h, rerr := c.resolve()
	if rerr != nil {
		c.fail(rerr)
		return
	}
	charged := false
	switch rt.usage {
	case usageWABA:
		if c.wabaID != "" {
			if terr := c.e.chargeBUC(c.wabaID); terr != nil {
				c.addRateLimitUsage(terr)
				c.fail(terr)
				return
			}
			charged = true
		}
	case usageApp:
		c.resp.header.Set("x-app-usage", `{"call_count":0,"total_cputime":0,"total_time":0}`)
	}
	out, herr := h(c)
	switch {
	case herr != nil && isRateLimitCode(herr.Code):
		c.addRateLimitUsage(herr)
	case charged:
		c.setUsageHeader(0)
	}
	if herr != nil {
		c.fail(herr)
		return
	}
	c.ok(out, rt.etag && c.r.Method == http.MethodGet)
}

func (c *call) setTraceHeaders() {
	h := c.resp.header
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("x-fb-trace-id", c.traceID)
	h.Set("x-fb-request-id", randomAlnum(23))
	h.Set("x-fb-rev", "10"+randomFrom("0123456789", 8))
}

// parseVersion splits the path. A first segment shaped like a version must be
// a well-formed one (vMAJOR.MINOR); anything else starting with "v" is a
// malformed version. Paths without a version are served by the latest.
func (c *call) parseVersion() *graphError {
	segs := pathSegments(c.r.URL.Path)
	c.served = latestVersion()
	if len(segs) > 0 && strings.HasPrefix(segs[0], "v") {
		c.requested = segs[0]
		c.segments = segs[1:]
		served, err := resolveVersion(segs[0], c.e.now())
		if err != nil {
			return err
		}
		c.served = served
		return nil
	}
	c.unversioned = true
	c.segments = segs
	return nil
}

func pathSegments(path string) []string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) == 1 && segs[0] == "" {
		return nil
	}
	return segs
}

// requestedVersion returns the version segment of a path as sent, or "".
func requestedVersion(path string) string {
	if segs := pathSegments(path); len(segs) > 0 && strings.HasPrefix(segs[0], "v") {
		return segs[0]
	}
	return ""
}

// resolve finds the node and the route for the path.
func (c *call) resolve() (route, handler, *graphError) {
	method := c.r.Method
	if len(c.segments) == 0 {
		return route{}, nil, errUnsupported(method, "")
	}
	if len(c.segments) > 3 {
		return route{}, nil, errUnknownPath("/" + strings.Join(c.segments[3:], "/"))
	}
	id := c.segments[0]
	n, typ := c.e.store.lookup(id)
	if n == nil {
		return route{}, nil, errUnsupported(method, id)
	}
	c.node, c.typ = n, typ
	c.wabaID = n.owningWABA()
	var rt route
	if len(c.segments) == 1 {
		rt = c.e.routes.nodes[typ]
	} else {
		var ok bool
		rt, ok = c.e.routes.edges[typ][c.segments[1]]
		if !ok {
			return route{}, nil, errUnknownPath("/" + c.segments[1])
		}
	}
	methods := rt.methods
	if len(c.segments) == 3 {
		if rt.items == nil {
			return route{}, nil, errUnknownPath("/" + c.segments[2])
		}
		c.item = c.segments[2]
		methods = rt.items
	}
	h, ok := methods[method]
	if !ok {
		return route{}, nil, errUnsupported(method, id)
	}
	return rt, h, nil
}

func (c *call) ok(v any, etag bool) {
	b, err := json.Marshal(v)
	if err != nil {
		c.fail(&graphError{Code: 1, Message: defaultMessage(1)})
		return
	}
	if etag {
		sum := sha1.Sum(b)
		c.resp.header.Set("ETag", `"`+hex.EncodeToString(sum[:])+`"`)
	}
	c.resp.status = http.StatusOK
	c.resp.body = b
}

func (c *call) fail(ge *graphError) {
	b, _ := json.Marshal(ge.body(c.traceID))
	c.resp.status = ge.status()
	c.resp.body = b
	c.resp.code = ge.Code
	c.resp.subcode = ge.Subcode
	if ge.Code == 104 || ge.Code == 190 {
		c.resp.header.Set("WWW-Authenticate", `OAuth "Facebook Platform" "invalid_token" "`+ge.Message+`"`)
	}
}
