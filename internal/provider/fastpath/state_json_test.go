package fastpath_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// messageTemplateStateJSON is a stored message template state, with an attribute a later
// schema no longer has.
const messageTemplateStateJSON = `{"body":{"examples":["Ana","A-1042"],"named_examples":null,"text":"Hi {{1}}, order {{2}} has shipped."},` +
	`"business_account_id":"102290129340398","buttons":null,"category":"UTILITY","id":"1000000000000001","language":"en_US","message_send_ttl_seconds":null,` +
	`"name":"order_update_1","status":"APPROVED","wait_for_review":false,"retired_attribute":"x"}`

// FuzzStateFromJSON checks the state JSON decoder against tftypes on the message template's schema
// type: whatever it decodes, tftypes decodes to the same value.
func FuzzStateFromJSON(f *testing.F) {
	s, err := provider.NewServer("test", fastpath.ModeOn)()
	if err != nil {
		f.Fatal(err)
	}
	schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		f.Fatal(err)
	}
	typ := schemas.ResourceSchemas["whatsapp_message_template"].ValueType()
	for _, seed := range []string{
		messageTemplateStateJSON,
		`{"buttons":[{"type":"URL","text":"Track","url":"https://x.example/{{1}}","example":"https://x.example/1","supported_apps":null}],"message_send_ttl_seconds":600,"body":{"named_examples":{"first_name":"Ana"}}}`,
		`{"message_send_ttl_seconds":1e400,"wait_for_review":true,"buttons":[]}`,
		`{"message_send_ttl_seconds":"60","wait_for_review":"true"}`,
		`null`,
	} {
		f.Add([]byte(seed))
	}
	opts := tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := fastpath.StateFromJSON(typ, raw)
		if err != nil {
			return // the caller decodes with tftypes
		}
		want, err := tftypes.ValueFromJSONWithOpts(raw, typ, opts)
		if err != nil {
			t.Fatalf("stateFromJSON decoded %q, tftypes refuses it: %v", raw, err)
		}
		if !got.Equal(want) {
			t.Fatalf("%q:\nstateFromJSON: %s\ntftypes:       %s", raw, got, want)
		}
	})
}

// TestStateFromJSONRefuses shows the decoder refusing a number stored as a string, for the
// caller to decode with tftypes.
func TestStateFromJSONRefuses(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "message_send_ttl_seconds": tftypes.Number}}
	if _, err := fastpath.StateFromJSON(typ, []byte(`{"id":"1","message_send_ttl_seconds":"600"}`)); err == nil {
		t.Fatal("StateFromJSON read a number stored as a string")
	}
}
