package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ action.ActionWithConfigure      = &sendTestTemplateAction{}
	_ action.ActionWithValidateConfig = &sendTestTemplateAction{}
)

// NewSendTestTemplateAction is the whatsapp_send_test_template action.
func NewSendTestTemplateAction() action.Action { return &sendTestTemplateAction{} }

type sendTestTemplateAction struct {
	configuredAction
}

type sendTestTemplateModel struct {
	PhoneNumberID         types.String `tfsdk:"phone_number_id"`
	To                    types.String `tfsdk:"to"`
	TemplateName          types.String `tfsdk:"template_name"`
	Language              types.String `tfsdk:"language"`
	HeaderParameters      types.List   `tfsdk:"header_parameters"`
	HeaderNamedParameters types.Map    `tfsdk:"header_named_parameters"`
	HeaderMedia           types.Object `tfsdk:"header_media"`
	BodyParameters        types.List   `tfsdk:"body_parameters"`
	BodyNamedParameters   types.Map    `tfsdk:"body_named_parameters"`
	ButtonParameters      types.List   `tfsdk:"button_parameters"`
}

type headerMediaModel struct {
	Type types.String `tfsdk:"type"`
	Link types.String `tfsdk:"link"`
}

type buttonParameterModel struct {
	Index   types.Int64  `tfsdk:"index"`
	SubType types.String `tfsdk:"sub_type"`
	Text    types.String `tfsdk:"text"`
}

// recipientPattern is a phone number in E.164: country code and number, 7 to 15 digits, with an
// optional leading +.
var recipientPattern = regexp.MustCompile(`^\+?[1-9][0-9]{6,14}$`)

var (
	headerMediaTypes = []string{"image", "video", "document"}
	buttonSubTypes   = []string{"url", "copy_code"}
)

func (a *sendTestTemplateAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_send_test_template"
}

func (a *sendTestTemplateAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	params := func(what string) schema.ListAttribute {
		return schema.ListAttribute{
			MarkdownDescription: "Values of the " + what + " variables of a template with `POSITIONAL` parameters, in order: the first fills `{{1}}`. Their number must match the variables.",
			Optional:            true,
			ElementType:         types.StringType,
			Validators:          []validator.List{listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
		}
	}
	named := func(what, conflicts string) schema.MapAttribute {
		return schema.MapAttribute{
			MarkdownDescription: "Values of the " + what + " variables of a template with `NAMED` parameters, by variable name (`first_name` fills `{{first_name}}`). Conflicts with `" + conflicts + "`.",
			Optional:            true,
			ElementType:         types.StringType,
			Validators: []validator.Map{
				mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				mapvalidator.KeysAre(stringvalidator.RegexMatches(regexp.MustCompile(`^[a-z][a-z0-9_]*$`), "must be a variable name: lowercase letters, digits and underscores, starting with a letter")),
				mapvalidator.ConflictsWith(path.MatchRoot(conflicts)),
			},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends a message template to one recipient through the Cloud API (`POST /{phone-number-id}/messages`), to check a template end to end: a smoke test after it is approved. " +
			"Actions need Terraform 1.14 or later; run it with `terraform apply -invoke=action.whatsapp_send_test_template.<name>`, or from a resource's `lifecycle.action_trigger`.\n\n" +
			"Meta sends only **`APPROVED`** templates, in a language the template has, with one value for each of its variables. " +
			"A template Terraform has just created is `PENDING`: a trigger on `after_create` succeeds only when the `whatsapp_message_template` waits for the review (`wait_for_review = true`), so that the template is approved when the action runs. " +
			"Paused (132015) and disabled (132016) templates are refused, and so are parameters that do not match the template's variables (132000, 132012). " +
			"From a test business number, Meta sends only to the up to five recipients of its allowed list (131030).\n\n" +
			"Each run sends a message, which Meta may charge for. The message id (wamid) is in the action's progress output and the provider log.",
		Attributes: map[string]schema.Attribute{
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "Id of the business phone number that sends the message. It must be registered on the Cloud API, and belong to the WhatsApp Business Account that has the template.",
				Required:            true,
				Validators:          []validator.String{numericID},
			},
			"to": schema.StringAttribute{
				MarkdownDescription: "Recipient's phone number in E.164 form: the country code and number, digits only, with an optional leading `+` (`+16505551234`).",
				Required:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(recipientPattern, "must be a phone number in E.164 form: country code and number, 7 to 15 digits, with an optional leading + (such as +16505551234)")},
			},
			"template_name": schema.StringAttribute{
				MarkdownDescription: "Name of the template, such as `whatsapp_message_template.x.name` (an action may refer to the resource whose `action_trigger` runs it).",
				Required:            true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 512),
					stringvalidator.RegexMatches(templateNamePattern, "must contain only lowercase letters, digits and underscores"),
				},
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "Language code of the template, such as `en_US` or `whatsapp_message_template.x.language`. The template must exist in that language.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(supportedLanguages...)},
			},
			"header_parameters":       params("header"),
			"header_named_parameters": named("header", "header_parameters"),
			"header_media": schema.SingleNestedAttribute{
				MarkdownDescription: "The media of a template whose header is an image, a video or a document.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						MarkdownDescription: "The header's format: " + orList(headerMediaTypes) + ".",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(headerMediaTypes...)},
					},
					"link": schema.StringAttribute{
						MarkdownDescription: "Public HTTPS URL of the file Meta downloads and sends.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^https?://[^/]+`), "must be an absolute http:// or https:// URL")},
					},
				},
			},
			"body_parameters":       params("body"),
			"body_named_parameters": named("body", "body_parameters"),
			"button_parameters": schema.ListNestedAttribute{
				MarkdownDescription: "Parameters of the template's buttons that take one: a URL button whose URL ends in `{{1}}`, a copy-code button (the coupon code), or the OTP button of an authentication template (the code).",
				Optional:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"index": schema.Int64Attribute{
							MarkdownDescription: "Position of the button in the template, from 0.",
							Required:            true,
						},
						"sub_type": schema.StringAttribute{
							MarkdownDescription: "The button's kind: `url` (URL and OTP buttons, the default) or `copy_code`.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.OneOf(buttonSubTypes...)},
						},
						"text": schema.StringAttribute{
							MarkdownDescription: "The value: the end of the URL, the coupon code or the one-time code.",
							Required:            true,
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
					},
				},
			},
		},
	}
}

