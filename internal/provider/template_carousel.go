package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Carousel templates (Meta: "Media card carousel templates" and "Product card carousel
// templates"): a marketing body above 2 to 10 horizontally scrolling cards. A media card has an
// IMAGE or VIDEO header, a product card a PRODUCT header showing a catalog item; each card may
// have a body and takes buttons. Every card must have the same components.

type templateCarouselModel struct {
	Cards []templateCardModel `tfsdk:"cards"`
}

type templateCardModel struct {
	Header  *templateCardHeaderModel  `tfsdk:"header"`
	Body    *templateCardBodyModel    `tfsdk:"body"`
	Buttons []templateCardButtonModel `tfsdk:"buttons"`
}

type templateCardHeaderModel struct {
	Format types.String `tfsdk:"format"`
	MediaSample
}

type templateCardBodyModel struct {
	Text          types.String            `tfsdk:"text"`
	Examples      []types.String          `tfsdk:"examples"`
	NamedExamples map[string]types.String `tfsdk:"named_examples"`
}

type templateCardButtonModel struct {
	Type        types.String `tfsdk:"type"`
	Text        types.String `tfsdk:"text"`
	URL         types.String `tfsdk:"url"`
	PhoneNumber types.String `tfsdk:"phone_number"`
	Example     types.String `tfsdk:"example"`
}

const (
	minCards, maxCards = 2, 10
	cardBodyMaxLength  = 160
	formatProduct      = "PRODUCT"
)

// cardHeaderFormats are the header formats of a card: media cards and product cards.
var cardHeaderFormats = []string{"IMAGE", "VIDEO", formatProduct}

// cardButtonTypes are the button types cards take; which ones depends on the card's header.
var (
	mediaCardButtonTypes   = []string{"QUICK_REPLY", "URL", "PHONE_NUMBER"}
	productCardButtonTypes = []string{"SPM", "URL"}
	cardButtonTypes        = []string{"QUICK_REPLY", "URL", "PHONE_NUMBER", "SPM"}
)

func carouselSchema() schema.SingleNestedAttribute {
	str := func(desc string, v ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: v}
	}
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Carousel of 2–10 cards shown below `body` (`MARKETING` templates only; no `header`, `footer` or `buttons` beside it). " +
			"Media cards have an `IMAGE` or `VIDEO` header, product cards a `PRODUCT` header showing a catalog item. " +
			"Every card must have the same components: the same header format, a body on all or none, and the same button types in the same order. " +
			"A template is sent with exactly as many cards as it defines.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"cards": schema.ListNestedAttribute{
				MarkdownDescription: "The cards, in order (2–10).",
				Required:            true,
				Validators:          []validator.List{listvalidator.SizeBetween(minCards, maxCards)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"header": schema.SingleNestedAttribute{
						MarkdownDescription: "The card's header.",
						Required:            true,
						Attributes: withAttributes(map[string]schema.Attribute{
							"format": schema.StringAttribute{
								MarkdownDescription: orList(cardHeaderFormats) + ", the same on every card.",
								Required:            true,
								Validators:          []validator.String{stringvalidator.OneOf(cardHeaderFormats...)},
							},
						}, mediaSampleAttributes("the sample image or video of an `IMAGE` or `VIDEO` card")),
					},
					"body": schema.SingleNestedAttribute{
						MarkdownDescription: "Optional card text (at most 160 characters), on every card or on none; media cards only.",
						Optional:            true,
						Attributes: map[string]schema.Attribute{
							"text":           str("Card text with its variables.", stringvalidator.LengthBetween(1, cardBodyMaxLength)),
							"examples":       schema.ListAttribute{MarkdownDescription: "Sample values of positional variables, in order.", Optional: true, ElementType: types.StringType},
							"named_examples": schema.MapAttribute{MarkdownDescription: "Sample values of named variables, keyed by name.", Optional: true, ElementType: types.StringType},
						},
					},
					"buttons": schema.ListNestedAttribute{
						MarkdownDescription: "Media cards: 1–2 buttons of types `QUICK_REPLY`, `URL` and `PHONE_NUMBER`. Product cards: one `SPM` (opens the product) or `URL` button.",
						Required:            true,
						Validators:          []validator.List{listvalidator.SizeBetween(1, 2)},
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"type":         str(orList(cardButtonTypes)+".", stringvalidator.OneOf(cardButtonTypes...)),
							"text":         str("Button label, at most 25 characters.", stringvalidator.LengthBetween(1, 25)),
							"url":          str("`URL` buttons: http(s) address, optionally ending in one variable `{{1}}`.", stringvalidator.LengthBetween(1, 2000)),
							"phone_number": str("`PHONE_NUMBER` buttons: number to call, with country code.", buttonPhoneNumber),
							"example":      str("`URL` buttons with a variable: a sample URL, or the sample value of the variable alone."),
						}},
					},
				}},
			},
		},
	}
}

