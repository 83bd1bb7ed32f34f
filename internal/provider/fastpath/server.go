// Package fastpath answers the protocol calls a plan makes for every resource in state, when
// the answer is provably the one terraform-plugin-framework would give, and hands every other
// call to the framework.
//
// A plan of a large account refreshes and plans hundreds or thousands of unchanged resources.
// For each value of each request the framework resolves the value's schema path several times
// over (hashicorp/terraform-plugin-framework#775), which for a large resource costs several
// milliseconds a call: most of a plan's time. A Server wraps the framework's protocol server
// and answers three cases itself:
//
//   - UpgradeResourceState of state already at the schema's version, for any resource type
//     whose schema has no blocks: the state decoded with the current schema, which is the
//     framework's pass-through.
//   - PlanResourceChange of an unchanged object (the proposed new state is the prior state and
//     no attribute default would change it), for resource types that implement
//     UnchangedPlanner: the prior state as it is, with the planner's diagnostics.
//   - ReadResource of an object whose remote side changed only in what Read copies as it is,
//     for resource types that implement Refresher: the state with those attributes copied in.
//     The Server records a refresh fingerprint in private state whenever the framework writes
//     such a resource's state, and trusts a refresh only when the fingerprint still holds.
//
// Identity travels unchanged: a fast answer carries the request's identity, and a resource
// type with an identity schema is answered fast only when the request has one.
//
// The package knows resource types only through the provider.Provider it is given and the
// interfaces in resource.go; a resource type takes a fast path by implementing them.
//
// ModeVerify computes every fast answer and the framework's, and fails the call when they
// differ (state, identity, diagnostics or private state); ModeOff hands every call to the
// framework.
package fastpath

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Mode selects how a Server answers the calls it has fast paths for.
type Mode string

const (
	ModeOn     Mode = "on"
	ModeOff    Mode = "off"
	ModeVerify Mode = "verify"
)

// ParseMode reads a mode; empty means ModeOn.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case "", ModeOn:
		return ModeOn, nil
	case ModeOff, ModeVerify:
		return m, nil
	default:
		return "", fmt.Errorf("must be on, off or verify, not %q", s)
	}
}

// Config is what New needs besides the framework's server.
type Config struct {
	// Provider is the provider the framework serves; its resource types are the ones the fast
	// paths may answer for.
	Provider provider.Provider
	// Version is the provider's version. A refresh fingerprint covers the build it names (for
	// "dev", a hash of the executable), so that no other build trusts it.
	Version string
	Mode    Mode
	// Notices, when set, returns the warnings the provider has for the user, each only once:
	// the Server adds them to the response it is about to give to a refresh, plan or apply
	// (see notices.go). With Notices set, ModeOff is a Server without fast paths.
	Notices func() diag.Diagnostics
}

// Server is a protocol server with fast paths in front of the framework's.
type Server struct {
	tfprotov6.ProviderServer
	verify    bool
	build     func() string
	resources map[string]*resourceType
	// configured is what the provider's Configure gave resources (see Configured).
	configured atomic.Pointer[configuredData]
	// notices is Config.Notices.
	notices func() diag.Diagnostics
	// received counts the calls that have fast paths, answered those the fast paths answered.
	received, answered counters
}

type configuredData struct{ data any }

type counters struct{ upgrade, plan, read atomic.Int64 }

// Counts are numbers of UpgradeResourceState, PlanResourceChange and ReadResource calls.
type Counts struct{ Upgrades, Plans, Reads int64 }

func (c *counters) load() Counts {
	return Counts{Upgrades: c.upgrade.Load(), Plans: c.plan.Load(), Reads: c.read.Load()}
}

// New returns framework behind fast paths for cfg.Provider's resource types, or framework
// itself in ModeOff.
func New(ctx context.Context, framework tfprotov6.ProviderServer, cfg Config) (tfprotov6.ProviderServer, error) {
	if cfg.Mode == ModeOff && cfg.Notices == nil {
		return framework, nil
	}
	s := &Server{ProviderServer: framework, verify: cfg.Mode == ModeVerify, build: buildIdentity(cfg.Version), notices: cfg.Notices}
	if cfg.Mode == ModeOff {
		return s, nil // no resource type has a fast path
	}
	resources, err := learnResources(ctx, framework, cfg.Provider)
	if err != nil {
		return nil, err
	}
	s.resources = resources
	return s, nil
}

// Configured records the data the provider's Configure gave resources. The fast paths
// configure their resource instances with it, as the framework does, and answer refreshes only
// once it is set.
func (s *Server) Configured(data any) { s.configured.Store(&configuredData{data}) }

