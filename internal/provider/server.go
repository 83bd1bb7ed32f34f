package provider

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// NewProtocol6Server returns the factory of the provider's protocol server: the framework's
// server for a new provider instance, with fast paths for the calls a plan makes for every
// resource in state.
//
// A plan of a large account refreshes and plans hundreds or thousands of unchanged resources.
// For each value of each request the framework resolves the value's schema path several times
// over, which for a message template costs several milliseconds a call: most of a plan's time.
// The fast paths answer the common cases directly and hand everything else to the framework:
//
//   - UpgradeResourceState of state already at the schema's version is the state decoded with the
//     current schema, which is what the framework's pass-through returns (stateFromJSON decodes
//     it faster). No schema of this provider has blocks, so the framework's block conversions
//     change nothing.
//   - PlanResourceChange of an unchanged resource (the proposed new state is the prior state and
//     no attribute default would change it) is the prior state as it is, for resources that
//     declare their diagnostics for that case (unchangedPlanner).
//   - ReadResource returns the state Read would return when the resource can tell it without
//     the framework (quickRefresher).
//
// FastPathsOff sends every call to the framework; FastPathsVerify compares every fast answer
// with the framework's and fails the call on a difference (the acceptance tests run that way).
//
// The factory owns one graph.Quota and gives it to every server it makes, so all provider
// configurations it serves share Meta's quota.
func NewProtocol6Server(version string, mode FastPaths) func() (tfprotov6.ProviderServer, error) {
	return newProtocol6Server(version, mode, graph.NewQuota())
}

// newProtocol6Server is NewProtocol6Server with the quota its servers share.
func newProtocol6Server(version string, mode FastPaths, quota *graph.Quota) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &whatsappProvider{version: version, quota: quota}
		framework, err := providerserver.NewProtocol6WithError(p)()
		if err != nil || mode == FastPathsOff {
			return framework, err
		}
		s := &server{ProviderServer: framework, provider: p, verify: mode == FastPathsVerify, resources: map[string]*resourceFastPaths{}}
		if err := s.learnResources(context.Background()); err != nil {
			return nil, err
		}
		return s, nil
	}
}

// FastPaths selects how the protocol server answers the calls it has fast paths for.
type FastPaths string

const (
	FastPathsOn     FastPaths = "on"
	FastPathsOff    FastPaths = "off"
	FastPathsVerify FastPaths = "verify"
)

// EnvFastPaths names the environment variable that selects the fast paths: on (the default),
// off, or verify.
const EnvFastPaths = "WHATSAPP_FAST_PATHS"

// FastPathsFromEnv reads EnvFastPaths.
func FastPathsFromEnv() (FastPaths, error) {
	switch v := FastPaths(os.Getenv(EnvFastPaths)); v {
	case "", FastPathsOn:
		return FastPathsOn, nil
	case FastPathsOff, FastPathsVerify:
		return v, nil
	default:
		return "", fmt.Errorf("%s must be on, off or verify, not %q", EnvFastPaths, v)
	}
}

type server struct {
	tfprotov6.ProviderServer
	provider  *whatsappProvider
	verify    bool
	resources map[string]*resourceFastPaths
	// received counts the calls that have fast paths, answered counts those the fast paths
	// answered.
	received, answered callCounts
}

type callCounts struct{ upgrade, plan, read atomic.Int64 }

// resourceFastPaths is what the fast paths know of one resource type.
type resourceFastPaths struct {
	version int64
	typ     tftypes.Type
	// upgrade: the schema has no blocks, so a same-version upgrade is a plain decode.
	upgrade bool
	// planner and refresher are nil when the resource does not take that fast path.
	planner   unchangedPlanner
	refresher quickRefresher
	// defaults are the top-level attribute defaults a plan applies to null configuration.
	defaults map[string]tftypes.Value
}

// unchangedPlanner is a resource whose plan of an unchanged object is its prior state as it is:
// its attribute plan modifiers change nothing then, and its ModifyPlan only reports the
// diagnostics unchangedPlanDiagnostics returns.
type unchangedPlanner interface {
	unchangedPlanDiagnostics(prior tftypes.Value) diag.Diagnostics
}

// quickRefresher is a resource that can sometimes tell, without the framework, the state its
// Read would return; Read then keeps the private state as it is and reports nothing.
type quickRefresher interface {
	quickRefresh(ctx context.Context, data *providerData, state tftypes.Value, private []byte) (tftypes.Value, bool)
}

