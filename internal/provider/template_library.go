package provider

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Template Library templates (Meta: "Template Library"): a utility or authentication template
// created from one of Meta's pre-written templates, whose fixed content Meta writes and approves
// without the usual review; the inputs fill its buttons (a URL, a phone number, OTP settings)
// and choose its optional body lines. The content cannot be edited: another library template or
// other inputs are another template.

type libraryButtonInputModel struct {
	Type                 types.String        `tfsdk:"type"`
	URL                  types.String        `tfsdk:"url"`
	URLExample           types.String        `tfsdk:"url_example"`
	PhoneNumber          types.String        `tfsdk:"phone_number"`
	OTPType              types.String        `tfsdk:"otp_type"`
	ZeroTapTermsAccepted types.Bool          `tfsdk:"zero_tap_terms_accepted"`
	SupportedApps        []supportedAppModel `tfsdk:"supported_apps"`
}

type libraryBodyInputsModel struct {
	AddContactNumber          types.Bool  `tfsdk:"add_contact_number"`
	AddLearnMoreLink          types.Bool  `tfsdk:"add_learn_more_link"`
	AddSecurityRecommendation types.Bool  `tfsdk:"add_security_recommendation"`
	AddTrackPackageLink       types.Bool  `tfsdk:"add_track_package_link"`
	CodeExpirationMinutes     types.Int64 `tfsdk:"code_expiration_minutes"`
}

var libraryButtonTypes = []string{"URL", "PHONE_NUMBER", "OTP"}

// libraryAttributes are the schema's Template Library attributes.
func libraryAttributes() map[string]schema.Attribute {
	optBool := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: desc, Optional: true}
	}
	str := func(desc string, v ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: v}
	}
	return map[string]schema.Attribute{
		"library_template_name": schema.StringAttribute{
			MarkdownDescription: "Create the template from Meta's Template Library: the name of the library template, such as `low_balance_warning_1`. Meta writes its content (set no `header`, `body`, `footer` or `buttons`) and approves it without the usual review. " +
				"The content Meta generated is in `library_content`. Changing it replaces the template, which then needs a new `name`: Meta locks a deleted template's name and language for about four weeks.",
			Optional:      true,
			Validators:    []validator.String{stringvalidator.LengthBetween(1, 512)},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
		"library_template_button_inputs": schema.ListNestedAttribute{
			MarkdownDescription: "Template Library templates: what fills the library template's buttons, in its order. Changing them replaces the template, which then needs a new `name` (Meta locks a deleted name for about four weeks).",
			Optional:            true,
			Validators:          []validator.List{listvalidator.SizeBetween(1, 10)},
			PlanModifiers:       []planmodifier.List{listplanmodifier.RequiresReplaceIf(replaceUnlessAdopted, inputsChangeReplaces, inputsChangeReplaces)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"type":                    schema.StringAttribute{MarkdownDescription: orList(libraryButtonTypes) + ".", Required: true, Validators: []validator.String{stringvalidator.OneOf(libraryButtonTypes...)}},
				"url":                     str("`URL` buttons: the address, optionally ending in one variable `{{1}}`.", stringvalidator.LengthBetween(1, 2000)),
				"url_example":             str("`URL` buttons with a variable: a sample URL, or the sample value of the variable alone."),
				"phone_number":            str("`PHONE_NUMBER` buttons: number to call, with country code.", buttonPhoneNumber),
				"otp_type":                str("`OTP` buttons: "+orList(otpTypes)+".", stringvalidator.OneOf(otpTypes...)),
				"zero_tap_terms_accepted": optBool("`OTP` zero-tap buttons: you accept Meta's zero-tap terms."),
				"supported_apps": schema.ListNestedAttribute{
					MarkdownDescription: "`OTP` one-tap and zero-tap buttons: Android apps allowed to receive the code.",
					Optional:            true,
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"package_name":   schema.StringAttribute{MarkdownDescription: "Android package name.", Required: true},
						"signature_hash": schema.StringAttribute{MarkdownDescription: "The app's signing key hash.", Required: true},
					}},
				},
			}},
		},
		"library_template_body_inputs": schema.SingleNestedAttribute{
			MarkdownDescription: "Template Library templates: the optional lines of the library template's body. Changing them replaces the template, which then needs a new `name` (Meta locks a deleted name for about four weeks).",
			Optional:            true,
			PlanModifiers:       []planmodifier.Object{objectplanmodifier.RequiresReplaceIf(replaceUnlessAdoptedObject, inputsChangeReplaces, inputsChangeReplaces)},
			Attributes: map[string]schema.Attribute{
				"add_contact_number":          optBool("Add the business's contact number."),
				"add_learn_more_link":         optBool("Add a learn-more link."),
				"add_security_recommendation": optBool("Authentication templates: add Meta's \"do not share this code\" line."),
				"add_track_package_link":      optBool("Add a package tracking link."),
				"code_expiration_minutes": schema.Int64Attribute{
					MarkdownDescription: "Authentication templates: minutes the code stays valid (1–90).",
					Optional:            true,
					Validators:          []validator.Int64{int64validator.Between(1, 90)},
				},
			},
		},
		"library_content": schema.StringAttribute{
			MarkdownDescription: "Template Library templates: the components Meta wrote from the library template and the inputs, as JSON in Meta's shape. Null for other templates.",
			Computed:            true,
		},
	}
}

