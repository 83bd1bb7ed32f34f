package fastpath

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// planDefaults returns the schema's top-level attribute defaults as values. It reports false
// when a default sits in a nested attribute or is of a kind it does not evaluate: for such
// schemas the framework plans every resource.
func planDefaults(ctx context.Context, sch schema.Schema) (map[string]tftypes.Value, bool) {
	found := map[string]tftypes.Value{}
	for name, a := range sch.Attributes {
		if !noNestedDefaults(a) {
			return nil, false
		}
		v, set, ok := defaultValue(ctx, path.Root(name), a)
		if !ok {
			return nil, false
		}
		if set {
			found[name] = v
		}
	}
	return found, true
}

// defaultValue evaluates an attribute's default: set reports whether it has one, ok whether it
// could be evaluated.
func defaultValue(ctx context.Context, p path.Path, a schema.Attribute) (v tftypes.Value, set, ok bool) {
	var value attr.Value
	var diags diag.Diagnostics
	switch a := a.(type) {
	case schema.StringAttribute:
		if a.Default == nil {
			return v, false, true
		}
		var resp defaults.StringResponse
		a.Default.DefaultString(ctx, defaults.StringRequest{Path: p}, &resp)
		value, diags = resp.PlanValue, resp.Diagnostics
	case schema.BoolAttribute:
		if a.Default == nil {
			return v, false, true
		}
		var resp defaults.BoolResponse
		a.Default.DefaultBool(ctx, defaults.BoolRequest{Path: p}, &resp)
		value, diags = resp.PlanValue, resp.Diagnostics
	case schema.Int64Attribute:
		if a.Default == nil {
			return v, false, true
		}
		var resp defaults.Int64Response
		a.Default.DefaultInt64(ctx, defaults.Int64Request{Path: p}, &resp)
		value, diags = resp.PlanValue, resp.Diagnostics
	default:
		return v, false, !hasDefault(a)
	}
	tv, err := value.ToTerraformValue(ctx)
	if err != nil || diags.HasError() {
		return v, false, false
	}
	return tv, true, true
}

// noNestedDefaults reports whether nothing nested in an attribute has a default.
func noNestedDefaults(a schema.Attribute) bool {
	for _, n := range nestedAttributes(a) {
		if hasDefault(n) || !noNestedDefaults(n) {
			return false
		}
	}
	return true
}

// nestedAttributes returns the attributes of a nested attribute's objects, nil for others.
func nestedAttributes(a schema.Attribute) map[string]schema.Attribute {
	switch a := a.(type) {
	case schema.SingleNestedAttribute:
		return a.Attributes
	case schema.ListNestedAttribute:
		return a.NestedObject.Attributes
	case schema.SetNestedAttribute:
		return a.NestedObject.Attributes
	case schema.MapNestedAttribute:
		return a.NestedObject.Attributes
	}
	return nil
}

// hasDefault reports whether an attribute of any kind sets Default.
func hasDefault(a schema.Attribute) bool {
	v := reflect.Indirect(reflect.ValueOf(a))
	if v.Kind() != reflect.Struct {
		return true // an attribute kind this cannot inspect: assume the worst
	}
	f := v.FieldByName("Default")
	return f.IsValid() && f.Kind() == reflect.Interface && !f.IsNil()
}

// defaultsKeep reports whether applying attribute defaults to null configuration keeps the
// prior state: every defaulted attribute either holds its default or is configured.
func (rt *resourceType) defaultsKeep(prior tftypes.Value, config *tfprotov6.DynamicValue) bool {
	if len(rt.defaults) == 0 {
		return true
	}
	attrs := attributes(prior)
	var configured map[string]tftypes.Value
	for name, want := range rt.defaults {
		if attrs[name].Equal(want) {
			continue
		}
		if configured == nil {
			if config == nil {
				return false
			}
			v, err := config.Unmarshal(rt.typ)
			if configured = attributes(v); err != nil || configured == nil {
				return false
			}
		}
		if c, ok := configured[name]; !ok || c.IsNull() {
			return false
		}
	}
	return true
}
