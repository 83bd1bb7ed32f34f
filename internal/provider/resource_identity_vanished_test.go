package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// objectOf is a value of an object type with the given string attributes and every other
// attribute null.
func objectOf(t *testing.T, typ tftypes.Type, strs map[string]string) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	attrs := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, at := range obj.AttributeTypes {
		attrs[name] = tftypes.NewValue(at, nil)
	}
	for name, s := range strs {
		if _, ok := obj.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %s", name)
		}
		attrs[name] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(typ, attrs)
}

// A refresh that finds the object gone removes it from state, and answers with the identity of
// the state it removed when Terraform sent none: Terraform before 1.12 never sends one, and a
// state written before the resource had an identity has none. The framework fails a read
// without an identity.
func TestVanishedObjectKeepsIdentity(t *testing.T) {
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	seed := srv.Emulator.Seed()
	ctx := context.Background()
	s, err := newServer("test", fastpath.ModeVerify, testQuota)()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	identities, err := s.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	config := objectOf(t, schemas.Provider.ValueType(), map[string]string{
		"base_url": srv.URL, "access_token": seed.AccessToken, "business_account_id": seed.BusinessAccountID,
		"app_id": seed.AppID, "app_secret": seed.AppSecret,
	})
	configured, err := s.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: dynamicValue(t, config)})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatal("configuring the provider: ", err, configured.Diagnostics)
	}

	const missing = "100000000000009"
	cases := map[string]struct {
		state    map[string]string
		identity map[string]string
	}{
		"whatsapp_phone_number": {
			state:    map[string]string{"id": missing, "business_account_id": seed.BusinessAccountID},
			identity: map[string]string{"id": missing},
		},
		"whatsapp_business_profile": {
			state:    map[string]string{"id": missing, "phone_number_id": missing},
			identity: map[string]string{"phone_number_id": missing},
		},
		"whatsapp_commerce_settings": {
			state:    map[string]string{"id": missing, "phone_number_id": missing},
			identity: map[string]string{"phone_number_id": missing},
		},
		"whatsapp_business_encryption": { // the seeded number shares no key
			state:    map[string]string{"id": seed.PhoneNumberID, "phone_number_id": seed.PhoneNumberID},
			identity: map[string]string{"phone_number_id": seed.PhoneNumberID},
		},
		"whatsapp_phone_number_settings": {
			state:    map[string]string{"id": missing, "phone_number_id": missing},
			identity: map[string]string{"phone_number_id": missing},
		},
		"whatsapp_official_business_account": {
			state:    map[string]string{"id": missing, "phone_number_id": missing},
			identity: map[string]string{"phone_number_id": missing},
		},
		"whatsapp_business_compliance_info": { // the seeded number has none
			state:    map[string]string{"id": seed.PhoneNumberID, "phone_number_id": seed.PhoneNumberID},
			identity: map[string]string{"phone_number_id": seed.PhoneNumberID},
		},
		"whatsapp_conversational_automation": {
			state:    map[string]string{"id": missing, "phone_number_id": missing},
			identity: map[string]string{"phone_number_id": missing},
		},
		"whatsapp_phone_number_webhook": { // the seeded number has no override
			state:    map[string]string{"id": seed.PhoneNumberID, "phone_number_id": seed.PhoneNumberID},
			identity: map[string]string{"phone_number_id": seed.PhoneNumberID},
		},
		"whatsapp_qr_code": {
			state:    map[string]string{"id": seed.PhoneNumberID + "/ANED2T5QRU7HG2", "phone_number_id": seed.PhoneNumberID, "code": "ANED2T5QRU7HG2"},
			identity: map[string]string{"phone_number_id": seed.PhoneNumberID, "code": "ANED2T5QRU7HG2"},
		},
		"whatsapp_business_account": {
			state:    map[string]string{"id": missing},
			identity: map[string]string{"id": missing},
		},
		"whatsapp_business_account_assigned_user": {
			state:    map[string]string{"id": seed.BusinessAccountID + "/" + missing, "business_account_id": seed.BusinessAccountID, "business_id": seed.BusinessID, "user_id": missing},
			identity: map[string]string{"business_account_id": seed.BusinessAccountID, "user_id": missing},
		},
		"whatsapp_webhook_subscription": {
			state:    map[string]string{"id": missing, "business_account_id": missing, "app_id": seed.AppID},
			identity: map[string]string{"business_account_id": missing},
		},
		"whatsapp_app_webhook": {
			state:    map[string]string{"id": seed.AppID + "/whatsapp_business_account", "app_id": seed.AppID, "object": "whatsapp_business_account"},
			identity: map[string]string{"app_id": seed.AppID, "object": "whatsapp_business_account"},
		},
		"whatsapp_flow": {
			state:    map[string]string{"id": missing, "business_account_id": seed.BusinessAccountID, "name": "gone"},
			identity: map[string]string{"business_account_id": seed.BusinessAccountID, "id": missing},
		},
	}
	for typeName, tc := range cases {
		t.Run(typeName, func(t *testing.T) {
			if schemas.ResourceSchemas[typeName] == nil || identities.IdentitySchemas[typeName] == nil {
				t.Fatalf("no schema or identity schema of %s", typeName)
			}
			stateType := schemas.ResourceSchemas[typeName].ValueType()
			identityType := identities.IdentitySchemas[typeName].ValueType()
			resp, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
				TypeName:     typeName,
				CurrentState: dynamicValue(t, objectOf(t, stateType, tc.state)),
			})
			if err != nil {
				t.Fatal(err)
			}
			warned := false
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					t.Errorf("error: %s: %s", d.Summary, d.Detail)
				}
				warned = warned || d.Severity == tfprotov6.DiagnosticSeverityWarning
			}
			if !warned {
				t.Error("no warning that the object is gone")
			}
			newState, err := resp.NewState.Unmarshal(stateType)
			if err != nil || !newState.IsNull() {
				t.Errorf("new state %v (%v), want the object removed", newState, err)
			}
			if resp.NewIdentity == nil || resp.NewIdentity.IdentityData == nil {
				t.Fatal("no identity")
			}
			got, err := resp.NewIdentity.IdentityData.Unmarshal(identityType)
			if want := objectOf(t, identityType, tc.identity); err != nil || !got.Equal(want) {
				t.Errorf("identity %v (%v), want %v", got, err, want)
			}
		})
	}
}
