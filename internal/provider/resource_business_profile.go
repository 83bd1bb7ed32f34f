package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

var (
	_ resource.ResourceWithConfigure    = &businessProfileResource{}
	_ resource.ResourceWithImportState  = &businessProfileResource{}
	_ resource.ResourceWithModifyPlan   = &businessProfileResource{}
	_ resource.ResourceWithUpgradeState = &businessProfileResource{}
	_ resource.ResourceWithIdentity     = &businessProfileResource{}
)

var businessProfileIdentity = phoneSettingsIdentity("business profile")

// NewBusinessProfileResource is the whatsapp_business_profile resource.
func NewBusinessProfileResource() resource.Resource { return &businessProfileResource{} }

type businessProfileResource struct {
	configured
}

var (
	// profileVerticals are the vertical values Meta accepts: its current list plus UNDEFINED and
	// NOT_A_BIZ, which older accounts still report.
	profileVerticals = []string{
		"OTHER", "AUTO", "BEAUTY", "APPAREL", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE", "GROCERY",
		"GOVT", "HOTEL", "HEALTH", "NONPROFIT", "PROF_SERVICES", "RETAIL", "TRAVEL", "RESTAURANT",
		"ALCOHOL", "ONLINE_GAMBLING", "PHYSICAL_GAMBLING", "OTC_DRUGS", "UNDEFINED", "NOT_A_BIZ",
	}
	profileEmailPattern   = regexp.MustCompile(`^$|^[^\s@]+@[^\s@]+\.[^\s@]+$`)
	profileWebsitePattern = regexp.MustCompile(`^https?://[^\s/?#]+\S*$`)
	// A Resumable Upload handle, such as "4::aW1hZ2UvanBlZw==:ARZ…" or "4:cGljLnBuZw==:aW1…:e:…".
	profilePictureHandlePattern = regexp.MustCompile(`^[0-9]+:[^\s:]*:\S+$`)
)

func (r *businessProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_profile"
}

func (r *businessProfileResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = businessProfileIdentity.schema()
}

