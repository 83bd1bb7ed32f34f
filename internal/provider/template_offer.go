package provider

import (
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Limited-time offer templates (Meta: "Limited-time offer templates"): a marketing template
// with an offer headline and, optionally, a running countdown to the offer's expiration. Meta
// allows no footer, only an IMAGE or VIDEO header, a body of at most 600 characters, and a
// COPY_CODE button (the offer code) beside a URL button.

type templateOfferModel struct {
	Text          types.String `tfsdk:"text"`
	HasExpiration types.Bool   `tfsdk:"has_expiration"`
}

const (
	offerTextMaxLength = 16
	offerBodyMaxLength = 600
)

func limitedTimeOfferSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Makes the template a limited-time offer (`MARKETING` only): an offer headline above the body and, with `has_expiration`, a countdown to the expiration time given when the message is sent. " +
			"Meta allows no `footer`, only an `IMAGE` or `VIDEO` header, a body of at most 600 characters, and buttons: a `URL` button, with a `COPY_CODE` button for the offer code before it (required with `has_expiration`). " +
			"WhatsApp Web and desktop show a placeholder instead of the offer.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"text": schema.StringAttribute{
				MarkdownDescription: "Offer headline, at most 16 characters, such as `Expiring offer!`.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, offerTextMaxLength)},
			},
			"has_expiration": schema.BoolAttribute{
				MarkdownDescription: "Show the offer's expiration time and a countdown in the delivered message; each send then gives the expiration time. Requires a `COPY_CODE` button.",
				Optional:            true,
			},
		},
	}
}

func (o *templateOfferModel) graph() graph.TemplateComponent {
	offer := &graph.LimitedTimeOffer{Text: o.Text.ValueString()}
	if valueKnown(o.HasExpiration) {
		v := o.HasExpiration.ValueBool()
		offer.HasExpiration = &v
	}
	return graph.TemplateComponent{Type: "LIMITED_TIME_OFFER", LimitedTimeOffer: offer}
}

func remoteOffer(c graph.TemplateComponent) (*templateOfferModel, bool) {
	o := c.LimitedTimeOffer
	if o == nil || c.Text != "" || c.Format != "" || len(c.Buttons) > 0 {
		return nil, false
	}
	m := &templateOfferModel{Text: types.StringValue(o.Text), HasExpiration: types.BoolNull()}
	if o.HasExpiration != nil {
		m.HasExpiration = types.BoolValue(*o.HasExpiration)
	}
	return m, true
}

// validateOffer checks Meta's restrictions on the rest of a limited-time offer template.
func validateOffer(m *messageTemplateModel, diags *diag.Diagnostics) {
	o, p := m.LimitedTimeOffer, path.Root("limited_time_offer")
	if o == nil {
		return
	}
	requireMarketing(m, p, "Limited-time offer", diags)
	forbidAttributes(diags, path.Empty(), "a limited-time offer template has no footer", map[string]attr.Value{"footer": presence(m.Footer != nil)})
	if h := m.Header; h != nil && valueKnown(h.Format) && h.Format.ValueString() != "IMAGE" && h.Format.ValueString() != "VIDEO" {
		diags.AddAttributeError(path.Root("header").AtName("format"), "Header not allowed in a limited-time offer",
			fmt.Sprintf("header.format is %s; a limited-time offer's header is IMAGE or VIDEO, or absent.", h.Format.ValueString()))
	}
	if b := m.Body; b != nil && valueKnown(b.Text) {
		if n := utf8.RuneCountInString(b.Text.ValueString()); n > offerBodyMaxLength {
			diags.AddAttributeError(path.Root("body").AtName("text"), "Body too long for a limited-time offer",
				fmt.Sprintf("body.text has %d characters; a limited-time offer's body may have at most %d.", n, offerBodyMaxLength))
		}
	}
	counts, allKnown := map[string]int{}, true
	for i, b := range m.Buttons {
		if !valueKnown(b.Type) {
			allKnown = false
			continue
		}
		t := b.Type.ValueString()
		counts[t]++
		if t != "URL" && t != "COPY_CODE" {
			bp := path.Root("buttons").AtListIndex(i)
			diags.AddAttributeError(bp.AtName("type"), "Button not allowed in a limited-time offer", fmt.Sprintf("%s is %s; a limited-time offer takes a URL button and an optional COPY_CODE button.", bp, t))
		}
	}
	if !allKnown {
		return
	}
	if counts["URL"] == 0 {
		diags.AddAttributeError(path.Root("buttons"), "Missing URL button", "A limited-time offer requires a URL button.")
	}
	// The offer code is required with an expiration and comes first (Meta's page, in the wording
	// partners reproduce; its current table marks it required without the condition).
	if o.HasExpiration.ValueBool() && counts["COPY_CODE"] == 0 {
		diags.AddAttributeError(path.Root("buttons"), "Missing COPY_CODE button", "limited_time_offer.has_expiration is true: add a COPY_CODE button with the sample offer code, before the URL button.")
	}
	if counts["COPY_CODE"] > 0 && m.Buttons[0].Type.ValueString() != "COPY_CODE" {
		diags.AddAttributeError(path.Root("buttons").AtListIndex(0).AtName("type"), "COPY_CODE button must come first", "In a limited-time offer the COPY_CODE button comes before the URL button: make it buttons[0].")
	}
}
