package fastpath

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// A provider's notices are warnings about the provider as a whole, such as Meta serving another
// Graph version than the pinned one, that no single resource owns. Config.Notices hands each
// one over once; the Server adds it to the response it is about to give to a refresh, plan or
// apply of a resource or a data source, so Terraform shows it once per command. Fast answers and
// the framework's get them alike, and verify mode compares answers before they are added.

func (s *Server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp, err := s.planResourceChange(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.withNotices(resp.Diagnostics)
	}
	return resp, err
}

func (s *Server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	resp, err := s.readResource(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.withNotices(resp.Diagnostics)
	}
	return resp, err
}

func (s *Server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp, err := s.applyResourceChange(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.withNotices(resp.Diagnostics)
	}
	return resp, err
}

func (s *Server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	resp, err := s.ProviderServer.ReadDataSource(ctx, req)
	if resp != nil {
		resp.Diagnostics = s.withNotices(resp.Diagnostics)
	}
	return resp, err
}

// withNotices is diags with the notices not yet given.
func (s *Server) withNotices(diags []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
	if s.notices == nil {
		return diags
	}
	pending := s.notices()
	if len(pending) == 0 {
		return diags
	}
	converted, ok := protoDiagnostics(pending)
	if !ok {
		return diags
	}
	return append(diags, converted...)
}
