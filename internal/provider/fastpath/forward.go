package fastpath

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The protocol's list resource and action calls are on optional interfaces
// (tfprotov6.ProviderServerWithListResource and ProviderServerWithActions, a ProviderServer with
// ListResourceServer or ActionServer), which embedding tfprotov6.ProviderServer does not promote:
// terraform-plugin-go finds them on a Server only through these methods, which hand every call
// to the framework. The fast paths have nothing to do with either.
var (
	_ tfprotov6.ListResourceServer = (*Server)(nil)
	_ tfprotov6.ActionServer       = (*Server)(nil)
)

// unsupported is the diagnostic for a call the framework's server has no method for.
func unsupported(call string) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{
		Severity: tfprotov6.DiagnosticSeverityError,
		Summary:  call + " is not supported",
		Detail:   "The provider's protocol server does not implement " + call + ".",
	}}
}

func (s *Server) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	if l, ok := s.ProviderServer.(tfprotov6.ListResourceServer); ok {
		return l.ValidateListResourceConfig(ctx, req)
	}
	return &tfprotov6.ValidateListResourceConfigResponse{Diagnostics: unsupported("ValidateListResourceConfig")}, nil
}

func (s *Server) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	if l, ok := s.ProviderServer.(tfprotov6.ListResourceServer); ok {
		return l.ListResource(ctx, req)
	}
	diags := unsupported("ListResource")
	return &tfprotov6.ListResourceServerStream{Results: func(push func(tfprotov6.ListResourceResult) bool) {
		push(tfprotov6.ListResourceResult{Diagnostics: diags})
	}}, nil
}

func (s *Server) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	if a, ok := s.ProviderServer.(tfprotov6.ActionServer); ok {
		return a.ValidateActionConfig(ctx, req)
	}
	return &tfprotov6.ValidateActionConfigResponse{Diagnostics: unsupported("ValidateActionConfig")}, nil
}

func (s *Server) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	if a, ok := s.ProviderServer.(tfprotov6.ActionServer); ok {
		return a.PlanAction(ctx, req)
	}
	return &tfprotov6.PlanActionResponse{Diagnostics: unsupported("PlanAction")}, nil
}

func (s *Server) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	if a, ok := s.ProviderServer.(tfprotov6.ActionServer); ok {
		return a.InvokeAction(ctx, req)
	}
	diags := unsupported("InvokeAction")
	return &tfprotov6.InvokeActionServerStream{Events: func(push func(tfprotov6.InvokeActionEvent) bool) {
		push(tfprotov6.InvokeActionEvent{Type: tfprotov6.CompletedInvokeActionEventType{Diagnostics: diags}})
	}}, nil
}
