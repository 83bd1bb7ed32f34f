package graph

import (
	"context"
	"net/http"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// headerServedVersion is the response header in which Meta names the Graph version that served
// a call. Meta does not reject a call to a retired version: it serves it with the oldest version
// still available and says so here.
const headerServedVersion = "facebook-api-version"

// noteServedVersion records the first version Meta served that is not the pinned one. Later
// differences are not recorded: one is enough to tell the user the pin no longer holds.
func (c *Client) noteServedVersion(ctx context.Context, h http.Header) {
	served := h.Get(headerServedVersion)
	if served == "" || served == c.cfg.APIVersion || c.served.Load() != nil {
		return
	}
	if c.served.CompareAndSwap(nil, &served) {
		tflog.Warn(ctx, "Graph served a different API version than the pinned one",
			map[string]any{"pinned": c.cfg.APIVersion, "served": served})
	}
}

// ServedVersion returns the Graph version that served a call instead of the pinned one, and
// whether any call was served by another version since the client was made.
func (c *Client) ServedVersion() (string, bool) {
	if v := c.served.Load(); v != nil {
		return *v, true
	}
	return "", false
}
