package provider

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// upgradedJSON upgrades a version 0 state of typeName through the provider's server and returns
// it as JSON.
func upgradedJSON(t *testing.T, typeName, state string) map[string]any {
	t.Helper()
	s := newFastServer(t)
	resp, err := s.UpgradeResourceState(context.Background(), &tfprotov6.UpgradeResourceStateRequest{
		TypeName: typeName, Version: 0, RawState: &tfprotov6.RawState{JSON: []byte(state)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("upgrade: %s: %s", d.Summary, d.Detail)
	}
	schemas, _ := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	v, err := resp.UpgradedState.Unmarshal(schemas.ResourceSchemas[typeName].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	out, _ := plainValue(v).(map[string]any)
	return out
}

// plainValue is v as strings, bools, numbers (as strings), maps and slices; null is nil.
func plainValue(v tftypes.Value) any {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case v.Type().Is(tftypes.Number):
		var n big.Float
		_ = v.As(&n)
		return n.String()
	case v.Type().Is(tftypes.Object{}) || v.Type().Is(tftypes.Map{}):
		var attrs map[string]tftypes.Value
		_ = v.As(&attrs)
		out := map[string]any{}
		for k, a := range attrs {
			out[k] = plainValue(a)
		}
		return out
	default:
		var elems []tftypes.Value
		_ = v.As(&elems)
		out := make([]any, len(elems))
		for i, e := range elems {
			out[i] = plainValue(e)
		}
		return out
	}
}

// A version 0 template state held the handle that was configured, or Meta's URL after an
// import: the handle becomes the digest that configuration keeping it matches, the URL media_url.
func TestUpgradeTemplateMediaState(t *testing.T) {
	const handle, url = "4::aW1hZ2UvcG5n:ARa1", "https://scontent.whatsapp.net/v/t61/abc.jpg"
	got := upgradedJSON(t, templateType, `{"id":"1","name":"spring_sale","language":"en_US","category":"MARKETING",`+
		`"header":{"format":"IMAGE","text":null,"example":null,"media_handle":"`+handle+`"},`+
		`"carousel":{"cards":[{"header":{"format":"IMAGE","media_handle":"`+url+`"},"body":null,"buttons":[{"type":"QUICK_REPLY","text":"More","url":null,"phone_number":null,"example":null}]}]}}`)
	header := got["header"].(map[string]any)
	if header["media_digest"] != contentDigest([]byte(handle)) || header["media_handle"] != nil || header["media_url"] != nil || header["media_file"] != nil {
		t.Errorf("header upgraded to %v", header)
	}
	card := got["carousel"].(map[string]any)["cards"].([]any)[0].(map[string]any)["header"].(map[string]any)
	if card["media_url"] != url || card["media_digest"] != nil || card["media_handle"] != nil {
		t.Errorf("card header upgraded to %v", card)
	}
	if got["name"] != "spring_sale" || got["category"] != "MARKETING" {
		t.Errorf("other attributes changed: %v", got)
	}

	// The digest is the one plan computes for the same handle in configuration.
	in := mediaInput{sample: &MediaSample{MediaHandle: sv(handle)}}
	if d := in.digest(nil); d.ValueString() != header["media_digest"] {
		t.Errorf("plan's digest of the handle %s, the upgrade's %v", d, header["media_digest"])
	}
}

func TestUpgradeBusinessProfilePictureState(t *testing.T) {
	const handle = "4:cHJvZmlsZS5wbmc=:aW1hZ2UvcG5n:ARa1:e:1900000000:1:2:ARb2"
	got := upgradedJSON(t, "whatsapp_business_profile", `{"id":"1","phone_number_id":"1","about":"Hi","profile_picture_handle":"`+handle+`","profile_picture_url":"https://pps.whatsapp.net/p.jpg"}`)
	if got["profile_picture_digest"] != contentDigest([]byte(handle)) || got["profile_picture_handle"] != nil || got["profile_picture_url"] != "https://pps.whatsapp.net/p.jpg" || got["about"] != "Hi" {
		t.Errorf("upgraded to %v", got)
	}
}