// Framework is the server the fast paths hand calls to.
func (s *Server) Framework() tfprotov6.ProviderServer { return s.ProviderServer }

// Received counts the calls that have fast paths.
func (s *Server) Received() Counts { return s.received.load() }

// Answered counts the calls the fast paths answered.
func (s *Server) Answered() Counts { return s.answered.load() }

func (s *Server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	s.received.upgrade.Add(1)
	rt := s.resources[req.TypeName]
	if rt == nil || !rt.upgrade || req.Version != rt.version {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	state, ok := rt.decodeRawState(req.RawState)
	if !ok {
		return s.ProviderServer.UpgradeResourceState(ctx, req) // the framework reports it
	}
	resp := &tfprotov6.UpgradeResourceStateResponse{UpgradedState: state}
	s.answered.upgrade.Add(1)
	if s.verify {
		slow, err := s.ProviderServer.UpgradeResourceState(ctx, req)
		if err == nil {
			err = rt.compare(Answer{State: resp.UpgradedState}, Answer{State: slow.UpgradedState, Diagnostics: slow.Diagnostics})
		}
		if err != nil {
			return nil, fmt.Errorf("UpgradeResourceState fast path for %s: %w", req.TypeName, err)
		}
	}
	return resp, nil
}

func (s *Server) planResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	s.received.plan.Add(1)
	rt := s.resources[req.TypeName]
	if rt == nil || !rt.planner || !rt.identityFits(req.PriorIdentity) || !sameDynamicValue(req.PriorState, req.ProposedNewState) {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	prior, err := req.PriorState.Unmarshal(rt.typ)
	if err != nil || prior.IsNull() || !rt.defaultsKeep(prior, req.Config) || rt.writeOnlySet(req.Config) {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	planner, _ := s.instance(ctx, rt).(UnchangedPlanner)
	if planner == nil {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	diags, ok := protoDiagnostics(planner.PlanUnchanged(ctx, newState(prior)))
	if !ok {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate, PlannedIdentity: req.PriorIdentity, Diagnostics: diags}
	s.answered.plan.Add(1)
	if s.verify {
		slow, err := s.ProviderServer.PlanResourceChange(ctx, req)
		if err == nil && len(slow.RequiresReplace) > 0 {
			err = fmt.Errorf("the framework requires replacement of %v", slow.RequiresReplace)
		}
		if err == nil {
			err = rt.compare(
				Answer{State: resp.PlannedState, Identity: resp.PlannedIdentity, Diagnostics: resp.Diagnostics, Private: resp.PlannedPrivate},
				Answer{State: slow.PlannedState, Identity: slow.PlannedIdentity, Diagnostics: slow.Diagnostics, Private: slow.PlannedPrivate})
		}
		if err != nil {
			return nil, fmt.Errorf("PlanResourceChange fast path for %s: %w", req.TypeName, err)
		}
	}
	return resp, nil
}

func (s *Server) readResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.received.read.Add(1)
	rt := s.resources[req.TypeName]
	if rt == nil || !rt.refresher || req.CurrentState == nil || !rt.identityFits(req.CurrentIdentity) {
		return s.read(ctx, rt, req)
	}
	resp, ok := s.refresh(ctx, rt, req)
	if !ok {
		return s.read(ctx, rt, req)
	}
	s.answered.read.Add(1)
	if s.verify {
		slow, err := s.read(ctx, rt, req)
		if err == nil {
			err = rt.compare(
				Answer{State: resp.NewState, Identity: resp.NewIdentity, Private: resp.Private},
				Answer{State: slow.NewState, Identity: slow.NewIdentity, Diagnostics: slow.Diagnostics, Private: slow.Private})
		}
		if err != nil {
			return nil, fmt.Errorf("ReadResource fast path for %s: %w", req.TypeName, err)
		}
	}
	return resp, nil
}

// read hands a refresh to the framework and records the fingerprint of the state it returns.
func (s *Server) read(ctx context.Context, rt *resourceType, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.ProviderServer.ReadResource(ctx, req)
	if err == nil && resp != nil && rt != nil && rt.refresher {
		resp.Private = s.recordFingerprint(ctx, rt, resp.NewState, resp.Private, resp.Diagnostics)
	}
	return resp, err
}

// ApplyResourceChange hands every apply to the framework and records the fingerprint of the
// state it writes.
func (s *Server) applyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, req)
	if rt := s.resources[req.TypeName]; err == nil && resp != nil && rt != nil && rt.refresher {
		resp.Private = s.recordFingerprint(ctx, rt, resp.NewState, resp.Private, resp.Diagnostics)
	}
	return resp, err
}
