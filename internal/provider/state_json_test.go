package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// FuzzStateFromJSON checks stateFromJSON against tftypes on the message template's schema
// type: whatever it decodes, tftypes decodes to the same value.
func FuzzStateFromJSON(f *testing.F) {
	s, err := NewProtocol6Server("test", FastPathsOn)()
	if err != nil {
		f.Fatal(err)
	}
	typ := s.(*server).resources[templateType].typ
	for _, seed := range []string{
		templateStateJSON,
		`{"buttons":[{"type":"URL","text":"Track","url":"https://x.example/{{1}}","example":"https://x.example/1","supported_apps":null}],"message_send_ttl_seconds":600,"body":{"named_examples":{"first_name":"Ana"}}}`,
		`{"message_send_ttl_seconds":1e400,"wait_for_review":true,"buttons":[]}`,
		`{"message_send_ttl_seconds":"60","wait_for_review":"true"}`,
		`null`,
	} {
		f.Add([]byte(seed))
	}
	opts := tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, err := stateFromJSON(typ, raw)
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

// TestStateFromJSONFallsBack shows the upgrade fast path handing state stateFromJSON does not
// read (a number stored as a string) to tftypes, with the framework's result.
func TestStateFromJSONFallsBack(t *testing.T) {
	s := newFastServer(t, FastPathsOn)
	raw := []byte(`{"id":"1","name":"order_update","message_send_ttl_seconds":"600"}`)
	if _, err := stateFromJSON(s.resources[templateType].typ, raw); err == nil {
		t.Fatal("stateFromJSON read a number stored as a string")
	}
	req := &tfprotov6.UpgradeResourceStateRequest{TypeName: templateType, RawState: &tfprotov6.RawState{JSON: raw}}
	upgradeBothWays(t, s, req)
	if s.answered.upgrade.Load() != 1 {
		t.Fatal("the upgrade did not take the fast path")
	}
}
