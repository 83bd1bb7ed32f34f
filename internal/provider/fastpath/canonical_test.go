package fastpath

import (
	"bytes"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A state holding a map (a template's named examples) fingerprints the same every time: msgpack
// writes a map in Go's random iteration order, the canonical form in key order.
func TestWriteCanonicalIsStable(t *testing.T) {
	examples := map[string]tftypes.Value{}
	for _, k := range []string{"first_name", "order", "code", "city", "discount", "date", "time", "shop"} {
		examples[k] = tftypes.NewValue(tftypes.String, "sample "+k)
	}
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"named_examples": tftypes.Map{ElementType: tftypes.String},
		"examples":       tftypes.List{ElementType: tftypes.String},
		"ttl":            tftypes.Number,
		"on":             tftypes.Bool,
		"unset":          tftypes.String,
	}}
	v := tftypes.NewValue(typ, map[string]tftypes.Value{
		"named_examples": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, examples),
		"examples":       tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "a")}),
		"ttl":            tftypes.NewValue(tftypes.Number, 600),
		"on":             tftypes.NewValue(tftypes.Bool, true),
		"unset":          tftypes.NewValue(tftypes.String, nil),
	})
	var first bytes.Buffer
	if !writeCanonical(&first, v) {
		t.Fatal("writeCanonical refused a plain value")
	}
	for range 50 {
		var again bytes.Buffer
		writeCanonical(&again, v)
		if !bytes.Equal(first.Bytes(), again.Bytes()) {
			t.Fatalf("the canonical form changed between writes:\n%s\n%s", first.Bytes(), again.Bytes())
		}
	}
	other := tftypes.NewValue(typ, map[string]tftypes.Value{
		"named_examples": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"first_name": tftypes.NewValue(tftypes.String, "x")}),
		"examples":       tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "a")}),
		"ttl":            tftypes.NewValue(tftypes.Number, 600),
		"on":             tftypes.NewValue(tftypes.Bool, true),
		"unset":          tftypes.NewValue(tftypes.String, nil),
	})
	var different bytes.Buffer
	writeCanonical(&different, other)
	if bytes.Equal(first.Bytes(), different.Bytes()) {
		t.Fatal("different values wrote the same canonical form")
	}
}
