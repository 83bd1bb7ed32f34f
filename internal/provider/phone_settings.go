package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Shared pieces of the resources that hold a business phone number's settings: the business
// profile, conversational automation, QR codes and commerce settings.

// phoneNumberIDAttribute is the phone_number_id attribute of a phone number's settings.
func phoneNumberIDAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Id of the business phone number whose " + what + " this resource manages (not the phone number itself). Changing it replaces the resource.",
		Required:            true,
		Validators:          []validator.String{numericID},
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
	}
}

// phoneSettingsIDAttribute is the id of a settings resource, equal to its phone_number_id.
func phoneSettingsIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Same as `phone_number_id`: a phone number has one of these.",
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// phoneSettingsIdentity is the identity of a settings resource: its phone number id.
func phoneSettingsIdentity(what string) resourceIdentity {
	return resourceIdentity{{"phone_number_id", "Id of the business phone number whose " + what + " this is."}}
}

// importPhoneSettings imports a settings resource by the phone number id, given as the import
// id or as the identity.
func importPhoneSettings(ctx context.Context, identity resourceIdentity, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := identity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	if !graphIDPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be the numeric id of the business phone number, for example 106540352242922.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), id)...)
}

// phoneSettingsAdvice is what the user can do about the errors of the endpoints on a phone
// number: its business profile, commerce settings, conversational automation and QR codes.
func phoneSettingsAdvice(err error) string {
	if graph.IsNotFound(err) {
		return "The phone number, or the object on it, does not exist or is not visible to the token. Check phone_number_id."
	}
	return ""
}
