package emulator

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func (h *harness) profilePath() string {
	return "/v23.0/" + h.seed.PhoneNumberID + "/whatsapp_business_profile"
}

// profile reads the business profile and unwraps data[0].business_profile.
func (h *harness) profile(fields string) map[string]any {
	h.t.Helper()
	path := h.profilePath()
	if fields != "" {
		path += "?fields=" + fields
	}
	r := h.mustOK(h.call(http.MethodGet, path, nil))
	data := r.data()
	if len(data) != 1 {
		h.t.Fatalf("want one profile in data: %s", r.raw)
	}
	bp, ok := data[0]["business_profile"].(map[string]any)
	if !ok {
		h.t.Fatalf("no business_profile wrapper: %s", r.raw)
	}
	return bp
}

func TestBusinessProfileWriteAndRead(t *testing.T) {
	h := newHarness(t, Options{})
	if bp := h.profile(""); len(bp) != 1 || bp["messaging_product"] != "whatsapp" {
		t.Fatalf("a new profile has only messaging_product: %v", bp)
	}
	handle := "4:cGljLnBuZw==:aW1hZ2UvcG5n:ARbc123:e:1759995302:2022308451254161:636685196:ARZf1f"
	h.mustOK(h.call(http.MethodPost, h.profilePath(), map[string]any{
		"messaging_product":      "whatsapp",
		"about":                  "Succulent specialists!",
		"address":                "1 Hacker Way, Menlo Park, CA 94025",
		"description":            strings.Repeat("d", profileDescriptionMax),
		"email":                  "lucky@luckyshrub.example",
		"vertical":               "RETAIL",
		"websites":               []string{"https://www.luckyshrub.example", "http://shop.luckyshrub.example/"},
		"profile_picture_handle": handle,
	}))
	bp := h.profile("")
	for k, want := range map[string]string{
		"about": "Succulent specialists!", "address": "1 Hacker Way, Menlo Park, CA 94025",
		"email": "lucky@luckyshrub.example", "vertical": "RETAIL",
	} {
		if bp[k] != want {
			t.Errorf("%s = %v, want %q", k, bp[k], want)
		}
	}
	if ws, _ := bp["websites"].([]any); len(ws) != 2 || ws[1] != "http://shop.luckyshrub.example/" {
		t.Errorf("websites %v", bp["websites"])
	}
	pic, _ := bp["profile_picture_url"].(string)
	if !regexp.MustCompile(`^https://pps\.whatsapp\.net/v/\S+\.jpg\?`).MatchString(pic) || strings.Contains(pic, "cGljLnBuZw") {
		t.Errorf("profile_picture_url %q should be a CDN URL, not the handle", pic)
	}
	if _, leaked := bp["profile_picture_handle"]; leaked {
		t.Error("the handle is never read back")
	}
	if again := h.profile("")["profile_picture_url"]; again != pic {
		t.Errorf("picture URL not stable across reads: %v vs %v", again, pic)
	}

	// fields selects; unknown fields fail the call.
	if bp := h.profile("about,email"); len(bp) != 2 || bp["about"] == nil || bp["email"] == nil {
		t.Errorf("fields=about,email gave %v", bp)
	}
	h.wantError(h.call(http.MethodGet, h.profilePath()+"?fields=about,handle", nil), http.StatusBadRequest, 100, 0)
}

func TestBusinessProfilePartialWritesAndClearing(t *testing.T) {
	h := newHarness(t, Options{})
	h.mustOK(h.call(http.MethodPost, h.profilePath(), map[string]any{
		"messaging_product": "whatsapp", "about": "About us", "address": "Main St 1",
		"email": "a@b.example", "vertical": "EDU", "websites": []string{"https://a.example"},
	}))
	// Only what is sent changes.
	h.mustOK(h.call(http.MethodPost, h.profilePath(), map[string]any{"messaging_product": "whatsapp", "address": "Main St 2"}))
	bp := h.profile("")
	if bp["address"] != "Main St 2" || bp["about"] != "About us" || bp["email"] != "a@b.example" {
		t.Fatalf("partial write: %v", bp)
	}
	// Empty values clear; cleared fields are left out of reads.
	h.mustOK(h.call(http.MethodPost, h.profilePath(), map[string]any{
		"messaging_product": "whatsapp", "address": "", "email": "", "vertical": "", "websites": []string{},
	}))
	bp = h.profile("")
	for _, k := range []string{"address", "email", "vertical", "websites"} {
		if _, ok := bp[k]; ok {
			t.Errorf("%s not cleared: %v", k, bp)
		}
	}
	// about cannot be emptied.
	r := h.call(http.MethodPost, h.profilePath(), map[string]any{"messaging_product": "whatsapp", "about": ""})
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if h.profile("")["about"] != "About us" {
		t.Fatal("a refused write changed the profile")
	}
	// websites may arrive as a JSON string, as in Meta's own curl example.
	h.mustOK(h.call(http.MethodPost, h.profilePath(), "messaging_product=whatsapp&websites="+url.QueryEscape(`["https://x.example"]`)))
	if ws, _ := h.profile("")["websites"].([]any); len(ws) != 1 || ws[0] != "https://x.example" {
		t.Fatalf("form websites: %v", ws)
	}
}

