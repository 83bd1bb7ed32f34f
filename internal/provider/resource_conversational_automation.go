package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure   = &conversationalAutomationResource{}
	_ resource.ResourceWithImportState = &conversationalAutomationResource{}
	_ resource.ResourceWithIdentity    = &conversationalAutomationResource{}
)

var conversationalAutomationIdentity = phoneSettingsIdentity("conversational automation")

// NewConversationalAutomationResource is the whatsapp_conversational_automation resource.
func NewConversationalAutomationResource() resource.Resource {
	return &conversationalAutomationResource{}
}

type conversationalAutomationResource struct {
	configured
}

// Meta's limits (the Graph API reference; Meta's guide mentions 4 ice breakers, the API
// reference 3).
const (
	maxPrompts            = 3
	maxPromptLength       = 80
	maxCommands           = 30
	maxCommandNameLength  = 30
	maxCommandDescription = 256
)

var commandNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_]+$`)

func (r *conversationalAutomationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_conversational_automation"
}

func (r *conversationalAutomationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = conversationalAutomationIdentity.schema()
}

func (r *conversationalAutomationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The conversational components of a WhatsApp business phone number: the welcome-message webhook, ice breakers (tappable prompts shown when a user opens a chat for the first time) and slash commands.\n\n" +
			"A phone number has one automation, so this resource manages all of it: attributes left out mean \"none\" (`enable_welcome_message = false`, no prompts, no commands), and changes made outside Terraform show as drift. " +
			"**Destroying the resource switches the automation off**: the welcome message is disabled and the prompts and commands are removed.",
		Attributes: map[string]schema.Attribute{
			"id":              phoneSettingsIDAttribute(),
			"phone_number_id": phoneNumberIDAttribute("conversational automation"),
			"enable_welcome_message": schema.BoolAttribute{
				MarkdownDescription: "Send a `request_welcome` messages webhook when a WhatsApp user opens a chat with the number for the first time, so that you can answer with a welcome message. Default `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
			"prompts": schema.ListAttribute{
				MarkdownDescription: fmt.Sprintf("Ice breakers, in order: at most %d, each 1 to %d characters. Emojis are not supported. Default none.", maxPrompts, maxPromptLength),
				ElementType:         types.StringType,
				Optional:            true,
				Computed:            true,
				Default:             listdefault.StaticValue(types.ListValueMust(types.StringType, []attr.Value{})),
				Validators: []validator.List{
					listvalidator.SizeAtMost(maxPrompts),
					listvalidator.ValueStringsAre(charLength{1, maxPromptLength}),
				},
			},
			"commands": schema.ListNestedAttribute{
				MarkdownDescription: fmt.Sprintf("Slash commands WhatsApp users see when they type `/`, in order: at most %d, with unique names. Default none.", maxCommands),
				Optional:            true,
				Computed:            true,
				Default:             listdefault.StaticValue(types.ListValueMust(botCommandObjectType, []attr.Value{})),
				Validators:          []validator.List{listvalidator.SizeAtMost(maxCommands), uniqueCommandNames{}},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							MarkdownDescription: fmt.Sprintf("Command without the slash, such as `help`: 1 to %d letters, digits and underscores.", maxCommandNameLength),
							Required:            true,
							Validators: []validator.String{
								charLength{1, maxCommandNameLength},
								stringvalidator.RegexMatches(commandNamePattern, "must contain only letters, digits and underscores"),
							},
						},
						"description": schema.StringAttribute{
							MarkdownDescription: fmt.Sprintf("Hint shown next to the command, 1 to %d characters.", maxCommandDescription),
							Required:            true,
							Validators:          []validator.String{charLength{1, maxCommandDescription}},
						},
					},
				},
			},
		},
	}
}

func (r *conversationalAutomationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *conversationalAutomationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan conversationalAutomationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	conversationalAutomationIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *conversationalAutomationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state conversationalAutomationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := readerOf(r.data).automations.get(ctx, state.PhoneNumberID.ValueString())
	if graph.IsNotFound(err) {
		// The framework requires an identity after Read, even one removing the object, and a
		// state saved without one (Terraform before 1.12, an earlier provider) has none to keep.
		conversationalAutomationIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Phone number no longer exists",
			fmt.Sprintf("Phone number %s is gone, and its conversational automation with it; the automation is removed from state.", state.PhoneNumberID.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read the conversational automation of phone number "+state.PhoneNumberID.ValueString(), err, phoneSettingsAdvice)
		return
	}
	resp.Diagnostics.Append(state.applyRemote(a)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	conversationalAutomationIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *conversationalAutomationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan conversationalAutomationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.write(ctx, &plan, &resp.State, &resp.Diagnostics)
	conversationalAutomationIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete switches the automation off: no welcome message, prompts or commands.
func (r *conversationalAutomationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state conversationalAutomationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	phone := state.PhoneNumberID.ValueString()
	err := r.data.client.SetConversationalAutomation(ctx, phone, graph.ConversationalAutomation{})
	readerOf(r.data).automations.forget(phone)
	if err != nil && !graph.IsNotFound(err) {
		addGraphError(&resp.Diagnostics, "Cannot switch off the conversational automation of phone number "+phone, err, phoneSettingsAdvice)
	}
}

// ImportState takes the phone number id.
func (r *conversationalAutomationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importPhoneSettings(ctx, conversationalAutomationIdentity, req, resp)
}

// write replaces the automation with the plan and saves what Meta reads back.
func (r *conversationalAutomationResource) write(ctx context.Context, plan *conversationalAutomationModel, state *tfsdk.State, diags *diag.Diagnostics) {
	phone := plan.PhoneNumberID.ValueString()
	a, d := plan.automation(ctx)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	readerOf(r.data).automations.forget(phone)
	if err := r.data.client.SetConversationalAutomation(ctx, phone, a); err != nil {
		addGraphError(diags, "Cannot configure the conversational automation of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	got, err := r.data.client.GetConversationalAutomation(ctx, phone)
	if err != nil {
		addGraphError(diags, "Cannot read the conversational automation of phone number "+phone, err, phoneSettingsAdvice)
		return
	}
	readerOf(r.data).automations.put(phone, got)
	diags.Append(plan.applyRemote(got)...)
	diags.Append(state.Set(ctx, plan)...)
}

// uniqueCommandNames rejects two commands with the same name, which Meta refuses.
type uniqueCommandNames struct{}

func (uniqueCommandNames) Description(context.Context) string {
	return "command names must be unique"
}

func (v uniqueCommandNames) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (uniqueCommandNames) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var commands []botCommandModel
	if req.ConfigValue.ElementsAs(ctx, &commands, false).HasError() {
		return // elements not known yet
	}
	first := map[string]int{}
	for i, c := range commands {
		if c.Name.IsNull() || c.Name.IsUnknown() {
			continue
		}
		name := c.Name.ValueString()
		if j, dup := first[name]; dup {
			p := req.Path.AtListIndex(i).AtName("name")
			resp.Diagnostics.AddAttributeError(p, "Duplicate command name",
				fmt.Sprintf("Attribute %s: command name %q is already used by %s; Meta requires unique command names.", p, name, req.Path.AtListIndex(j)))
			continue
		}
		first[name] = i
	}
}
