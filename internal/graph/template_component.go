package graph

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// The components of a message template, as Meta's template reference lists them. Decoded from
// Graph, each object keeps the names of the fields this package does not know (Unknown) and a
// component keeps the exact JSON it came from (Raw): Meta adds template features over time, and
// a caller must be able to tell content it cannot represent from content it can, rather than
// lose it on the next write.

// TemplateComponent is one component of a template: HEADER, BODY, FOOTER, BUTTONS, CAROUSEL,
// LIMITED_TIME_OFFER or CALL_PERMISSION_REQUEST (or a type Meta added since).
type TemplateComponent struct {
	Type                      string            `json:"type"`
	Format                    string            `json:"format,omitempty"`
	Text                      string            `json:"text,omitempty"`
	Example                   *ComponentExample `json:"example,omitempty"`
	AddSecurityRecommendation *bool             `json:"add_security_recommendation,omitempty"`
	CodeExpirationMinutes     *int64            `json:"code_expiration_minutes,omitempty"`
	Buttons                   []TemplateButton  `json:"buttons,omitempty"`
	// Cards are the cards of a CAROUSEL, each with its own HEADER, BODY and BUTTONS.
	Cards []CarouselCard `json:"cards,omitempty"`
	// LimitedTimeOffer is the offer of a LIMITED_TIME_OFFER component.
	LimitedTimeOffer *LimitedTimeOffer `json:"limited_time_offer,omitempty"`

	// Raw is the component as Graph returned it; nil for a component built to send.
	Raw json.RawMessage `json:"-"`
	// Unknown names the component's own fields this type does not model.
	Unknown []string `json:"-"`
}

// CarouselCard is one card of a CAROUSEL component.
type CarouselCard struct {
	Components []TemplateComponent `json:"components"`
	Unknown    []string            `json:"-"`
}

// LimitedTimeOffer is the offer text and whether its expiration is shown.
type LimitedTimeOffer struct {
	Text          string   `json:"text"`
	HasExpiration *bool    `json:"has_expiration,omitempty"`
	Unknown       []string `json:"-"`
}

// ComponentExample holds sample values Meta's reviewers see for variables and media.
type ComponentExample struct {
	HeaderText            []string     `json:"header_text,omitempty"`
	HeaderTextNamedParams []NamedParam `json:"header_text_named_params,omitempty"`
	HeaderHandle          []string     `json:"header_handle,omitempty"`
	BodyText              [][]string   `json:"body_text,omitempty"`
	BodyTextNamedParams   []NamedParam `json:"body_text_named_params,omitempty"`
	Unknown               []string     `json:"-"`
}

// NamedParam is an example value for a named ({{first_name}}) variable.
type NamedParam struct {
	ParamName string `json:"param_name"`
	Example   string `json:"example"`
}

// TemplateButton is one button of a BUTTONS component.
type TemplateButton struct {
	Type                 string         `json:"type"`
	Text                 string         `json:"text,omitempty"`
	URL                  string         `json:"url,omitempty"`
	PhoneNumber          string         `json:"phone_number,omitempty"`
	Example              []string       `json:"-"`
	OTPType              string         `json:"otp_type,omitempty"`
	AutofillText         string         `json:"autofill_text,omitempty"`
	ZeroTapTermsAccepted *bool          `json:"zero_tap_terms_accepted,omitempty"`
	SupportedApps        []SupportedApp `json:"supported_apps,omitempty"`
	FlowID               string         `json:"flow_id,omitempty"`
	FlowName             string         `json:"flow_name,omitempty"`
	FlowAction           string         `json:"flow_action,omitempty"`
	NavigateScreen       string         `json:"navigate_screen,omitempty"`
	Unknown              []string       `json:"-"`
}

// SupportedApp is an Android app allowed to receive one-tap or zero-tap codes.
type SupportedApp struct {
	PackageName   string `json:"package_name"`
	SignatureHash string `json:"signature_hash"`
}

// LibraryButtonInput fills one button of a Template Library template: the URL (with a sample of
// its variable), the phone number, or the OTP settings.
type LibraryButtonInput struct {
	Type                 string            `json:"type"`
	URL                  *LibraryButtonURL `json:"url,omitempty"`
	PhoneNumber          string            `json:"phone_number,omitempty"`
	OTPType              string            `json:"otp_type,omitempty"`
	ZeroTapTermsAccepted *bool             `json:"zero_tap_terms_accepted,omitempty"`
	SupportedApps        []SupportedApp    `json:"supported_apps,omitempty"`
}

// LibraryButtonURL is a library URL button's address and a sample of its variable.
type LibraryButtonURL struct {
	BaseURL          string `json:"base_url"`
	URLSuffixExample string `json:"url_suffix_example,omitempty"`
}

// LibraryBodyInputs are the optional lines a Template Library template's body can take.
type LibraryBodyInputs struct {
	AddContactNumber          *bool  `json:"add_contact_number,omitempty"`
	AddLearnMoreLink          *bool  `json:"add_learn_more_link,omitempty"`
	AddSecurityRecommendation *bool  `json:"add_security_recommendation,omitempty"`
	AddTrackPackageLink       *bool  `json:"add_track_package_link,omitempty"`
	CodeExpirationMinutes     *int64 `json:"code_expiration_minutes,omitempty"`
}