// learnResources records each resource type's schema facts and fast paths.
func (s *server) learnResources(ctx context.Context) error {
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return err
	}
	for _, newResource := range s.provider.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "whatsapp"}, &meta)
		proto, ok := schemas.ResourceSchemas[meta.TypeName]
		if !ok || proto.Block == nil {
			continue
		}
		var sch resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sch)
		fp := &resourceFastPaths{version: proto.Version, typ: proto.ValueType(), upgrade: len(proto.Block.BlockTypes) == 0}
		if fp.upgrade {
			if defaults, ok := planDefaults(ctx, sch.Schema); ok {
				fp.defaults = defaults
				fp.planner, _ = r.(unchangedPlanner)
			}
			fp.refresher, _ = r.(quickRefresher)
		}
		s.resources[meta.TypeName] = fp
	}
	return nil
}

func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	s.received.upgrade.Add(1)
	fp := s.resources[req.TypeName]
	if fp == nil || !fp.upgrade || req.Version != fp.version || req.RawState == nil || req.RawState.Flatmap != nil || req.RawState.JSON == nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	v, err := stateFromJSON(fp.typ, req.RawState.JSON)
	if err != nil {
		v, err = req.RawState.UnmarshalWithOpts(fp.typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	}
	if err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req) // the framework reports it
	}
	state, err := tfprotov6.NewDynamicValue(fp.typ, v)
	if err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	resp := &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &state}
	s.answered.upgrade.Add(1)
	if s.verify {
		slow, err := s.ProviderServer.UpgradeResourceState(ctx, req)
		if err == nil {
			err = sameAnswer(fp.typ, resp.UpgradedState, slow.UpgradedState, nil, slow.Diagnostics, nil, nil)
		}
		if err != nil {
			return nil, fmt.Errorf("UpgradeResourceState fast path for %s: %w", req.TypeName, err)
		}
	}
	return resp, nil
}

