package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// page is Graph's cursor-paginated list envelope.
type page[T any] struct {
	Data   []T `json:"data"`
	Paging struct {
		Cursors struct {
			Before string `json:"before"`
			After  string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

// listAll reads every page of an edge through c (see listRead).
func listAll[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	return listRead[T](path, query).Get(ctx, c)
}

// listUpTo reads pages as listAll does until it has max items (max > 0), asking for no more
// than pageSize a page and no more than it still needs. more reports whether Meta had items
// beyond the ones returned.
func listUpTo[T any](ctx context.Context, c *Client, path string, query url.Values, pageSize, max int) (items []T, more bool, err error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	var all []T
	for {
		q.Set("limit", strconv.Itoa(min(pageSize, max-len(all))))
		var p page[T]
		if err := c.Do(ctx, Request{Method: http.MethodGet, Path: path, Query: q, Idempotent: true}, &p); err != nil {
			return nil, false, err
		}
		all = append(all, p.Data...)
		last := p.Paging.Next == "" || p.Paging.Cursors.After == ""
		if len(all) >= max {
			return all[:max], len(all) > max || !last, nil
		}
		if last {
			return all, false, nil
		}
		q.Set("after", p.Paging.Cursors.After)
	}
}

// flexStrings decodes a JSON string or array of strings.
type flexStrings []string

func (f *flexStrings) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*f = flexStrings{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*f = many
	return nil
}
