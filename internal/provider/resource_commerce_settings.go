package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &commerceSettingsResource{}
	_ resource.ResourceWithImportState = &commerceSettingsResource{}
	_ resource.ResourceWithIdentity    = &commerceSettingsResource{}
)

var commerceSettingsIdentity = phoneSettingsIdentity("commerce settings")

// NewCommerceSettingsResource is the whatsapp_commerce_settings resource.
func NewCommerceSettingsResource() resource.Resource { return &commerceSettingsResource{} }

type commerceSettingsResource struct {
	configured
}

type commerceSettingsModel struct {
	ID               types.String `tfsdk:"id"`
	PhoneNumberID    types.String `tfsdk:"phone_number_id"`
	IsCartEnabled    types.Bool   `tfsdk:"is_cart_enabled"`
	IsCatalogVisible types.Bool   `tfsdk:"is_catalog_visible"`
}

func (r *commerceSettingsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_commerce_settings"
}

func (r *commerceSettingsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = commerceSettingsIdentity.schema()
}

func (r *commerceSettingsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The commerce settings of a WhatsApp business phone number: whether customers see a shopping cart and the catalog (storefront icon) in chats with the business. " +
			"The catalog itself is connected to the WhatsApp Business Account in Commerce Manager.\n\n" +
			"A phone number always has these settings, so creating the resource adopts and sets them. Both attributes are managed; when left out they take Meta's defaults (cart enabled, catalog hidden). " +
			"**Destroying the resource restores Meta's defaults** (`is_cart_enabled = true`, `is_catalog_visible = false`).",
		Attributes: map[string]schema.Attribute{
			"id":              phoneSettingsIDAttribute(),
			"phone_number_id": phoneNumberIDAttribute("commerce settings"),
			"is_cart_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether customers can add products to a cart and send it as an order. Default `true`, as at Meta.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(graph.DefaultCartEnabled),
			},
			"is_catalog_visible": schema.BoolAttribute{
				MarkdownDescription: "Whether the catalog (storefront icon and catalog buttons) shows in chats and on the business profile. Default `false`, as at Meta.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(graph.DefaultCatalogVisible),
			},
		},
	}
}

func (r *commerceSettingsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *commerceSettingsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan commerceSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	commerceSettingsIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *commerceSettingsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state commerceSettingsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cs, err := readerOf(r.data).commerce.get(ctx, state.PhoneNumberID.ValueString())
	if graph.IsNotFound(err) {
		// The framework requires an identity after Read, even one removing the object, and a
		// state saved without one (Terraform before 1.12, an earlier provider) has none to keep.
		commerceSettingsIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Phone number no longer exists",
			fmt.Sprintf("Phone number %s is gone, and its commerce settings with it; they are removed from state.", state.PhoneNumberID.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the commerce settings of phone number "+state.PhoneNumberID.ValueString(), err, phoneSettingsAdvice)
		return
	}
	state.applyRemote(cs)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	commerceSettingsIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *commerceSettingsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan commerceSettingsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	commerceSettingsIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete restores Meta's defaults: cart enabled, catalog hidden.
func (r *commerceSettingsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state commerceSettingsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	phone := state.PhoneNumberID.ValueString()
	err := r.data.client.SetCommerceSettings(ctx, phone, graph.DefaultCartEnabled, graph.DefaultCatalogVisible)
	readerOf(r.data).commerce.forget(phone)
	if err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, "Cannot restore the default commerce settings of phone number "+phone, err, phoneSettingsAdvice)
	}
}

// ImportState takes the phone number id.
func (r *commerceSettingsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importPhoneSettings(ctx, commerceSettingsIdentity, req, resp)
}

// write sends both settings and saves what Meta reads back.
func (r *commerceSettingsResource) write(ctx context.Context, plan *commerceSettingsModel, state *tfsdk.State, diags *diag.Diagnostics) {
	phone := plan.PhoneNumberID.ValueString()
	if err := r.data.client.SetCommerceSettings(ctx, phone, plan.IsCartEnabled.ValueBool(), plan.IsCatalogVisible.ValueBool()); err != nil {
		readerOf(r.data).commerce.forget(phone)
		addGraphError(diags, "Cannot set the commerce settings of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	cs, err := r.data.client.GetCommerceSettings(ctx, phone)
	if err != nil {
		addGraphError(diags, "Cannot read the commerce settings of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	readerOf(r.data).commerce.put(phone, cs)
	plan.applyRemote(cs)
	diags.Append(state.Set(ctx, plan)...)
}

func (m *commerceSettingsModel) applyRemote(cs *graph.CommerceSettings) {
	m.ID = m.PhoneNumberID
	m.IsCartEnabled = types.BoolValue(cs.IsCartEnabled)
	m.IsCatalogVisible = types.BoolValue(cs.IsCatalogVisible)
}