// ValidateConfig checks at plan time what the attributes' validators cannot: one kind of header,
// and each button once.
func (a *sendTestTemplateAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var cfg sendTestTemplateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if known(cfg.HeaderMedia) && (known(cfg.HeaderParameters) || known(cfg.HeaderNamedParameters)) {
		resp.Diagnostics.AddAttributeError(path.Root("header_media"), "Conflicting header parameters",
			"A template header is either text (header_parameters, header_named_parameters) or media (header_media), not both.")
	}
	if !known(cfg.ButtonParameters) {
		return
	}
	var buttons []buttonParameterModel
	resp.Diagnostics.Append(cfg.ButtonParameters.ElementsAs(ctx, &buttons, true)...)
	seen := map[int64]bool{}
	for i, b := range buttons {
		if !known(b.Index) {
			continue
		}
		at := path.Root("button_parameters").AtListIndex(i).AtName("index")
		switch n := b.Index.ValueInt64(); {
		case n < 0 || n > 9:
			resp.Diagnostics.AddAttributeError(at, "Invalid button index", fmt.Sprintf("index is %d; a template has at most 10 buttons, numbered from 0 to 9.", n))
		case seen[n]:
			resp.Diagnostics.AddAttributeError(at, "Duplicate button index", fmt.Sprintf("Button %d has parameters twice; give each button one entry.", n))
		default:
			seen[n] = true
		}
	}
}

func (a *sendTestTemplateAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg sendTestTemplateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !a.ready(&resp.Diagnostics) {
		return
	}
	msg, diags := cfg.message(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	phone := cfg.PhoneNumberID.ValueString()
	fields := map[string]any{"phone_number_id": phone, "template": msg.Name, "language": msg.Language}
	progress(ctx, resp, fmt.Sprintf("Sending template %s (%s) from phone number %s to %s", msg.Name, msg.Language, phone, msg.To), fields)
	if interrupted(ctx, &resp.Diagnostics, "No message was sent.") {
		return
	}
	sent, err := a.data.client.SendTemplateMessage(ctx, phone, msg)
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot send template %s (%s) to %s", msg.Name, msg.Language, msg.To), err, templateSendAdvice)
		return
	}
	status := sent.Status
	if status == "" {
		status = "accepted"
	}
	fields["message_id"], fields["message_status"] = sent.ID, status
	progress(ctx, resp, fmt.Sprintf("Meta %s message %s for WhatsApp user %s", status, sent.ID, orDefault(sent.WAID, msg.To)), fields)
}

