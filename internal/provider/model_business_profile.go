package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	ProfilePictureFile   types.String `tfsdk:"profile_picture_file"`
	ProfilePictureHandle types.String `tfsdk:"profile_picture_handle"`
	ProfilePictureDigest types.String `tfsdk:"profile_picture_digest"`
	ProfilePictureURL    types.String `tfsdk:"profile_picture_url"`
}

// picture is the profile picture as a media sample (see media_sample.go): write the sample
// back with setPicture after changing it.
func (m *businessProfileModel) picture() mediaInput {
	return mediaInput{
		at: path.Empty(), format: graph.MediaProfilePicture, fileAttr: "profile_picture_file", handleAttr: "profile_picture_handle",
		sample: &MediaSample{MediaFile: m.ProfilePictureFile, MediaHandle: m.ProfilePictureHandle, MediaDigest: m.ProfilePictureDigest, MediaURL: m.ProfilePictureURL},
	}
}

// update builds the partial write of the attributes set in config, with their planned values;
// the picture is sent on its own (pictureChanged).
func (m *businessProfileModel) update(ctx context.Context, config businessProfileModel) (graph.BusinessProfileUpdate, diag.Diagnostics) {
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
	return u, diags
}

// pictureChanged reports whether plan sends a new profile picture: always when one is
// configured on create (the profile is adopted, and what Meta shows is unknown), and when the
// planned digest differs from a digest the state records. A state without one (an import)
// takes the configured picture to be the one Meta shows.
func (m *businessProfileModel) pictureChanged(config businessProfileModel, prior *businessProfileModel) bool {
	if !config.picture().configured() {
		return false
	}
	if prior == nil {
		return true
	}
	return !prior.ProfilePictureDigest.IsNull() && !m.ProfilePictureDigest.Equal(prior.ProfilePictureDigest)
}

// applyRemote sets the state from the profile Meta returns. Meta leaves empty fields out, so an
// empty field is "" when prior (the plan or the state) holds "" (the user cleared it on purpose)
// and null otherwise (not set anywhere). Meta returns the picture as a URL: prior's digest is kept.
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
	m.ProfilePictureFile, m.ProfilePictureHandle = types.StringNull(), types.StringNull() // write-only
	m.ProfilePictureDigest = prior.ProfilePictureDigest
	if m.ProfilePictureDigest.IsUnknown() {
		m.ProfilePictureDigest = types.StringNull()
	}
	m.ProfilePictureURL = types.StringNull()
	if p.ProfilePictureURL != "" {
		m.ProfilePictureURL = types.StringValue(p.ProfilePictureURL)
	}
}
