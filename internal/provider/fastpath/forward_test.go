package fastpath_test

import (
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// recordingServer is a framework server that also answers the list resource and action calls,
// each with a warning naming the call and the type it was asked about.
type recordingServer struct {
	tfprotov6.ProviderServer
	calls []string
}

func (r *recordingServer) record(call, typeName string) []*tfprotov6.Diagnostic {
	r.calls = append(r.calls, call+" "+typeName)
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: call + " " + typeName}}
}

func (r *recordingServer) ValidateListResourceConfig(_ context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return &tfprotov6.ValidateListResourceConfigResponse{Diagnostics: r.record("ValidateListResourceConfig", req.TypeName)}, nil
}

func (r *recordingServer) ListResource(_ context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	diags := r.record("ListResource", req.TypeName)
	return &tfprotov6.ListResourceServerStream{Results: func(push func(tfprotov6.ListResourceResult) bool) {
		push(tfprotov6.ListResourceResult{DisplayName: "one", Diagnostics: diags})
	}}, nil
}

func (r *recordingServer) ValidateActionConfig(_ context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return &tfprotov6.ValidateActionConfigResponse{Diagnostics: r.record("ValidateActionConfig", req.ActionType)}, nil
}

func (r *recordingServer) PlanAction(_ context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return &tfprotov6.PlanActionResponse{Diagnostics: r.record("PlanAction", req.ActionType)}, nil
}

func (r *recordingServer) InvokeAction(_ context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	diags := r.record("InvokeAction", req.ActionType)
	return &tfprotov6.InvokeActionServerStream{Events: func(push func(tfprotov6.InvokeActionEvent) bool) {
		push(tfprotov6.InvokeActionEvent{Type: tfprotov6.CompletedInvokeActionEventType{Diagnostics: diags}})
	}}, nil
}

// summaries calls every list resource and action method of s and returns the summaries of the
// diagnostics each answered with, in order.
func summaries(t *testing.T, s tfprotov6.ProviderServer) []string {
	t.Helper()
	// terraform-plugin-go serves these calls only from a ProviderServer that is also a
	// ListResourceServer (ProviderServerWithListResource) or an ActionServer
	// (ProviderServerWithActions).
	l, ok := s.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatalf("%T does not implement tfprotov6.ListResourceServer", s)
	}
	a, ok := s.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("%T does not implement tfprotov6.ActionServer", s)
	}
	var got []string
	add := func(diags []*tfprotov6.Diagnostic, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if len(diags) != 1 {
			t.Fatalf("want one diagnostic, got %d", len(diags))
		}
		got = append(got, diags[0].Summary)
	}
	v, err := l.ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: "test_note"})
	add(v.Diagnostics, err)
	stream, err := l.ListResource(ctx, &tfprotov6.ListResourceRequest{TypeName: "test_note"})
	if err != nil {
		t.Fatal(err)
	}
	for r := range stream.Results {
		add(r.Diagnostics, nil)
	}
	va, err := a.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: "test_act"})
	add(va.Diagnostics, err)
	pa, err := a.PlanAction(ctx, &tfprotov6.PlanActionRequest{ActionType: "test_act"})
	add(pa.Diagnostics, err)
	events, err := a.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "test_act"})
	if err != nil {
		t.Fatal(err)
	}
	for e := range events.Events {
		completed, ok := e.Type.(tfprotov6.CompletedInvokeActionEventType)
		if !ok {
			t.Fatalf("InvokeAction event %T, want a completed event", e.Type)
		}
		add(completed.Diagnostics, nil)
	}
	return got
}

func TestListResourceAndActionCallsReachTheFramework(t *testing.T) {
	framework, err := providerserver.NewProtocol6WithError(&testProvider{})()
	if err != nil {
		t.Fatal(err)
	}
	rec := &recordingServer{ProviderServer: framework}
	s, err := fastpath.New(ctx, rec, fastpath.Config{Provider: &testProvider{}, Mode: fastpath.ModeOn})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*fastpath.Server); !ok {
		t.Fatalf("New returned %T, want *fastpath.Server", s)
	}
	want := []string{"ValidateListResourceConfig test_note", "ListResource test_note", "ValidateActionConfig test_act", "PlanAction test_act", "InvokeAction test_act"}
	if got := summaries(t, s); !slices.Equal(got, want) {
		t.Errorf("answers %q, want the framework's %q", got, want)
	}
	if !slices.Equal(rec.calls, want) {
		t.Errorf("the framework got %q, want %q", rec.calls, want)
	}
}

func TestListResourceAndActionCallsWithoutFrameworkSupport(t *testing.T) {
	framework, err := providerserver.NewProtocol6WithError(&testProvider{})()
	if err != nil {
		t.Fatal(err)
	}
	// Embedding the interface hides the framework server's list resource and action methods.
	hidden := struct{ tfprotov6.ProviderServer }{framework}
	s, err := fastpath.New(ctx, hidden, fastpath.Config{Provider: &testProvider{}, Mode: fastpath.ModeOn})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ValidateListResourceConfig is not supported", "ListResource is not supported", "ValidateActionConfig is not supported", "PlanAction is not supported", "InvokeAction is not supported"}
	if got := summaries(t, s); !slices.Equal(got, want) {
		t.Errorf("answers %q, want %q", got, want)
	}
}
