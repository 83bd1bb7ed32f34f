package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The accounts of a migration action (templates or flows): a source, and a destination that
// defaults to the provider's business_account_id. Both actions check them the same way, at
// ValidateConfig when both are configured and at ModifyPlan and Invoke once the default is known.

// migrationAccounts are a migration's configured source and destination, with the end of the
// error for a source that is the destination (what migrates, and what to do instead).
type migrationAccounts struct {
	source, destination types.String
	sameAccount         string
}

// resolve is the destination WABA: the configured one, else the provider's default. It adds
// an error and returns false when there is none, or when it is the source.
func (m migrationAccounts) resolve(a *configuredAction, diags *diag.Diagnostics) (string, bool) {
	dest := a.businessAccountID(stringOr(m.destination, ""))
	if dest == "" {
		diags.AddAttributeError(path.Root("destination_business_account_id"), "Missing destination WhatsApp Business Account",
			"Set destination_business_account_id, or business_account_id (or "+envBusinessAccountID+") on the provider.")
		return "", false
	}
	where := "destination_business_account_id"
	if !known(m.destination) {
		where = "source_business_account_id"
	}
	return dest, m.check(dest, where, diags)
}

// check refuses a destination that is the source, on the attribute where.
func (m migrationAccounts) check(dest, where string, diags *diag.Diagnostics) bool {
	source := m.source.ValueString()
	if source != dest {
		return true
	}
	diags.AddAttributeError(path.Root(where), "Source is the destination",
		fmt.Sprintf("source_business_account_id and the destination (destination_business_account_id, or the provider's business_account_id) are both %s. %s", source, m.sameAccount))
	return false
}
