package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = &complianceInfoResource{}
	_ resource.ResourceWithImportState    = &complianceInfoResource{}
	_ resource.ResourceWithIdentity       = &complianceInfoResource{}
	_ resource.ResourceWithModifyPlan     = &complianceInfoResource{}
	_ resource.ResourceWithValidateConfig = &complianceInfoResource{}
)

var complianceInfoIdentity = phoneSettingsIdentity("business compliance information")

// NewComplianceInfoResource is the whatsapp_business_compliance_info resource.
func NewComplianceInfoResource() resource.Resource { return &complianceInfoResource{} }

type complianceInfoResource struct {
	configured
}

type complianceInfoModel struct {
	ID                        types.String            `tfsdk:"id"`
	PhoneNumberID             types.String            `tfsdk:"phone_number_id"`
	EntityName                types.String            `tfsdk:"entity_name"`
	EntityType                types.String            `tfsdk:"entity_type"`
	EntityTypeCustom          types.String            `tfsdk:"entity_type_custom"`
	IsRegistered              types.Bool              `tfsdk:"is_registered"`
	GrievanceOfficerDetails   *complianceContactModel `tfsdk:"grievance_officer_details"`
	CustomerCareDetails       *customerCareModel      `tfsdk:"customer_care_details"`
	WhatsAppBusinessAccountID types.String            `tfsdk:"whatsapp_business_account_id"`
}

type complianceContactModel struct {
	Name           types.String `tfsdk:"name"`
	Email          types.String `tfsdk:"email"`
	MobileNumber   types.String `tfsdk:"mobile_number"`
	LandlineNumber types.String `tfsdk:"landline_number"`
}

// customerCareModel is customer care in the state: it has no name.
type customerCareModel struct {
	Email          types.String `tfsdk:"email"`
	MobileNumber   types.String `tfsdk:"mobile_number"`
	LandlineNumber types.String `tfsdk:"landline_number"`
}

var (
	internationalNumber = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)
	emailAddress        = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func (r *complianceInfoResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_compliance_info"
}

func (r *complianceInfoResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = complianceInfoIdentity.schema()
}

