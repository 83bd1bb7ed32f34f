package provider

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// minWriteOnlyTerraform is the first Terraform release that supports write-only attributes.
const minWriteOnlyTerraform = "Terraform 1.11"

// Terraform before 1.11 does not announce the write-only capability when it validates a
// resource. Setting a write-only attribute must then fail validation, before any plan or Graph
// call, with an error that names the attribute and the Terraform version it needs; leaving the
// attribute unset must keep working.
func TestWriteOnlyAttributesNeedTerraform111(t *testing.T) {
	ctx := context.Background()
	server, err := NewServer("test", fastpath.ModeOff)()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || diagsHaveError(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}

	var found []string
	for typeName, s := range schemas.ResourceSchemas {
		for _, attr := range s.Block.Attributes {
			if !attr.WriteOnly {
				continue
			}
			found = append(found, typeName+"."+attr.Name)
			if !strings.Contains(attr.Description, minWriteOnlyTerraform) {
				t.Errorf("%s.%s: the description should say it needs %s or later: %q", typeName, attr.Name, minWriteOnlyTerraform, attr.Description)
			}
			config := nullConfigWith(t, s, attr.Name, tftypes.NewValue(attr.Type, "123456"))

			// Terraform < 1.11: no client capabilities, or WriteOnlyAttributesAllowed false.
			for _, caps := range []*tfprotov6.ValidateResourceConfigClientCapabilities{nil, {WriteOnlyAttributesAllowed: false}} {
				resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: config, ClientCapabilities: caps})
				if err != nil {
					t.Fatal(err)
				}
				d := writeOnlyDiag(resp.Diagnostics, attr.Name)
				if d == nil {
					t.Errorf("%s.%s set without the write-only capability: want an error naming it, got %v", typeName, attr.Name, describeProtoDiags(resp.Diagnostics))
					continue
				}
				if d.Severity != tfprotov6.DiagnosticSeverityError || !strings.Contains(d.Summary+d.Detail, attr.Name) || !strings.Contains(d.Detail, minWriteOnlyTerraform) {
					t.Errorf("%s.%s: the error should name the attribute and %s: %s: %s", typeName, attr.Name, minWriteOnlyTerraform, d.Summary, d.Detail)
				}
			}

			// Terraform ≥ 1.11 announces the capability: no such error.
			resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: config,
				ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true}})
			if err != nil {
				t.Fatal(err)
			}
			if d := writeOnlyDiag(resp.Diagnostics, attr.Name); d != nil {
				t.Errorf("%s.%s with the write-only capability: unexpected %s: %s", typeName, attr.Name, d.Summary, d.Detail)
			}

			// Older Terraform with the attribute unset: no write-only error.
			resp, err = server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: nullConfigWith(t, s, "", tftypes.Value{})})
			if err != nil {
				t.Fatal(err)
			}
			if d := writeOnlyDiag(resp.Diagnostics, attr.Name); d != nil {
				t.Errorf("%s.%s unset: unexpected %s: %s", typeName, attr.Name, d.Summary, d.Detail)
			}
		}
	}
	// Write-only attributes nested in objects say so too.
	for typeName, s := range schemas.ResourceSchemas {
		var walk func(prefix string, attrs []*tfprotov6.SchemaAttribute)
		walk = func(prefix string, attrs []*tfprotov6.SchemaAttribute) {
			for _, attr := range attrs {
				if attr.WriteOnly && prefix != "" {
					found = append(found, typeName+"."+prefix+attr.Name)
					if !strings.Contains(attr.Description, minWriteOnlyTerraform) {
						t.Errorf("%s.%s%s: the description should say it needs %s or later: %q", typeName, prefix, attr.Name, minWriteOnlyTerraform, attr.Description)
					}
				}
				if attr.NestedType != nil {
					walk(prefix+attr.Name+".", attr.NestedType.Attributes)
				}
			}
		}
		walk("", s.Block.Attributes)
	}
	sort.Strings(found)
	for _, want := range []string{"whatsapp_message_template.header.media_file", "whatsapp_message_template.carousel.cards.header.media_handle", "whatsapp_business_profile.profile_picture_file", "whatsapp_phone_number.pin_wo", "whatsapp_phone_number.verification_code_wo", "whatsapp_app_webhook.verify_token_wo"} {
		if i := sort.SearchStrings(found, want); i == len(found) || found[i] != want {
			t.Errorf("write-only attribute %s not found in the schemas (found %v)", want, found)
		}
	}
}

// nullConfigWith is a resource configuration with every attribute null except name, set to v.
func nullConfigWith(t *testing.T, s *tfprotov6.Schema, name string, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	typ := s.ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for attr, at := range typ.AttributeTypes {
		vals[attr] = tftypes.NewValue(at, nil)
	}
	if name != "" {
		vals[name] = v
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// writeOnlyDiag returns the diagnostic about the write-only attribute name, if any.
func writeOnlyDiag(diags []*tfprotov6.Diagnostic, name string) *tfprotov6.Diagnostic {
	want := tftypes.NewAttributePath().WithAttributeName(name)
	for _, d := range diags {
		if d.Attribute != nil && d.Attribute.Equal(want) && strings.Contains(strings.ToLower(d.Summary+d.Detail), "write-only") {
			return d
		}
		if d.Attribute != nil && d.Attribute.Equal(want) && strings.Contains(d.Summary, "WriteOnly") {
			return d
		}
	}
	return nil
}

func diagsHaveError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func describeProtoDiags(diags []*tfprotov6.Diagnostic) string {
	var parts []string
	for _, d := range diags {
		parts = append(parts, d.Summary+": "+d.Detail)
	}
	return strings.Join(parts, "; ")
}
