package provider

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The template families beyond header, body, footer and buttons, shaped after the request
// examples of Meta's pages for each.

func mediaCard(format, handle string) templateCardModel {
	return templateCardModel{
		Header: &templateCardHeaderModel{Format: sv(format), MediaSample: handleSample(handle)},
		Body:   &templateCardBodyModel{Text: sv("Use code {{1}} for 15% off."), Examples: svList("15OFF")},
		Buttons: []templateCardButtonModel{
			{Type: sv("QUICK_REPLY"), Text: sv("Send more like this")},
			{Type: sv("URL"), Text: sv("Buy now"), URL: sv("https://www.luckyshrub.com/shop?promo={{1}}"), Example: sv("https://www.luckyshrub.com/shop?promo=summer_lily")},
		},
	}
}

func validMediaCarousel() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("summer_carousel"), Language: sv("en_US"), Category: sv("MARKETING"), ParameterFormat: sv(formatPositional),
		Body:     &templateBodyModel{Text: sv("Rare succulents for sale! {{1}}, add these to your collection today."), Examples: svList("Pablo")},
		Carousel: &templateCarouselModel{Cards: []templateCardModel{mediaCard("IMAGE", "4::aW1hZ2UvcG5n:A1"), mediaCard("IMAGE", "4::aW1hZ2UvcG5n:A2")}},
	}
}

func productCard() templateCardModel {
	return templateCardModel{
		Header:  &templateCardHeaderModel{Format: sv(formatProduct)},
		Buttons: []templateCardButtonModel{{Type: sv("SPM"), Text: sv("View")}},
	}
}

func validProductCarousel() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("product_carousel"), Language: sv("en_US"), Category: sv("MARKETING"),
		Body:     &templateBodyModel{Text: sv("Fresh picks for {{1}} this week."), Examples: svList("Pablo")},
		Carousel: &templateCarouselModel{Cards: []templateCardModel{productCard(), productCard(), productCard()}},
	}
}

func validLimitedTimeOffer() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("limited_offer"), Language: sv("en_US"), Category: sv("MARKETING"),
		Header:           &templateHeaderModel{Format: sv("IMAGE"), MediaSample: handleSample("4::aW1hZ2UvcG5n:B1")},
		LimitedTimeOffer: &templateOfferModel{Text: sv("Expiring offer!"), HasExpiration: types.BoolValue(true)},
		Body:             &templateBodyModel{Text: sv("Good news, {{1}}! Use code {{2}} to get 25% off all Caribbean Destination packages!"), Examples: svList("Pablo", "CARIBE25")},
		Buttons: []templateButtonModel{
			newCopyCodeButton("CARIBE25"),
			newURLButton("Book now!", "https://awesomedestinations.com/offers?code={{1}}", "https://awesomedestinations.com/offers?ref=n3mtql"),
		},
	}
}

func validSingleProduct() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("abandoned_cart"), Language: sv("en_US"), Category: sv("MARKETING"),
		Header:  &templateHeaderModel{Format: sv(formatProduct)},
		Body:    &templateBodyModel{Text: sv("Use code {{1}} to get 10% off this item."), Examples: svList("10OFF")},
		Footer:  &templateFooterModel{Text: sv("Offer ends September 30")},
		Buttons: []templateButtonModel{newButton("SPM", "View")},
	}
}

func validCalling() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("call_us"), Language: sv("en_US"), Category: sv("UTILITY"),
		Body:                  &templateBodyModel{Text: sv("Your order {{1}} is delayed. Call us to rebook it."), Examples: svList("A-1042")},
		Buttons:               []templateButtonModel{newButton("VOICE_CALL", "Call now")},
		CallPermissionRequest: types.BoolValue(true),
	}
}

func validLibrary() *messageTemplateModel {
	return &messageTemplateModel{
		Name: sv("delivery_update"), Language: sv("en_US"), Category: sv("UTILITY"),
		LibraryTemplateName: sv("delivery_update_1"),
		LibraryButtonInputs: []libraryButtonInputModel{{Type: sv("URL"), URL: sv("https://example.com/track/{{1}}"), URLExample: sv("https://example.com/track/A-1042")}},
		LibraryBodyInputs:   &libraryBodyInputsModel{AddTrackPackageLink: types.BoolValue(true)},
	}
}

