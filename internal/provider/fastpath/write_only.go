package fastpath

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Write-only attributes are in the configuration only: prior and planned state hold them as
// null, so a plan whose prior state equals its proposed new state may still carry a new
// write-only value (a file to upload, say). A plan whose configuration sets one goes to the
// framework.

// writeOnlyNames returns a schema's write-only attributes by dotted name, positions in lists,
// sets and maps left out: "header.media_file", "carousel.cards.header.media_file".
func writeOnlyNames(sch schema.Schema) map[string]bool {
	names := map[string]bool{}
	var walk func(prefix string, attrs map[string]schema.Attribute)
	walk = func(prefix string, attrs map[string]schema.Attribute) {
		for name, a := range attrs {
			if a.IsWriteOnly() {
				names[prefix+name] = true
			}
			walk(prefix+name+".", nestedAttributes(a))
		}
	}
	walk("", sch.Attributes)
	return names
}

// writeOnlySet reports whether config sets a write-only attribute, or cannot be read.
func (rt *resourceType) writeOnlySet(config *tfprotov6.DynamicValue) bool {
	if len(rt.writeOnly) == 0 {
		return false
	}
	if config == nil {
		return true
	}
	v, err := config.Unmarshal(rt.typ)
	if err != nil {
		return true
	}
	set := false
	_ = tftypes.Walk(v, func(p *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if set {
			return false, nil
		}
		if rt.writeOnly[dottedName(p)] && !v.IsNull() {
			set = true
		}
		return true, nil
	})
	return set
}

// dottedName is an attribute path's name without element positions.
func dottedName(p *tftypes.AttributePath) string {
	var names []string
	for _, step := range p.Steps() {
		if n, ok := step.(tftypes.AttributeName); ok {
			names = append(names, string(n))
		}
	}
	return strings.Join(names, ".")
}