func (r *businessProfileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	optional := func(desc string, v ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc,
			Optional:            true,
			Computed:            true,
			Validators:          v,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	resp.Schema = schema.Schema{
		Version: 1,
		MarkdownDescription: "The public business profile of a WhatsApp business phone number: the About text, address, description, email, industry, websites and picture WhatsApp users see when they open the business's profile.\n\n" +
			"A phone number always has exactly one profile, so this resource adopts it rather than creating one. **Only the attributes you set are managed**: an attribute left out of the configuration keeps whatever Meta holds (it is still shown in state), and removing an attribute from the configuration stops managing it without changing it. " +
			"To empty a field, set it to `\"\"` (`websites = []`); Meta does not allow an empty `about`, and a picture cannot be removed through the API.\n\n" +
			"**Destroying this resource leaves the profile as it is at Meta**: a profile cannot be deleted, and blanking the public face of a live number on `terraform destroy` (or when `phone_number_id` changes) would do more harm than good. Set fields to `\"\"` and apply before removing the resource if you want them emptied.\n\n" +
			"Importing with `terraform import` or an `import` block, then `terraform plan -generate-config-out=profile.tf`, writes every field Meta holds into the configuration; the plan that follows is empty.",
		Attributes: map[string]schema.Attribute{
			"id":              phoneSettingsIDAttribute(),
			"phone_number_id": phoneNumberIDAttribute("business profile"),
			"about": optional("The About text shown under the profile picture: 1 to 139 characters. Meta does not allow it to be empty.",
				charLength{1, 139}),
			"address": optional("Business address, at most 256 characters. `\"\"` empties it.",
				charLength{0, 256}),
			"description": optional("Description of the business, at most 512 characters. `\"\"` empties it.",
				charLength{0, 512}),
			"email": optional("Contact email address, at most 128 characters. `\"\"` empties it.",
				charLength{0, 128}, stringvalidator.RegexMatches(profileEmailPattern, "must be a valid email address such as hello@example.com")),
			"vertical": optional("Industry of the business: `OTHER`, `AUTO`, `BEAUTY`, `APPAREL`, `EDU`, `ENTERTAIN`, `EVENT_PLAN`, `FINANCE`, `GROCERY`, `GOVT`, `HOTEL`, `HEALTH`, `NONPROFIT`, `PROF_SERVICES`, `RETAIL`, `TRAVEL`, `RESTAURANT`, `ALCOHOL`, `ONLINE_GAMBLING`, `PHYSICAL_GAMBLING` or `OTC_DRUGS` (older accounts may also report `UNDEFINED` or `NOT_A_BIZ`). `\"\"` empties it.",
				stringvalidator.OneOf(append([]string{""}, profileVerticals...)...)),
			"websites": schema.ListAttribute{
				MarkdownDescription: "Up to 2 websites of the business, each an `http://` or `https://` URL of at most 256 characters. `[]` empties the list.",
				ElementType:         types.StringType,
				Optional:            true,
				Computed:            true,
				Validators: []validator.List{
					listvalidator.SizeAtMost(2),
					listvalidator.ValueStringsAre(charLength{1, 256}, stringvalidator.RegexMatches(profileWebsitePattern, "must be a URL starting with http:// or https://")),
				},
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"profile_picture_file": schema.StringAttribute{
				MarkdownDescription: "Path of a local JPEG or PNG image (at most 5 MB) to upload as the profile picture, with the provider's `app_id`. It is uploaded when its content changes; the state records `profile_picture_digest`. Write-only: never stored in plan or state (requires Terraform 1.11 or later).",
				Optional:            true, WriteOnly: true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(path.MatchRoot("profile_picture_handle"))},
			},
			"profile_picture_handle": schema.StringAttribute{
				MarkdownDescription: "Resumable Upload handle of a new profile picture (`4::…`, from the Graph API's `/{app-id}/uploads`) uploaded some other way, instead of `profile_picture_file`. Write-only: never stored in plan or state (requires Terraform 1.11 or later); the state records `profile_picture_digest`.",
				Optional:            true, WriteOnly: true,
				Validators: []validator.String{stringvalidator.RegexMatches(profilePictureHandlePattern, "must be a Resumable Upload handle such as 4::aW1hZ2UvanBlZw==:ARZ…")},
			},
			"profile_picture_digest": schema.StringAttribute{
				MarkdownDescription: "`sha256:` digest of the configured `profile_picture_file`'s content, or of the `profile_picture_handle` text: Meta reads the picture back only as a URL, so this is how a plan tells a changed picture from an unchanged one. " +
					"A picture changed outside Terraform is not detected. Removing the picture from the configuration keeps the current picture. After an import it is null: the next apply records it without uploading, taking the configured picture to be the one Meta shows.",
				Computed: true,
			},
			"profile_picture_url": schema.StringAttribute{
				MarkdownDescription: "URL of the current profile picture on Meta's CDN. The URL is signed and may change over time.",
				Computed:            true,
			},
		},
	}
}

func (r *businessProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *businessProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, config, nil, &resp.State, &resp.Diagnostics)
	businessProfileIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *businessProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state businessProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := readerOf(r.data).profiles.get(ctx, state.PhoneNumberID.ValueString())
	if graph.IsNotFound(err) {
		// The framework requires an identity after Read, even one removing the object, and a
		// state saved without one (Terraform before 1.12, an earlier provider) has none to keep.
		businessProfileIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Phone number no longer exists",
			fmt.Sprintf("Phone number %s is gone, and its business profile with it; the profile is removed from state.", state.PhoneNumberID.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the business profile of phone number "+state.PhoneNumberID.ValueString(), err, phoneSettingsAdvice)
		return
	}
	prior := state
	state.applyRemote(p, &prior)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	businessProfileIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *businessProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config, state businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, config, &state, &resp.State, &resp.Diagnostics)
	businessProfileIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// write sends the configured attributes, reads the profile back and saves it.
func (r *businessProfileResource) write(ctx context.Context, plan *businessProfileModel, config businessProfileModel, prior *businessProfileModel, state *tfsdk.State, diags *diag.Diagnostics) {
	phone := plan.PhoneNumberID.ValueString()
	u, d := plan.update(ctx, config)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	if plan.pictureChanged(config, prior) {
		picture := config.picture()
		if plan.ProfilePictureDigest.IsUnknown() {
			plan.ProfilePictureDigest = picture.digest(diags)
		}
		handle, ok := picture.handle(ctx, r.data, diags)
		if !ok {
			return
		}
		u.ProfilePictureHandle = &handle
	}
	if !u.Empty() {
		readerOf(r.data).profiles.forget(phone)
		if err := r.data.client.UpdateBusinessProfile(ctx, phone, u); err != nil {
			addGraphError(diags, "Cannot update the business profile of phone number "+phone, err, phoneSettingsAdvice)
			return
		}
	}
	p, err := r.data.client.GetBusinessProfile(ctx, phone)
	if err != nil {
		addGraphError(diags, "Cannot read the business profile of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	readerOf(r.data).profiles.put(phone, p)
	planned := *plan
	plan.applyRemote(p, &planned)
	diags.Append(state.Set(ctx, plan)...)
}

// ModifyPlan plans the picture's digest and URL: the URL is unknown when a picture is sent.
func (r *businessProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan, config businessProfileModel
	var prior *businessProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if !req.State.Raw.IsNull() {
		prior = &businessProfileModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	picture := config.picture()
	requireAppID(r.data, []mediaInput{picture}, &resp.Diagnostics)
	plan.ProfilePictureDigest, plan.ProfilePictureURL = types.StringNull(), types.StringUnknown()
	if prior != nil {
		plan.ProfilePictureDigest, plan.ProfilePictureURL = prior.ProfilePictureDigest, prior.ProfilePictureURL
	}
	if picture.configured() {
		plan.ProfilePictureDigest = picture.digest(&resp.Diagnostics)
	}
	if plan.pictureChanged(config, prior) {
		plan.ProfilePictureURL = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("profile_picture_digest"), plan.ProfilePictureDigest)...)
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("profile_picture_url"), plan.ProfilePictureURL)...)
}

// UpgradeState moves a version 0 state's picture handle into profile_picture_digest.
func (r *businessProfileResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: fastpath.UpgradeRawJSON(func(state map[string]any) {
		v, _ := state["profile_picture_handle"].(string)
		state["profile_picture_file"], state["profile_picture_handle"], state["profile_picture_digest"] = nil, nil, nil
		if v != "" {
			state["profile_picture_digest"] = contentDigest([]byte(v))
		}
	})}}
}

// Delete leaves the profile as it is at Meta: a phone number always has one.
func (r *businessProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var state businessProfileModel
	if req.State.Get(ctx, &state).HasError() {
		return
	}
	tflog.Info(ctx, "removing the business profile from state; Meta keeps the profile as it is", map[string]any{"phone_number_id": state.PhoneNumberID.ValueString()})
}

// ImportState takes the phone number id.
func (r *businessProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importPhoneSettings(ctx, businessProfileIdentity, req, resp)
}