func TestValidateTemplateFamiliesValid(t *testing.T) {
	for name, build := range map[string]func() *messageTemplateModel{
		"media card carousel": validMediaCarousel, "product card carousel": validProductCarousel, "limited-time offer": validLimitedTimeOffer,
		"single product": validSingleProduct, "calling": validCalling, "template library": validLibrary,
		"video carousel": func() *messageTemplateModel {
			m := validMediaCarousel()
			for i := range m.Carousel.Cards {
				m.Carousel.Cards[i].Header.Format = sv("VIDEO")
			}
			return m
		},
		"offer without header or code": func() *messageTemplateModel {
			m := validLimitedTimeOffer()
			m.Header, m.Buttons, m.LimitedTimeOffer.HasExpiration = nil, m.Buttons[1:], types.BoolNull() // no expiration: no code needed
			return m
		},
	} {
		t.Run(name, func(t *testing.T) {
			if diags := validateTemplate(build()); diags.HasError() {
				t.Errorf("unexpected errors: %s", describeDiags(diags))
			}
		})
	}
}

func TestValidateTemplateFamiliesInvalid(t *testing.T) {
	card := func(i int) path.Path { return path.Root("carousel").AtName("cards").AtListIndex(i) }
	cases := []struct {
		name   string
		base   func() *messageTemplateModel
		change func(*messageTemplateModel)
		path   path.Path
		want   string
	}{
		// Carousels.
		{"carousel in a utility template", validMediaCarousel, func(m *messageTemplateModel) { m.Category = sv("UTILITY") }, path.Root("carousel"), "MARKETING templates only"},
		{"carousel with a header", validMediaCarousel, func(m *messageTemplateModel) { m.Header = validImageTemplate().Header }, path.Root("header"), "only a body and the carousel"},
		{"carousel with a footer", validMediaCarousel, func(m *messageTemplateModel) { m.Footer = &templateFooterModel{Text: sv("x")} }, path.Root("footer"), "only a body and the carousel"},
		{"carousel with buttons", validMediaCarousel, func(m *messageTemplateModel) { m.Buttons = []templateButtonModel{newButton("QUICK_REPLY", "Hi")} }, path.Root("buttons"), "only a body and the carousel"},
		{"cards of two formats", validMediaCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[1].Header.Format = sv("VIDEO") }, card(1).AtName("header").AtName("format"), "same header format"},
		{"product card with media", validProductCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[2].Header.MediaHandle = sv("4::x") }, card(2).AtName("header").AtName("media_handle"), "not allowed"},
		{"product card with a media file", validProductCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[1].Header.MediaFile = sv("shoe.png") }, card(1).AtName("header").AtName("media_file"), "not allowed"},
		{"body on one card only", validMediaCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[1].Body = nil }, card(1).AtName("body"), "every card a body, or none"},
		{"cards with other buttons", validMediaCarousel, func(m *messageTemplateModel) {
			m.Carousel.Cards[1].Buttons[0] = templateCardButtonModel{Type: sv("PHONE_NUMBER"), Text: sv("Call"), PhoneNumber: sv("+15551234567")}
		}, card(1).AtName("buttons"), "same button types in the same order"},
		{"SPM button on a media card", validMediaCarousel, func(m *messageTemplateModel) {
			for i := range m.Carousel.Cards {
				m.Carousel.Cards[i].Buttons[0] = templateCardButtonModel{Type: sv("SPM"), Text: sv("View")}
			}
		}, card(0).AtName("buttons").AtListIndex(0).AtName("type"), "takes `QUICK_REPLY`, `URL` or `PHONE_NUMBER` buttons"},
		{"quick reply on a product card", validProductCarousel, func(m *messageTemplateModel) {
			for i := range m.Carousel.Cards {
				m.Carousel.Cards[i].Buttons[0] = templateCardButtonModel{Type: sv("QUICK_REPLY"), Text: sv("More")}
			}
		}, card(0).AtName("buttons").AtListIndex(0).AtName("type"), "takes `SPM` or `URL` buttons"},
		{"two buttons on a product card", validProductCarousel, func(m *messageTemplateModel) {
			m.Carousel.Cards[0].Buttons = append(m.Carousel.Cards[0].Buttons, templateCardButtonModel{Type: sv("URL"), Text: sv("Shop"), URL: sv("https://example.com")})
		}, card(0).AtName("buttons"), "takes one button"},
		{"card URL button without url", validMediaCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[0].Buttons[1].URL = types.StringNull() }, card(0).AtName("buttons").AtListIndex(1).AtName("url"), "requires url"},
		{"card URL variable without example", validMediaCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[1].Buttons[1].Example = types.StringNull() }, card(1).AtName("buttons").AtListIndex(1).AtName("example"), "to a sample URL"},
		{"card quick reply with url", validMediaCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[0].Buttons[0].URL = sv("https://example.com") }, card(0).AtName("buttons").AtListIndex(0).AtName("url"), "does not use it"},
		{"card body variable without example", validMediaCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[0].Body.Examples = nil }, card(0).AtName("body").AtName("examples"), "one sample value for each"},
		{"card body named variable in positional template", validMediaCarousel, func(m *messageTemplateModel) {
			m.Carousel.Cards[0].Body.Text, m.Carousel.Cards[0].Body.Examples = sv("Use {{code}} now."), nil
		}, card(0).AtName("body").AtName("text"), "parameter_format is POSITIONAL"},
		// Limited-time offers.
		{"offer in a utility template", validLimitedTimeOffer, func(m *messageTemplateModel) { m.Category = sv("UTILITY") }, path.Root("limited_time_offer"), "MARKETING templates only"},
		{"offer with a footer", validLimitedTimeOffer, func(m *messageTemplateModel) { m.Footer = &templateFooterModel{Text: sv("x")} }, path.Root("footer"), "has no footer"},
		{"offer with a text header", validLimitedTimeOffer, func(m *messageTemplateModel) { m.Header = &templateHeaderModel{Format: sv("TEXT"), Text: sv("Hi")} }, path.Root("header").AtName("format"), "IMAGE or VIDEO"},
		{"offer body too long", validLimitedTimeOffer, func(m *messageTemplateModel) {
			m.Body.Text = sv("Good news, {{1}}! Use code {{2}} " + strings.Repeat("x", 600) + ".")
		}, path.Root("body").AtName("text"), "at most 600"},
		{"offer without URL button", validLimitedTimeOffer, func(m *messageTemplateModel) { m.Buttons = m.Buttons[:1] }, path.Root("buttons"), "requires a URL button"},
		{"offer with a quick reply", validLimitedTimeOffer, func(m *messageTemplateModel) {
			m.Buttons = append(m.Buttons, newButton("QUICK_REPLY", "Later"))
		}, path.Root("buttons").AtListIndex(2).AtName("type"), "URL button and an optional COPY_CODE"},
		{"offer with expiration without code", validLimitedTimeOffer, func(m *messageTemplateModel) { m.Buttons = m.Buttons[1:] }, path.Root("buttons"), "add a COPY_CODE button"},
		{"offer code after the URL", validLimitedTimeOffer, func(m *messageTemplateModel) { m.Buttons[0], m.Buttons[1] = m.Buttons[1], m.Buttons[0] }, path.Root("buttons").AtListIndex(0).AtName("type"), "comes before the URL button"},
		{"product card with a body", validProductCarousel, func(m *messageTemplateModel) { m.Carousel.Cards[0].Body = &templateCardBodyModel{Text: sv("Hi")} }, card(0).AtName("body"), "product card shows"},
		{"catalog with a header", validSingleProduct, func(m *messageTemplateModel) {
			m.Header, m.Buttons = &templateHeaderModel{Format: sv("TEXT"), Text: sv("Hi")}, []templateButtonModel{newButton("CATALOG", "View")}
		}, path.Root("header"), "product thumbnail"},
		{"multi-product without text header", validSingleProduct, func(m *messageTemplateModel) {
			m.Header, m.Buttons = nil, []templateButtonModel{newButton("MPM", "View")}
		}, path.Root("header"), "requires header"},
		{"single-product body too long", validSingleProduct, func(m *messageTemplateModel) { m.Body.Text = sv("Use code {{1}} " + strings.Repeat("x", 160) + ".") }, path.Root("body").AtName("text"), "at most 160"},
		{"offer code too long", validLimitedTimeOffer, func(m *messageTemplateModel) { m.Buttons[0].Example = sv("CARIBE25CARIBE25") }, path.Root("buttons").AtListIndex(0).AtName("example"), "1 to 15 characters"},
		{"offer with a carousel", validLimitedTimeOffer, func(m *messageTemplateModel) {
			m.Carousel = validMediaCarousel().Carousel
		}, path.Root("limited_time_offer"), "only a body and the carousel"},
		// Product and calling templates.
		{"product header without SPM", validSingleProduct, func(m *messageTemplateModel) { m.Buttons = []templateButtonModel{newButton("QUICK_REPLY", "Hi")} }, path.Root("buttons"), "add one SPM button"},
		{"SPM without product header", validSingleProduct, func(m *messageTemplateModel) { m.Header = nil }, path.Root("buttons").AtListIndex(0).AtName("type"), "PRODUCT header"},
		{"SPM under an image header", validSingleProduct, func(m *messageTemplateModel) { m.Header = validImageTemplate().Header }, path.Root("buttons").AtListIndex(0).AtName("type"), "header.format is IMAGE"},
		{"SPM beside other buttons", validSingleProduct, func(m *messageTemplateModel) { m.Buttons = append(m.Buttons, newButton("QUICK_REPLY", "Hi")) }, path.Root("buttons").AtListIndex(0).AtName("type"), "may have no other buttons"},
		{"product header in a utility template", validSingleProduct, func(m *messageTemplateModel) { m.Category = sv("UTILITY") }, path.Root("header").AtName("format"), "MARKETING templates only"},
		{"two voice call buttons", validCalling, func(m *messageTemplateModel) { m.Buttons = append(m.Buttons, newButton("VOICE_CALL", "Call")) }, path.Root("buttons").AtListIndex(1).AtName("type"), "at most 1"},
		{"voice call button without text", validCalling, func(m *messageTemplateModel) { m.Buttons[0].Text = types.StringNull() }, path.Root("buttons").AtListIndex(0).AtName("text"), "requires text"},
		{"call permission in authentication", validAuthTemplate, func(m *messageTemplateModel) { m.CallPermissionRequest = types.BoolValue(true) }, path.Root("call_permission_request"), "UTILITY and MARKETING templates only"},
		// Template Library.
		{"library with a body", validLibrary, func(m *messageTemplateModel) { m.Body = validUtilityTemplate().Body }, path.Root("body"), "Meta writes the content"},
		{"library with buttons", validLibrary, func(m *messageTemplateModel) { m.Buttons = validUtilityTemplate().Buttons }, path.Root("buttons"), "Meta writes the content"},
		{"library in marketing", validLibrary, func(m *messageTemplateModel) { m.Category = sv("MARKETING") }, path.Root("category"), "UTILITY and AUTHENTICATION"},
		{"library URL input without url", validLibrary, func(m *messageTemplateModel) { m.LibraryButtonInputs[0].URL = types.StringNull() }, path.Root("library_template_button_inputs").AtListIndex(0).AtName("url"), "requires url"},
		{"library URL input without example", validLibrary, func(m *messageTemplateModel) { m.LibraryButtonInputs[0].URLExample = types.StringNull() }, path.Root("library_template_button_inputs").AtListIndex(0).AtName("url_example"), "to a sample URL"},
		{"library phone input with url", validLibrary, func(m *messageTemplateModel) {
			m.LibraryButtonInputs = []libraryButtonInputModel{{Type: sv("PHONE_NUMBER"), PhoneNumber: sv("+15551234567"), URL: sv("https://example.com")}}
		}, path.Root("library_template_button_inputs").AtListIndex(0).AtName("url"), "does not use it"},
		{"library inputs without library name", validUtilityTemplate, func(m *messageTemplateModel) {
			m.LibraryBodyInputs = &libraryBodyInputsModel{AddContactNumber: types.BoolValue(true)}
		}, path.Root("library_template_body_inputs"), "with library_template_name"},
		{"no body and no library", validLibrary, func(m *messageTemplateModel) {
			m.LibraryTemplateName, m.LibraryButtonInputs, m.LibraryBodyInputs = types.StringNull(), nil, nil
		}, path.Root("body"), "requires body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.base()
			tc.change(m)
			expectErrorAt(t, validateTemplate(m), tc.path, tc.want)
		})
	}
}