const inputsChangeReplaces = "Changing the inputs of a Template Library template replaces it; setting them on an imported template (Meta does not return them) records them without a change."

// replaceUnlessAdopted replaces the template when its library inputs change, except when the
// state has none: an imported template, whose inputs Meta does not return.
func replaceUnlessAdopted(_ context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

func replaceUnlessAdoptedObject(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}

// libraryRequest sets the library fields of a create.
func (m *messageTemplateModel) libraryRequest(t *graph.NewMessageTemplate) {
	t.LibraryTemplateName = m.LibraryTemplateName.ValueString()
	for _, in := range m.LibraryButtonInputs {
		b := graph.LibraryButtonInput{Type: in.Type.ValueString(), PhoneNumber: in.PhoneNumber.ValueString(), OTPType: in.OTPType.ValueString(), ZeroTapTermsAccepted: boolPointer(in.ZeroTapTermsAccepted)}
		if valueKnown(in.URL) {
			b.URL = &graph.LibraryButtonURL{BaseURL: in.URL.ValueString(), URLSuffixExample: in.URLExample.ValueString()}
		}
		for _, a := range in.SupportedApps {
			b.SupportedApps = append(b.SupportedApps, graph.SupportedApp{PackageName: a.PackageName.ValueString(), SignatureHash: a.SignatureHash.ValueString()})
		}
		t.LibraryTemplateButtonInputs = append(t.LibraryTemplateButtonInputs, b)
	}
	if in := m.LibraryBodyInputs; in != nil {
		t.LibraryTemplateBodyInputs = &graph.LibraryBodyInputs{
			AddContactNumber: boolPointer(in.AddContactNumber), AddLearnMoreLink: boolPointer(in.AddLearnMoreLink),
			AddSecurityRecommendation: boolPointer(in.AddSecurityRecommendation), AddTrackPackageLink: boolPointer(in.AddTrackPackageLink),
			CodeExpirationMinutes: int64Pointer(in.CodeExpirationMinutes),
		}
	}
}

// libraryContent is the JSON of the components Meta wrote for a library template.
func libraryContent(t *graph.MessageTemplate) types.String { return componentsJSON(t.Components) }

// validateLibrary checks a Template Library template: Meta writes the content, so none may be
// configured, and each button input has what its type needs.
func validateLibrary(m *messageTemplateModel, diags *diag.Diagnostics) {
	if m.LibraryTemplateName.IsNull() {
		forbidAttributes(diags, path.Empty(), "it applies to templates created from the Template Library, with library_template_name", map[string]attr.Value{
			"library_template_button_inputs": presence(m.LibraryButtonInputs != nil), "library_template_body_inputs": presence(m.LibraryBodyInputs != nil),
		})
		return
	}
	forbidAttributes(diags, path.Empty(), "Meta writes the content of a Template Library template", map[string]attr.Value{
		"header": presence(m.Header != nil), "body": presence(m.Body != nil), "footer": presence(m.Footer != nil), "buttons": presence(m.Buttons != nil),
		"carousel": presence(m.Carousel != nil), "limited_time_offer": presence(m.LimitedTimeOffer != nil), "call_permission_request": m.CallPermissionRequest,
	})
	if cat, ok := knownCategory(m); ok && cat == "MARKETING" {
		diags.AddAttributeError(path.Root("category"), "Template Library category", "The Template Library holds UTILITY and AUTHENTICATION templates: set category to the library template's category.")
	}
	for i, in := range m.LibraryButtonInputs {
		p := path.Root("library_template_button_inputs").AtListIndex(i)
		if !valueKnown(in.Type) {
			continue
		}
		t := in.Type.ValueString()
		required := map[string]string{"URL": "url", "PHONE_NUMBER": "phone_number", "OTP": "otp_type"}[t]
		fields := map[string]attr.Value{"url": in.URL, "url_example": in.URLExample, "phone_number": in.PhoneNumber, "otp_type": in.OTPType,
			"zero_tap_terms_accepted": in.ZeroTapTermsAccepted, "supported_apps": presence(in.SupportedApps != nil)}
		if fields[required].IsNull() {
			diags.AddAttributeError(p.AtName(required), "Missing "+required, fmt.Sprintf("%s is a %s button input, which requires %s.", p, t, required))
		}
		delete(fields, required)
		switch t {
		case "URL":
			delete(fields, "url_example")
			validateURL(in.URL, in.URLExample, p, "url_example", diags)
		case "OTP":
			delete(fields, "zero_tap_terms_accepted")
			delete(fields, "supported_apps")
		}
		forbidAttributes(diags, p, "a "+t+" button input does not use it", fields)
	}
}

// libraryReplaced reports a plan that replaces a Template Library template for its library
// fields: another library template, or changed inputs where the state records them.
func libraryReplaced(plan, state *messageTemplateModel) bool {
	if valueKnown(plan.LibraryTemplateName) && !plan.LibraryTemplateName.Equal(state.LibraryTemplateName) {
		return true
	}
	return (state.LibraryButtonInputs != nil && !reflect.DeepEqual(plan.LibraryButtonInputs, state.LibraryButtonInputs)) ||
		(state.LibraryBodyInputs != nil && !reflect.DeepEqual(plan.LibraryBodyInputs, state.LibraryBodyInputs))
}
