package provider

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The "against Meta" mode. With WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID set, the
// acceptance tests run against Meta (or whatever WHATSAPP_BASE_URL names, such as a standalone
// emulator) instead of an in-process emulator. Terraform and the tests' own Graph clients then
// reach Meta through a metaRecorder, a proxy in the test process that forwards every call as it
// is and keeps a log in the shape of the emulator's, so tests that count calls run in both modes.
// The recorder refuses the emulator's control API: a test that needs it must say so with
// needsEmulator, and in this mode it is skipped.

// metaRecorder forwards calls to Meta and records them.
type metaRecorder struct {
	*httptest.Server
	mu  sync.Mutex
	log []emulator.RequestRecord
	seq int64
}

// controlPath is the emulator's control API, which Meta does not have.
var controlPath = regexp.MustCompile(`^/_emulator(/|$)`)

// graphVersionSegment is the version at the start of a Graph path, such as "v23.0".
var graphVersionSegment = regexp.MustCompile(`^/(v[0-9]+\.[0-9]+)/`)

func newMetaRecorder(t *testing.T, upstream string) *metaRecorder {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil || target.Scheme == "" || target.Host == "" {
		t.Fatalf("%s %q is not a URL", envBaseURL, upstream)
	}
	rec := &metaRecorder{}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = target.Host
		},
		ModifyResponse: func(resp *http.Response) error {
			rec.record(resp)
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			rec.add(emulator.RequestRecord{Method: r.Method, Path: r.URL.Path, Query: redactedQuery(r.URL.RawQuery)})
			http.Error(w, "reaching Meta: "+err.Error(), http.StatusBadGateway)
		},
	}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if controlPath.MatchString(r.URL.Path) {
			t.Errorf("a test called the emulator's control API (%s %s) in the against-Meta mode; it must call needsEmulator first", r.Method, r.URL.Path)
			http.Error(w, "the emulator's control API is not available against Meta", http.StatusForbidden)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(rec.Close)
	return rec
}

// record logs a call with Meta's answer; an error body is read for its code and put back.
func (rec *metaRecorder) record(resp *http.Response) {
	r := resp.Request
	entry := emulator.RequestRecord{Method: r.Method, Path: r.URL.Path, Query: redactedQuery(r.URL.RawQuery), Status: resp.StatusCode}
	if m := graphVersionSegment.FindStringSubmatch(r.URL.Path); m != nil {
		entry.Version = m[1]
	} else {
		entry.Unversioned = true
	}
	if resp.StatusCode >= 400 && resp.Body != nil {
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		resp.ContentLength = int64(len(body))
		resp.Header.Del("Content-Length")
		if err == nil {
			var e struct {
				Error struct {
					Code    int `json:"code"`
					Subcode int `json:"error_subcode"`
				} `json:"error"`
			}
			if json.Unmarshal(body, &e) == nil {
				entry.Code, entry.Subcode = e.Error.Code, e.Error.Subcode
			}
		}
	}
	rec.add(entry)
}

func (rec *metaRecorder) add(entry emulator.RequestRecord) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.seq++
	entry.Seq = rec.seq
	entry.Time = time.Now()
	rec.log = append(rec.log, entry)
}

func (rec *metaRecorder) requests() []emulator.RequestRecord {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]emulator.RequestRecord(nil), rec.log...)
}

func (rec *metaRecorder) clear() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.log = nil
}

// redactedQuery is a query with the values of its secrets replaced, as the emulator logs them.
func redactedQuery(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return ""
	}
	for _, k := range []string{"access_token", "appsecret_proof"} {
		if q.Has(k) {
			q.Set(k, "REDACTED")
		}
	}
	return q.Encode()
}

// metaBaseURL is where the against-Meta mode sends calls: WHATSAPP_BASE_URL, else Meta.
func metaBaseURL() string {
	if u := os.Getenv(envBaseURL); u != "" {
		return u
	}
	return graph.DefaultBaseURL
}