// message builds the send request from the configuration.
func (m *sendTestTemplateModel) message(ctx context.Context) (graph.TemplateMessage, diag.Diagnostics) {
	var diags diag.Diagnostics
	msg := graph.TemplateMessage{To: m.To.ValueString(), Name: m.TemplateName.ValueString(), Language: m.Language.ValueString()}
	texts := func(list types.List, named types.Map) []graph.MessageParameter {
		var out []graph.MessageParameter
		if known(list) {
			var values []string
			diags.Append(list.ElementsAs(ctx, &values, false)...)
			for _, v := range values {
				out = append(out, graph.MessageParameter{Type: "text", Text: v})
			}
		}
		if known(named) {
			values := map[string]string{}
			diags.Append(named.ElementsAs(ctx, &values, false)...)
			names := make([]string, 0, len(values))
			for k := range values {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				out = append(out, graph.MessageParameter{Type: "text", ParameterName: k, Text: values[k]})
			}
		}
		return out
	}
	header := texts(m.HeaderParameters, m.HeaderNamedParameters)
	if known(m.HeaderMedia) {
		var media headerMediaModel
		diags.Append(m.HeaderMedia.As(ctx, &media, basetypes.ObjectAsOptions{})...)
		link := &graph.MediaLink{Link: media.Link.ValueString()}
		p := graph.MessageParameter{Type: media.Type.ValueString()}
		switch p.Type {
		case "image":
			p.Image = link
		case "video":
			p.Video = link
		case "document":
			p.Document = link
		}
		header = append(header, p)
	}
	if len(header) > 0 {
		msg.Components = append(msg.Components, graph.MessageComponent{Type: "header", Parameters: header})
	}
	if body := texts(m.BodyParameters, m.BodyNamedParameters); len(body) > 0 {
		msg.Components = append(msg.Components, graph.MessageComponent{Type: "body", Parameters: body})
	}
	if known(m.ButtonParameters) {
		var buttons []buttonParameterModel
		diags.Append(m.ButtonParameters.ElementsAs(ctx, &buttons, false)...)
		for _, b := range buttons {
			index := int(b.Index.ValueInt64())
			c := graph.MessageComponent{Type: "button", SubType: stringOr(b.SubType, "url"), Index: &index}
			if c.SubType == "copy_code" {
				c.Parameters = []graph.MessageParameter{{Type: "coupon_code", CouponCode: b.Text.ValueString()}}
			} else {
				c.Parameters = []graph.MessageParameter{{Type: "text", Text: b.Text.ValueString()}}
			}
			msg.Components = append(msg.Components, c)
		}
	}
	return msg, diags
}

// templateSendAdvice is what to do about the Cloud API's refusals of a template message.
func templateSendAdvice(err error) string {
	switch graph.ErrorCode(err) {
	case graph.CodeTemplateNotFound:
		return "Meta has no APPROVED template of that name in that language at the phone number's WhatsApp Business Account. " +
			"Check template_name and language, and that phone_number_id belongs to the account of the template. " +
			"A template just created or edited is PENDING until Meta reviews it: when the action runs from the template's lifecycle.action_trigger, set wait_for_review = true on the whatsapp_message_template so that apply waits for the approval first."
	case graph.CodeTemplatePaused:
		return "Meta paused the template because of its low quality rating; it cannot be sent until the pause ends (3 hours the first time, 6 the second). See the template's quality_score."
	case graph.CodeTemplateDisabled:
		return "Meta disabled the template for good after repeated low-quality pauses. Create a new template instead."
	case graph.CodeTemplateParamCount, graph.CodeTemplateParamFormat:
		return "The parameters do not match the template's variables; the details above name the component. " +
			"Give one value per variable: header_parameters and body_parameters for {{1}}, {{2}}… (or the *_named_parameters maps for NAMED templates), header_media for an image, video or document header, and button_parameters for URL buttons with a variable, copy-code and OTP buttons."
	case graph.CodeTemplateHydratedTooLong:
		return "With the parameters filled in, a text is longer than Meta allows (body 1024 characters, header 60). Use shorter values."
	case graph.CodeRecipientNotAllowed:
		return "The sending number is a test number, which sends only to the recipients of its allowed list (up to five). Add the recipient in the app dashboard (WhatsApp > API Setup), or send from a production number."
	case graph.CodePhoneNumberNotRegistered:
		return "The sending number is not registered on the Cloud API. Register it (whatsapp_phone_number with register = true) before sending."
	case graph.CodeParamValueInvalid, graph.CodeRequiredParamMissing:
		return "Meta refused a value of the request; the details above name it."
	}
	return ""
}

// orDefault is s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
