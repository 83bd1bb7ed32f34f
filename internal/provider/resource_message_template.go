package provider

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ resource.ResourceWithConfigure      = &messageTemplateResource{}
	_ resource.ResourceWithImportState    = &messageTemplateResource{}
	_ resource.ResourceWithModifyPlan     = &messageTemplateResource{}
	_ resource.ResourceWithValidateConfig = &messageTemplateResource{}
	_ resource.ResourceWithUpgradeState   = &messageTemplateResource{}
	_ resource.ResourceWithIdentity       = &messageTemplateResource{}
)

// NewMessageTemplateResource is the whatsapp_message_template resource.
func NewMessageTemplateResource() resource.Resource { return &messageTemplateResource{} }

type messageTemplateResource struct {
	configured
}

var templateNamePattern = regexp.MustCompile(`^[a-z0-9_]+$`)

func (r *messageTemplateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_template"
}

func (r *messageTemplateResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: 1,
		MarkdownDescription: "A WhatsApp message template: content Meta reviews before a business may send it outside the 24-hour customer service window. " +
			"A template is identified by its WhatsApp Business Account, name and language. Creating or editing it submits it to Meta's review; " +
			"`status` shows the outcome (`PENDING`, `APPROVED`, `REJECTED`, `PAUSED`, `DISABLED`…), and apply can wait for it with `wait_for_review`.\n\n" +
			"Meta locks a deleted name and language for about four weeks, so this resource never deletes a template to change it: " +
			"content changes are edits, a rejected template is fixed by editing it, and name or language changes replace the template only after a warning. " +
			"Meta refuses to delete a `DISABLED` template: destroying or replacing one removes it from the state only, after a warning at plan time, and it stays at Meta under its name and language.\n\n" +
			"Meta allows 100 new templates per hour per WhatsApp Business Account. An apply that creates more paces itself: past the limit, creates wait until the time Meta reports " +
			"(logged as `waiting for Meta's template creation limit`, with the time it lifts in `until` and progress every ten templates, at log level INFO) rather than failing, " +
			"so 500 new templates take about four hours. The `create` timeout bounds that wait; when it is unset a create waits up to 6 hours. " +
			"A plan reads each account's templates once through the paginated listing (100 per call) rather than one call per template.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Template id assigned by Meta.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "WhatsApp Business Account (WABA) that owns the template. Defaults to the provider's `business_account_id`. Changing it creates the template in the other account.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{numericID},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Template name: lowercase letters, digits and underscores, at most 512 characters. Changing it creates a new template and deletes this one, whose name and language Meta then locks for about four weeks.",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 512),
					stringvalidator.RegexMatches(templateNamePattern, "must contain only lowercase letters, digits and underscores"),
				},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "Language and locale code Meta supports, such as `en_US`, `pt_BR` or `de`. A template name can exist in several languages; each is its own resource. Changing it replaces the template.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(supportedLanguages...)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"category": schema.StringAttribute{
				MarkdownDescription: "Category you submit: " + orList(categories) + ". Meta may assign another at review or later; that shows in `meta_category` and a plan warning, never as a perpetual diff. Meta does not allow changing the category of an `APPROVED` template.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(categories...)},
			},
			"allow_category_change": schema.BoolAttribute{
				MarkdownDescription: "Deprecated: Meta stopped honouring it on 9 April 2025 and now assigns the category itself at review. It is no longer sent. " +
					"The category Meta assigns is in `meta_category`, and a plan warns when it differs from `category`.",
				Optional:           true,
				DeprecationMessage: "Meta no longer honours allow_category_change (since 2025-04-09): it assigns the category itself, shown in meta_category with a plan warning when it differs. The attribute is not sent; remove it.",
			},
			"cta_url_link_tracking_opted_out": schema.BoolAttribute{
				MarkdownDescription: "Opt the template's URL buttons out of Meta's link click tracking. Meta's default is `false` (tracked).",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"call_permission_request": schema.BoolAttribute{
				MarkdownDescription: "Add Meta's call permission request to the template (`UTILITY` and `MARKETING`): the recipient can allow the business to call them on WhatsApp.",
				Optional:            true,
			},
			"limited_time_offer": limitedTimeOfferSchema(),
			"carousel":           carouselSchema(),
			"sub_category": schema.StringAttribute{
				MarkdownDescription: "Sub-category Meta reports for the template, such as `ORDER_STATUS`, when it reports one.",
				Computed:            true,
			},
			"unmodelled_components": schema.StringAttribute{
				MarkdownDescription: "Components of the template at Meta that this provider version cannot represent, as JSON exactly as Meta returned them; null when there are none. " +
					"They are never dropped: plans warn about them, and an edit of the template is refused, because it would send the template without them.",
				Computed: true,
			},
			"parameter_format": schema.StringAttribute{
				MarkdownDescription: "How variables are written: `POSITIONAL` (`{{1}}`, `{{2}}`; the default) or `NAMED` (`{{first_name}}`).",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(formatPositional),
				Validators:          []validator.String{stringvalidator.OneOf(formatPositional, formatNamed)},
			},
			"message_send_ttl_seconds": schema.Int64Attribute{
				MarkdownDescription: "How long WhatsApp keeps trying to deliver a message sent with this template. Authentication 30–900 (Meta's default 600), utility 30–43200, marketing 43200–2592000.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				Validators:          []validator.Int64{int64validator.Between(30, 2592000)},
			},
			"header":  headerSchema(),
			"body":    bodySchema(),
			"footer":  footerSchema(),
			"buttons": buttonsSchema(),
			"wait_for_review": schema.BoolAttribute{
				MarkdownDescription: "Wait during apply until Meta's review of a new or edited template ends. A rejection then fails the apply with Meta's reason, and the template stays in Terraform state so that fixing the configuration re-submits it by editing. " +
					"A wait that reaches its timeout keeps the template in state as `PENDING` with a warning. Default `false`: apply returns once the template is submitted.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"timeouts": reviewTimeoutsAttribute(ctx),
			"status": schema.StringAttribute{
				MarkdownDescription: "Review status Meta reports: `PENDING`, `APPROVED`, `REJECTED`, `PAUSED`, `DISABLED`, `IN_APPEAL`, `PENDING_DELETION`…",
				Computed:            true,
			},
			"rejected_reason": schema.StringAttribute{
				MarkdownDescription: "Why Meta rejected the template (such as `INVALID_FORMAT` or `INCORRECT_CATEGORY`); `NONE` otherwise.",
				Computed:            true,
			},
			"quality_score": schema.StringAttribute{
				MarkdownDescription: "Meta's quality rating: `GREEN`, `YELLOW`, `RED` or `UNKNOWN`.",
				Computed:            true,
			},
			"meta_category": schema.StringAttribute{
				MarkdownDescription: "Category Meta currently holds for the template. It differs from `category` when Meta recategorised it; set `category` to this value to acknowledge the change (no edit is sent).",
				Computed:            true,
			},
			"previous_category": schema.StringAttribute{
				MarkdownDescription: "Category before Meta's last recategorisation, if any.",
				Computed:            true,
			},
		},
	}
	maps.Copy(resp.Schema.Attributes, libraryAttributes())
}

func headerSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Optional header shown above the body. Not allowed in authentication templates. A `PRODUCT` header makes a single-product template: it shows the catalog item the message names, with an `SPM` button.",
		Optional:            true,
		Attributes: withAttributes(map[string]schema.Attribute{
			"format": schema.StringAttribute{
				MarkdownDescription: orList(headerFormats) + " (utility and marketing only; `PRODUCT` in marketing templates with an `SPM` button).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(headerFormats...)},
			},
			"text": schema.StringAttribute{
				MarkdownDescription: "Header text for `TEXT` headers, at most 60 characters and one variable.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 60)},
			},
			"example": schema.StringAttribute{
				MarkdownDescription: "Sample value of the header's variable, required when `text` has one.",
				Optional:            true,
			},
		}, mediaSampleAttributes("the sample image, video or document of a media header (`IMAGE`, `VIDEO`, `DOCUMENT`); a media header needs one of the two when the template is created or edited")),
	}
}

func bodySchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "The message body. Required, except in templates created from the Template Library (`library_template_name`), whose body Meta writes.",
		Optional:            true,
		Attributes: map[string]schema.Attribute{
			"text": schema.StringAttribute{
				MarkdownDescription: "Body text, at most 1024 characters, with variables such as `{{1}}` (positional) or `{{first_name}}` (named). It may not start or end with a variable. Authentication templates have no text: Meta writes it.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 1024)},
			},
			"examples": schema.ListAttribute{
				MarkdownDescription: "Sample values of positional variables, in order: one for each of `{{1}}`, `{{2}}`…",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"named_examples": schema.MapAttribute{
				MarkdownDescription: "Sample values of named variables, keyed by variable name. Use with `parameter_format = \"NAMED\"`.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"add_security_recommendation": schema.BoolAttribute{
				MarkdownDescription: "Authentication templates only: add Meta's \"do not share this code\" line.",
				Optional:            true,
			},
		},
	}
}

func footerSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Optional footer below the body.",
		Optional:            true,
		Attributes: map[string]schema.Attribute{
			"text": schema.StringAttribute{
				MarkdownDescription: "Footer text, at most 60 characters, without variables. Not used in authentication templates.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 60)},
			},
			"code_expiration_minutes": schema.Int64Attribute{
				MarkdownDescription: "Authentication templates only: minutes the code stays valid (1–90), shown in the footer Meta writes.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 90)},
			},
		},
	}
}

// buttonPhoneNumber is the rule for the number of a PHONE_NUMBER button, wherever it is.
var buttonPhoneNumber = stringvalidator.RegexMatches(regexp.MustCompile(`^\+?[0-9]{5,20}$`), "must be a phone number with country code, digits only after an optional +")

func buttonsSchema() schema.ListNestedAttribute {
	str := func(desc string, v ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: v}
	}
	return schema.ListNestedAttribute{
		MarkdownDescription: "Buttons, in order (at most 10). Quick replies must be next to each other. At most 2 `URL`, 1 `PHONE_NUMBER`, 1 `VOICE_CALL` and 1 `COPY_CODE` (marketing and utility) buttons; `OTP` only, and exactly one, in authentication templates; `CATALOG`, `MPM` and `SPM` (with a `PRODUCT` header) stand alone.",
		Optional:            true,
		Validators:          []validator.List{listvalidator.SizeBetween(1, 10)},
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"type":          str(orList(buttonTypes)+".", stringvalidator.OneOf(buttonTypes...)),
				"text":          str("Button label, at most 25 characters. Required except for `COPY_CODE` and `OTP`.", stringvalidator.LengthBetween(1, 25)),
				"url":           str("`URL` buttons: http(s) address, at most 2000 characters, optionally ending in one variable `{{1}}`.", stringvalidator.LengthBetween(1, 2000)),
				"phone_number":  str("`PHONE_NUMBER` buttons: number to call, with country code, such as `+15551234567`.", buttonPhoneNumber),
				"example":       str("Sample value: for a `URL` with a variable, a sample URL (or just the sample value of the variable, as Meta also takes); for `COPY_CODE`, the sample code (at most 15 characters)."),
				"otp_type":      str("`OTP` buttons: "+orList(otpTypes)+".", stringvalidator.OneOf(otpTypes...)),
				"autofill_text": str("`OTP` one-tap and zero-tap buttons: label of the autofill button.", stringvalidator.LengthBetween(1, 25)),
				"zero_tap_terms_accepted": schema.BoolAttribute{
					MarkdownDescription: "`OTP` zero-tap buttons: you accept Meta's zero-tap terms. Required to be `true` for `ZERO_TAP`.",
					Optional:            true,
				},
				"supported_apps": schema.ListNestedAttribute{
					MarkdownDescription: "`OTP` one-tap and zero-tap buttons: Android apps (1–5) allowed to receive the code.",
					Optional:            true,
					Validators:          []validator.List{listvalidator.SizeBetween(1, 5)},
					NestedObject: schema.NestedAttributeObject{
						Attributes: map[string]schema.Attribute{
							"package_name":   schema.StringAttribute{MarkdownDescription: "Android package name, such as `com.example.app`.", Required: true, Validators: []validator.String{stringvalidator.LengthAtMost(224), stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$`), "must be an Android package name such as com.example.app: two or more segments separated by dots, each starting with a letter and holding only letters, digits and underscores")}},
							"signature_hash": schema.StringAttribute{MarkdownDescription: "The app's 11-character signing key hash (letters, digits, `+`, `/` and `=`).", Required: true, Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z0-9+/=]{11}$`), "must be the app's 11-character signing key hash: letters, digits, +, / and =")}},
						},
					},
				},
				"flow_id":         str("`FLOW` buttons: id of the WhatsApp Flow to open.", numericID),
				"flow_name":       str("`FLOW` buttons: name of the Flow, instead of `flow_id`."),
				"flow_action":     str("`FLOW` buttons: `navigate` (default) or `data_exchange`.", stringvalidator.OneOf("navigate", "data_exchange")),
				"navigate_screen": str("`FLOW` buttons with `navigate`: id of the first screen."),
			},
		},
	}
}

