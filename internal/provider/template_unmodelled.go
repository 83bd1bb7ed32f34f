package provider

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Meta adds template features over time. A component the model cannot represent (a type it does
// not know, a field it does not know, a second component of a kind it holds one of) is never
// dropped: Read keeps it in unmodelled_components, exactly as Meta returned it, plans warn about
// it, and a plan that would edit the template is refused, since the edit would send the
// template without it and so delete it at Meta.

// unmodelledList collects the components Read could not model.
type unmodelledList []graph.TemplateComponent

// value is the state value of the list: Meta's JSON of each component, or null when empty.
func (l unmodelledList) value() types.String {
	if len(l) == 0 {
		return types.StringNull()
	}
	return componentsJSON(l)
}

// componentsJSON is a JSON array of the components, each as Meta returned it.
func componentsJSON(comps []graph.TemplateComponent) types.String {
	raw := make([]json.RawMessage, 0, len(comps))
	for _, c := range comps {
		b := c.Raw
		if b == nil {
			var err error
			if b, err = json.Marshal(c); err != nil {
				continue
			}
		}
		raw = append(raw, b)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return types.StringNull()
	}
	return types.StringValue(string(b))
}

// unmodelledTypes names the components in the state value v, for messages.
func unmodelledTypes(v types.String) string {
	var comps []struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal([]byte(v.ValueString()), &comps); err != nil {
		return "unknown"
	}
	names := make([]string, 0, len(comps))
	for _, c := range comps {
		names = append(names, strings.ToUpper(c.Type))
	}
	return strings.Join(names, ", ")
}

// unmodelledWarning tells that the template holds content the provider keeps but cannot manage.
func unmodelledWarning(name string, v types.String, diags *diag.Diagnostics) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	diags.AddWarning("Message template holds content the provider cannot represent",
		fmt.Sprintf("Template %s has component(s) %s that this provider version does not model. They are kept at Meta and shown in unmodelled_components, "+
			"but the template cannot be edited with Terraform until a provider version models them: an edit would send the template without them. "+
			"Edit it in WhatsApp Manager, or upgrade the provider.", name, unmodelledTypes(v)))
}

// refuseUnmodelledEdit refuses a planned edit of a template holding unmodelled components.
func refuseUnmodelledEdit(name string, v types.String, diags *diag.Diagnostics) bool {
	if v.IsNull() || v.IsUnknown() {
		return false
	}
	diags.AddError("Cannot edit a template holding content the provider cannot represent",
		fmt.Sprintf("Template %s has component(s) %s that this provider version does not model (see unmodelled_components). "+
			"Editing it would send the template without them, deleting them at Meta, so the edit is refused. "+
			"Revert the configuration change, edit the template in WhatsApp Manager, or upgrade to a provider version that models these components. "+
			"(This check also runs in the refresh before a destroy; terraform destroy -refresh=false destroys without it.)", name, unmodelledTypes(v)))
	return true
}
