package fastpath_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// answeringServer answers reads, plans and applies of any type with no diagnostics.
type answeringServer struct{ tfprotov6.ProviderServer }

func (answeringServer) ReadResource(context.Context, *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{}, nil
}

func (answeringServer) ReadDataSource(context.Context, *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return &tfprotov6.ReadDataSourceResponse{}, nil
}

func (answeringServer) PlanResourceChange(context.Context, *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return &tfprotov6.PlanResourceChangeResponse{}, nil
}

func (answeringServer) ApplyResourceChange(context.Context, *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return &tfprotov6.ApplyResourceChangeResponse{}, nil
}

// A notice the provider hands over once reaches the user once, on whichever call comes next,
// in every mode.
func TestNoticesGivenOnce(t *testing.T) {
	framework, err := providerserver.NewProtocol6WithError(&testProvider{})()
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []fastpath.Mode{fastpath.ModeOn, fastpath.ModeOff, fastpath.ModeVerify} {
		t.Run(string(mode), func(t *testing.T) {
			var pending atomic.Bool
			notices := func() diag.Diagnostics {
				if !pending.CompareAndSwap(true, false) {
					return nil
				}
				return diag.Diagnostics{diag.NewWarningDiagnostic("notice", "once")}
			}
			s, err := fastpath.New(ctx, answeringServer{framework}, fastpath.Config{Provider: &testProvider{}, Mode: mode, Notices: notices})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := s.(*fastpath.Server); !ok {
				t.Fatalf("New returned %T, want *fastpath.Server", s)
			}
			calls := map[string]func() []*tfprotov6.Diagnostic{
				"ReadResource": func() []*tfprotov6.Diagnostic {
					resp, _ := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "other_thing"})
					return resp.Diagnostics
				},
				"ReadDataSource": func() []*tfprotov6.Diagnostic {
					resp, _ := s.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "other_thing"})
					return resp.Diagnostics
				},
				"PlanResourceChange": func() []*tfprotov6.Diagnostic {
					resp, _ := s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "other_thing"})
					return resp.Diagnostics
				},
				"ApplyResourceChange": func() []*tfprotov6.Diagnostic {
					resp, _ := s.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: "other_thing"})
					return resp.Diagnostics
				},
			}
			for name, call := range calls {
				if got := call(); len(got) != 0 {
					t.Errorf("%s before any notice: %d diagnostics", name, len(got))
				}
				pending.Store(true)
				got := call()
				if len(got) != 1 || got[0].Summary != "notice" || got[0].Severity != tfprotov6.DiagnosticSeverityWarning {
					t.Errorf("%s with a notice pending: %+v, want the one warning", name, got)
				}
				if got := call(); len(got) != 0 {
					t.Errorf("%s after the notice was given: %d diagnostics", name, len(got))
				}
			}
		})
	}
}
