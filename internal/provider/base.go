package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

// requireBusinessAccountID resolves the WABA id as businessAccountID does, and reports a missing
// one under business_account_id; where says where the object's own is set ("on the flow",
// "here").
func (c *configured) requireBusinessAccountID(own, where string, diags *diag.Diagnostics) (string, bool) {
	waba := c.businessAccountID(own)
	if waba == "" {
		diags.AddAttributeError(path.Root("business_account_id"), "Missing WhatsApp Business Account id",
			"Set business_account_id "+where+", or business_account_id (or "+envBusinessAccountID+") on the provider.")
	}
	return waba, waba != ""
}

// businessAccountID resolves the WABA id: the object's own, else the provider default.
func (c *configured) businessAccountID(own string) string {
	if own != "" {
		return own
	}
	return c.data.businessAccountID
}

// removeVanished drops an object deleted outside Terraform from state with a warning that says
// so: a refresh never fails on a vanished object, and the next plan creates it again.
func removeVanished(ctx context.Context, resp *resource.ReadResponse, summary, detail string) {
	resp.Diagnostics.AddWarning(summary, detail)
	resp.State.RemoveResource(ctx)
}
