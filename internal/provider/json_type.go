package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// jsonType is a string attribute holding a JSON document whose values compare semantically:
// whitespace, key order, string escapes and number spelling (1.0 and 1) never differ. Terraform
// keeps the text the user wrote in state when Meta returns an equivalent document, and
// suppressJSONReformat keeps plans empty when only the formatting of the configuration changes.
type jsonType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = jsonType{}
	_ basetypes.StringValuableWithSemanticEquals = jsonValue{}
)

func (t jsonType) Equal(o attr.Type) bool {
	_, ok := o.(jsonType)
	return ok
}

func (t jsonType) String() string { return "provider.jsonType" }

func (t jsonType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return jsonValue{StringValue: in}, nil
}

func (t jsonType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return jsonValue{StringValue: s}, nil
}

func (t jsonType) ValueType(context.Context) attr.Value { return jsonValue{} }

// jsonValue is a value of jsonType.
type jsonValue struct {
	basetypes.StringValue
}

func newJSONValue(s string) jsonValue { return jsonValue{StringValue: basetypes.NewStringValue(s)} }

func newJSONNull() jsonValue { return jsonValue{StringValue: basetypes.NewStringNull()} }

func (v jsonValue) Type(context.Context) attr.Type { return jsonType{} }

func (v jsonValue) Equal(o attr.Value) bool {
	other, ok := o.(jsonValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports documents that are the same JSON.
func (v jsonValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := newValuable.(jsonValue)
	if !ok {
		return false, nil
	}
	return jsonEquivalent(v.ValueString(), other.ValueString()), nil
}

// jsonEquivalent reports whether two texts are the same JSON document. Invalid JSON is only
// equivalent to the identical text.
func jsonEquivalent(a, b string) bool {
	if a == b {
		return true
	}
	va, errA := decodeJSON(a)
	vb, errB := decodeJSON(b)
	if errA != nil || errB != nil {
		return false
	}
	return sameJSON(va, vb)
}

func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data after the JSON document")
	}
	return v, nil
}

func sameJSON(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !sameJSON(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		fx, errX := strconv.ParseFloat(string(x), 64)
		fy, errY := strconv.ParseFloat(string(y), 64)
		return errX == nil && errY == nil && fx == fy
	default:
		return a == b
	}
}
