package fastpath

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// resourceType is what the fast paths know of one resource type.
type resourceType struct {
	version int64
	typ     tftypes.Type
	// identity is the type of the resource's identity, nil when it has none.
	identity tftypes.Type
	// new makes an instance of the resource, as the framework does for each call.
	new func() resource.Resource
	// upgrade: the schema has no blocks, so a same-version upgrade is a plain decode.
	upgrade bool
	// planner and refresher: the resource takes that fast path.
	planner, refresher bool
	// defaults are the top-level attribute defaults a plan applies to null configuration.
	defaults map[string]tftypes.Value
	// writeOnly are the schema's write-only attributes (writeOnlyNames).
	writeOnly map[string]bool
}

// learnResources records each resource type's schema facts and fast paths.
func learnResources(ctx context.Context, framework tfprotov6.ProviderServer, p provider.Provider) (map[string]*resourceType, error) {
	schemas, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	identities, err := framework.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	out := map[string]*resourceType{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var rmeta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &rmeta)
		proto, ok := schemas.ResourceSchemas[rmeta.TypeName]
		if !ok || proto.Block == nil {
			continue
		}
		rt := &resourceType{version: proto.Version, typ: proto.ValueType(), new: newResource, upgrade: len(proto.Block.BlockTypes) == 0}
		if id, ok := identities.IdentitySchemas[rmeta.TypeName]; ok && id != nil {
			rt.identity = id.ValueType()
		}
		if rt.upgrade {
			var sch resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sch)
			if defaults, ok := planDefaults(ctx, sch.Schema); ok {
				rt.defaults, rt.writeOnly = defaults, writeOnlyNames(sch.Schema)
				_, rt.planner = r.(UnchangedPlanner)
			}
			_, rt.refresher = r.(Refresher)
		}
		out[rmeta.TypeName] = rt
	}
	return out, nil
}

// instance returns a new resource of the type, configured with the provider's data when the
// provider is configured.
func (s *Server) instance(ctx context.Context, rt *resourceType) resource.Resource {
	r := rt.new()
	if c := s.configured.Load(); c != nil {
		if rc, ok := r.(resource.ResourceWithConfigure); ok {
			var resp resource.ConfigureResponse
			rc.Configure(ctx, resource.ConfigureRequest{ProviderData: c.data}, &resp)
			if resp.Diagnostics.HasError() {
				return nil
			}
		}
	}
	return r
}

// configuredInstance is instance, or nil before the provider is configured.
func (s *Server) configuredInstance(ctx context.Context, rt *resourceType) resource.Resource {
	if s.configured.Load() == nil {
		return nil
	}
	return s.instance(ctx, rt)
}

// identityFits reports whether a request's identity lets a fast answer carry it unchanged:
// absent when the resource type has no identity schema. A type with one may be asked without an
// identity (by Terraform before 1.12, or for a state written before the type had one): a plan
// then plans a null identity, as the framework does, and a refresh gives the identity of the
// state (identityOfState).
func (rt *resourceType) identityFits(id *tfprotov6.ResourceIdentityData) bool {
	if rt.identity == nil {
		return id == nil
	}
	return id == nil || id.IdentityData != nil
}

// identityOfState is the identity of a state: a resource's identity attributes are its state
// attributes of the same names. It reports false when the state lacks one of them.
func (rt *resourceType) identityOfState(state tftypes.Value) (*tfprotov6.ResourceIdentityData, bool) {
	obj, ok := rt.identity.(tftypes.Object)
	attrs := attributes(state)
	if !ok || attrs == nil {
		return nil, false
	}
	vals := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, typ := range obj.AttributeTypes {
		v, ok := attrs[name]
		if !ok || !v.Type().Equal(typ) || !v.IsKnown() {
			return nil, false
		}
		vals[name] = v
	}
	dv, err := tfprotov6.NewDynamicValue(obj, tftypes.NewValue(obj, vals))
	if err != nil {
		return nil, false
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}, true
}

// decodeRawState decodes stored state JSON with the current schema, as the framework's
// same-version upgrade does.
func (rt *resourceType) decodeRawState(raw *tfprotov6.RawState) (*tfprotov6.DynamicValue, bool) {
	if raw == nil || raw.Flatmap != nil || raw.JSON == nil {
		return nil, false
	}
	v, err := stateFromJSON(rt.typ, raw.JSON)
	if err != nil {
		v, err = raw.UnmarshalWithOpts(rt.typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	}
	if err != nil {
		return nil, false
	}
	dv, err := tfprotov6.NewDynamicValue(rt.typ, v)
	if err != nil {
		return nil, false
	}
	return &dv, true
}

// compare compares a fast answer with the framework's for this resource type.
func (rt *resourceType) compare(fast, slow Answer) error {
	return Compare(rt.typ, rt.identity, fast, slow)
}

// sameDynamicValue reports whether two msgpack-encoded values are byte for byte the same.
func sameDynamicValue(a, b *tfprotov6.DynamicValue) bool {
	return a != nil && b != nil && a.JSON == nil && b.JSON == nil && len(a.MsgPack) > 0 && string(a.MsgPack) == string(b.MsgPack)
}

// attributes returns a copy of an object value's attributes (As shares the value's own map),
// or nil.
func attributes(v tftypes.Value) map[string]tftypes.Value {
	var attrs map[string]tftypes.Value
	if v.IsNull() || !v.IsKnown() || v.As(&attrs) != nil {
		return nil
	}
	return maps.Clone(attrs)
}