// templateIdentity is a template's natural key: Meta holds one template per name and language
// in an account.
var templateIdentity = resourceIdentity{
	{"business_account_id", "Id of the WhatsApp Business Account holding the template."},
	{"name", "Template name, such as order_update."},
	{"language", "Template language, such as en_US."},
}

func (r *messageTemplateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = templateIdentity.schema()
}

func (r *messageTemplateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.configure(req.ProviderData, &resp.Diagnostics)
}

func (r *messageTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := r.requireBusinessAccountID(plan.BusinessAccountID.ValueString(), "on the template", &resp.Diagnostics)
	if !ok {
		return
	}
	plan.BusinessAccountID = types.StringValue(waba)
	timeout, diags := plan.Timeouts.Create(ctx, -1)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Past Meta's creation limit the create waits for a slot; an unset timeout allows a paced
	// bulk apply hours to finish, a set one bounds the whole create.
	timeoutSet, creationTimeout := timeout >= 0, timeout
	if !timeoutSet {
		timeout, creationTimeout = defaultReviewTimeout, defaultPacedCreateTimeout
	}
	createCtx, cancel := context.WithTimeout(ctx, creationTimeout)
	defer cancel()

	var cfg messageTemplateModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() || !r.resolveMedia(createCtx, &cfg, &plan, &resp.Diagnostics) {
		return
	}
	newTemplate := graph.NewMessageTemplate{Name: plan.Name.ValueString(), Language: plan.Language.ValueString(), MessageTemplateContent: plan.content()}
	plan.libraryRequest(&newTemplate)
	created, err := r.data.client.CreateMessageTemplate(createCtx, waba, newTemplate)
	if graph.IsTemplateLanguageExists(err) {
		created, err = r.resubmitRejected(createCtx, waba, plan)
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, templateErrorSummary("create", &plan), err, templateAdvice)
		return
	}
	templatesOf(r.data).put(waba, created)
	if timeoutSet {
		// A configured create timeout covers the whole create: the review gets what is left.
		if dl, ok := createCtx.Deadline(); ok {
			timeout = time.Until(dl)
		}
	}
	plan.applyRemote(created, &plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	templateIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.WaitForReview.ValueBool() {
		r.waitAndSave(ctx, timeout, &plan, &resp.State, &resp.Diagnostics)
	}
}

