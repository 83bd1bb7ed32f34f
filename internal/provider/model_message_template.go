package provider

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// messageTemplateModel is the resource's state. The same content types back the data source.
type messageTemplateModel struct {
	ID                         types.String              `tfsdk:"id"`
	BusinessAccountID          types.String              `tfsdk:"business_account_id"`
	Name                       types.String              `tfsdk:"name"`
	Language                   types.String              `tfsdk:"language"`
	Category                   types.String              `tfsdk:"category"`
	AllowCategoryChange        types.Bool                `tfsdk:"allow_category_change"`
	ParameterFormat            types.String              `tfsdk:"parameter_format"`
	MessageSendTTLSeconds      types.Int64               `tfsdk:"message_send_ttl_seconds"`
	Header                     *templateHeaderModel      `tfsdk:"header"`
	Body                       *templateBodyModel        `tfsdk:"body"`
	Footer                     *templateFooterModel      `tfsdk:"footer"`
	Buttons                    []templateButtonModel     `tfsdk:"buttons"`
	LimitedTimeOffer           *templateOfferModel       `tfsdk:"limited_time_offer"`
	Carousel                   *templateCarouselModel    `tfsdk:"carousel"`
	CallPermissionRequest      types.Bool                `tfsdk:"call_permission_request"`
	CTAURLLinkTrackingOptedOut types.Bool                `tfsdk:"cta_url_link_tracking_opted_out"`
	LibraryTemplateName        types.String              `tfsdk:"library_template_name"`
	LibraryButtonInputs        []libraryButtonInputModel `tfsdk:"library_template_button_inputs"`
	LibraryBodyInputs          *libraryBodyInputsModel   `tfsdk:"library_template_body_inputs"`
	LibraryContent             types.String              `tfsdk:"library_content"`
	WaitForReview              types.Bool                `tfsdk:"wait_for_review"`
	Timeouts                   timeouts.Value            `tfsdk:"timeouts"`
	Status                     types.String              `tfsdk:"status"`
	RejectedReason             types.String              `tfsdk:"rejected_reason"`
	QualityScore               types.String              `tfsdk:"quality_score"`
	MetaCategory               types.String              `tfsdk:"meta_category"`
	PreviousCategory           types.String              `tfsdk:"previous_category"`
	SubCategory                types.String              `tfsdk:"sub_category"`
	UnmodelledComponents       types.String              `tfsdk:"unmodelled_components"`
}

type templateHeaderModel struct {
	Format  types.String `tfsdk:"format"`
	Text    types.String `tfsdk:"text"`
	Example types.String `tfsdk:"example"`
	MediaSample
}

type templateBodyModel struct {
	Text                      types.String            `tfsdk:"text"`
	Examples                  []types.String          `tfsdk:"examples"`
	NamedExamples             map[string]types.String `tfsdk:"named_examples"`
	AddSecurityRecommendation types.Bool              `tfsdk:"add_security_recommendation"`
}

type templateFooterModel struct {
	Text                  types.String `tfsdk:"text"`
	CodeExpirationMinutes types.Int64  `tfsdk:"code_expiration_minutes"`
}

type templateButtonModel struct {
	Type                 types.String        `tfsdk:"type"`
	Text                 types.String        `tfsdk:"text"`
	URL                  types.String        `tfsdk:"url"`
	PhoneNumber          types.String        `tfsdk:"phone_number"`
	Example              types.String        `tfsdk:"example"`
	OTPType              types.String        `tfsdk:"otp_type"`
	AutofillText         types.String        `tfsdk:"autofill_text"`
	ZeroTapTermsAccepted types.Bool          `tfsdk:"zero_tap_terms_accepted"`
	SupportedApps        []supportedAppModel `tfsdk:"supported_apps"`
	FlowID               types.String        `tfsdk:"flow_id"`
	FlowName             types.String        `tfsdk:"flow_name"`
	FlowAction           types.String        `tfsdk:"flow_action"`
	NavigateScreen       types.String        `tfsdk:"navigate_screen"`
}

type supportedAppModel struct {
	PackageName   types.String `tfsdk:"package_name"`
	SignatureHash types.String `tfsdk:"signature_hash"`
}

const (
	categoryAuthentication = "AUTHENTICATION"
	formatNamed            = "NAMED"
	formatPositional       = "POSITIONAL"
	otpURLPrefix           = "https://www.whatsapp.com/otp/code/"
)

var variablePattern = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// templateVariables lists the variable names in text, in order of appearance.
func templateVariables(text string) []string {
	var names []string
	for _, m := range variablePattern.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	return names
}

