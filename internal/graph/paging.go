package graph

import (
	"context"
	"encoding/json"
	"net/url"
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
