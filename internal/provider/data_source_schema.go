package provider

import (
	"fmt"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// computedAttributes turns resource attributes into the attributes of a data source that reads
// the same objects: Computed, with the same types and nesting, and without the validators,
// defaults and plan modifiers that only inputs have. descriptions words attributes for reading,
// keyed by their path below in ("header.format", "buttons.supported_apps.package_name"); an
// attribute it does not name keeps the resource's description. Write-only attributes are never
// read back and are left out.
func computedAttributes(in map[string]rschema.Attribute, descriptions map[string]string) map[string]dschema.Attribute {
	return computedAttributesAt("", in, descriptions)
}

func computedAttributesAt(prefix string, in map[string]rschema.Attribute, descriptions map[string]string) map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(in))
	for name, a := range in {
		if a.IsWriteOnly() {
			continue
		}
		out[name] = computedAttribute(prefix+name, a, descriptions)
	}
	return out
}

// computedAttribute is computedAttributes for the one attribute at path p.
func computedAttribute(p string, a rschema.Attribute, descriptions map[string]string) dschema.Attribute {
	md, plain := a.GetMarkdownDescription(), a.GetDescription()
	if d, ok := descriptions[p]; ok {
		md, plain = d, ""
	}
	nested := func(attrs map[string]rschema.Attribute) map[string]dschema.Attribute {
		return computedAttributesAt(p+".", attrs, descriptions)
	}
	sensitive, deprecated := a.IsSensitive(), a.GetDeprecationMessage()
	switch a := a.(type) {
	case rschema.StringAttribute:
		return dschema.StringAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType}
	case rschema.BoolAttribute:
		return dschema.BoolAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType}
	case rschema.Int64Attribute:
		return dschema.Int64Attribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType}
	case rschema.Int32Attribute:
		return dschema.Int32Attribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType}
	case rschema.Float64Attribute:
		return dschema.Float64Attribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType}
	case rschema.NumberAttribute:
		return dschema.NumberAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType}
	case rschema.ListAttribute:
		return dschema.ListAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType, ElementType: a.ElementType}
	case rschema.SetAttribute:
		return dschema.SetAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType, ElementType: a.ElementType}
	case rschema.MapAttribute:
		return dschema.MapAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType, ElementType: a.ElementType}
	case rschema.ObjectAttribute:
		return dschema.ObjectAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType, AttributeTypes: a.AttributeTypes}
	case rschema.SingleNestedAttribute:
		return dschema.SingleNestedAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType, Attributes: nested(a.Attributes)}
	case rschema.ListNestedAttribute:
		return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType,
			NestedObject: dschema.NestedAttributeObject{Attributes: nested(a.NestedObject.Attributes), CustomType: a.NestedObject.CustomType}}
	case rschema.SetNestedAttribute:
		return dschema.SetNestedAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType,
			NestedObject: dschema.NestedAttributeObject{Attributes: nested(a.NestedObject.Attributes), CustomType: a.NestedObject.CustomType}}
	case rschema.MapNestedAttribute:
		return dschema.MapNestedAttribute{Computed: true, MarkdownDescription: md, Description: plain, Sensitive: sensitive, DeprecationMessage: deprecated, CustomType: a.CustomType,
			NestedObject: dschema.NestedAttributeObject{Attributes: nested(a.NestedObject.Attributes), CustomType: a.NestedObject.CustomType}}
	}
	panic(fmt.Sprintf("computedAttribute: no data source form for %s, a %T", p, a))
}

// businessAccountIDArgument is the business_account_id of a data source that reads (verb) one
// WhatsApp Business Account's objects.
func businessAccountIDArgument(verb string) dschema.StringAttribute {
	return dschema.StringAttribute{
		MarkdownDescription: "WhatsApp Business Account to " + verb + ". Defaults to the provider's `business_account_id`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{numericID},
	}
}