// content converts the configured template into what Graph's create and edit take.
func (m *messageTemplateModel) content() graph.MessageTemplateContent {
	c := graph.MessageTemplateContent{
		Category:        m.Category.ValueString(),
		ParameterFormat: m.ParameterFormat.ValueString(),
		Components:      m.components(),
	}
	c.MessageSendTTLSeconds = int64Pointer(m.MessageSendTTLSeconds)
	c.CTAURLLinkTrackingOptedOut = boolPointer(m.CTAURLLinkTrackingOptedOut)
	return c
}

func (m *messageTemplateModel) named() bool { return m.ParameterFormat.ValueString() == formatNamed }

// components are the configured components in Meta's order. A Template Library template has
// none: Meta writes them.
func (m *messageTemplateModel) components() []graph.TemplateComponent {
	var out []graph.TemplateComponent
	if h := m.Header; h != nil {
		c := graph.TemplateComponent{Type: "HEADER", Format: h.Format.ValueString(), Text: h.Text.ValueString()}
		switch {
		case h.MediaHandle.ValueString() != "":
			c.Example = &graph.ComponentExample{HeaderHandle: []string{h.MediaHandle.ValueString()}}
		case h.Example.ValueString() != "" && m.named():
			vars := templateVariables(h.Text.ValueString())
			if len(vars) > 0 {
				c.Example = &graph.ComponentExample{HeaderTextNamedParams: []graph.NamedParam{{ParamName: vars[0], Example: h.Example.ValueString()}}}
			}
		case h.Example.ValueString() != "":
			c.Example = &graph.ComponentExample{HeaderText: []string{h.Example.ValueString()}}
		}
		out = append(out, c)
	}
	if o := m.LimitedTimeOffer; o != nil {
		out = append(out, o.graph())
	}
	if b := m.Body; b != nil {
		c := bodyComponent(b.Text.ValueString(), b.Examples, b.NamedExamples)
		c.AddSecurityRecommendation = boolPointer(b.AddSecurityRecommendation)
		out = append(out, c)
	}
	if f := m.Footer; f != nil {
		out = append(out, graph.TemplateComponent{Type: "FOOTER", Text: f.Text.ValueString(), CodeExpirationMinutes: int64Pointer(f.CodeExpirationMinutes)})
	}
	if len(m.Buttons) > 0 {
		c := graph.TemplateComponent{Type: "BUTTONS"}
		for _, b := range m.Buttons {
			c.Buttons = append(c.Buttons, b.graph())
		}
		out = append(out, c)
	}
	if c := m.Carousel; c != nil {
		out = append(out, c.graph())
	}
	if m.CallPermissionRequest.ValueBool() {
		out = append(out, graph.TemplateComponent{Type: "CALL_PERMISSION_REQUEST"})
	}
	return out
}

// bodyComponent is a BODY (of the template or of a carousel card) with its examples.
func bodyComponent(text string, examples []types.String, namedExamples map[string]types.String) graph.TemplateComponent {
	c := graph.TemplateComponent{Type: "BODY", Text: text}
	if len(examples) > 0 {
		c.Example = &graph.ComponentExample{BodyText: [][]string{stringValues(examples)}}
	}
	if len(namedExamples) > 0 {
		var params []graph.NamedParam
		for _, name := range orderedNames(text, namedExamples) {
			params = append(params, graph.NamedParam{ParamName: name, Example: namedExamples[name].ValueString()})
		}
		c.Example = &graph.ComponentExample{BodyTextNamedParams: params}
	}
	return c
}

func (b templateButtonModel) graph() graph.TemplateButton {
	g := graph.TemplateButton{
		Type:           b.Type.ValueString(),
		Text:           b.Text.ValueString(),
		URL:            b.URL.ValueString(),
		PhoneNumber:    b.PhoneNumber.ValueString(),
		OTPType:        b.OTPType.ValueString(),
		AutofillText:   b.AutofillText.ValueString(),
		FlowID:         b.FlowID.ValueString(),
		FlowName:       b.FlowName.ValueString(),
		FlowAction:     b.FlowAction.ValueString(),
		NavigateScreen: b.NavigateScreen.ValueString(),
	}
	if b.Example.ValueString() != "" {
		g.Example = []string{b.Example.ValueString()}
	}
	if !b.ZeroTapTermsAccepted.IsNull() && !b.ZeroTapTermsAccepted.IsUnknown() {
		v := b.ZeroTapTermsAccepted.ValueBool()
		g.ZeroTapTermsAccepted = &v
	}
	for _, a := range b.SupportedApps {
		g.SupportedApps = append(g.SupportedApps, graph.SupportedApp{PackageName: a.PackageName.ValueString(), SignatureHash: a.SignatureHash.ValueString()})
	}
	return g
}

