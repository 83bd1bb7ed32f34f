package provider

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// importPhoneSettings imports a settings resource by the phone number id.
func importPhoneSettings(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !phoneIDPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be the numeric id of the business phone number, for example 106540352242922.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("phone_number_id"), req.ID)...)
}

var phoneIDPattern = templateIDPart

// phoneSettingsAdvice is what the user can do about the errors of the endpoints on a phone
// number: its business profile, commerce settings, conversational automation and QR codes.
func phoneSettingsAdvice(err error) string {
	if graph.IsNotFound(err) {
		return "The phone number, or the object on it, does not exist or is not visible to the token. Check phone_number_id."
	}
	return ""
}

// charLength checks a string's length in characters (Unicode code points), the unit of Meta's
// limits; the framework's length validators count bytes.
type charLength struct{ min, max int }

func (v charLength) Description(context.Context) string {
	if v.min == 0 {
		return fmt.Sprintf("must be at most %d characters", v.max)
	}
	return fmt.Sprintf("must be %d to %d characters", v.min, v.max)
}

func (v charLength) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v charLength) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := utf8.RuneCountInString(req.ConfigValue.ValueString()); n < v.min || n > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value length",
			fmt.Sprintf("Attribute %s %s, got %d.", req.Path, v.Description(ctx), n))
	}
}

// stateUnlessChanged plans a computed attribute as its value in state unless another attribute
// it derives from changes (to a non-null value), when it is left unknown: the picture URL follows
// the picture handle, the QR image URL the image format.
type stateUnlessChanged struct{ source path.Path }

func (m stateUnlessChanged) Description(context.Context) string {
	return "Keeps the value in state unless " + m.source.String() + " changes."
}

func (m stateUnlessChanged) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (m stateUnlessChanged) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || !req.PlanValue.IsUnknown() {
		return
	}
	var planned, prior types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, m.source, &planned)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, m.source, &prior)...)
	if planned.IsNull() || planned.Equal(prior) {
		resp.PlanValue = req.StateValue
	}
}