func TestBusinessProfileValidation(t *testing.T) {
	h := newHarness(t, Options{})
	cases := map[string]struct {
		body   map[string]any
		status int
		msg    string
	}{
		"no messaging_product":    {map[string]any{"about": "x"}, 400, "messaging_product is required"},
		"wrong messaging_product": {map[string]any{"messaging_product": "sms"}, 400, "messaging_product must be one of"},
		"about too long":          {map[string]any{"about": strings.Repeat("a", 140)}, 400, "about must be between 1 and 139"},
		"address too long":        {map[string]any{"address": strings.Repeat("a", 257)}, 400, "address must be at most 256"},
		"description too long":    {map[string]any{"description": strings.Repeat("a", 513)}, 400, "description must be at most 512"},
		"email invalid":           {map[string]any{"email": "not-an-email"}, 400, "email must be a valid email address"},
		"email too long":          {map[string]any{"email": strings.Repeat("a", 120) + "@example.com"}, 400, "email must be a valid email address"},
		"vertical":                {map[string]any{"vertical": "BAKERY"}, 400, "vertical must be one of"},
		"three websites":          {map[string]any{"websites": []string{"https://a.example", "https://b.example", "https://c.example"}}, 400, "at most 2"},
		"website scheme":          {map[string]any{"websites": []string{"www.example.com"}}, 400, "http:// or https://"},
		"website too long":        {map[string]any{"websites": []string{"https://example.com/" + strings.Repeat("p", 240)}}, 400, "at most 256"},
		"picture handle":          {map[string]any{"profile_picture_handle": "not a handle"}, 400, "profile picture handle is invalid or expired"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			body := map[string]any{"messaging_product": "whatsapp"}
			if name == "no messaging_product" {
				body = map[string]any{}
			}
			for k, v := range tc.body {
				body[k] = v
			}
			r := h.call(http.MethodPost, h.profilePath(), body)
			h.wantError(r, tc.status, 100, 0)
			if msg, _ := r.errorField("message").(string); !strings.Contains(msg, tc.msg) {
				t.Fatalf("message %q, want it to contain %q", msg, tc.msg)
			}
		})
	}
	// Multibyte text counts characters, not bytes.
	h.mustOK(h.call(http.MethodPost, h.profilePath(), map[string]any{"messaging_product": "whatsapp", "about": strings.Repeat("é", 139)}))
	if bp := h.profile("about"); len(bp) != 1 {
		t.Fatalf("profile after refused writes: %v", bp)
	}
}

func TestBusinessProfileOutOfBandEdit(t *testing.T) {
	h := newHarness(t, Options{})
	if err := h.e.EditBusinessProfile(h.seed.PhoneNumberID, func(p *BusinessProfile) {
		p.About = "Edited in WhatsApp Manager"
		p.Websites = []string{"https://manager.example"}
	}); err != nil {
		t.Fatal(err)
	}
	bp := h.profile("")
	if bp["about"] != "Edited in WhatsApp Manager" {
		t.Fatalf("edit not visible: %v", bp)
	}
	got, err := h.e.BusinessProfileOf(h.seed.PhoneNumberID)
	if err != nil || got.About != "Edited in WhatsApp Manager" || len(got.Websites) != 1 {
		t.Fatalf("BusinessProfileOf: %+v %v", got, err)
	}
	if err := h.e.EditBusinessProfile("404", func(*BusinessProfile) {}); err == nil {
		t.Fatal("editing the profile of an unknown phone number succeeded")
	}
}