// graph is the CAROUSEL component of the cards.
func (c *templateCarouselModel) graph() graph.TemplateComponent {
	out := graph.TemplateComponent{Type: "CAROUSEL"}
	for _, card := range c.Cards {
		var comps []graph.TemplateComponent
		if h := card.Header; h != nil {
			hc := graph.TemplateComponent{Type: "HEADER", Format: h.Format.ValueString()}
			if v := h.MediaHandle.ValueString(); v != "" {
				hc.Example = &graph.ComponentExample{HeaderHandle: []string{v}}
			}
			comps = append(comps, hc)
		}
		if b := card.Body; b != nil {
			comps = append(comps, bodyComponent(b.Text.ValueString(), b.Examples, b.NamedExamples))
		}
		if len(card.Buttons) > 0 {
			bc := graph.TemplateComponent{Type: "BUTTONS"}
			for _, b := range card.Buttons {
				gb := graph.TemplateButton{Type: b.Type.ValueString(), Text: b.Text.ValueString(), URL: b.URL.ValueString(), PhoneNumber: b.PhoneNumber.ValueString()}
				if v := b.Example.ValueString(); v != "" {
					gb.Example = []string{v}
				}
				bc.Buttons = append(bc.Buttons, gb)
			}
			comps = append(comps, bc)
		}
		out.Cards = append(out.Cards, graph.CarouselCard{Components: comps})
	}
	return out
}

// remoteCarousel reads a CAROUSEL component; ok is false when a card holds something the model
// cannot represent. Media samples read back as URLs; their digests keep the prior value.
func remoteCarousel(c graph.TemplateComponent, prior *templateCarouselModel) (*templateCarouselModel, bool) {
	out := &templateCarouselModel{}
	for i, card := range c.Cards {
		var before *templateCardModel
		if prior != nil && i < len(prior.Cards) {
			before = &prior.Cards[i]
		}
		m, ok := remoteCard(card, before)
		if !ok {
			return nil, false
		}
		out.Cards = append(out.Cards, m)
	}
	return out, true
}

func remoteCard(card graph.CarouselCard, prior *templateCardModel) (templateCardModel, bool) {
	var m templateCardModel
	for _, c := range card.Components {
		switch strings.ToUpper(c.Type) {
		case "HEADER":
			if m.Header != nil || len(c.Buttons) > 0 || c.Text != "" {
				return m, false
			}
			m.Header = &templateCardHeaderModel{Format: types.StringValue(strings.ToUpper(c.Format)), MediaSample: nullMediaSample()}
			if e := c.Example; e != nil && len(e.HeaderHandle) > 0 {
				var before *MediaSample
				if prior != nil && prior.Header != nil && prior.Header.Format.Equal(m.Header.Format) {
					before = &prior.Header.MediaSample
				}
				m.Header.MediaSample = remoteMediaSample(e.HeaderHandle[0], before)
			}
		case "BODY":
			if m.Body != nil {
				return m, false
			}
			text, examples, named := remoteBodyValues(c)
			m.Body = &templateCardBodyModel{Text: text, Examples: examples, NamedExamples: named}
		case "BUTTONS":
			if m.Buttons != nil {
				return m, false
			}
			for _, b := range c.Buttons {
				t := strings.ToUpper(b.Type)
				if !slices.Contains(cardButtonTypes, t) || b.OTPType != "" || b.FlowID != "" || b.FlowName != "" || len(b.SupportedApps) > 0 {
					return m, false
				}
				bm := templateCardButtonModel{Type: types.StringValue(t), Text: stringOrNull(b.Text), URL: stringOrNull(b.URL), PhoneNumber: stringOrNull(b.PhoneNumber), Example: types.StringNull()}
				if len(b.Example) > 0 {
					bm.Example = types.StringValue(b.Example[0])
				}
				m.Buttons = append(m.Buttons, bm)
			}
		default:
			return m, false
		}
	}
	return m, true
}

// validateCarousel checks the carousel's own rules and that all cards have the same components.
func validateCarousel(m *messageTemplateModel, diags *diag.Diagnostics) {
	c, p := m.Carousel, path.Root("carousel")
	if c == nil {
		return
	}
	requireMarketing(m, p, "Carousel", diags)
	forbidAttributes(diags, path.Empty(), "a carousel template has only a body and the carousel", map[string]attr.Value{
		"header": presence(m.Header != nil), "footer": presence(m.Footer != nil), "buttons": presence(m.Buttons != nil),
		"limited_time_offer": presence(m.LimitedTimeOffer != nil),
	})
	var first *templateCardModel
	for i := range c.Cards {
		card, cp := &c.Cards[i], p.AtName("cards").AtListIndex(i)
		validateCard(m, card, cp, diags)
		if first == nil {
			first = card
			continue
		}
		sameCardShape(first, card, cp, diags)
	}
}

