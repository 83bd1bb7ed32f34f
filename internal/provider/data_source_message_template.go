package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var (
	_ datasource.DataSourceWithConfigure        = &messageTemplateDataSource{}
	_ datasource.DataSourceWithConfigValidators = &messageTemplateDataSource{}
)

// NewMessageTemplateDataSource is the whatsapp_message_template data source.
func NewMessageTemplateDataSource() datasource.DataSource { return &messageTemplateDataSource{} }

type messageTemplateDataSource struct {
	configured
}

type messageTemplateDataModel struct {
	ID                         types.String               `tfsdk:"id"`
	BusinessAccountID          types.String               `tfsdk:"business_account_id"`
	Name                       types.String               `tfsdk:"name"`
	Language                   types.String               `tfsdk:"language"`
	Category                   types.String               `tfsdk:"category"`
	ParameterFormat            types.String               `tfsdk:"parameter_format"`
	MessageSendTTLSeconds      types.Int64                `tfsdk:"message_send_ttl_seconds"`
	Header                     *templateHeaderReadModel   `tfsdk:"header"`
	Body                       *templateBodyModel         `tfsdk:"body"`
	Footer                     *templateFooterModel       `tfsdk:"footer"`
	Buttons                    []templateButtonModel      `tfsdk:"buttons"`
	LimitedTimeOffer           *templateOfferModel        `tfsdk:"limited_time_offer"`
	Carousel                   *templateCarouselReadModel `tfsdk:"carousel"`
	CallPermissionRequest      types.Bool                 `tfsdk:"call_permission_request"`
	CTAURLLinkTrackingOptedOut types.Bool                 `tfsdk:"cta_url_link_tracking_opted_out"`
	LibraryTemplateName        types.String               `tfsdk:"library_template_name"`
	LibraryContent             types.String               `tfsdk:"library_content"`
	SubCategory                types.String               `tfsdk:"sub_category"`
	UnmodelledComponents       types.String               `tfsdk:"unmodelled_components"`
	Status                     types.String               `tfsdk:"status"`
	RejectedReason             types.String               `tfsdk:"rejected_reason"`
	QualityScore               types.String               `tfsdk:"quality_score"`
	PreviousCategory           types.String               `tfsdk:"previous_category"`
}

// The data source reads media samples as Meta returns them, as a URL; the resource's inputs
// (media_file, media_handle) and media_digest are its own. header.media_handle is the URL
// too, as before media_url existed.
type templateHeaderReadModel struct {
	Format  types.String `tfsdk:"format"`
	Text    types.String `tfsdk:"text"`
	Example types.String `tfsdk:"example"`
	MediaRead
}

// MediaRead is a media sample as Meta reads it back.
type MediaRead struct {
	MediaURL    types.String `tfsdk:"media_url"`
	MediaHandle types.String `tfsdk:"media_handle"`
}

type templateCarouselReadModel struct {
	Cards []templateCardReadModel `tfsdk:"cards"`
}

type templateCardReadModel struct {
	Header  *templateCardHeaderReadModel `tfsdk:"header"`
	Body    *templateCardBodyModel       `tfsdk:"body"`
	Buttons []templateCardButtonModel    `tfsdk:"buttons"`
}

type templateCardHeaderReadModel struct {
	Format types.String `tfsdk:"format"`
	MediaRead
}

func readMedia(s MediaSample) MediaRead {
	return MediaRead{MediaURL: s.MediaURL, MediaHandle: s.MediaURL}
}

func readHeader(h *templateHeaderModel) *templateHeaderReadModel {
	if h == nil {
		return nil
	}
	return &templateHeaderReadModel{Format: h.Format, Text: h.Text, Example: h.Example, MediaRead: readMedia(h.MediaSample)}
}

func readCarousel(c *templateCarouselModel) *templateCarouselReadModel {
	if c == nil {
		return nil
	}
	out := &templateCarouselReadModel{}
	for _, card := range c.Cards {
		rc := templateCardReadModel{Body: card.Body, Buttons: card.Buttons}
		if h := card.Header; h != nil {
			rc.Header = &templateCardHeaderReadModel{Format: h.Format, MediaRead: readMedia(h.MediaSample)}
		}
		out.Cards = append(out.Cards, rc)
	}
	return out
}

