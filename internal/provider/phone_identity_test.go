package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// importByIdentity renders an import block that names the resource at to by its identity.
func importByIdentity(to string, identity map[string]string) string {
	names := make([]string, 0, len(identity))
	for name := range identity {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "\nimport {\n  to = %s\n  identity = {\n", to)
	for _, name := range names {
		fmt.Fprintf(&b, "    %s = %q\n", name, identity[name])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// A Read that finds the object gone removes it from state without an error, also when the
// state has no identity yet: Terraform before 1.12 sends none, nor does a state saved by a
// provider version without identity.
func TestPhoneResourcesVanishWithoutIdentity(t *testing.T) {
	ctx := context.Background()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	seed := srv.Emulator.Seed()
	server, err := NewServer("test", fastpath.ModeOff)()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cfgType := schemas.Provider.ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, typ := range cfgType.AttributeTypes {
		vals[name] = tftypes.NewValue(typ, nil)
	}
	vals["base_url"] = tftypes.NewValue(tftypes.String, srv.URL)
	vals["access_token"] = tftypes.NewValue(tftypes.String, seed.AccessToken)
	vals["business_account_id"] = tftypes.NewValue(tftypes.String, seed.BusinessAccountID)
	vals["max_retries"] = tftypes.NewValue(tftypes.Number, 0)
	cfg, err := tfprotov6.NewDynamicValue(cfgType, tftypes.NewValue(cfgType, vals))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: &cfg}); err != nil || diagsHaveError(resp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %s", err, describeProtoDiags(resp.Diagnostics))
	}

	const gone = "999999999999999" // no such phone number
	for typeName, set := range map[string]map[string]string{
		"whatsapp_phone_number":              {"id": gone, "business_account_id": seed.BusinessAccountID},
		"whatsapp_business_profile":          {"id": gone, "phone_number_id": gone},
		"whatsapp_commerce_settings":         {"id": gone, "phone_number_id": gone},
		"whatsapp_conversational_automation": {"id": gone, "phone_number_id": gone},
		"whatsapp_phone_number_webhook":      {"id": seed.PhoneNumberID, "phone_number_id": seed.PhoneNumberID}, // no override set
		"whatsapp_qr_code":                   {"id": seed.PhoneNumberID + "/ANED2T5QRU7HG2", "phone_number_id": seed.PhoneNumberID, "code": "ANED2T5QRU7HG2"},
	} {
		t.Run(typeName, func(t *testing.T) {
			typ := schemas.ResourceSchemas[typeName].ValueType().(tftypes.Object)
			attrs := map[string]tftypes.Value{}
			for name, at := range typ.AttributeTypes {
				attrs[name] = tftypes.NewValue(at, nil)
			}
			for name, v := range set {
				attrs[name] = tftypes.NewValue(tftypes.String, v)
			}
			state, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: typeName, CurrentState: &state})
			if err != nil || diagsHaveError(resp.Diagnostics) {
				t.Fatalf("ReadResource: %v %s", err, describeProtoDiags(resp.Diagnostics))
			}
			newState, err := resp.NewState.Unmarshal(typ)
			if err != nil || !newState.IsNull() {
				t.Fatalf("the object is gone, but the state is %v (%v)", newState, err)
			}
		})
	}
}
