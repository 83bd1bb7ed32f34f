package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// Getter makes GETs and decodes their answers into out, as Do does: a *Client sends each one
// alone, a *Coalescer gathers those made at about the same time into Graph batch requests.
type Getter interface {
	Get(ctx context.Context, req Request, out any) error
}

// Get sends req through Do; it makes a Client a Getter.
func (c *Client) Get(ctx context.Context, req Request, out any) error { return c.Do(ctx, req, out) }

// Read is the read of one object or one listing: its GET, and how the answer becomes a T. It is
// made through a Getter (Get), or placed by the caller in a batch of its own (Request, then
// Decode of the answer's body). A listing's Decode reads the pages after the first through the
// Getter it is given.
type Read[T any] struct {
	Request Request
	decode  func(ctx context.Context, g Getter, body []byte) (T, error)
}

// Get makes the read through g.
func (r Read[T]) Get(ctx context.Context, g Getter) (T, error) {
	var body json.RawMessage
	if err := g.Get(ctx, r.Request, &body); err != nil {
		var zero T
		return zero, err
	}
	return r.decode(ctx, g, body)
}

// Decode turns the body of a successful answer to r.Request into a T; the further pages of a
// listing are read through g.
func (r Read[T]) Decode(ctx context.Context, g Getter, body []byte) (T, error) {
	return r.decode(ctx, g, body)
}

// getRequest is an idempotent GET of path with query (copied).
func getRequest(path string, query url.Values) Request {
	q := url.Values{}
	for k, v := range query {
		q[k] = append([]string(nil), v...)
	}
	return Request{Method: http.MethodGet, Path: path, Query: q, Idempotent: true}
}

// objectRead is a GET whose JSON answer decodes into a V (an empty answer is V's zero value),
// which finish turns into the T callers get.
func objectRead[V, T any](req Request, finish func(*V) (T, error)) Read[T] {
	return Read[T]{Request: req, decode: func(_ context.Context, _ Getter, body []byte) (T, error) {
		var v V
		if len(body) > 0 {
			if err := json.Unmarshal(body, &v); err != nil {
				var zero T
				return zero, fmt.Errorf("decoding response of %s %s: %w", req.Method, req.Path, err)
			}
		}
		return finish(&v)
	}}
}

// pointerTo is the finish of a read whose T is *V.
func pointerTo[V any](v *V) (*V, error) { return v, nil }

// listRead reads every page of an edge. It keeps going while Graph returns paging.next, whatever
// the size of the page (a short or empty page does not mean the end), and asks for the next page
// with the "after" cursor through the same pinned request path rather than following the URL.
func listRead[T any](path string, query url.Values) Read[[]T] {
	req := getRequest(path, query)
	return Read[[]T]{Request: req, decode: func(ctx context.Context, g Getter, body []byte) ([]T, error) {
		var all []T
		q := getRequest(path, query).Query
		for {
			var p page[T]
			if len(body) > 0 {
				if err := json.Unmarshal(body, &p); err != nil {
					return nil, fmt.Errorf("decoding response of GET %s: %w", path, err)
				}
			}
			all = append(all, p.Data...)
			if p.Paging.Next == "" || p.Paging.Cursors.After == "" {
				return all, nil
			}
			q.Set("after", p.Paging.Cursors.After)
			var next json.RawMessage
			if err := g.Get(ctx, Request{Method: http.MethodGet, Path: path, Query: q, Idempotent: true}, &next); err != nil {
				return nil, err
			}
			body = next
		}
	}}
}