// withReadMedia words a derived header's media attributes for reading: media_digest, which only
// the resource records, leaves, and media_handle stays as the URL, deprecated.
func withReadMedia(header schema.Attribute) schema.Attribute {
	h := header.(schema.SingleNestedAttribute)
	delete(h.Attributes, "media_digest")
	h.Attributes["media_url"] = schema.StringAttribute{Computed: true, MarkdownDescription: "Sample media, as the URL Meta returns."}
	h.Attributes["media_handle"] = schema.StringAttribute{Computed: true, MarkdownDescription: "Sample media, as the URL Meta returns; the same as `media_url`.",
		DeprecationMessage: "Use media_url, which holds the same URL."}
	return h
}

func (d *messageTemplateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_template"
}

// templateReadAttributes are the resource's attributes the data source reads as they are.
var templateReadAttributes = []string{
	"parameter_format", "message_send_ttl_seconds", "header", "body", "footer", "buttons",
	"limited_time_offer", "carousel", "call_permission_request", "cta_url_link_tracking_opted_out",
	"library_template_name", "library_content", "sub_category", "unmodelled_components",
	"status", "rejected_reason", "quality_score", "previous_category",
}

// templateReadDescriptions word templateReadAttributes for a template read from Meta, where the
// resource's descriptions speak of what to submit. Attributes not named keep the resource's.
var templateReadDescriptions = map[string]string{
	"parameter_format":                      "`POSITIONAL` or `NAMED`.",
	"message_send_ttl_seconds":              "Delivery time-to-live of messages sent with the template, when set.",
	"header":                                "Header, if any.",
	"header.format":                         orList(headerFormats) + ".",
	"header.text":                           "Header text.",
	"header.example":                        "Sample value of the header variable.",
	"library_template_name":                 "Template Library template the template was created from, if any.",
	"call_permission_request":               "Whether the template asks the recipient for permission to call them.",
	"body":                                  "Body.",
	"body.text":                             "Body text with its variables.",
	"body.examples":                         "Sample values of positional variables.",
	"body.named_examples":                   "Sample values of named variables.",
	"body.add_security_recommendation":      "Authentication templates: whether Meta's security line is added.",
	"footer":                                "Footer, if any.",
	"footer.text":                           "Footer text.",
	"footer.code_expiration_minutes":        "Authentication templates: code validity in minutes.",
	"buttons":                               "Buttons, in order.",
	"buttons.type":                          "Button type.",
	"buttons.text":                          "Label.",
	"buttons.url":                           "URL of `URL` buttons.",
	"buttons.phone_number":                  "Number of `PHONE_NUMBER` buttons.",
	"buttons.example":                       "Sample value.",
	"buttons.otp_type":                      "`OTP` buttons: " + orList(otpTypes) + ".",
	"buttons.autofill_text":                 "`OTP` buttons: autofill label.",
	"buttons.zero_tap_terms_accepted":       "`OTP` zero-tap buttons: terms accepted.",
	"buttons.supported_apps":                "`OTP` buttons: apps allowed to receive the code.",
	"buttons.supported_apps.package_name":   "Android package name.",
	"buttons.supported_apps.signature_hash": "App signing key hash.",
	"buttons.flow_id":                       "`FLOW` buttons: Flow id.",
	"buttons.flow_name":                     "`FLOW` buttons: Flow name.",
	"buttons.flow_action":                   "`FLOW` buttons: action.",
	"buttons.navigate_screen":               "`FLOW` buttons: first screen.",
	"status":                                "Review status, such as `APPROVED`.",
	"rejected_reason":                       "Rejection reason, or `NONE`.",
	"quality_score":                         "Quality rating: `GREEN`, `YELLOW`, `RED` or `UNKNOWN`.",
}

// templateResourceAttributes are the attributes of the whatsapp_message_template resource.
func templateResourceAttributes(ctx context.Context) map[string]rschema.Attribute {
	var res resource.SchemaResponse
	(&messageTemplateResource{}).Schema(ctx, resource.SchemaRequest{}, &res)
	return res.Schema.Attributes
}