// readBack is what Meta returns for a template created from m: the components as sent, decoded
// as a read, with media samples as URLs.
func readBack(t *testing.T, m *messageTemplateModel) *graph.MessageTemplate {
	t.Helper()
	sent, err := json.Marshal(m.content().Components)
	if err != nil {
		t.Fatal(err)
	}
	urls := strings.NewReplacer(`"4::`, `"https://scontent.whatsapp.net/v/t61/`)
	body := `{"id":"1234567890","name":"` + m.Name.ValueString() + `","language":"` + m.Language.ValueString() + `","status":"APPROVED",` +
		`"category":"` + m.Category.ValueString() + `","parameter_format":"POSITIONAL","components":` + urls.Replace(string(sent)) + `}`
	var got graph.MessageTemplate
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	return &got
}

func TestTemplateFamiliesReadBack(t *testing.T) {
	for name, build := range map[string]func() *messageTemplateModel{
		"media card carousel": validMediaCarousel, "product card carousel": validProductCarousel, "limited-time offer": validLimitedTimeOffer,
		"single product": validSingleProduct, "calling": validCalling,
	} {
		t.Run(name, func(t *testing.T) {
			want := build()
			want.ParameterFormat, want.CTAURLLinkTrackingOptedOut = sv(formatPositional), types.BoolValue(false) // as planned
			remote := readBack(t, want)

			managed := *want
			managed.applyRemote(remote, want)
			if !managed.UnmodelledComponents.IsNull() {
				t.Fatalf("a template of a modelled family is reported unmodelled: %s", managed.UnmodelledComponents.ValueString())
			}
			want.clearMediaInputs() // write-only: never in state
			if !reflect.DeepEqual(managed.content(), want.content()) {
				t.Errorf("read back with the state as prior, the content differs:\n got %+v\nwant %+v", managed.content(), want.content())
			}

			var imported messageTemplateModel
			imported.applyRemote(remote, nil)
			if len(imported.components()) != len(want.components()) {
				t.Errorf("imported: %d components, want %d", len(imported.components()), len(want.components()))
			}
		})
	}
}

