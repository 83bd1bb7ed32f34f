package provider

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &officialBusinessAccountResource{}
	_ resource.ResourceWithImportState = &officialBusinessAccountResource{}
	_ resource.ResourceWithIdentity    = &officialBusinessAccountResource{}
	_ resource.ResourceWithModifyPlan  = &officialBusinessAccountResource{}
)

var officialBusinessAccountIdentity = phoneSettingsIdentity("Official Business Account request")

// NewOfficialBusinessAccountResource is the whatsapp_official_business_account resource.
func NewOfficialBusinessAccountResource() resource.Resource {
	return &officialBusinessAccountResource{}
}

type officialBusinessAccountResource struct {
	configured
}

type officialBusinessAccountModel struct {
	ID                              types.String `tfsdk:"id"`
	PhoneNumberID                   types.String `tfsdk:"phone_number_id"`
	BusinessWebsiteURL              types.String `tfsdk:"business_website_url"`
	PrimaryCountryOfOperation       types.String `tfsdk:"primary_country_of_operation"`
	PrimaryLanguage                 types.String `tfsdk:"primary_language"`
	ParentBusinessOrBrand           types.String `tfsdk:"parent_business_or_brand"`
	SupportingLinks                 types.List   `tfsdk:"supporting_links"`
	AdditionalSupportingInformation types.String `tfsdk:"additional_supporting_information"`
	OBAStatus                       types.String `tfsdk:"oba_status"`
	StatusMessage                   types.String `tfsdk:"status_message"`
}

// obaRequestAttributes are the attributes that make up the request.
var obaRequestAttributes = []string{"business_website_url", "primary_country_of_operation", "primary_language", "parent_business_or_brand", "supporting_links", "additional_supporting_information"}

func (r *officialBusinessAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_official_business_account"
}

func (r *officialBusinessAccountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = officialBusinessAccountIdentity.schema()
}