// Modelled reports whether everything in the component is modelled by these types: no unknown
// field in it, its example, its offer, its buttons or its cards.
func (c *TemplateComponent) Modelled() bool {
	if len(c.Unknown) > 0 || (c.Example != nil && len(c.Example.Unknown) > 0) || (c.LimitedTimeOffer != nil && len(c.LimitedTimeOffer.Unknown) > 0) {
		return false
	}
	for _, b := range c.Buttons {
		if len(b.Unknown) > 0 {
			return false
		}
	}
	for _, card := range c.Cards {
		if len(card.Unknown) > 0 {
			return false
		}
		for i := range card.Components {
			if !card.Components[i].Modelled() {
				return false
			}
		}
	}
	return true
}

type componentJSON TemplateComponent

// UnmarshalJSON decodes a component, keeping its JSON and the names of its unknown fields.
func (c *TemplateComponent) UnmarshalJSON(data []byte) error {
	var in componentJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	unknown, err := unknownFields(data, reflect.TypeFor[componentJSON]())
	if err != nil {
		return err
	}
	*c = TemplateComponent(in)
	c.Raw, c.Unknown = slices.Clone(data), unknown
	return nil
}

type cardJSON CarouselCard

// UnmarshalJSON decodes a card, keeping the names of its unknown fields.
func (c *CarouselCard) UnmarshalJSON(data []byte) error {
	return decodeKeepingUnknown(data, (*cardJSON)(c), &c.Unknown)
}

type offerJSON LimitedTimeOffer

// UnmarshalJSON decodes an offer, keeping the names of its unknown fields.
func (o *LimitedTimeOffer) UnmarshalJSON(data []byte) error {
	return decodeKeepingUnknown(data, (*offerJSON)(o), &o.Unknown)
}

type exampleJSON ComponentExample

// UnmarshalJSON decodes an example, keeping the names of its unknown fields. body_text is
// accepted in each shape Meta's pages write it (see bodySamples).
func (e *ComponentExample) UnmarshalJSON(data []byte) error {
	var in struct {
		exampleJSON
		BodyText bodySamples `json:"body_text"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	unknown, err := unknownFields(data, reflect.TypeFor[exampleJSON]())
	if err != nil {
		return err
	}
	*e = ComponentExample(in.exampleJSON)
	e.BodyText, e.Unknown = in.BodyText, unknown
	return nil
}

// bodySamples decodes the positional samples of a BODY. Meta's template reference and most
// family pages write them as an array holding one array of strings, the components page as a
// flat array of strings, and the carousel pages, for a text with one variable, as a single
// string; Meta keeps a template created in any of them, so a read may return any of them. Each
// decodes to the first shape.
type bodySamples [][]string

func (s *bodySamples) UnmarshalJSON(b []byte) error {
	var nested [][]string
	if json.Unmarshal(b, &nested) == nil {
		*s = nested
		return nil
	}
	var flat flexStrings
	if err := json.Unmarshal(b, &flat); err != nil {
		return err
	}
	if flat == nil {
		*s = nil
		return nil
	}
	*s = [][]string{flat}
	return nil
}

type buttonJSON TemplateButton

// MarshalJSON writes "example" as Meta expects it: a string for COPY_CODE, a list otherwise.
func (b TemplateButton) MarshalJSON() ([]byte, error) {
	out := struct {
		buttonJSON
		Example any `json:"example,omitempty"`
	}{buttonJSON: buttonJSON(b)}
	switch {
	case len(b.Example) == 0:
	case b.Type == "COPY_CODE":
		out.Example = b.Example[0]
	default:
		out.Example = b.Example
	}
	return json.Marshal(out)
}

// UnmarshalJSON accepts "example" as a string or a list and keeps the names of unknown fields.
func (b *TemplateButton) UnmarshalJSON(data []byte) error {
	var in struct {
		buttonJSON
		Example flexStrings `json:"example"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	unknown, err := unknownFields(data, reflect.TypeFor[buttonJSON](), "example")
	if err != nil {
		return err
	}
	*b = TemplateButton(in.buttonJSON)
	b.Example, b.Unknown = in.Example, unknown
	return nil
}

// decodeKeepingUnknown decodes data into v (a pointer to a struct without its own
// UnmarshalJSON) and sets unknown to the names of the fields v's type does not have.
func decodeKeepingUnknown(data []byte, v any, unknown *[]string) error {
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	names, err := unknownFields(data, reflect.TypeOf(v).Elem())
	*unknown = names
	return err
}

// unknownFields lists, sorted, the keys of the JSON object data that are neither a JSON field of
// typ nor one of also.
func unknownFields(data []byte, typ reflect.Type, also ...string) ([]string, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return nil, err
	}
	known := jsonFieldNames(typ)
	var unknown []string
	for k := range keys {
		if !known[k] && !slices.Contains(also, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	return unknown, nil
}

var fieldNames sync.Map // reflect.Type → map[string]bool

// jsonFieldNames are the JSON names of typ's fields (those not tagged "-").
func jsonFieldNames(typ reflect.Type) map[string]bool {
	if v, ok := fieldNames.Load(typ); ok {
		return v.(map[string]bool)
	}
	names := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		switch name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name {
		case "-":
		case "":
			names[f.Name] = true
		default:
			names[name] = true
		}
	}
	fieldNames.Store(typ, names)
	return names
}
