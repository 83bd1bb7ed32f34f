package emulator

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
)

// Cursor paging as Graph does it: items in a stable order (creation order
// here), opaque cursors, paging.cursors.before/after whenever data is not
// empty, paging.next only when more items follow and paging.previous only
// when items precede. next/previous are full URLs that repeat the caller's
// query (never the access token) with the new cursor. Clients must follow
// next rather than count items.

const (
	defaultPageLimit = 25
	maxPageLimit     = 100
)

type pageItem struct {
	seq   int64
	value any
}

func encodeCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("emulator-pos:" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(s string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), "emulator-pos:")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	return n, err == nil
}

// pageLimit reads limit (or the Relay-style first/last) and clamps it.
func (c *call) pageLimit(maxLimit int) (int, *graphError) {
	for _, key := range []string{"limit", "first", "last"} {
		n, present, err := c.params.integer(key)
		if err != nil {
			return 0, err
		}
		if !present {
			continue
		}
		switch {
		case n < 0:
			return defaultPageLimit, nil
		case n > maxLimit:
			return maxLimit, nil
		}
		return n, nil
	}
	return min(defaultPageLimit, maxLimit), nil
}

// paginate returns {"data":[...],"paging":{...}} for items sorted by seq.
func (c *call) paginate(items []pageItem, maxLimit int) (map[string]any, *graphError) {
	limit, err := c.pageLimit(maxLimit)
	if err != nil {
		return nil, err
	}
	var page []pageItem
	after, hasAfter := c.params.str("after")
	before, hasBefore := c.params.str("before")
	switch {
	case hasAfter && after != "":
		seq, ok := decodeCursor(after)
		if !ok {
			return nil, errParam("(#100) The after parameter is not a valid cursor")
		}
		i := 0
		for i < len(items) && items[i].seq <= seq {
			i++
		}
		page = items[i:min(i+limit, len(items))]
	case hasBefore && before != "":
		seq, ok := decodeCursor(before)
		if !ok {
			return nil, errParam("(#100) The before parameter is not a valid cursor")
		}
		j := 0
		for j < len(items) && items[j].seq < seq {
			j++
		}
		page = items[max(j-limit, 0):j]
	default:
		page = items[:min(limit, len(items))]
	}

	data := make([]any, 0, len(page))
	for _, it := range page {
		data = append(data, it.value)
	}
	out := map[string]any{"data": data}
	if len(page) == 0 {
		return out, nil
	}
	first, last := page[0].seq, page[len(page)-1].seq
	paging := map[string]any{
		"cursors": map[string]string{"before": encodeCursor(first), "after": encodeCursor(last)},
	}
	if items[len(items)-1].seq > last {
		paging["next"] = c.pageURL(limit, "after", encodeCursor(last))
	}
	if items[0].seq < first {
		paging["previous"] = c.pageURL(limit, "before", encodeCursor(first))
	}
	out["paging"] = paging
	return out, nil
}

// pageURL rebuilds the request URL with a new cursor. Credentials are never
// echoed.
func (c *call) pageURL(limit int, cursorKey, cursor string) string {
	q := url.Values{}
	for k, vs := range c.r.URL.Query() {
		switch k {
		case "access_token", "appsecret_proof", "after", "before", "limit", "first", "last":
			continue
		}
		q[k] = vs
	}
	q.Set("limit", strconv.Itoa(limit))
	q.Set(cursorKey, cursor)
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	host := c.r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host + c.r.URL.Path + "?" + q.Encode()
}
