package provider

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// sameAnswer compares a fast path's answer (state, diagnostics, private state) with the
// framework's for the same request and describes the first difference.
func sameAnswer(typ tftypes.Type, fast, slow *tfprotov6.DynamicValue, fastDiags, slowDiags []*tfprotov6.Diagnostic, fastPrivate, slowPrivate []byte) error {
	fv, err := decodeOptional(typ, fast)
	if err != nil {
		return err
	}
	sv, err := decodeOptional(typ, slow)
	if err != nil {
		return err
	}
	if !fv.Equal(sv) {
		return fmt.Errorf("state differs:\nfast path: %s\nframework: %s", fv, sv)
	}
	if f, s := describeDiagnostics(fastDiags), describeDiagnostics(slowDiags); !reflect.DeepEqual(f, s) {
		return fmt.Errorf("diagnostics differ:\nfast path: %q\nframework: %q", f, s)
	}
	fp, err := decodePrivate(fastPrivate)
	if err != nil {
		return err
	}
	sp, err := decodePrivate(slowPrivate)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(fp, sp) {
		return fmt.Errorf("private state differs:\nfast path: %v\nframework: %v", fp, sp)
	}
	return nil
}

func decodeOptional(typ tftypes.Type, v *tfprotov6.DynamicValue) (tftypes.Value, error) {
	if v == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	return v.Unmarshal(typ)
}

func describeDiagnostics(diags []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		at := ""
		if d.Attribute != nil {
			at = d.Attribute.String()
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s", d.Severity, at, d.Summary, d.Detail))
	}
	return out
}

// decodePrivate reads private state as the framework writes it (a JSON object of keys to
// base64-encoded JSON values) into comparable values.
func decodePrivate(raw []byte) (map[string]any, error) {
	out := map[string]any{}
	if len(raw) == 0 {
		return out, nil
	}
	var keys map[string][]byte
	if err := json.Unmarshal(raw, &keys); err != nil {
		return nil, fmt.Errorf("private state %q: %w", raw, err)
	}
	for k, v := range keys {
		var decoded any
		if err := json.Unmarshal(v, &decoded); err != nil {
			return nil, fmt.Errorf("private state key %q: %w", k, err)
		}
		out[k] = decoded
	}
	return out, nil
}
