// Package graph is the client for Meta's Graph API as used by the WhatsApp Business Platform.
//
// Every call goes through Client.Do, the only code that knows the base URL, the pinned API
// version, the access token and appsecret_proof. Callers name a node or edge path relative to
// the version ("<waba-id>/message_templates"); an unversioned call cannot be expressed.
//
// Client.Batch (batch.go) sends up to 50 calls in one HTTP call, Graph's batch request, itself
// sent through Do; each call's relative_url is pinned to the version too. Each call gets its own
// result, decoded and classified as Do would (its *Error, its usage header fed to the quota, its
// retries); a failure of the batch call is the result of every call in it. A Coalescer
// (coalesce.go) gathers GETs that goroutines make at about the same time into such batches.
//
// Clients that spend the same Meta quota share a Quota (quota.go): it holds the gates that pause
// calls to throttled scopes and the pace of template creations, for all of them.
package graph

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultBaseURL is Meta's Graph API host.
const DefaultBaseURL = "https://graph.facebook.com"

// DefaultAPIVersion is the Graph API version calls are pinned to unless configured otherwise.
const DefaultAPIVersion = "v23.0"

var versionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// ValidVersion reports whether v has Graph's version format, such as "v23.0".
func ValidVersion(v string) bool { return versionPattern.MatchString(v) }

// Config holds what the client needs to reach Graph.
type Config struct {
	BaseURL        string
	APIVersion     string
	AccessToken    string
	AppSecret      string
	UserAgent      string
	MaxRetries     int
	RetryMinWait   time.Duration
	RetryMaxWait   time.Duration
	RequestTimeout time.Duration
	HTTPClient     *http.Client
	// MaxQuotaPercent, when above 0, is the largest share of a WABA's business-use-case quota
	// the client may use: once a usage header reports the WABA at or above it, calls to the
	// WABA pause until the usage is expected to be back under it (see CapPause).
	MaxQuotaPercent int
	// MaxQuotaWait bounds how long a call without a deadline waits for a throttled scope to
	// open; a longer lockout fails the call at once. Default DefaultMaxQuotaWait.
	MaxQuotaWait time.Duration
	// Quota is shared by the clients that spend the same Meta quota: they wait at the same
	// gates and pace template creations together. Nil gives the client a Quota of its own.
	Quota *Quota
}

// Client calls the Graph API.
type Client struct {
	base    *url.URL
	cfg     Config
	proof   string
	http    *http.Client
	secrets []string

	quota    *Quota
	counters counters
	// served is the first version Meta served instead of the pinned one (served_version.go).
	served atomic.Pointer[string]
	// now and sleepFn are the clock, replaceable in tests.
	now     func() time.Time
	sleepFn func(context.Context, time.Duration) error
}

// New validates cfg and returns a client. Defaults fill unset retry and timeout values.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if !ValidVersion(cfg.APIVersion) {
		return nil, fmt.Errorf("api_version %q must look like v23.0 (pattern ^v[0-9]+\\.[0-9]+$)", cfg.APIVersion)
	}
	if cfg.AccessToken == "" {
		return nil, errors.New("an access token is required")
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("base_url %q must be an absolute http(s) URL", cfg.BaseURL)
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RetryMinWait <= 0 {
		cfg.RetryMinWait = time.Second
	}
	if cfg.RetryMaxWait < cfg.RetryMinWait {
		cfg.RetryMaxWait = 30 * time.Second
	}
	if cfg.MaxQuotaWait <= 0 {
		cfg.MaxQuotaWait = DefaultMaxQuotaWait
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 60 * time.Second
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Transport: http.DefaultTransport}
	}
	quota := cfg.Quota
	if quota == nil {
		quota = NewQuota()
	}
	c := &Client{base: base, cfg: cfg, http: hc, quota: quota, now: time.Now, sleepFn: sleep}
	c.secrets = []string{cfg.AccessToken}
	if cfg.AppSecret != "" {
		c.proof = AppSecretProof(cfg.AccessToken, cfg.AppSecret)
		c.secrets = append(c.secrets, cfg.AppSecret, c.proof)
	}
	return c, nil
}

// AppSecretProof is Graph's appsecret_proof: hex HMAC-SHA256 of the token keyed with the app secret.
func AppSecretProof(token, appSecret string) string {
	m := hmac.New(sha256.New, []byte(appSecret))
	m.Write([]byte(token))
	return hex.EncodeToString(m.Sum(nil))
}

// APIVersion is the pinned Graph version.
func (c *Client) APIVersion() string { return c.cfg.APIVersion }