func TestUnmodelledComponentsAreKept(t *testing.T) {
	const body = `{"id":"1","name":"future","language":"en_US","status":"APPROVED","category":"MARKETING","components":[
		{"type":"HEADER","format":"TEXT","text":"Hello"},
		{"type":"BODY","text":"Our new collection is here."},
		{"type":"ALBUM","cards":[{"components":[{"type":"HEADER","format":"IMAGE"}]}]},
		{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"More"},{"type":"FUTURE_BUTTON","text":"Try"}]},
		{"type":"FOOTER","text":"Bye","x_future":{"on":true}}]}`
	var remote graph.MessageTemplate
	if err := json.Unmarshal([]byte(body), &remote); err != nil {
		t.Fatal(err)
	}
	var m messageTemplateModel
	m.applyRemote(&remote, nil)
	if m.Header == nil || m.Body == nil || m.Footer == nil {
		t.Errorf("modelled components are not read: header %v body %v footer %v", m.Header, m.Body, m.Footer)
	}
	if m.Buttons != nil {
		t.Errorf("buttons holding an unknown button type are read as %d modelled buttons", len(m.Buttons))
	}
	var kept []map[string]any
	if err := json.Unmarshal([]byte(m.UnmodelledComponents.ValueString()), &kept); err != nil {
		t.Fatalf("unmodelled_components is not JSON: %q", m.UnmodelledComponents.ValueString())
	}
	var types []string
	for _, c := range kept {
		types = append(types, c["type"].(string))
	}
	if strings.Join(types, ",") != "ALBUM,BUTTONS,FOOTER" {
		t.Errorf("kept components %v, want ALBUM, BUTTONS (unknown button type) and FOOTER (unknown field)", types)
	}
	if _, ok := kept[2]["x_future"]; !ok {
		t.Errorf("the footer is not kept as Meta returned it: %v", kept[2])
	}

	diags := statusWarnings(&m)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail(), "ALBUM, BUTTONS, FOOTER") {
		t.Errorf("plan warning: got %s", describeDiags(diags))
	}
	var refused diag.Diagnostics
	if !refuseUnmodelledEdit(`"future" (en_US)`, m.UnmodelledComponents, &refused) || !refused.HasError() {
		t.Error("an edit of the template is not refused")
	}
}
