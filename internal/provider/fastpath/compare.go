package fastpath

import (
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Answer is what a plan, refresh or upgrade returns.
type Answer struct {
	State       *tfprotov6.DynamicValue
	Identity    *tfprotov6.ResourceIdentityData
	Diagnostics []*tfprotov6.Diagnostic
	Private     []byte
}

// Compare compares a fast answer with the framework's for the same request, for a resource of
// type typ with identity type identity (nil when it has none), and describes the first
// difference.
func Compare(typ, identity tftypes.Type, fast, slow Answer) error {
	fv, err := decodeOptional(typ, fast.State)
	if err != nil {
		return err
	}
	sv, err := decodeOptional(typ, slow.State)
	if err != nil {
		return err
	}
	if !fv.Equal(sv) {
		return fmt.Errorf("state differs:\nfast path: %s\nframework: %s", fv, sv)
	}
	if err := sameIdentity(identity, fast.Identity, slow.Identity); err != nil {
		return err
	}
	if f, s := describeDiagnostics(fast.Diagnostics), describeDiagnostics(slow.Diagnostics); !reflect.DeepEqual(f, s) {
		return fmt.Errorf("diagnostics differ:\nfast path: %q\nframework: %q", f, s)
	}
	fp, err := decodePrivate(fast.Private)
	if err != nil {
		return err
	}
	sp, err := decodePrivate(slow.Private)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(fp, sp) {
		return fmt.Errorf("private state differs:\nfast path: %v\nframework: %v", fp, sp)
	}
	return nil
}

func sameIdentity(typ tftypes.Type, fast, slow *tfprotov6.ResourceIdentityData) error {
	if typ == nil {
		if fast != nil || slow != nil {
			return fmt.Errorf("identity differs: the resource type has no identity schema, fast path %v, framework %v", fast != nil, slow != nil)
		}
		return nil
	}
	data := func(id *tfprotov6.ResourceIdentityData) *tfprotov6.DynamicValue {
		if id == nil {
			return nil
		}
		return id.IdentityData
	}
	fv, err := decodeOptional(typ, data(fast))
	if err != nil {
		return err
	}
	sv, err := decodeOptional(typ, data(slow))
	if err != nil {
		return err
	}
	if !fv.Equal(sv) {
		return fmt.Errorf("identity differs:\nfast path: %s\nframework: %s", fv, sv)
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