// Request describes one Graph call.
type Request struct {
	Method string
	// Path is a node or edge relative to the pinned version, such as "123/message_templates".
	Path  string
	Query url.Values
	// Body is sent as JSON when non-nil.
	Body any
	// Form is sent as application/x-www-form-urlencoded when non-nil and there are no Files,
	// else as the value parts of a multipart/form-data body.
	Form url.Values
	// Files are the file parts of a multipart/form-data body.
	Files []FormFile
	// RawBody, when non-nil, is the body as is, sent with RawBodyType (application/octet-stream
	// when empty): the file data of the Resumable Upload API (upload.go). Logs show only its
	// length.
	RawBody     []byte
	RawBodyType string
	// Header holds extra request headers, such as the Resumable Upload API's file_offset. They
	// are logged, so they must not carry secrets.
	Header http.Header
	// AuthScheme is the scheme of the Authorization header that carries the token: "" is
	// Bearer; the Resumable Upload API documents OAuth.
	AuthScheme string
	// AccessToken replaces the configured token for this call (an app access token for
	// app-level endpoints); appsecret_proof is computed for it.
	AccessToken string
	// Idempotent marks calls that may be repeated after an ambiguous failure (a dropped
	// connection or a server error), when Meta may or may not have acted. Refusals Meta reports
	// before acting, such as rate limits, are retried for every call.
	Idempotent bool
	// Secrets are extra values, such as PINs, to mask in logs.
	Secrets []string
}

// FormFile is one file part of a multipart/form-data request.
type FormFile struct {
	Field, Filename, ContentType string
	Content                      []byte
}

// Do sends req through the single request path, retrying as the policy allows, and decodes a
// successful JSON response into out (when out is non-nil).
func (c *Client) Do(ctx context.Context, req Request, out any) error {
	token, proof := c.cfg.AccessToken, c.proof
	if req.AccessToken != "" {
		token = req.AccessToken
		if c.cfg.AppSecret != "" {
			proof = AppSecretProof(token, c.cfg.AppSecret)
		}
	}
	ctx = c.maskSecrets(ctx, append([]string{req.AccessToken, proof}, req.Secrets...))
	u := c.endpoint(req.Path, req.Query, proof)
	payload, contentType, err := encodeBody(req)
	if err != nil {
		return fmt.Errorf("encoding request for %s %s: %w", req.Method, req.Path, err)
	}
	node := nodeOf(req.Path)
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			c.count(func(c *counters) *atomic.Int64 { return &c.retries })
		}
		if err := c.awaitGates(ctx, req.Method, req.Path); err != nil {
			return err
		}
		body, hdr, err := c.send(ctx, outgoing{
			method: req.Method, url: u, token: token, authScheme: req.AuthScheme,
			payload: payload, contentType: contentType, header: req.Header, raw: req.RawBody != nil,
		})
		if hdr != nil {
			c.observeUsage(ctx, node, hdr)
		}
		if err == nil {
			c.learnCreated(body, hdr)
			if out == nil || len(body) == 0 {
				return nil
			}
			if err := json.Unmarshal(body, out); err != nil {
				return fmt.Errorf("decoding response of %s %s: %w", req.Method, req.Path, err)
			}
			return nil
		}
		if e, ok := asError(err); ok && IsRateLimited(err) {
			// Meta refused before acting: close the gate of the throttled scope, then wait
			// for it (or stop at once when it opens after the deadline) and call again.
			c.count(func(c *counters) *atomic.Int64 { return &c.rateLimited })
			c.lockFor(ctx, req.Path, e, hdr, attempt)
			if attempt >= c.cfg.MaxRetries {
				return err
			}
			continue
		}
		wait, retry := c.retryAfter(err, attempt, req.Idempotent)
		if !retry {
			return err
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return fmt.Errorf("%w (waiting %s more for Graph would pass the operation's deadline)", err, wait.Round(time.Second))
		}
		tflog.Warn(ctx, "retrying Graph call", map[string]any{
			"method": req.Method, "path": u.Path, "attempt": attempt + 1, "wait": wait.String(), "error": err.Error(),
		})
		if err := c.sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s %s interrupted while waiting to retry: %w", req.Method, req.Path, err)
		}
	}
}

// encodeBody encodes the request body as raw bytes, JSON, a urlencoded form or a multipart form.
func encodeBody(req Request) ([]byte, string, error) {
	switch {
	case req.RawBody != nil:
		if req.RawBodyType == "" {
			return req.RawBody, "application/octet-stream", nil
		}
		return req.RawBody, req.RawBodyType, nil
	case len(req.Files) > 0:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range req.Form {
			for _, v := range vs {
				if err := mw.WriteField(k, v); err != nil {
					return nil, "", err
				}
			}
		}
		for _, f := range req.Files {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, f.Field, f.Filename))
			if f.ContentType != "" {
				h.Set("Content-Type", f.ContentType)
			}
			w, err := mw.CreatePart(h)
			if err != nil {
				return nil, "", err
			}
			if _, err := w.Write(f.Content); err != nil {
				return nil, "", err
			}
		}
		if err := mw.Close(); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), mw.FormDataContentType(), nil
	case req.Form != nil:
		return []byte(req.Form.Encode()), "application/x-www-form-urlencoded", nil
	case req.Body != nil:
		b, err := json.Marshal(req.Body)
		return b, "application/json", err
	}
	return nil, "", nil
}

