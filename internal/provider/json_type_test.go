package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestJSONEquivalent(t *testing.T) {
	same := [][2]string{
		{`{"a":1,"b":[true,null]}`, "{\n  \"b\": [ true, null ],\n  \"a\": 1\n}\n"},
		{`{"n":1.0}`, `{"n":1}`},
		{`{"n":1e2}`, `{"n":100}`},
		{`{"s":"<\u00e9>"}`, `{"s":"\u003cé\u003e"}`},
	}
	for _, p := range same {
		if !jsonEquivalent(p[0], p[1]) {
			t.Errorf("%s and %s should be equivalent", p[0], p[1])
		}
	}
	different := [][2]string{
		{`{"a":1}`, `{"a":2}`},
		{`{"a":[1,2]}`, `{"a":[2,1]}`},
		{`{"a":1}`, `{"a":1,"b":null}`},
		{`{"a":"1"}`, `{"a":1}`},
		{`{"a":1} x`, `{"a":1}`},
		{`not json`, `not json `},
	}
	for _, p := range different {
		if jsonEquivalent(p[0], p[1]) {
			t.Errorf("%s and %s should differ", p[0], p[1])
		}
	}
	eq, _ := newJSONValue(`{"a":1}`).StringSemanticEquals(context.Background(), newJSONValue(`{ "a" : 1 }`))
	if !eq {
		t.Error("semantic equality")
	}
}

func TestFlowJSONValidator(t *testing.T) {
	valid := []string{
		`{"version":"7.0","screens":[{"id":"A"}]}`,
		`{"version":"3.0","data_api_version":"3.0","screens":[{"id":"A","layout":{}}],"routing_model":{"A":[]}}`,
	}
	for _, doc := range valid {
		resp := &validator.StringResponse{}
		flowJSONValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("flow_json"), ConfigValue: types.StringValue(doc)}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%s: %v", doc, resp.Diagnostics)
		}
	}
	invalid := []string{
		`{"version":"7","screens":[{"id":"A"}]}`,
		`{"version":"7.0","screens":{}}`,
		`{"version":"7.0","screens":["A"]}`,
		`{"version":"7.0","screens":[{"id":"A"}],"data_api_version":3}`,
		`{"version":"7.0","screens":[{"id":"A"}]}{}`,
	}
	for _, doc := range invalid {
		resp := &validator.StringResponse{}
		flowJSONValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("flow_json"), ConfigValue: types.StringValue(doc)}, resp)
		if !resp.Diagnostics.HasError() {
			t.Errorf("%s passed", doc)
		}
	}
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		resp := &validator.StringResponse{}
		flowJSONValidator{}.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("flow_json"), ConfigValue: v}, resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v: %v", v, resp.Diagnostics)
		}
	}
}
