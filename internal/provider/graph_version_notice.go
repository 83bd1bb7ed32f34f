package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// notices are the provider's warnings that no resource owns (fastpath.Config.Notices), each
// given once per provider instance. There is one: Meta served a call with another Graph
// version than the pinned one, which Meta does when the pinned version has been retired. The
// provider's own table of retirement dates (warnAboutVersion) can be out of date; the version
// Meta reports serving cannot.
func (p *whatsappProvider) notices() diag.Diagnostics {
	data := p.configured.Load()
	if data == nil {
		return nil
	}
	served, ok := data.client.ServedVersion()
	if !ok || !p.versionNoticed.CompareAndSwap(false, true) {
		return nil
	}
	var diags diag.Diagnostics
	diags.AddWarning("Graph API version not served",
		fmt.Sprintf("Calls are pinned to Graph API %s (api_version), but Meta served them with %s, as it does once a version is retired. "+
			"Behaviour may differ from %s's. Test with api_version = %q and pin it, or a newer version.", data.apiVersion, served, data.apiVersion, served))
	return diags
}