// relativeURL is a path pinned to the version, with its query, as the relative_url of a batch
// request names it: "v23.0/123/message_templates?limit=100". With endpoint, it is the only place
// a Graph URL is made.
func (c *Client) relativeURL(path string, query url.Values) string {
	rel := c.cfg.APIVersion + "/" + strings.TrimLeft(path, "/")
	if len(query) > 0 {
		rel += "?" + query.Encode()
	}
	return rel
}

// endpoint builds the versioned URL; with relativeURL, it is the only place a Graph URL is made.
func (c *Client) endpoint(path string, query url.Values, proof string) *url.URL {
	u := *c.base
	u.Path = c.base.Path + "/" + c.cfg.APIVersion + "/" + strings.TrimLeft(path, "/")
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if proof != "" {
		q.Set("appsecret_proof", proof)
	}
	u.RawQuery = q.Encode()
	return &u
}

// outgoing is one HTTP attempt of a call.
type outgoing struct {
	method      string
	url         *url.URL
	token       string
	authScheme  string
	payload     []byte
	contentType string
	header      http.Header
	// raw marks a payload of file bytes, whose text is never logged.
	raw bool
}

// send makes one HTTP attempt. It returns the body of a 2xx response, or an error:
// *Error for a Graph error object, *TransportError when no usable response arrived.
func (c *Client) send(ctx context.Context, o outgoing) ([]byte, http.Header, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	method, u, payload := o.method, o.url, o.payload
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	hreq, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, nil, err
	}
	for k, vs := range o.header {
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	scheme := o.authScheme
	if scheme == "" {
		scheme = "Bearer"
	}
	hreq.Header.Set("Authorization", scheme+" "+o.token)
	hreq.Header.Set("Accept", "application/json")
	if c.cfg.UserAgent != "" {
		hreq.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if payload != nil {
		hreq.Header.Set("Content-Type", o.contentType)
	}
	fields := map[string]any{"method": method, "path": u.Path, "query": redactedQuery(u.Query())}
	if len(o.header) > 0 {
		fields["headers"] = headerText(o.header)
	}
	if o.raw {
		fields["body_bytes"] = len(payload)
	}
	tflog.Debug(ctx, "Graph request", fields)
	if payload != nil && !o.raw && !strings.HasPrefix(o.contentType, "multipart/") {
		tflog.Trace(ctx, "Graph request body", map[string]any{"body": string(payload)})
	}
	start := time.Now()
	c.count(func(c *counters) *atomic.Int64 { return &c.calls })
	resp, err := c.http.Do(hreq)
	if err != nil {
		return nil, nil, &TransportError{Method: method, Path: u.Path, Err: redactTransportError(ctx, err)}
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, resp.Header, &TransportError{Method: method, Path: u.Path, Err: err}
	}
	c.noteServedVersion(ctx, resp.Header)
	fields["status"] = resp.StatusCode
	fields["duration_ms"] = time.Since(start).Milliseconds()
	fields["fbtrace_id"] = resp.Header.Get("x-fb-trace-id")
	if usage := resp.Header.Get(headerBusinessUseCaseUsage); usage != "" {
		fields["business_use_case_usage"] = usage
	}
	tflog.Debug(ctx, "Graph response", fields)
	tflog.Trace(ctx, "Graph response body", map[string]any{"body": string(data)})
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return data, resp.Header, nil
	}
	return nil, resp.Header, redactError(ctx, decodeError(resp.StatusCode, resp.Header, data))
}

// headerText renders extra request headers for the logs, sorted: "file_offset: 0".
func headerText(h http.Header) string {
	lines := make([]string, 0, len(h))
	for k, vs := range h {
		lines = append(lines, k+": "+strings.Join(vs, ", "))
	}
	sort.Strings(lines)
	return strings.Join(lines, "; ")
}

func (c *Client) maskSecrets(ctx context.Context, extra []string) context.Context {
	secrets := append(append([]string{}, c.secrets...), extra...)
	nonEmpty := secrets[:0]
	for _, s := range secrets {
		if s != "" {
			nonEmpty = append(nonEmpty, s)
		}
	}
	ctx = tflog.MaskAllFieldValuesStrings(ctx, nonEmpty...)
	ctx = context.WithValue(ctx, secretsKey{}, nonEmpty)
	return tflog.MaskMessageStrings(ctx, nonEmpty...)
}

func redactedQuery(q url.Values) string {
	for _, k := range []string{"access_token", "appsecret_proof"} {
		if q.Has(k) {
			q.Set(k, "REDACTED")
		}
	}
	return q.Encode()
}

// sleep waits d on the client's clock, or until ctx ends.
func (c *Client) sleep(ctx context.Context, d time.Duration) error { return c.sleepFn(ctx, d) }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