func (d *messageTemplateDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resAttrs := templateResourceAttributes(ctx)
	read := make(map[string]rschema.Attribute, len(templateReadAttributes))
	for _, name := range templateReadAttributes {
		read[name] = resAttrs[name]
	}
	attrs := computedAttributes(read, templateReadDescriptions)
	attrs["header"] = withReadMedia(attrs["header"])
	carousel := attrs["carousel"].(schema.SingleNestedAttribute)
	cards := carousel.Attributes["cards"].(schema.ListNestedAttribute)
	cards.NestedObject.Attributes["header"] = withReadMedia(cards.NestedObject.Attributes["header"])
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "Template id. Set this, or `name` and `language`.",
		Optional:            true, Computed: true,
		Validators: []validator.String{numericID},
	}
	attrs["business_account_id"] = schema.StringAttribute{
		MarkdownDescription: "WhatsApp Business Account to look in. Defaults to the provider's `business_account_id`.",
		Optional:            true, Computed: true,
		Validators: []validator.String{numericID},
	}
	attrs["name"] = schema.StringAttribute{MarkdownDescription: "Template name (exact match).", Optional: true, Computed: true}
	attrs["language"] = schema.StringAttribute{MarkdownDescription: "Template language, such as `en_US`.", Optional: true, Computed: true}
	attrs["category"] = schema.StringAttribute{MarkdownDescription: "Category Meta holds: " + orList(categories) + ".", Computed: true}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one message template, by `id` or by `name` and `language`, with its content and Meta's review status.",
		Attributes:          attrs,
	}
}

func (d *messageTemplateDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("name"), path.MatchRoot("language")),
	}
}

func (d *messageTemplateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *messageTemplateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg messageTemplateDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba := d.businessAccountID(cfg.BusinessAccountID.ValueString())
	var t *graph.MessageTemplate
	var err error
	if id := cfg.ID.ValueString(); id != "" {
		t, err = d.data.client.GetMessageTemplate(ctx, id)
	} else {
		if waba == "" {
			resp.Diagnostics.AddAttributeError(path.Root("business_account_id"), "Missing WhatsApp Business Account id", "Set business_account_id here or on the provider to look a template up by name.")
			return
		}
		t, err = templatesOf(d.data).find(ctx, waba, cfg.Name.ValueString(), cfg.Language.ValueString())
		if err == nil && t == nil {
			// Not in this process's listing: ask Graph before reporting it missing.
			t, err = d.data.client.FindMessageTemplate(ctx, waba, cfg.Name.ValueString(), cfg.Language.ValueString())
		}
		if err == nil && t == nil {
			resp.Diagnostics.AddError("Message template not found", fmt.Sprintf("No template named %q in language %s exists in WhatsApp Business Account %s.", cfg.Name.ValueString(), cfg.Language.ValueString(), waba))
			return
		}
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read message template", err, templateAdvice)
		return
	}
	var m messageTemplateModel
	m.applyRemote(t, nil)
	out := messageTemplateDataModel{
		ID: m.ID, BusinessAccountID: types.StringValue(waba), Name: m.Name, Language: m.Language,
		Category: m.MetaCategory, ParameterFormat: m.ParameterFormat, MessageSendTTLSeconds: m.MessageSendTTLSeconds,
		Header: readHeader(m.Header), Body: m.Body, Footer: m.Footer, Buttons: m.Buttons,
		LimitedTimeOffer: m.LimitedTimeOffer, Carousel: readCarousel(m.Carousel), CallPermissionRequest: m.CallPermissionRequest, CTAURLLinkTrackingOptedOut: m.CTAURLLinkTrackingOptedOut,
		LibraryTemplateName: m.LibraryTemplateName, LibraryContent: m.LibraryContent, SubCategory: m.SubCategory, UnmodelledComponents: m.UnmodelledComponents,
		Status: m.Status, RejectedReason: m.RejectedReason, QualityScore: m.QualityScore, PreviousCategory: m.PreviousCategory,
	}
	if waba == "" {
		out.BusinessAccountID = types.StringNull()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}