func (r *complianceInfoResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	phoneNumber := func(who string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: "A " + who + " phone number in international format with the country code, such as `+913854559033`.",
			Optional:            true,
			Validators: []validator.String{stringvalidator.LengthAtMost(20),
				stringvalidator.RegexMatches(internationalNumber, "must be an international number with the country code, such as +913854559033")},
		}
	}
	email := func(who string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: "The email address of the " + who + ", under 128 characters.",
			Required:            true,
			Validators: []validator.String{charLength{max: 127},
				stringvalidator.RegexMatches(emailAddress, "must be an email address such as support@example.com")},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The business compliance information of a WhatsApp business phone number (Meta's Business Compliance Information API): the legal entity behind the business, its grievance officer and its customer care contacts, " +
			"which Meta shows to customers of businesses based in India, as Indian law on online selling requires.\n\n" +
			"Meta creates and replaces the information whole, so every change sends all of it. " +
			"Meta offers no way to delete the information: **destroying the resource removes it from the state only**, and the number keeps showing it.",
		Attributes: map[string]schema.Attribute{
			"id":              phoneSettingsIDAttribute(),
			"phone_number_id": phoneNumberIDAttribute("business compliance information"),
			"entity_name": schema.StringAttribute{
				MarkdownDescription: "The legal name of the business entity, 2 to 128 characters, such as `Lucky Shrub Private Limited`.",
				Required:            true, Validators: []validator.String{charLength{min: 2, max: 128}},
			},
			"entity_type": schema.StringAttribute{
				MarkdownDescription: "The type of the entity: `LIMITED_LIABILITY_PARTNERSHIP`, `SOLE_PROPRIETORSHIP`, `PARTNERSHIP`, `PUBLIC_COMPANY`, `PRIVATE_COMPANY` or `OTHER` (with `entity_type_custom`).",
				Required:            true, Validators: []validator.String{stringvalidator.OneOf(graph.EntityTypes...)},
			},
			"entity_type_custom": schema.StringAttribute{
				MarkdownDescription: "The type of the entity in words, required with `entity_type = \"OTHER\"` and only taken with it; at most 1,024 characters.",
				Optional:            true, Validators: []validator.String{charLength{min: 1, max: 1024}},
			},
			"is_registered": schema.BoolAttribute{
				MarkdownDescription: "Whether the entity is registered with the authorities; only taken with `entity_type` `PARTNERSHIP` or `OTHER`.",
				Optional:            true,
			},
			"grievance_officer_details": schema.SingleNestedAttribute{
				MarkdownDescription: "The grievance officer customers can complain to.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						MarkdownDescription: "The full name of the grievance officer, at most 128 characters.",
						Required:            true, Validators: []validator.String{charLength{min: 1, max: 128}},
					},
					"email":           email("grievance officer"),
					"mobile_number":   phoneNumber("mobile"),
					"landline_number": phoneNumber("landline"),
				},
			},
			"customer_care_details": schema.SingleNestedAttribute{
				MarkdownDescription: "Customer care.",
				Required:            true,
				Attributes: map[string]schema.Attribute{
					"email":           email("customer care"),
					"mobile_number":   phoneNumber("mobile"),
					"landline_number": phoneNumber("landline"),
				},
			},
			"whatsapp_business_account_id": schema.StringAttribute{
				MarkdownDescription: "The WhatsApp Business Account of the number, as Meta reports it.",
				Computed:            true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *complianceInfoResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks Meta's rules that tie the attributes together.
func (r *complianceInfoResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	// The details may be unknown in the configuration; only these attributes are checked here.
	var m struct {
		EntityType, EntityTypeCustom types.String
		IsRegistered                 types.Bool
	}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("entity_type"), &m.EntityType)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("entity_type_custom"), &m.EntityTypeCustom)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("is_registered"), &m.IsRegistered)...)
	if resp.Diagnostics.HasError() || m.EntityType.IsUnknown() {
		return
	}
	typ := m.EntityType.ValueString()
	switch {
	case typ == "OTHER" && m.EntityTypeCustom.IsNull():
		attrError(&resp.Diagnostics, path.Root("entity_type_custom"), "Missing custom entity type",
			"Meta requires entity_type_custom, the type in words, with entity_type = \"OTHER\".")
	case typ != "OTHER" && !m.EntityTypeCustom.IsNull() && !m.EntityTypeCustom.IsUnknown():
		attrError(&resp.Diagnostics, path.Root("entity_type_custom"), "Custom entity type without OTHER",
			fmt.Sprintf("Meta takes entity_type_custom only with entity_type = \"OTHER\", not %s: remove it, or set entity_type = \"OTHER\".", typ))
	}
	if !m.IsRegistered.IsNull() && typ != "OTHER" && typ != "PARTNERSHIP" {
		attrError(&resp.Diagnostics, path.Root("is_registered"), "is_registered with this entity type",
			fmt.Sprintf("Meta takes is_registered only with entity_type PARTNERSHIP or OTHER, not %s: remove it.", typ))
	}
}

// ModifyPlan says that a destroy leaves the information at Meta.
func (r *complianceInfoResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() || req.State.Raw.IsNull() {
		return
	}
	var phone types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("phone_number_id"), &phone)...)
	resp.Diagnostics.AddWarning("The business compliance information stays at Meta",
		fmt.Sprintf("Meta offers no way to delete the business compliance information of phone number %s. Destroying the resource removes it from the Terraform state only; the number keeps showing it.", phone.ValueString()))
}