// orderedNames returns the example names in the order the variables appear in text, then any
// others alphabetically, so the request is stable.
func orderedNames(text string, examples map[string]types.String) []string {
	seen := map[string]bool{}
	var names []string
	for _, v := range templateVariables(text) {
		if _, ok := examples[v]; ok && !seen[v] {
			seen[v] = true
			names = append(names, v)
		}
	}
	var rest []string
	for k := range examples {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(names, rest...)
}

// applyRemote sets the model from what Graph reports. Values Meta transforms on read, which can
// never match what was sent, keep their prior value: media digests (media reads back as URLs),
// the generated text of authentication templates, and OTP buttons (read back as URL buttons).
func (m *messageTemplateModel) applyRemote(t *graph.MessageTemplate, prior *messageTemplateModel) {
	if prior != nil {
		copied := *prior // prior may be m itself
		prior = &copied
	}
	m.ID = types.StringValue(t.ID)
	m.Name = types.StringValue(t.Name)
	m.Language = types.StringValue(t.Language)
	m.Status, m.RejectedReason, m.QualityScore = reviewOutcome(t)
	m.MetaCategory = types.StringValue(t.Category)
	m.PreviousCategory = stringOrNull(t.PreviousCategory)
	// The configured category is the user's intent; Meta's may differ after recategorisation and
	// is reported in meta_category. Only an import, with no intent yet, takes Meta's.
	if prior == nil || prior.Category.IsNull() || prior.Category.IsUnknown() {
		m.Category = types.StringValue(t.Category)
	} else {
		m.Category = prior.Category
	}
	m.ParameterFormat = types.StringValue(formatPositional)
	if t.ParameterFormat != "" {
		m.ParameterFormat = types.StringValue(t.ParameterFormat)
	}
	m.MessageSendTTLSeconds = types.Int64Null()
	if t.MessageSendTTLSeconds != nil {
		m.MessageSendTTLSeconds = types.Int64Value(*t.MessageSendTTLSeconds)
	}
	m.CTAURLLinkTrackingOptedOut = types.BoolValue(t.CTAURLLinkTrackingOptedOut != nil && *t.CTAURLLinkTrackingOptedOut)
	m.SubCategory = stringOrNull(t.SubCategory)
	m.applyComponents(t, prior)
}

// applyComponents sets the content from Meta's components. A component the model cannot
// represent, or holding fields it does not know, is kept as Meta returned it in
// unmodelled_components.
func (m *messageTemplateModel) applyComponents(t *graph.MessageTemplate, prior *messageTemplateModel) {
	auth := t.Category == categoryAuthentication || m.Category.ValueString() == categoryAuthentication
	m.Header, m.Body, m.Footer, m.Buttons, m.LimitedTimeOffer, m.Carousel = nil, nil, nil, nil, nil, nil
	m.CallPermissionRequest = types.BoolNull()
	if prior != nil && valueKnown(prior.CallPermissionRequest) && !prior.CallPermissionRequest.ValueBool() {
		m.CallPermissionRequest = prior.CallPermissionRequest // false and absent are the same
	}
	m.LibraryTemplateName, m.LibraryContent = stringOrNull(t.LibraryTemplateName), types.StringNull()
	if prior != nil {
		m.LibraryButtonInputs, m.LibraryBodyInputs = prior.LibraryButtonInputs, prior.LibraryBodyInputs // Meta does not return them
	}
	var unmodelled unmodelledList
	if t.LibraryTemplateName != "" {
		// Meta writes a library template's content: it is reported, not configured.
		m.LibraryContent = libraryContent(t)
		for _, c := range t.Components {
			if !c.Modelled() {
				unmodelled = append(unmodelled, c)
			}
		}
		m.UnmodelledComponents = unmodelled.value()
		return
	}
	for _, c := range t.Components {
		// A component with fields the model does not know is still modelled as far as it can be
		// (Meta may echo such fields on a template this provider created); it is kept whole.
		if represented := m.applyComponent(c, auth, prior); !represented || !c.Modelled() {
			unmodelled = append(unmodelled, c)
		}
	}
	m.UnmodelledComponents = unmodelled.value()
}

// applyComponent sets the part of the model c stands for, and reports false when the model
// cannot represent c (an unknown type, a button type or format it does not know, or a second
// component of a kind a template holds one of).
func (m *messageTemplateModel) applyComponent(c graph.TemplateComponent, auth bool, prior *messageTemplateModel) bool {
	switch strings.ToUpper(c.Type) {
	case "HEADER":
		if _, known := headerFormatByName[strings.ToUpper(c.Format)]; m.Header != nil || !known {
			return false
		}
		m.Header = remoteHeader(c, prior)
	case "BODY":
		if m.Body != nil {
			return false
		}
		m.Body = remoteBody(c, auth, prior)
	case "FOOTER":
		if m.Footer != nil {
			return false
		}
		m.Footer = remoteFooter(c, auth, prior)
	case "BUTTONS":
		if m.Buttons != nil {
			return false
		}
		for _, b := range c.Buttons {
			if _, known := buttonTypeByName[strings.ToUpper(b.Type)]; !known {
				return false
			}
		}
		for i, b := range c.Buttons {
			var before *templateButtonModel
			if prior != nil && i < len(prior.Buttons) {
				before = &prior.Buttons[i]
			}
			m.Buttons = append(m.Buttons, remoteButton(b, before))
		}
	case "LIMITED_TIME_OFFER":
		o, ok := remoteOffer(c)
		if m.LimitedTimeOffer != nil || !ok {
			return false
		}
		m.LimitedTimeOffer = o
	case "CAROUSEL":
		var before *templateCarouselModel
		if prior != nil {
			before = prior.Carousel
		}
		carousel, ok := remoteCarousel(c, before)
		if m.Carousel != nil || !ok {
			return false
		}
		m.Carousel = carousel
	case "CALL_PERMISSION_REQUEST":
		if m.CallPermissionRequest.ValueBool() || c.Text != "" || c.Format != "" || len(c.Buttons) > 0 {
			return false
		}
		m.CallPermissionRequest = types.BoolValue(true)
	default:
		return false
	}
	return true
}

func remoteHeader(c graph.TemplateComponent, prior *messageTemplateModel) *templateHeaderModel {
	h := &templateHeaderModel{
		Format:      types.StringValue(strings.ToUpper(c.Format)),
		Text:        stringOrNull(c.Text),
		Example:     types.StringNull(),
		MediaSample: nullMediaSample(),
	}
	var before *MediaSample
	if prior != nil && prior.Header != nil && prior.Header.Format.ValueString() == h.Format.ValueString() {
		before = &prior.Header.MediaSample
	}
	if e := c.Example; e != nil {
		switch {
		case len(e.HeaderText) > 0:
			h.Example = types.StringValue(e.HeaderText[0])
		case len(e.HeaderTextNamedParams) > 0:
			h.Example = types.StringValue(e.HeaderTextNamedParams[0].Example)
		case len(e.HeaderHandle) > 0:
			h.MediaSample = remoteMediaSample(e.HeaderHandle[0], before)
		}
	}
	return h
}

// remoteMediaSample is a media header's sample as Meta reads it back: its URL. The digest of
// what was configured stays as it was while the header keeps its format (prior, nil otherwise).
func remoteMediaSample(url string, prior *MediaSample) MediaSample {
	s := nullMediaSample()
	s.MediaURL = types.StringValue(url)
	if prior != nil {
		s.MediaDigest = prior.MediaDigest
	}
	return s
}

func remoteBody(c graph.TemplateComponent, auth bool, prior *messageTemplateModel) *templateBodyModel {
	b := &templateBodyModel{AddSecurityRecommendation: types.BoolNull()}
	b.Text, b.Examples, b.NamedExamples = remoteBodyValues(c)
	if c.AddSecurityRecommendation != nil {
		b.AddSecurityRecommendation = types.BoolValue(*c.AddSecurityRecommendation)
	}
	if auth {
		// Meta writes the body of an authentication template itself.
		b.Text, b.Examples, b.NamedExamples = types.StringNull(), nil, nil
		if prior != nil && prior.Body != nil {
			b.Text, b.Examples, b.NamedExamples = prior.Body.Text, prior.Body.Examples, prior.Body.NamedExamples
		}
	}
	return b
}

// remoteBodyValues reads the text and examples of a BODY (of the template or of a card).
func remoteBodyValues(c graph.TemplateComponent) (text types.String, examples []types.String, named map[string]types.String) {
	text = stringOrNull(c.Text)
	if e := c.Example; e != nil {
		if len(e.BodyText) > 0 {
			for _, v := range e.BodyText[0] {
				examples = append(examples, types.StringValue(v))
			}
		}
		if len(e.BodyTextNamedParams) > 0 {
			named = map[string]types.String{}
			for _, p := range e.BodyTextNamedParams {
				named[p.ParamName] = types.StringValue(p.Example)
			}
		}
	}
	return text, examples, named
}

func remoteFooter(c graph.TemplateComponent, auth bool, prior *messageTemplateModel) *templateFooterModel {
	f := &templateFooterModel{Text: stringOrNull(c.Text), CodeExpirationMinutes: types.Int64Null()}
	if c.CodeExpirationMinutes != nil {
		f.CodeExpirationMinutes = types.Int64Value(*c.CodeExpirationMinutes)
	}
	if auth {
		f.Text = types.StringNull()
		if prior != nil && prior.Footer != nil {
			f.Text = prior.Footer.Text
		}
	}
	return f
}

func remoteButton(b graph.TemplateButton, prior *templateButtonModel) templateButtonModel {
	m := templateButtonModel{
		Type:                 types.StringValue(strings.ToUpper(b.Type)),
		Text:                 stringOrNull(b.Text),
		URL:                  stringOrNull(b.URL),
		PhoneNumber:          stringOrNull(b.PhoneNumber),
		Example:              types.StringNull(),
		OTPType:              stringOrNull(b.OTPType),
		AutofillText:         stringOrNull(b.AutofillText),
		ZeroTapTermsAccepted: types.BoolNull(),
		FlowID:               stringOrNull(b.FlowID),
		FlowName:             stringOrNull(b.FlowName),
		FlowAction:           stringOrNull(b.FlowAction),
		NavigateScreen:       stringOrNull(b.NavigateScreen),
	}
	if len(b.Example) > 0 {
		m.Example = types.StringValue(b.Example[0])
	}
	if b.ZeroTapTermsAccepted != nil {
		m.ZeroTapTermsAccepted = types.BoolValue(*b.ZeroTapTermsAccepted)
	}
	for _, a := range b.SupportedApps {
		m.SupportedApps = append(m.SupportedApps, supportedAppModel{PackageName: types.StringValue(a.PackageName), SignatureHash: types.StringValue(a.SignatureHash)})
	}
	if m.Type.ValueString() == "URL" && strings.HasPrefix(b.URL, otpURLPrefix) {
		m = remoteOTPButton(b, prior)
	}
	if prior != nil && prior.Text.IsNull() && m.Type.Equal(prior.Type) && m.Type.ValueString() == "OTP" {
		m.Text = types.StringNull() // Meta fills in a default label
	}
	return m
}

// remoteOTPButton maps Meta's read-back of an OTP button (a URL button pointing at
// whatsapp.com/otp/code) to the OTP button that was configured.
func remoteOTPButton(b graph.TemplateButton, prior *templateButtonModel) templateButtonModel {
	q := url.Values{}
	if u, err := url.Parse(b.URL); err == nil {
		q = u.Query()
	}
	m := templateButtonModel{
		Type: types.StringValue("OTP"), Text: stringOrNull(b.Text), URL: types.StringNull(),
		PhoneNumber: types.StringNull(), Example: types.StringNull(), OTPType: stringOrNull(q.Get("otp_type")),
		AutofillText: stringOrNull(q.Get("cta_display_name")), ZeroTapTermsAccepted: types.BoolNull(),
		FlowID: types.StringNull(), FlowName: types.StringNull(), FlowAction: types.StringNull(), NavigateScreen: types.StringNull(),
	}
	if p, h := q.Get("package_name"), q.Get("signature_hash"); p != "" {
		m.SupportedApps = []supportedAppModel{{PackageName: types.StringValue(p), SignatureHash: types.StringValue(h)}}
	}
	if prior != nil && prior.Type.ValueString() == "OTP" && prior.OTPType.Equal(m.OTPType) {
		m.Text, m.AutofillText, m.ZeroTapTermsAccepted, m.SupportedApps = prior.Text, prior.AutofillText, prior.ZeroTapTermsAccepted, prior.SupportedApps
	}
	return m
}

func stringValues(in []types.String) []string {
	out := make([]string, 0, len(in))
	for _, v := range in {
		out = append(out, v.ValueString())
	}
	return out
}

// templateErrorSummary is the summary of a failed Graph call on the template m.
func templateErrorSummary(action string, m *messageTemplateModel) string {
	return fmt.Sprintf("Cannot %s message template %q (%s)", action, m.Name.ValueString(), m.Language.ValueString())
}

// templateAdvice is what the user can do about the errors of the message template endpoints.
func templateAdvice(err error) string {
	if graph.IsTemplateNameLocked(err) {
		return "Meta locks a deleted template's name and language for about four weeks. Use another name, or wait."
	}
	return ""
}
