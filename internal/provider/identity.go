package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12 and later) is the natural key of each resource: the
// attributes, all strings, that the import id joins with "/" in the same order. An object's
// identity never changes; an identity change is a replacement.
//
// Every resource declares its identity as a resourceIdentity, returns it from IdentitySchema,
// sets it from its state at the end of Create, Read and Update (set), and accepts it in
// ImportState as an import id (importID), so an import block may give `identity = { … }`
// instead of `id`.

// resourceIdentity is the ordered list of a resource's identity attributes, each named as the
// state attribute it copies.
type resourceIdentity []identityAttribute

type identityAttribute struct {
	name, description string
}

// schema is the identity schema: every attribute is required to import by identity.
func (ri resourceIdentity) schema() identityschema.Schema {
	attrs := make(map[string]identityschema.Attribute, len(ri))
	for _, a := range ri {
		attrs[a.name] = identityschema.StringAttribute{RequiredForImport: true, Description: a.description}
	}
	return identityschema.Schema{Attributes: attrs}
}

// set copies the identity attributes from state into identity. It does nothing when the state
// was removed or there is no identity to set. A Read that finds the object gone sets the
// identity from the prior state (req.State) before removing it: Terraform keeps the identity of
// a removed object, and the framework refuses a Read that returns none, which a Terraform
// before 1.12, or a state from before identities, would otherwise get.
func (ri resourceIdentity) set(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || state.Raw.IsNull() {
		return
	}
	for _, a := range ri {
		var v types.String
		if diags.Append(state.GetAttribute(ctx, path.Root(a.name), &v)...); diags.HasError() {
			return
		}
		diags.Append(identity.SetAttribute(ctx, path.Root(a.name), v)...)
	}
}

// importID returns the import id of a request: the id given, or the identity's attributes
// joined with "/" when the import names an identity instead.
func (ri resourceIdentity) importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil {
		return req.ID, true
	}
	parts := make([]string, 0, len(ri))
	for _, a := range ri {
		var v types.String
		if diags.Append(req.Identity.GetAttribute(ctx, path.Root(a.name), &v)...); diags.HasError() {
			return "", false
		}
		if v.ValueString() == "" {
			diags.AddAttributeError(path.Root(a.name), "Missing identity attribute",
				fmt.Sprintf("Importing by identity needs %s: %s.", a.name, a.description))
			return "", false
		}
		parts = append(parts, v.ValueString())
	}
	return strings.Join(parts, "/"), true
}
