package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// TestComputedAttributes converts nested resource attributes: everything becomes Computed with
// its type, descriptions are replaced only where named, and write-only attributes are dropped.
func TestComputedAttributes(t *testing.T) {
	in := map[string]rschema.Attribute{
		"kind": rschema.StringAttribute{MarkdownDescription: "Kind to submit.", Required: true, Validators: []validator.String{stringvalidator.OneOf("A")}},
		"items": rschema.ListNestedAttribute{
			MarkdownDescription: "Items.", Optional: true,
			NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
				"count":  rschema.Int64Attribute{MarkdownDescription: "Count.", Optional: true},
				"labels": rschema.MapAttribute{MarkdownDescription: "Labels.", Optional: true, ElementType: types.StringType},
				"secret": rschema.StringAttribute{MarkdownDescription: "Secret.", Optional: true, WriteOnly: true},
			}},
		},
	}
	out := computedAttributes(in, map[string]string{"kind": "Kind read back.", "items.count": "Count read back."})

	kind, ok := out["kind"].(dschema.StringAttribute)
	if !ok || !kind.Computed || kind.Optional || kind.Required || kind.MarkdownDescription != "Kind read back." || len(kind.Validators) != 0 {
		t.Errorf("kind = %#v, want a computed string described for reading, without validators", out["kind"])
	}
	items, ok := out["items"].(dschema.ListNestedAttribute)
	if !ok || !items.Computed || items.Optional || items.MarkdownDescription != "Items." {
		t.Fatalf("items = %#v, want a computed list of objects keeping its description", out["items"])
	}
	nested := items.NestedObject.Attributes
	if c, ok := nested["count"].(dschema.Int64Attribute); !ok || !c.Computed || c.MarkdownDescription != "Count read back." {
		t.Errorf("items.count = %#v, want a computed number described for reading", nested["count"])
	}
	if l, ok := nested["labels"].(dschema.MapAttribute); !ok || !l.Computed || !l.ElementType.Equal(types.StringType) {
		t.Errorf("items.labels = %#v, want a computed map of strings", nested["labels"])
	}
	if _, ok := nested["secret"]; ok {
		t.Error("the write-only items.secret must be left out")
	}
}

// TestTemplateReadDescriptionsNameResourceAttributes keeps the data source's wording in step with
// the resource: each description names an attribute the data source takes from the resource.
func TestTemplateReadDescriptionsNameResourceAttributes(t *testing.T) {
	attrs := templateResourceAttributes(context.Background())
	paths := map[string]bool{}
	var walk func(prefix string, in map[string]rschema.Attribute)
	walk = func(prefix string, in map[string]rschema.Attribute) {
		for name, a := range in {
			paths[prefix+name] = true
			switch a := a.(type) {
			case rschema.SingleNestedAttribute:
				walk(prefix+name+".", a.Attributes)
			case rschema.ListNestedAttribute:
				walk(prefix+name+".", a.NestedObject.Attributes)
			}
		}
	}
	read := map[string]rschema.Attribute{}
	for _, name := range templateReadAttributes {
		if attrs[name] == nil {
			t.Errorf("templateReadAttributes names %q, which the resource does not have", name)
		}
		read[name] = attrs[name]
	}
	walk("", read)
	for p := range templateReadDescriptions {
		if !paths[p] {
			t.Errorf("templateReadDescriptions describes %q, which is not an attribute the data source reads", p)
		}
	}
}
