package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The fidelity corpus (testdata/fidelity/*.json) holds request/response
// cases taken from Meta's developer documentation and public SDK fixtures,
// each citing its source. TestFidelityCorpus runs every case against a
// fresh in-process emulator. testdata/fidelity/README.md describes the
// format and the matching language.

const minFidelityCases = 150

type fidelityFile struct {
	Area  string         `json:"area"`
	Cases []fidelityCase `json:"cases"`
}

type fidelityCase struct {
	Name     string           `json:"name"`
	Source   string           `json:"source"`
	Note     string           `json:"note,omitempty"`
	Setup    *fidelitySetup   `json:"setup,omitempty"`
	Request  fidelityRequest  `json:"request"`
	Expected fidelityExpected `json:"expected"`
	Then     []fidelityStep   `json:"then,omitempty"`
}

type fidelitySetup struct {
	// SeedFile replaces the default account (seed_file.go).
	SeedFile *SeedFile `json:"seed_file,omitempty"`
	// Faults are registered before the request (faults.go).
	Faults []Fault `json:"faults,omitempty"`
	// ReviewRules decide templates submitted later (review.go).
	ReviewRules []ReviewRule `json:"review_rules,omitempty"`
	// Steps are requests sent first; each must succeed (2xx) unless it
	// states its own status, and Save keeps body fields as variables.
	Steps []fidelityStep `json:"steps,omitempty"`
	// ReviewDelaySeconds keeps submitted templates PENDING that long
	// (Options.ReviewDelay); 0 reviews them on the next request.
	ReviewDelaySeconds float64 `json:"review_delay_seconds,omitempty"`
	// AdvanceSeconds moves the emulator clock after the steps.
	AdvanceSeconds float64 `json:"advance_seconds,omitempty"`
}

type fidelityStep struct {
	Request  fidelityRequest   `json:"request"`
	Expected *fidelityExpected `json:"expected,omitempty"`
	// Save maps a variable name to a body path, e.g. {"tpl": "id"}.
	Save map[string]string `json:"save,omitempty"`
}

type fidelityRequest struct {
	Method  string            `json:"method"`
	Path    string            `json:"path"`
	Query   map[string]string `json:"query,omitempty"`
	Form    map[string]string `json:"form,omitempty"`
	JSON    any               `json:"json,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	// Auth is "user" (default: the seeded system user token), "app" (the
	// app access token app_id|app_secret) or "none".
	Auth string `json:"auth,omitempty"`
}

type fidelityExpected struct {
	Status int            `json:"status"`
	Body   map[string]any `json:"body,omitempty"`
	// Headers match response headers with the same language as Body.
	Headers map[string]any `json:"headers,omitempty"`
}

func loadFidelityCorpus(t *testing.T) []fidelityFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "fidelity", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var files []fidelityFile
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var f fidelityFile
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if f.Area == "" {
			f.Area = strings.TrimSuffix(filepath.Base(p), ".json")
		}
		files = append(files, f)
	}
	return files
}

func TestFidelityCorpus(t *testing.T) {
	files := loadFidelityCorpus(t)
	total := 0
	names := map[string]bool{}
	for _, f := range files {
		for _, c := range f.Cases {
			total++
			key := f.Area + "/" + c.Name
			if names[key] {
				t.Errorf("duplicate case name %s", key)
			}
			names[key] = true
			if c.Name == "" || c.Source == "" {
				t.Errorf("%s: every case needs a name and a source", key)
			}
			if !strings.HasPrefix(c.Source, "https://") && !strings.Contains(c.Source, ":") {
				t.Errorf("%s: source %q is neither a URL nor repo:path", key, c.Source)
			}
		}
	}
	if total < minFidelityCases {
		t.Errorf("the fidelity corpus has %d cases; it must have at least %d", total, minFidelityCases)
	}
	for _, f := range files {
		t.Run(f.Area, func(t *testing.T) {
			for _, c := range f.Cases {
				t.Run(c.Name, func(t *testing.T) {
					t.Parallel()
					runFidelityCase(t, c)
				})
			}
		})
	}
}

type fidelityRun struct {
	t    *testing.T
	c    fidelityCase
	srv  *httptest.Server
	e    *Emulator
	seed Seed
	vars map[string]string
}

func runFidelityCase(t *testing.T, c fidelityCase) {
	opts := Options{Now: func() time.Time { return fixedNow }}
	if c.Setup != nil {
		opts.SeedFile = c.Setup.SeedFile
		opts.ReviewDelay = time.Duration(c.Setup.ReviewDelaySeconds * float64(time.Second))
	}
	e := New(opts)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	r := &fidelityRun{t: t, c: c, srv: srv, e: e, seed: e.Seed()}
	r.vars = map[string]string{
		"base_url":         srv.URL,
		"waba_id":          r.seed.BusinessAccountID,
		"phone_number_id":  r.seed.PhoneNumberID,
		"business_id":      r.seed.BusinessID,
		"app_id":           r.seed.AppID,
		"system_user_id":   r.seed.SystemUserID,
		"access_token":     r.seed.AccessToken,
		"webhook_sink":     srv.URL + "/_emulator/webhook-sink",
		"unknown_id":       "999999999999999",
		"app_access_token": r.seed.AppID + "|" + r.seed.AppSecret,
	}
	for i, id := range r.seed.PhoneNumberIDs {
		r.vars["phone_number_id_"+strconv.Itoa(i)] = id
	}
	for i, id := range r.seed.BusinessAccountIDs {
		r.vars["waba_id_"+strconv.Itoa(i)] = id
	}
	if s := c.Setup; s != nil {
		for _, f := range s.Faults {
			e.AddFault(f)
		}
		for _, rule := range s.ReviewRules {
			if _, err := e.Review(rule); err != nil {
				r.fail("setup review rule: %v", err)
			}
		}
		for i, step := range s.Steps {
			status, body, raw := r.send(step.Request)
			if step.Expected != nil {
				r.match(fmt.Sprintf("setup step %d", i+1), *step.Expected, status, body, raw)
			} else if status < 200 || status > 299 {
				r.fail("setup step %d (%s %s): status %d: %s", i+1, step.Request.Method, step.Request.Path, status, raw)
			}
			r.save(step.Save, body)
		}
		if s.AdvanceSeconds > 0 {
			e.Advance(time.Duration(s.AdvanceSeconds * float64(time.Second)))
		}
	}
	status, header, body, raw := r.sendFull(c.Request)
	r.match("request", c.Expected, status, body, raw)
	for name, want := range c.Expected.Headers {
		v, found := header.Get(name), len(header.Values(name)) > 0
		if msg := matchValue(r.expandAny(want), v, found); msg != "" {
			r.fail("request: header %s: %s", name, msg)
		}
	}
	for i, step := range c.Then {
		status, body, raw := r.send(step.Request)
		exp := fidelityExpected{Status: http.StatusOK}
		if step.Expected != nil {
			exp = *step.Expected
		}
		r.match(fmt.Sprintf("then step %d", i+1), exp, status, body, raw)
		r.save(step.Save, body)
	}
}

func (r *fidelityRun) fail(format string, args ...any) {
	r.t.Helper()
	r.t.Fatalf("case %q (source %s): %s", r.c.Name, r.c.Source, fmt.Sprintf(format, args...))
}

var fidelityVar = regexp.MustCompile(`\{([a-z_0-9]+)\}`)

// expand replaces {name} placeholders by the run's variables; unknown names
// (such as Graph's own {{1}} template variables) are left alone.
func (r *fidelityRun) expand(s string) string {
	return fidelityVar.ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := r.vars[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

func (r *fidelityRun) expandAny(v any) any {
	switch x := v.(type) {
	case string:
		return r.expand(x)
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = r.expandAny(item)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			out[k] = r.expandAny(item)
		}
		return out
	}
	return v
}

func (r *fidelityRun) send(req fidelityRequest) (int, any, []byte) {
	r.t.Helper()
	status, _, body, raw := r.sendFull(req)
	return status, body, raw
}

func (r *fidelityRun) sendFull(req fidelityRequest) (int, http.Header, any, []byte) {
	r.t.Helper()
	u, err := url.Parse(r.srv.URL + r.expand(req.Path))
	if err != nil {
		r.fail("bad path %q: %v", req.Path, err)
	}
	q := u.Query()
	for k, v := range req.Query {
		q.Set(k, r.expand(v))
	}
	u.RawQuery = q.Encode()
	var rdr io.Reader
	contentType := ""
	switch {
	case req.Form != nil:
		form := url.Values{}
		for k, v := range req.Form {
			form.Set(k, r.expand(v))
		}
		rdr = strings.NewReader(form.Encode())
		contentType = "application/x-www-form-urlencoded"
	case req.JSON != nil:
		buf, err := json.Marshal(r.expandAny(req.JSON))
		if err != nil {
			r.fail("encoding body: %v", err)
		}
		rdr = bytes.NewReader(buf)
		contentType = "application/json"
	}
	hr, err := http.NewRequest(req.Method, u.String(), rdr)
	if err != nil {
		r.fail("building request: %v", err)
	}
	if contentType != "" {
		hr.Header.Set("Content-Type", contentType)
	}
	switch req.Auth {
	case "", "user":
		hr.Header.Set("Authorization", "Bearer "+r.seed.AccessToken)
	case "app":
		hr.Header.Set("Authorization", "Bearer "+r.seed.AppID+"|"+r.seed.AppSecret)
	case "none":
	default:
		r.fail("unknown auth %q", req.Auth)
	}
	for k, v := range req.Headers {
		hr.Header.Set(k, r.expand(v))
	}
	resp, err := r.srv.Client().Do(hr)
	if err != nil {
		r.fail("%s %s: %v", req.Method, u, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var body any
	_ = json.Unmarshal(raw, &body)
	return resp.StatusCode, resp.Header, body, raw
}

func (r *fidelityRun) save(save map[string]string, body any) {
	r.t.Helper()
	for name, path := range save {
		v, ok := lookupPath(body, path)
		if !ok {
			r.fail("save %s: no %s in the body", name, path)
		}
		s, ok := v.(string)
		if !ok {
			s = fmt.Sprint(v)
		}
		r.vars[name] = s
	}
}

func (r *fidelityRun) match(what string, exp fidelityExpected, status int, body any, raw []byte) {
	r.t.Helper()
	if exp.Status != 0 && status != exp.Status {
		r.fail("%s: status %d, want %d; body %s", what, status, exp.Status, raw)
	}
	keys := make([]string, 0, len(exp.Body))
	for k := range exp.Body {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, path := range keys {
		got, found := lookupPath(body, path)
		if msg := matchValue(r.expandAny(exp.Body[path]), got, found); msg != "" {
			r.fail("%s: %s: %s; body %s", what, path, msg, raw)
		}
	}
}

// lookupPath follows a dotted path ("error.code", "data.0.name"); "#" as
// the last element is the length of an array or object.
func lookupPath(v any, path string) (any, bool) {
	if path == "" || path == "." {
		return v, true
	}
	for _, part := range strings.Split(path, ".") {
		if part == "#" {
			switch x := v.(type) {
			case []any:
				return float64(len(x)), true
			case map[string]any:
				return float64(len(x)), true
			}
			return nil, false
		}
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[part]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// matchValue applies the matching language: a JSON value matches exactly
// (numbers by value); strings starting with "~" are matchers: ~present,
// ~absent, ~type:string|number|bool|array|object|null, ~regex:RE,
// ~contains:TEXT, ~prefix:TEXT, ~not:VALUE.
func matchValue(want, got any, found bool) string {
	if s, ok := want.(string); ok && strings.HasPrefix(s, "~") {
		op, arg, _ := strings.Cut(s[1:], ":")
		switch op {
		case "present":
			if !found {
				return "missing"
			}
			return ""
		case "absent":
			if found {
				return fmt.Sprintf("present (%v), want absent", got)
			}
			return ""
		}
		if !found {
			return fmt.Sprintf("missing, want %s", s)
		}
		switch op {
		case "type":
			if jsonType(got) != arg {
				return fmt.Sprintf("type %s, want %s", jsonType(got), arg)
			}
		case "regex":
			str, ok := got.(string)
			if !ok {
				str = fmt.Sprint(got)
			}
			if !regexp.MustCompile(arg).MatchString(str) {
				return fmt.Sprintf("%q does not match /%s/", str, arg)
			}
		case "contains":
			if str, _ := got.(string); !strings.Contains(str, arg) {
				return fmt.Sprintf("%q does not contain %q", got, arg)
			}
		case "prefix":
			if str, _ := got.(string); !strings.HasPrefix(str, arg) {
				return fmt.Sprintf("%q does not start with %q", got, arg)
			}
		case "not":
			if fmt.Sprint(got) == arg {
				return fmt.Sprintf("is %v, want anything else", got)
			}
		default:
			return "unknown matcher " + s
		}
		return ""
	}
	if !found {
		return fmt.Sprintf("missing, want %v", want)
	}
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	var wn, gn any
	_ = json.Unmarshal(wb, &wn)
	_ = json.Unmarshal(gb, &gn)
	if !jsonEqual(wn, gn) {
		return fmt.Sprintf("got %s, want %s", gb, wb)
	}
	return ""
}

func jsonEqual(a, b any) bool {
	ab, _ := json.Marshal(a)
	bb, _ := json.Marshal(b)
	return bytes.Equal(ab, bb)
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case nil:
		return "null"
	}
	return "unknown"
}