func (r *complianceInfoResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan complianceInfoModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	complianceInfoIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *complianceInfoResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state complianceInfoModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	phone := state.PhoneNumberID.ValueString()
	info, err := r.data.client.GetComplianceInfo(ctx, phone)
	if graph.IsNotFound(err) || (err == nil && info == nil) {
		complianceInfoIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Business compliance information no longer exists",
			fmt.Sprintf("Phone number %s has no business compliance information (or is gone); it is removed from state and the next plan sets it again.", phone))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the business compliance information of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	state.applyRemote(info)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	complianceInfoIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *complianceInfoResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan complianceInfoModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	complianceInfoIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete forgets the information: Meta has no way to delete it.
func (r *complianceInfoResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState takes the phone number id.
func (r *complianceInfoResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importPhoneSettings(ctx, complianceInfoIdentity, req, resp)
}

// write sends the whole information and saves what Meta reads back.
func (r *complianceInfoResource) write(ctx context.Context, plan *complianceInfoModel, state *tfsdk.State, diags *diag.Diagnostics) {
	phone := plan.PhoneNumberID.ValueString()
	if err := r.data.client.SetComplianceInfo(ctx, phone, plan.request()); err != nil {
		addGraphError(diags, "Cannot set the business compliance information of phone number "+phone, err, complianceAdvice)
		return
	}
	info, err := r.data.client.GetComplianceInfo(ctx, phone)
	if err == nil && info == nil {
		err = fmt.Errorf("meta reports no business compliance information for phone number %s after setting it", phone)
	}
	if err != nil {
		addGraphError(diags, "Cannot read the business compliance information of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	plan.applyRemote(info)
	diags.Append(state.Set(ctx, plan)...)
}

func (m *complianceInfoModel) request() graph.ComplianceInfo {
	out := graph.ComplianceInfo{
		EntityName: m.EntityName.ValueString(), EntityType: m.EntityType.ValueString(), EntityTypeCustom: m.EntityTypeCustom.ValueString(),
		IsRegistered: boolPointer(m.IsRegistered),
	}
	if g := m.GrievanceOfficerDetails; g != nil {
		out.GrievanceOfficerDetails = &graph.ComplianceContact{Name: g.Name.ValueString(), Email: g.Email.ValueString(), MobileNumber: g.MobileNumber.ValueString(), LandlineNumber: g.LandlineNumber.ValueString()}
	}
	if c := m.CustomerCareDetails; c != nil {
		out.CustomerCareDetails = &graph.ComplianceContact{Email: c.Email.ValueString(), MobileNumber: c.MobileNumber.ValueString(), LandlineNumber: c.LandlineNumber.ValueString()}
	}
	return out
}

// applyRemote copies Meta's information. Meta reads is_registered back as false when it was
// not sent: false stays null when the state has none.
func (m *complianceInfoModel) applyRemote(info *graph.ComplianceInfo) {
	m.ID = m.PhoneNumberID
	m.WhatsAppBusinessAccountID = stringOrNull(info.WhatsAppBusinessAccountID)
	m.EntityName = types.StringValue(info.EntityName)
	m.EntityType = types.StringValue(graph.NormalizeEntityType(info.EntityType))
	m.EntityTypeCustom = stringOrNull(info.EntityTypeCustom)
	switch {
	case info.IsRegistered != nil && (*info.IsRegistered || !m.IsRegistered.IsNull()):
		m.IsRegistered = types.BoolValue(*info.IsRegistered)
	case info.IsRegistered == nil || m.IsRegistered.IsUnknown():
		m.IsRegistered = types.BoolNull()
	}
	m.GrievanceOfficerDetails, m.CustomerCareDetails = nil, nil
	if g := info.GrievanceOfficerDetails; g != nil && g.Email != "" {
		m.GrievanceOfficerDetails = &complianceContactModel{Name: stringOrNull(g.Name), Email: types.StringValue(g.Email), MobileNumber: stringOrNull(g.MobileNumber), LandlineNumber: stringOrNull(g.LandlineNumber)}
	}
	if c := info.CustomerCareDetails; c != nil && c.Email != "" {
		m.CustomerCareDetails = &customerCareModel{Email: types.StringValue(c.Email), MobileNumber: stringOrNull(c.MobileNumber), LandlineNumber: stringOrNull(c.LandlineNumber)}
	}
}

// complianceAdvice explains Meta's refusals of the information.
func complianceAdvice(err error) string {
	if graph.IsNotFound(err) {
		return phoneSettingsAdvice(err)
	}
	return ""
}