func (r *officialBusinessAccountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A request for Official Business Account (OBA) status for a WhatsApp business phone number: the blue badge beside the business name, for numbers of notable, verified brands (Meta \"Official Business Accounts\"). " +
			"Creating the resource submits the request, and `oba_status` follows Meta's review; `true` from Meta means submitted, not approved. " +
			"Meta takes a request from a registered number with two-step verification and an approved display name, whose business is verified; notability is judged from news articles (supporting links), not paid content.\n\n" +
			"When Meta already reviews a request for the number, or the number already has the badge, creating the resource adopts it without sending another. " +
			"Changing the request replaces it with a new request, which Meta takes only when no review is running: **a change is refused at plan time while Meta reviews the request**, and after a rejection Meta takes a new request 30 days later. " +
			"A change after approval is recorded in the state only. Plans warn when Meta rejected the request. " +
			"Meta offers no way to withdraw a request or give up the badge: **destroying the resource removes it from the state only**.",
		Attributes: map[string]schema.Attribute{
			"id":              phoneSettingsIDAttribute(),
			"phone_number_id": phoneNumberIDAttribute("Official Business Account request"),
			"business_website_url": schema.StringAttribute{
				MarkdownDescription: "The business's website, an `https://` URL.",
				Required:            true, Validators: []validator.String{httpURLValidator{https: true}},
			},
			"primary_country_of_operation": schema.StringAttribute{
				MarkdownDescription: "The country the business mainly operates in, such as `United States of America`.",
				Required:            true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"primary_language": schema.StringAttribute{
				MarkdownDescription: "The business's main language, such as `English`.",
				Optional:            true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"parent_business_or_brand": schema.StringAttribute{
				MarkdownDescription: "The parent business or brand, especially a well-known one. For a sub-brand, Meta suggests the display name `{sub-brand} by {notable brand}`.",
				Optional:            true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"supporting_links": schema.ListAttribute{
				MarkdownDescription: "5 to 10 links to articles about the business in publications with sizable audiences, which show that it is notable. Paid or promotional content, business and app listings do not count.",
				ElementType:         types.StringType, Optional: true,
				Validators: []validator.List{listvalidator.SizeBetween(5, 10), listvalidator.ValueStringsAre(httpURLValidator{})},
			},
			"additional_supporting_information": schema.StringAttribute{
				MarkdownDescription: "Anything else that supports the request.",
				Optional:            true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"oba_status": schema.StringAttribute{
				MarkdownDescription: "Meta's status of the request: `PENDING` or `UNDER_REVIEW` while Meta reviews it, then `APPROVED` or `REJECTED`; also `EXPIRED`, `CANCELLED` or `NOT_STARTED`.",
				Computed:            true, PlanModifiers: keep,
			},
			"status_message": schema.StringAttribute{
				MarkdownDescription: "Meta's explanation of `oba_status`.",
				Computed:            true, PlanModifiers: keep,
			},
		},
	}
}

func (r *officialBusinessAccountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses a change of a request Meta is reviewing, replaces a changed request with
// a new one otherwise, and warns about rejections and about destroying.
func (r *officialBusinessAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		return
	}
	var state officialBusinessAccountModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	phone, status := state.PhoneNumberID.ValueString(), state.OBAStatus.ValueString()
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("The Official Business Account request stays at Meta",
			fmt.Sprintf("Meta offers no way to withdraw an Official Business Account request or give up the status. Destroying whatsapp_official_business_account removes the request of phone number %s (oba_status %s) from the Terraform state only.", phone, status))
		return
	}
	var plan officialBusinessAccountModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	var changed []path.Path
	planned, was := plan.requestValues(), state.requestValues()
	for i, name := range obaRequestAttributes {
		if !planned[i].Equal(was[i]) {
			changed = append(changed, path.Root(name))
		}
	}
	// An imported request has none of its content in the state: the configuration records it.
	submitted := !state.BusinessWebsiteURL.IsNull()
	switch {
	case len(changed) > 0 && submitted && (status == graph.OBAPending || status == graph.OBAUnderReview):
		resp.Diagnostics.AddAttributeError(changed[0], "Official Business Account request under review",
			fmt.Sprintf("Meta is reviewing the Official Business Account request of phone number %s (oba_status %s) and has no way to change or withdraw it. "+
				"Revert the change of %s, or wait for Meta's decision: once it is rejected, a changed request is submitted anew.", phone, status, changed[0]))
	case len(changed) > 0 && submitted && status == graph.OBAApproved:
		resp.Diagnostics.AddWarning("Phone number already an Official Business Account",
			fmt.Sprintf("Meta approved the request of phone number %s: the changed request is recorded in the state only, nothing is sent to Meta.", phone))
	case len(changed) > 0 && submitted:
		resp.RequiresReplace = append(resp.RequiresReplace, changed...)
		if status == graph.OBARejected {
			resp.Diagnostics.AddWarning("A new Official Business Account request",
				fmt.Sprintf("Meta rejected the request of phone number %s; apply submits the changed request. Meta takes a new request 30 days after a rejection, and refuses it before.", phone))
		}
	case len(changed) == 0 && status == graph.OBARejected:
		resp.Diagnostics.AddWarning("Meta rejected the Official Business Account request",
			fmt.Sprintf("Phone number %s: %s Meta takes a new request 30 days after a rejection: change the request (more supporting links from notable publications help), or replace the resource (terraform apply -replace) to submit it again.",
				phone, state.StatusMessage.ValueString()))
	case len(changed) == 0 && (status == graph.OBAExpired || status == graph.OBACancelled):
		resp.Diagnostics.AddWarning("The Official Business Account request is no longer under review",
			fmt.Sprintf("Phone number %s: Meta reports oba_status %s (%s). Replace the resource (terraform apply -replace) to submit the request again.", phone, status, state.StatusMessage.ValueString()))
	}
}

func (r *officialBusinessAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan officialBusinessAccountModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	phone := plan.PhoneNumberID.ValueString()
	current, err := r.data.client.GetOfficialBusinessAccount(ctx, phone)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the Official Business Account status of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	switch current.Status {
	case graph.OBAApproved:
		resp.Diagnostics.AddWarning("Phone number already an Official Business Account",
			fmt.Sprintf("Phone number %s already has Official Business Account status: the request is recorded in the state, not sent.", phone))
	case graph.OBAPending, graph.OBAUnderReview:
		resp.Diagnostics.AddWarning("Official Business Account request already under review",
			fmt.Sprintf("Meta is already reviewing an Official Business Account request of phone number %s (oba_status %s), submitted outside Terraform: it is adopted, and the configured request is not sent.", phone, current.Status))
	default:
		if err := r.data.client.RequestOfficialBusinessAccount(ctx, phone, plan.request(ctx, &resp.Diagnostics)); err != nil {
			addGraphError(&resp.Diagnostics, "Cannot request Official Business Account status for phone number "+phone, err, obaAdvice)
			return
		}
		if current, err = r.data.client.GetOfficialBusinessAccount(ctx, phone); err != nil {
			addGraphError(&resp.Diagnostics, "Cannot read the Official Business Account status of phone number "+phone, err, phoneSettingsAdvice)
			return
		}
	}
	plan.applyRemote(current)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	officialBusinessAccountIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *officialBusinessAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state officialBusinessAccountModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	phone := state.PhoneNumberID.ValueString()
	current, err := r.data.client.GetOfficialBusinessAccount(ctx, phone)
	if graph.IsNotFound(err) {
		officialBusinessAccountIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Phone number no longer exists",
			fmt.Sprintf("Phone number %s is gone, and its Official Business Account request with it; it is removed from state.", phone))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the Official Business Account status of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	state.applyRemote(current)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	officialBusinessAccountIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Update records a request Terraform did not submit (an imported one, or one Meta approved):
// a request Terraform submitted and Meta did not approve is replaced instead (ModifyPlan).
func (r *officialBusinessAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan officialBusinessAccountModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	phone := plan.PhoneNumberID.ValueString()
	current, err := r.data.client.GetOfficialBusinessAccount(ctx, phone)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the Official Business Account status of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	plan.applyRemote(current)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	officialBusinessAccountIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete forgets the request: Meta has no way to withdraw it.
func (r *officialBusinessAccountResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState takes the phone number id. The request's content is not readable from Meta.
func (r *officialBusinessAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importPhoneSettings(ctx, officialBusinessAccountIdentity, req, resp)
}

// requestValues are the values of obaRequestAttributes, in that order.
func (m *officialBusinessAccountModel) requestValues() []attr.Value {
	return []attr.Value{m.BusinessWebsiteURL, m.PrimaryCountryOfOperation, m.PrimaryLanguage, m.ParentBusinessOrBrand, m.SupportingLinks, m.AdditionalSupportingInformation}
}

func (m *officialBusinessAccountModel) request(ctx context.Context, diags *diag.Diagnostics) graph.OBARequest {
	out := graph.OBARequest{
		BusinessWebsiteURL: m.BusinessWebsiteURL.ValueString(), PrimaryCountryOfOperation: m.PrimaryCountryOfOperation.ValueString(),
		PrimaryLanguage: m.PrimaryLanguage.ValueString(), ParentBusinessOrBrand: m.ParentBusinessOrBrand.ValueString(),
		AdditionalSupportingInformation: m.AdditionalSupportingInformation.ValueString(),
	}
	if !m.SupportingLinks.IsNull() && !m.SupportingLinks.IsUnknown() {
		diags.Append(m.SupportingLinks.ElementsAs(ctx, &out.SupportingLinks, false)...)
	}
	return out
}

func (m *officialBusinessAccountModel) applyRemote(o *graph.OfficialBusinessAccount) {
	m.ID = m.PhoneNumberID
	m.OBAStatus = types.StringValue(o.Status)
	m.StatusMessage = stringOrNull(o.StatusMessage)
}

// obaAdvice explains Meta's refusals of an OBA request.
func obaAdvice(err error) string {
	if graph.IsNotFound(err) {
		return phoneSettingsAdvice(err)
	}
	return "Meta takes an Official Business Account request from a registered number with two-step verification (whatsapp_phone_number with pin_wo) and an approved display name, " +
		"while no other request of the number is under review, and 30 days or more after a rejection."
}

// httpURLValidator checks an absolute http(s) URL, or only https.
type httpURLValidator struct{ https bool }

func (v httpURLValidator) Description(context.Context) string {
	if v.https {
		return "must be an https:// URL"
	}
	return "must be an http:// or https:// URL"
}

func (v httpURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v httpURLValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	u, err := url.Parse(s)
	ok := err == nil && u.Host != "" && (u.Scheme == "https" || (!v.https && u.Scheme == "http"))
	if !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s %s, not %q.", req.Path, v.Description(ctx), s))
	}
}