func validateCard(m *messageTemplateModel, card *templateCardModel, p path.Path, diags *diag.Diagnostics) {
	format := ""
	if h := card.Header; h != nil && valueKnown(h.Format) {
		format = h.Format.ValueString()
		// A media card's missing sample is a plan-time question, as for the template header.
		if format == formatProduct {
			forbidAttributes(diags, p.AtName("header"), "a PRODUCT header shows the catalog item the message names", mediaInputValues(h.MediaSample))
			forbidAttributes(diags, p, "a product card shows the product's own name and price", map[string]attr.Value{"body": presence(card.Body != nil)})
		}
	}
	if b := card.Body; b != nil && valueKnown(b.Text) {
		vars := validateVariables(m, p.AtName("body").AtName("text"), b.Text.ValueString(), diags)
		if f, ok := knownParameterFormat(m); ok {
			validateExamples(p.AtName("body"), b.Examples, b.NamedExamples, f, vars, diags)
		}
	}
	allowed := mediaCardButtonTypes
	if format == formatProduct {
		allowed = productCardButtonTypes
		if len(card.Buttons) > 1 {
			diags.AddAttributeError(p.AtName("buttons"), "Too many product card buttons", fmt.Sprintf("%s is a product card, which takes one button (SPM or URL), not %d.", p, len(card.Buttons)))
		}
	}
	for i, b := range card.Buttons {
		bp := p.AtName("buttons").AtListIndex(i)
		if !valueKnown(b.Type) {
			continue
		}
		t := b.Type.ValueString()
		if format != "" && !slices.Contains(allowed, t) {
			diags.AddAttributeError(bp.AtName("type"), "Button not allowed on this card", fmt.Sprintf("%s is %s; a card with a %s header takes %s buttons.", bp, t, format, orList(allowed)))
			continue
		}
		validateCardButton(b, bp, diags)
	}
}

// validateCardButton checks a card button's fields against its type.
func validateCardButton(b templateCardButtonModel, p path.Path, diags *diag.Diagnostics) {
	t := b.Type.ValueString()
	required := map[string][]string{"QUICK_REPLY": {"text"}, "URL": {"text", "url"}, "PHONE_NUMBER": {"text", "phone_number"}, "SPM": {"text"}}[t]
	fields := map[string]attr.Value{"text": b.Text, "url": b.URL, "phone_number": b.PhoneNumber, "example": b.Example}
	for _, name := range required {
		if fields[name].IsNull() {
			diags.AddAttributeError(p.AtName(name), "Missing "+name, fmt.Sprintf("%s is a %s button, which requires %s.", p, t, name))
		}
		delete(fields, name)
	}
	if t == "URL" {
		delete(fields, "example")
		validateURL(b.URL, b.Example, p, "example", diags)
	}
	forbidAttributes(diags, p, "a "+t+" button does not use it", fields)
}

// sameCardShape reports where card differs from the first card: Meta requires every card to
// have the same components.
func sameCardShape(first, card *templateCardModel, p path.Path, diags *diag.Diagnostics) {
	if first.Header != nil && card.Header != nil && valueKnown(first.Header.Format) && valueKnown(card.Header.Format) && !first.Header.Format.Equal(card.Header.Format) {
		diags.AddAttributeError(p.AtName("header").AtName("format"), "Cards differ",
			fmt.Sprintf("%s.header.format is %s but the first card's is %s: every card must have the same header format.", p, card.Header.Format.ValueString(), first.Header.Format.ValueString()))
	}
	if (first.Body == nil) != (card.Body == nil) {
		diags.AddAttributeError(p.AtName("body"), "Cards differ", fmt.Sprintf("%s has a body where the first card has none, or none where it has one: give every card a body, or none.", p))
	}
	var want, got []string
	for _, b := range first.Buttons {
		want = append(want, b.Type.ValueString())
	}
	for _, b := range card.Buttons {
		got = append(got, b.Type.ValueString())
	}
	if strings.Join(want, ",") != strings.Join(got, ",") {
		diags.AddAttributeError(p.AtName("buttons"), "Cards differ",
			fmt.Sprintf("%s has buttons [%s] but the first card has [%s]: every card must have the same button types in the same order.", p, strings.Join(got, ", "), strings.Join(want, ", ")))
	}
}
