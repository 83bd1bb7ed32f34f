package emulator

import (
	"encoding/json"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
)

const familiesSeedFile = "testdata/seed_template_families.json"

// seedTemplatesJSON returns the seed file's templates as plain JSON, by name.
func seedTemplatesJSON(t *testing.T) map[string]map[string]any {
	t.Helper()
	raw, err := os.ReadFile(familiesSeedFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		MessageTemplates []map[string]any `json:"message_templates"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, tpl := range doc.MessageTemplates {
		out[tpl["name"].(string)] = tpl
	}
	return out
}

func componentTypes(comps []any) string {
	var types []string
	for _, c := range comps {
		types = append(types, c.(map[string]any)["type"].(string))
	}
	return strings.Join(types, ",")
}

func sampleURL(header any) string {
	handles, _ := header.(map[string]any)["example"].(map[string]any)["header_handle"].([]any)
	if len(handles) == 0 {
		return ""
	}
	s, _ := handles[0].(string)
	return s
}

// A seed file holds a template of every family, validated as a create
// would, and a template with content the emulator does not model, which is
// read back verbatim.
func TestSeedFileTemplateFamilies(t *testing.T) {
	sf, err := LoadSeedFile(familiesSeedFile)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{SeedFile: sf})
	read := func() map[string]map[string]any {
		t.Helper()
		r := h.mustOK(h.call(http.MethodGet, "/v23.0/200000000000042/message_templates?limit=100&fields="+
			"name,status,category,parameter_format,components,library_template_name,sub_category,cta_url_link_tracking_opted_out", nil))
		out := map[string]map[string]any{}
		for _, d := range r.data() {
			out[d["name"].(string)] = d
		}
		return out
	}
	got := read()
	want := seedTemplatesJSON(t)
	if len(got) != len(want) {
		t.Fatalf("%d templates, want %d", len(got), len(want))
	}
	comps := func(name string) []any {
		t.Helper()
		if got[name] == nil {
			t.Fatalf("%s missing", name)
		}
		return got[name]["components"].([]any)
	}

	if c := comps("order_confirmation"); componentTypes(c) != "HEADER,BODY,BUTTONS" || !strings.Contains(sampleURL(c[0]), "_n.pdf?") {
		t.Errorf("order_confirmation %v", c)
	}
	media := comps("carousel_template_media_cards_v1")
	if componentTypes(media) != "BODY,CAROUSEL" || got["carousel_template_media_cards_v1"]["category"] != "MARKETING" {
		t.Errorf("media carousel %v", media)
	}
	for i, cd := range media[1].(map[string]any)["cards"].([]any) {
		cc := cd.(map[string]any)["components"].([]any)
		if componentTypes(cc) != "HEADER,BODY,BUTTONS" || !strings.HasPrefix(sampleURL(cc[0]), "https://scontent.whatsapp.net/") {
			t.Errorf("media card %d %v", i, cc)
		}
	}
	product := comps("carousel_template_product_cards_v1")[1].(map[string]any)["cards"].([]any)
	if h := product[0].(map[string]any)["components"].([]any)[0].(map[string]any); h["format"] != "PRODUCT" || h["example"] != nil {
		t.Errorf("product card header %v", h)
	}
	lto := comps("limited_time_offer_caribbean_pkg_2023")
	if componentTypes(lto) != "HEADER,LIMITED_TIME_OFFER,BODY,BUTTONS" ||
		!reflect.DeepEqual(lto[1].(map[string]any)["limited_time_offer"], map[string]any{"text": "Expiring offer!", "has_expiration": true}) {
		t.Errorf("limited-time offer %v", lto)
	}
	spm := comps("spm_template_named_params")
	if componentTypes(spm) != "HEADER,BODY,FOOTER,BUTTONS" || got["spm_template_named_params"]["parameter_format"] != "NAMED" ||
		spm[3].(map[string]any)["buttons"].([]any)[0].(map[string]any)["type"] != "SPM" {
		t.Errorf("single-product %v", spm)
	}
	if c := comps("wa_voice_call"); c[1].(map[string]any)["buttons"].([]any)[0].(map[string]any)["type"] != "VOICE_CALL" {
		t.Errorf("voice call %v", c)
	}
	if c := comps("sample_cpr_template"); componentTypes(c) != "BODY,CALL_PERMISSION_REQUEST" {
		t.Errorf("call permission request %v", c)
	}
	lib := got["my_low_balance"]
	if lib["library_template_name"] != "low_balance_warning_1" || componentTypes(comps("my_low_balance")) != "HEADER,BODY,BUTTONS" ||
		comps("my_low_balance")[2].(map[string]any)["buttons"].([]any)[1].(map[string]any)["phone_number"] != "+15551234567" {
		t.Errorf("library %v", lib)
	}
	if c := comps("authentication_code_copy_code_button"); c[0].(map[string]any)["text"] != "*{{1}}* is your verification code. For your security, do not share this code." {
		t.Errorf("authentication %v", c)
	}

	// Content nobody models comes back exactly as seeded; the BODY beside it
	// is normalised like any other.
	checkUnmodelled := func(got map[string]map[string]any, status string) {
		t.Helper()
		u := got["unmodelled_content"]
		if u["status"] != status || u["sub_category"] != "CUSTOM" || u["cta_url_link_tracking_opted_out"] != true {
			t.Errorf("unmodelled_content fields %v", u)
		}
		seeded := want["unmodelled_content"]["components"].([]any)
		read := u["components"].([]any)
		if len(read) != len(seeded) {
			t.Fatalf("components %v", read)
		}
		for _, i := range []int{0, 2, 3, 4} {
			if !reflect.DeepEqual(read[i], seeded[i]) {
				t.Errorf("component %d read back as %v, seeded %v", i, read[i], seeded[i])
			}
		}
		if read[1].(map[string]any)["type"] != "BODY" {
			t.Errorf("body %v", read[1])
		}
	}
	checkUnmodelled(got, "PAUSED")

	// An edit that keeps the components revalidates only the modelled ones
	// and keeps the rest.
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+got["unmodelled_content"]["id"].(string), map[string]any{"category": "UTILITY"}))
	checkUnmodelled(read(), "APPROVED")

	// Reset restores the seeded content.
	h.e.Reset()
	checkUnmodelled(read(), "PAUSED")
	if read()["unmodelled_content"]["category"] != "MARKETING" {
		t.Fatal("reset kept the edit")
	}
}

// Seeded templates of the new families are validated as creates are, each
// problem naming its field.
func TestSeedFileTemplateFamilyErrors(t *testing.T) {
	tpl := func(extra string) string {
		return `{"message_templates": [{"name": "a", "language": "en_US", "category": "MARKETING", ` + extra + `}]}`
	}
	tests := []struct {
		name, json string
		want       string
	}{
		{"carousel with one card", tpl(`"components": [{"type": "BODY", "text": "Hi"}, {"type": "CAROUSEL", "cards": [{"components": [{"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::a"]}}, {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "More"}]}]}]}]`),
			"message_templates[0].components: A carousel needs 2 to 10 cards; this one has 1."},
		{"offer text too long", tpl(`"components": [{"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": "Far too long an offer"}}, {"type": "BODY", "text": "Hi"}, {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Go", "url": "https://a.example"}]}]`),
			"message_templates[0].components: The limited-time offer text has 21 characters; the limit is 16."},
		{"copy code too long", tpl(`"components": [{"type": "BODY", "text": "Hi"}, {"type": "BUTTONS", "buttons": [{"type": "COPY_CODE", "example": "ABCDEFGHIJKLMNOP"}]}]`),
			"message_templates[0].components: The COPY_CODE example has 16 characters; the limit is 15."},
		{"unknown library template", `{"message_templates": [{"name": "a", "language": "en_US", "category": "UTILITY", "library_template_name": "nope_1"}]}`,
			`message_templates[0].library_template_name: There's no template named "nope_1" in the Template Library.`},
		{"library inputs missing", `{"message_templates": [{"name": "a", "language": "en_US", "category": "UTILITY", "library_template_name": "low_balance_warning_1"}]}`,
			"message_templates[0].library_template_name: Library template low_balance_warning_1 has a URL button"},
		{"library with components", `{"message_templates": [{"name": "a", "language": "en_US", "category": "UTILITY", "library_template_name": "delivery_failed_2_form", "components": [{"type": "BODY", "text": "Hi"}]}]}`,
			"message_templates[0].components: A template from the Template Library takes its content from the library"},
		{"unmodelled beside no body", tpl(`"components": [{"type": "ALBUM"}]`),
			"message_templates[0].components: A template must have exactly one BODY component; this one has 0."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSeedFile([]byte(tc.json))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
