package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// configured is embedded by every resource and data source; it receives the provider's data.
type configured struct {
	data *providerData
}

func (c *configured) configure(raw any, diags *diag.Diagnostics) {
	if raw == nil {
		return
	}
	d, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T", raw))
		return
	}
	c.data = d
}

// businessAccountID resolves the WABA id: the object's own, else the provider default.
func (c *configured) businessAccountID(own string) string {
	if own != "" {
		return own
	}
	return c.data.businessAccountID
}