func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	s.received.plan.Add(1)
	fp := s.resources[req.TypeName]
	if fp == nil || fp.planner == nil || req.PriorIdentity != nil || !sameDynamicValue(req.PriorState, req.ProposedNewState) {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	prior, err := req.PriorState.Unmarshal(fp.typ)
	if err != nil || prior.IsNull() || !defaultsKeep(prior, req.Config, fp) {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	diags, ok := protoDiagnostics(fp.planner.unchangedPlanDiagnostics(prior))
	if !ok {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate, Diagnostics: diags}
	s.answered.plan.Add(1)
	if s.verify {
		slow, err := s.ProviderServer.PlanResourceChange(ctx, req)
		if err == nil && len(slow.RequiresReplace) > 0 {
			err = fmt.Errorf("the framework requires replacement of %v", slow.RequiresReplace)
		}
		if err == nil {
			err = sameAnswer(fp.typ, resp.PlannedState, slow.PlannedState, resp.Diagnostics, slow.Diagnostics, resp.PlannedPrivate, slow.PlannedPrivate)
		}
		if err != nil {
			return nil, fmt.Errorf("PlanResourceChange fast path for %s: %w", req.TypeName, err)
		}
	}
	return resp, nil
}

func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.received.read.Add(1)
	fp := s.resources[req.TypeName]
	data := s.provider.configuredData()
	if fp == nil || fp.refresher == nil || data == nil || req.CurrentState == nil || req.CurrentIdentity != nil {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	state, err := req.CurrentState.Unmarshal(fp.typ)
	if err != nil || state.IsNull() {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	refreshed, ok := fp.refresher.quickRefresh(ctx, data, state, req.Private)
	if !ok {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	resp := &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}
	if !refreshed.Equal(state) {
		if resp.NewState, err = newDynamicValue(fp.typ, refreshed); err != nil {
			return s.ProviderServer.ReadResource(ctx, req)
		}
	}
	s.answered.read.Add(1)
	if s.verify {
		slow, err := s.ProviderServer.ReadResource(ctx, req)
		if err == nil {
			err = sameAnswer(fp.typ, resp.NewState, slow.NewState, nil, slow.Diagnostics, resp.Private, slow.Private)
		}
		if err != nil {
			return nil, fmt.Errorf("ReadResource fast path for %s: %w", req.TypeName, err)
		}
	}
	return resp, nil
}

func newDynamicValue(typ tftypes.Type, v tftypes.Value) (*tfprotov6.DynamicValue, error) {
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	return &dv, err
}

// sameDynamicValue reports whether two msgpack-encoded values are byte for byte the same.
func sameDynamicValue(a, b *tfprotov6.DynamicValue) bool {
	return a != nil && b != nil && a.JSON == nil && b.JSON == nil && len(a.MsgPack) > 0 && string(a.MsgPack) == string(b.MsgPack)
}

// planDefaults returns the schema's top-level attribute defaults as values. It reports false
// when a default sits in a nested attribute or is of a kind it does not evaluate, or when the
// schema has write-only attributes (the framework nulls those in a plan): for such schemas the
// framework plans every resource.
func planDefaults(ctx context.Context, sch schema.Schema) (map[string]tftypes.Value, bool) {
	found := map[string]tftypes.Value{}
	for name, a := range sch.Attributes {
		if !plainBelow(a) {
			return nil, false
		}
		var v attr.Value
		var diags diag.Diagnostics
		switch a := a.(type) {
		case schema.StringAttribute:
			if a.Default == nil {
				continue
			}
			var resp defaults.StringResponse
			a.Default.DefaultString(ctx, defaults.StringRequest{Path: path.Root(name)}, &resp)
			v, diags = resp.PlanValue, resp.Diagnostics
		case schema.BoolAttribute:
			if a.Default == nil {
				continue
			}
			var resp defaults.BoolResponse
			a.Default.DefaultBool(ctx, defaults.BoolRequest{Path: path.Root(name)}, &resp)
			v, diags = resp.PlanValue, resp.Diagnostics
		case schema.Int64Attribute:
			if a.Default == nil {
				continue
			}
			var resp defaults.Int64Response
			a.Default.DefaultInt64(ctx, defaults.Int64Request{Path: path.Root(name)}, &resp)
			v, diags = resp.PlanValue, resp.Diagnostics
		default:
			if hasDefault(a) {
				return nil, false
			}
			continue
		}
		tv, err := v.ToTerraformValue(ctx)
		if err != nil || diags.HasError() {
			return nil, false
		}
		found[name] = tv
	}
	return found, true
}

// plainBelow reports whether an attribute is not write-only and nothing nested in it has a
// default or is write-only.
func plainBelow(a schema.Attribute) bool {
	if a.IsWriteOnly() {
		return false
	}
	var nested map[string]schema.Attribute
	switch a := a.(type) {
	case schema.SingleNestedAttribute:
		nested = a.Attributes
	case schema.ListNestedAttribute:
		nested = a.NestedObject.Attributes
	case schema.SetNestedAttribute:
		nested = a.NestedObject.Attributes
	case schema.MapNestedAttribute:
		nested = a.NestedObject.Attributes
	}
	for _, n := range nested {
		if hasDefault(n) || !plainBelow(n) {
			return false
		}
	}
	return true
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
func defaultsKeep(prior tftypes.Value, config *tfprotov6.DynamicValue, fp *resourceFastPaths) bool {
	if len(fp.defaults) == 0 {
		return true
	}
	attrs := rawAttributes(prior)
	var configured map[string]tftypes.Value
	for name, want := range fp.defaults {
		if attrs[name].Equal(want) {
			continue
		}
		if configured == nil {
			if config == nil {
				return false
			}
			v, err := config.Unmarshal(fp.typ)
			if configured = rawAttributes(v); err != nil || configured == nil {
				return false
			}
		}
		if c, ok := configured[name]; !ok || c.IsNull() {
			return false
		}
	}
	return true
}

// protoDiagnostics converts diagnostics whose paths are plain attribute names, and reports
// false for any other path.
func protoDiagnostics(diags diag.Diagnostics) ([]*tfprotov6.Diagnostic, bool) {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: d.Summary(), Detail: d.Detail()}
		if d.Severity() == diag.SeverityError {
			pd.Severity = tfprotov6.DiagnosticSeverityError
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			ap, ok := rootAttributePath(withPath.Path())
			if !ok {
				return nil, false
			}
			pd.Attribute = ap
		}
		out = append(out, pd)
	}
	return out, true
}

// rootAttributePath converts a path of attribute names.
func rootAttributePath(p path.Path) (*tftypes.AttributePath, bool) {
	ap := tftypes.NewAttributePath()
	for _, step := range p.Steps() {
		name, ok := step.(path.PathStepAttributeName)
		if !ok {
			return nil, false
		}
		ap = ap.WithAttributeName(string(name))
	}
	return ap, true
}
