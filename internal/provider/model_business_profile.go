package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// businessProfileModel is the whatsapp_business_profile resource's state.
type businessProfileModel struct {
	ID                   types.String `tfsdk:"id"`
	PhoneNumberID        types.String `tfsdk:"phone_number_id"`
	About                types.String `tfsdk:"about"`
	Address              types.String `tfsdk:"address"`
	Description          types.String `tfsdk:"description"`
	Email                types.String `tfsdk:"email"`
	Vertical             types.String `tfsdk:"vertical"`
	Websites             types.List   `tfsdk:"websites"`
	ProfilePictureHandle types.String `tfsdk:"profile_picture_handle"`
	ProfilePictureURL    types.String `tfsdk:"profile_picture_url"`
}

// update builds the partial write of the attributes set in config, with their planned values.
// The picture handle is sent only when it differs from prior (nil on create).
func (m *businessProfileModel) update(ctx context.Context, config businessProfileModel, prior *businessProfileModel) (graph.BusinessProfileUpdate, diag.Diagnostics) {
	var u graph.BusinessProfileUpdate
	var diags diag.Diagnostics
	set := func(cfg, planned types.String) *string {
		if cfg.IsNull() || planned.IsNull() || planned.IsUnknown() {
			return nil
		}
		v := planned.ValueString()
		return &v
	}
	u.About = set(config.About, m.About)
	u.Address = set(config.Address, m.Address)
	u.Description = set(config.Description, m.Description)
	u.Email = set(config.Email, m.Email)
	u.Vertical = set(config.Vertical, m.Vertical)
	if !config.Websites.IsNull() && !m.Websites.IsNull() && !m.Websites.IsUnknown() {
		sites := []string{}
		diags.Append(m.Websites.ElementsAs(ctx, &sites, false)...)
		u.Websites = &sites
	}
	if h := m.ProfilePictureHandle; !h.IsNull() && !h.IsUnknown() && (prior == nil || !h.Equal(prior.ProfilePictureHandle)) {
		v := h.ValueString()
		u.ProfilePictureHandle = &v
	}
	return u, diags
}

// applyRemote sets the state from the profile Meta returns. Meta leaves empty fields out, so an
// empty field is "" when prior (the plan or the state) holds "" (the user cleared it on purpose)
// and null otherwise (not set anywhere). The picture handle is never returned: prior's is kept.
func (m *businessProfileModel) applyRemote(p *graph.BusinessProfile, prior *businessProfileModel) {
	str := func(remote string, before types.String) types.String {
		switch {
		case remote != "":
			return types.StringValue(remote)
		case !before.IsNull() && !before.IsUnknown() && before.ValueString() == "":
			return types.StringValue("")
		}
		return types.StringNull()
	}
	m.ID = m.PhoneNumberID
	m.About = str(p.About, prior.About)
	m.Address = str(p.Address, prior.Address)
	m.Description = str(p.Description, prior.Description)
	m.Email = str(p.Email, prior.Email)
	m.Vertical = str(p.Vertical, prior.Vertical)
	switch {
	case len(p.Websites) > 0:
		elems := make([]attr.Value, 0, len(p.Websites))
		for _, w := range p.Websites {
			elems = append(elems, types.StringValue(w))
		}
		m.Websites = types.ListValueMust(types.StringType, elems)
	case !prior.Websites.IsNull() && !prior.Websites.IsUnknown() && len(prior.Websites.Elements()) == 0:
		m.Websites = types.ListValueMust(types.StringType, []attr.Value{})
	default:
		m.Websites = types.ListNull(types.StringType)
	}
	m.ProfilePictureHandle = prior.ProfilePictureHandle
	if m.ProfilePictureHandle.IsUnknown() {
		m.ProfilePictureHandle = types.StringNull()
	}
	m.ProfilePictureURL = types.StringNull()
	if p.ProfilePictureURL != "" {
		m.ProfilePictureURL = types.StringValue(p.ProfilePictureURL)
	}
}
