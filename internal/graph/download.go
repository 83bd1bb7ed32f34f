package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DownloadError is a failed download from a signed URL: the CDN answered with a non-2xx status.
type DownloadError struct {
	Status int
	Body   string
}

func (e *DownloadError) Error() string {
	return fmt.Sprintf("download failed with HTTP %d: %s", e.Status, e.Body)
}

// download fetches a file from a URL Graph handed out, such as a flow asset's download_url on
// Meta's CDN. It is not a Graph call: the URL is Meta's, used as given, and carries its own
// signature, so neither the access token nor appsecret_proof is sent. The URL is as good as a
// credential until it expires, so its query (the signature) is masked in logs. Server errors and
// dropped connections are retried like idempotent Graph calls.
func (c *Client) download(ctx context.Context, rawURL string, maxBytes int64) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("the download URL returned by Graph is unusable")
	}
	secrets := []string{rawURL}
	if u.RawQuery != "" {
		secrets = append(secrets, u.RawQuery)
		for _, vs := range u.Query() {
			secrets = append(secrets, vs...)
		}
	}
	ctx = c.maskSecrets(ctx, secrets)
	for attempt := 0; ; attempt++ {
		body, err := c.fetch(ctx, u, maxBytes)
		if err == nil {
			return body, nil
		}
		var de *DownloadError
		retryable := IsAmbiguous(err) || (errors.As(err, &de) && de.Status >= 500)
		if !retryable || attempt >= c.cfg.MaxRetries {
			return nil, err
		}
		wait := c.backoff(attempt)
		tflog.Warn(ctx, "retrying download", map[string]any{"host": u.Host, "path": u.Path, "attempt": attempt + 1, "wait": wait.String(), "error": err.Error()})
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("download interrupted while waiting to retry: %w", err)
		}
	}
}

func (c *Client) fetch(ctx context.Context, u *url.URL, maxBytes int64) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	fields := map[string]any{"host": u.Host, "path": u.Path}
	tflog.Debug(ctx, "download request", fields)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, &TransportError{Method: http.MethodGet, Path: u.Path, Err: err}
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return nil, &TransportError{Method: http.MethodGet, Path: u.Path, Err: err}
	}
	fields["status"] = resp.StatusCode
	fields["bytes"] = len(data)
	fields["duration_ms"] = time.Since(start).Milliseconds()
	tflog.Debug(ctx, "download response", fields)
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		msg := strings.TrimSpace(string(data))
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return nil, &DownloadError{Status: resp.StatusCode, Body: msg}
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("download from %s is larger than %d bytes", u.Host, maxBytes)
	}
	return data, nil
}