// resubmitRejected handles a create that finds its name and language taken. A REJECTED template
// of the same identity is an earlier submission of this configuration, kept at Meta rather than
// deleted (which would lock the name): it is edited with the new content and reviewed again.
// Any other template must be imported instead.
func (r *messageTemplateResource) resubmitRejected(ctx context.Context, waba string, plan messageTemplateModel) (*graph.MessageTemplate, error) {
	existing, err := r.data.client.FindMessageTemplate(ctx, waba, plan.Name.ValueString(), plan.Language.ValueString())
	if err != nil {
		return nil, err
	}
	if existing == nil || existing.Status != graph.TemplateStatusRejected {
		id := ""
		if existing != nil {
			id = existing.ID
		}
		return nil, fmt.Errorf("a template named %q in %s already exists in WhatsApp Business Account %s (id %s). "+
			"Bring it under Terraform with: terraform import <address> %s/%s/%s",
			plan.Name.ValueString(), plan.Language.ValueString(), waba, id, waba, plan.Name.ValueString(), plan.Language.ValueString())
	}
	tflog.Info(ctx, "re-submitting the rejected template of the same name and language by editing it", map[string]any{"id": existing.ID})
	if err := r.data.client.EditMessageTemplate(ctx, existing.ID, plan.content()); err != nil {
		return nil, err
	}
	return r.data.client.GetMessageTemplate(ctx, existing.ID)
}

