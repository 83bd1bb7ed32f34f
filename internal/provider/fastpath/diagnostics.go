package fastpath

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

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
