package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The API ⇄ model converters take whatever Graph sends: unknown fields, enum values and
// component or button types, and objects missing optional (or even expected) fields.

func TestConverters_tolerateUnexpectedTemplates(t *testing.T) {
	docs := []string{
		`{}`,
		`{"id":"1","name":"x","language":"en_US","status":"UNANNOUNCED","category":"NEW_CATEGORY","x":{"y":[1]},"quality_score":null,"components":null}`,
		`{"id":"1","components":[{"type":"CAROUSEL","cards":[{"components":[]}]},{"type":"HEADER"},{"type":"BODY"},{"type":"FOOTER"},{"type":"BUTTONS","buttons":[{"type":"VOICE_CALL","text":"Call"},{"type":"OTP"},{}]}]}`,
		`{"id":"1","category":"AUTHENTICATION","components":[{"type":"BODY","add_security_recommendation":true},{"type":"BUTTONS","buttons":[{"type":"URL","url":"https://x"}]}],"parameter_format":"FUTURE"}`,
	}
	for _, doc := range docs {
		var tpl graph.MessageTemplate
		if err := json.Unmarshal([]byte(doc), &tpl); err != nil {
			t.Fatalf("decoding %s: %v", doc, err)
		}
		var imported messageTemplateModel
		imported.applyRemote(&tpl, nil)
		if imported.Status.ValueString() != tpl.Status || imported.Category.ValueString() != tpl.Category {
			t.Errorf("%s: status %s category %s", doc, imported.Status, imported.Category)
		}
		prior := messageTemplateModel{Category: types.StringValue("UTILITY"), Body: &templateBodyModel{Text: types.StringValue("Hi")},
			Buttons: []templateButtonModel{{Type: types.StringValue("OTP"), OTPType: types.StringValue("COPY_CODE")}}}
		managed := prior
		managed.applyRemote(&tpl, &prior)
		if managed.Category.ValueString() != "UTILITY" {
			t.Errorf("%s: the configured category was replaced by %s", doc, managed.Category)
		}
	}
}

func TestConverters_tolerateUnexpectedPhoneNumbers(t *testing.T) {
	for _, doc := range []string{`{}`, `{"id":"1","status":"NEW_STATUS","throughput":{},"quality_rating":"PURPLE","x":1}`, `{"id":"1","display_phone_number":"15550100"}`} {
		var p graph.PhoneNumber
		if err := json.Unmarshal([]byte(doc), &p); err != nil {
			t.Fatal(err)
		}
		var m phoneNumberModel
		var diags diag.Diagnostics
		m.applyRemote(&p, &diags)
		if diags.HasError() {
			t.Errorf("%s: %v", doc, diags)
		}
	}
	// A status Meta adds says nothing about registration: the platform decides.
	for _, tc := range []struct {
		status, platform string
		want             bool
	}{
		{"CONNECTED", "", true}, {"MESSAGING_LIMIT_TIER_2", "", true}, {"PENDING", "CLOUD_API", false},
		{"NEW_STATUS", "CLOUD_API", true}, {"NEW_STATUS", "NOT_APPLICABLE", false}, {"", "CLOUD_API", false},
	} {
		p := graph.PhoneNumber{Status: tc.status, PlatformType: tc.platform}
		if p.Registered() != tc.want {
			t.Errorf("status %q platform %q: registered %v, want %v", tc.status, tc.platform, p.Registered(), tc.want)
		}
	}
}

func TestConverters_tolerateUnknownFlowStatus(t *testing.T) {
	ctx := context.Background()
	var f graph.Flow
	if err := json.Unmarshal([]byte(`{"id":"1","name":"f","status":"UNANNOUNCED","categories":["NEW_CATEGORY"],"validation_errors":[{}],"x":[{}]}`), &f); err != nil {
		t.Fatal(err)
	}
	// Managed and published: an unknown status keeps what Terraform knows.
	m := flowModel{Status: types.StringValue("PUBLISHED"), Publish: types.BoolValue(true), Deprecated: types.BoolValue(false),
		JSONVersion: types.StringValue("7.0"), DataAPIVersion: types.StringNull()}
	var diags diag.Diagnostics
	m.applyRemote(ctx, &f, &diags)
	if diags.HasError() || m.Status.ValueString() != "PUBLISHED" || !m.Publish.ValueBool() || m.Deprecated.ValueBool() || m.JSONVersion.ValueString() != "7.0" {
		t.Errorf("status %s publish %s deprecated %s json_version %s, diags %v", m.Status, m.Publish, m.Deprecated, m.JSONVersion, diags)
	}
	// Imported: nothing known, the status is reported as Meta sent it.
	var imported flowModel
	imported.applyRemote(ctx, &f, &diags)
	if imported.Status.ValueString() != "UNANNOUNCED" || imported.Publish.ValueBool() {
		t.Errorf("imported: status %s publish %s", imported.Status, imported.Publish)
	}
	// Known statuses still decide.
	f.Status = graph.FlowStatusDeprecated
	m.applyRemote(ctx, &f, &diags)
	if m.Status.ValueString() != graph.FlowStatusDeprecated || !m.Deprecated.ValueBool() {
		t.Errorf("deprecated: status %s deprecated %s", m.Status, m.Deprecated)
	}
}