func (r *messageTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A plan refreshes every template: they come from the WABA's listing, read once per
	// provider process, and only a template missing from it is read by id.
	waba := r.businessAccountID(state.BusinessAccountID.ValueString())
	var t *graph.MessageTemplate
	var err error
	if waba != "" {
		t, err = templatesOf(r.data).get(ctx, waba, state.ID.ValueString())
	} else {
		t, err = r.data.client.GetMessageTemplate(ctx, state.ID.ValueString())
	}
	if graph.IsNotFound(err) || (err == nil && isGone(t.Status)) {
		templateIdentity.set(ctx, req.State, resp.Identity, &resp.Diagnostics)
		removeVanished(ctx, resp, "Message template no longer exists",
			fmt.Sprintf("Template %s (%s, %s) was deleted outside Terraform; it is removed from state and will be planned for creation.", state.ID.ValueString(), state.Name.ValueString(), state.Language.ValueString()))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, templateErrorSummary("read", &state), err, templateAdvice)
		return
	}
	prior := state
	state.applyRemote(t, &prior)
	// Unchanged, the response already holds the prior state: encoding it again is the
	// costliest part of a refresh.
	if !reflect.DeepEqual(state, prior) {
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	}
	templateIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *messageTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state messageTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, defaultReviewTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	current, err := r.data.client.GetMessageTemplate(ctx, state.ID.ValueString())
	if err != nil {
		addGraphError(&resp.Diagnostics, templateErrorSummary("read", &state), err, templateAdvice)
		return
	}
	templatesOf(r.data).put(state.BusinessAccountID.ValueString(), current)
	edited := false
	// A sample's digest moving from null (an import) to the configured one is only recorded.
	if !sameContent(&plan, current) || mediaDigestsChanged(&plan, &state) {
		var cfg messageTemplateModel
		if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() || !r.resolveMedia(ctx, &cfg, &plan, &resp.Diagnostics) {
			return
		}
		if current.Status == graph.TemplateStatusPending || current.Status == graph.TemplateStatusInAppeal {
			// Meta refuses edits during review; wait for its end first.
			if current, err = r.waitForReview(ctx, timeout, current.ID); err != nil {
				addGraphError(&resp.Diagnostics, templateErrorSummary("wait for the review to end before editing", &plan), err, templateAdvice)
				return
			}
		}
		if err := r.data.client.EditMessageTemplate(ctx, current.ID, plan.content()); err != nil {
			addGraphError(&resp.Diagnostics, templateErrorSummary("edit", &plan), err, templateAdvice)
			return
		}
		recordEdit(ctx, current.Status, req.Private, resp.Private, &resp.Diagnostics)
		edited = true
		if current, err = r.data.client.GetMessageTemplate(ctx, current.ID); err != nil {
			addGraphError(&resp.Diagnostics, templateErrorSummary("read", &plan), err, templateAdvice)
			return
		}
		templatesOf(r.data).put(state.BusinessAccountID.ValueString(), current)
	}
	planned := plan
	plan.applyRemote(current, &plan)
	if !edited {
		plan.keepMetaValues(&planned)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	templateIdentity.set(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if edited && plan.WaitForReview.ValueBool() {
		r.waitAndSave(ctx, timeout, &plan, &resp.State, &resp.Diagnostics)
	}
}

func (r *messageTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state messageTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if resubmitID(ctx, req.Private) == state.ID.ValueString() {
		// This delete is half of a replacement whose create re-submits the same rejected
		// template: deleting it would lock the name and language for about four weeks.
		return
	}
	if state.Status.ValueString() == graph.TemplateStatusDisabled {
		// Meta refuses to delete a disabled template: unless it was reinstated since the plan,
		// leave it at Meta and only forget it, as the plan warned.
		current, err := r.data.client.GetMessageTemplate(ctx, state.ID.ValueString())
		switch {
		case graph.IsNotFound(err):
			templatesOf(r.data).forget(state.BusinessAccountID.ValueString(), state.ID.ValueString())
			return
		case err != nil:
			addGraphError(&resp.Diagnostics, templateErrorSummary("delete", &state), err, templateAdvice)
			return
		case current.Status == graph.TemplateStatusDisabled:
			templatesOf(r.data).forget(state.BusinessAccountID.ValueString(), state.ID.ValueString())
			resp.Diagnostics.AddWarning("Disabled template left at Meta", disabledStaysAtMeta(&state, "This apply"))
			return
		}
	}
	err := r.data.client.DeleteMessageTemplate(ctx, state.BusinessAccountID.ValueString(), state.Name.ValueString(), state.ID.ValueString())
	templatesOf(r.data).forget(state.BusinessAccountID.ValueString(), state.ID.ValueString())
	if err != nil && !graph.IsNotFound(err) {
		// Meta's error for deleting a template that is already gone is not a not-found code:
		// confirm by reading it before reporting a failure.
		if _, getErr := r.data.client.GetMessageTemplate(ctx, state.ID.ValueString()); !graph.IsNotFound(getErr) {
			addGraphError(&resp.Diagnostics, templateErrorSummary("delete", &state), err, templateAdvice)
		}
	}
}

// ImportState accepts "<waba_id>/<template_id>" or "<waba_id>/<name>/<language>", or the
// identity (business_account_id, name, language).
func (r *messageTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID, ok := templateIdentity.importID(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	req.ID = importID
	parts := strings.Split(req.ID, "/")
	valid := (len(parts) == 2 || len(parts) == 3) && graphIDPattern.MatchString(parts[0])
	for _, p := range parts {
		valid = valid && p != ""
	}
	if !valid {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("%q must be <business_account_id>/<template_id> or <business_account_id>/<name>/<language>, for example 102290129340398/1192339204654487 or 102290129340398/order_update/en_US.", req.ID))
		return
	}
	waba, id := parts[0], parts[1]
	if len(parts) == 3 {
		t, err := templatesOf(r.data).find(ctx, waba, parts[1], parts[2])
		if err == nil && t == nil {
			t, err = r.data.client.FindMessageTemplate(ctx, waba, parts[1], parts[2])
		}
		if err != nil {
			addGraphError(&resp.Diagnostics, "Cannot look up the template to import", err, templateAdvice)
			return
		}
		if t == nil {
			resp.Diagnostics.AddError("Template not found", fmt.Sprintf("No template named %q in language %s exists in WhatsApp Business Account %s.", parts[1], parts[2], waba))
			return
		}
		id = t.ID
	} else if !graphIDPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("template id %q must be numeric; to import by name use <business_account_id>/<name>/<language>.", id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("business_account_id"), waba)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_review"), false)...)
}

// isGone reports statuses of a template that no longer exists for sending or editing.
func isGone(status string) bool {
	return status == graph.TemplateStatusDeleted || status == graph.TemplateStatusPendingDeletion
}
