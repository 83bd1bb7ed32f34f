package emulator

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func (h *harness) qrPath() string {
	return "/v23.0/" + h.seed.PhoneNumberID + "/message_qrdls"
}

var qrCodePattern = regexp.MustCompile(`^[A-Z2-7]{14}$`)

func TestQRCodeCreateReadUpdateDelete(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.mustOK(h.call(http.MethodPost, h.qrPath(), map[string]any{"prefilled_message": "Show me Cyber Monday deals!", "generate_qr_image": "SVG"}))
	code := r.str("code")
	if !qrCodePattern.MatchString(code) {
		t.Fatalf("code %q", code)
	}
	if r.str("deep_link_url") != "https://wa.me/message/"+code || r.str("prefilled_message") != "Show me Cyber Monday deals!" {
		t.Fatalf("create response %s", r.raw)
	}
	svg := r.str("qr_image_url")
	if !strings.HasPrefix(svg, "https://scontent-") || !strings.Contains(svg, ".fbcdn.net/") {
		t.Fatalf("qr_image_url %q", svg)
	}
	// Without generate_qr_image there is no image.
	plain := h.mustOK(h.call(http.MethodPost, h.qrPath(), map[string]any{"prefilled_message": "Hello"}))
	if _, ok := plain.body["qr_image_url"]; ok {
		t.Fatalf("image without generate_qr_image: %s", plain.raw)
	}

	// The item GET answers in a data array; the image comes in the format asked for.
	item := h.mustOK(h.call(http.MethodGet, h.qrPath()+"/"+code, nil))
	data := item.data()
	if len(data) != 1 || data[0]["code"] != code || data[0]["qr_image_url"] != nil {
		t.Fatalf("item %s", item.raw)
	}
	png := h.mustOK(h.call(http.MethodGet, h.qrPath()+"/"+code+"?fields="+url.QueryEscape("code,prefilled_message,qr_image_url.format(PNG)"), nil)).data()[0]
	svgAgain := h.mustOK(h.call(http.MethodGet, h.qrPath()+"/"+code+"?fields="+url.QueryEscape("qr_image_url.format(SVG)"), nil)).data()[0]
	if png["qr_image_url"] == svg || svgAgain["qr_image_url"] != svg || svgAgain["deep_link_url"] == nil {
		t.Fatalf("png %v svg %v (created %s)", png, svgAgain, svg)
	}

	// Update keeps the code.
	up := h.mustOK(h.call(http.MethodPost, h.qrPath(), map[string]any{"code": code, "prefilled_message": "Show me Cyber Tuesday deals!"}))
	if up.str("code") != code || up.str("prefilled_message") != "Show me Cyber Tuesday deals!" {
		t.Fatalf("update %s", up.raw)
	}
	if got := h.mustOK(h.call(http.MethodGet, h.qrPath()+"/"+code, nil)).data()[0]["prefilled_message"]; got != "Show me Cyber Tuesday deals!" {
		t.Fatalf("after update %v", got)
	}

	h.mustOK(h.call(http.MethodDelete, h.qrPath()+"/"+code, nil))
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		r := h.call(method, h.qrPath()+"/"+code, nil)
		h.wantError(r, http.StatusNotFound, 803, 0)
		if r.errorField("message") != "QR code not found" || r.errorField("error_user_title") != "QR Code Not Found" {
			t.Fatalf("%s of a deleted code: %s", method, r.raw)
		}
	}
	h.wantError(h.call(http.MethodPost, h.qrPath(), map[string]any{"code": code, "prefilled_message": "x"}), http.StatusNotFound, 803, 0)
}

func TestQRCodeListNewestFirstWithPaging(t *testing.T) {
	h := newHarness(t, Options{})
	var codes []string
	for i := 0; i < 30; i++ {
		r := h.mustOK(h.call(http.MethodPost, h.qrPath(), map[string]any{"prefilled_message": fmt.Sprintf("message %02d", i)}))
		codes = append(codes, r.str("code"))
	}
	// limit is capped at 25.
	first := h.mustOK(h.call(http.MethodGet, h.qrPath()+"?limit=100", nil))
	if n := len(first.data()); n != 25 {
		t.Fatalf("first page has %d items", n)
	}
	var seen []string
	next := h.qrPath() + "?limit=10&fields=" + url.QueryEscape("code,prefilled_message,qr_image_url.format(PNG)")
	for pages := 0; next != ""; pages++ {
		if pages > 4 {
			t.Fatal("paging does not end")
		}
		r := h.mustOK(h.call(http.MethodGet, next, nil))
		for _, d := range r.data() {
			seen = append(seen, d["code"].(string))
			if d["qr_image_url"] == nil || d["deep_link_url"] == nil {
				t.Fatalf("item %v", d)
			}
		}
		paging, _ := r.body["paging"].(map[string]any)
		n, _ := paging["next"].(string)
		next = ""
		if n != "" {
			u, err := url.Parse(n)
			if err != nil {
				t.Fatal(err)
			}
			next = u.RequestURI()
		}
	}
	if len(seen) != 30 || seen[0] != codes[29] || seen[29] != codes[0] {
		t.Fatalf("want newest first, got %d codes: first %s last %s", len(seen), seen[0], seen[len(seen)-1])
	}

	// The code filter returns just that code.
	one := h.mustOK(h.call(http.MethodGet, h.qrPath()+"?code="+codes[3], nil)).data()
	if len(one) != 1 || one[0]["prefilled_message"] != "message 03" {
		t.Fatalf("filtered %v", one)
	}
	if none := h.mustOK(h.call(http.MethodGet, h.qrPath()+"?code=AAAAAAAAAAAAAA", nil)).data(); len(none) != 0 {
		t.Fatalf("unknown code filter %v", none)
	}
}

func TestQRCodeValidation(t *testing.T) {
	h := newHarness(t, Options{})
	cases := map[string]struct {
		body   map[string]any
		status int
		code   int
		msg    string
	}{
		"missing message": {map[string]any{"generate_qr_image": "PNG"}, 400, 100, "prefilled_message is required"},
		"long message":    {map[string]any{"prefilled_message": strings.Repeat("m", 141)}, 400, 100, "Maximum 140 characters allowed"},
		"image format":    {map[string]any{"prefilled_message": "hi", "generate_qr_image": "JPG"}, 400, 100, "generate_qr_image must be one of {PNG, SVG}"},
		"update bad code": {map[string]any{"code": "abc", "prefilled_message": "hi"}, 400, 100, "Invalid QR code ID format"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := h.call(http.MethodPost, h.qrPath(), tc.body)
			h.wantError(r, tc.status, tc.code, 0)
			if msg, _ := r.errorField("message").(string); !strings.Contains(msg, tc.msg) {
				t.Fatalf("message %q, want it to contain %q", msg, tc.msg)
			}
		})
	}
	h.mustOK(h.call(http.MethodPost, h.qrPath(), map[string]any{"prefilled_message": strings.Repeat("ß", 140)}))
	h.wantError(h.call(http.MethodGet, h.qrPath()+"/not-a-code", nil), http.StatusBadRequest, 100, 0)
	h.wantError(h.call(http.MethodGet, h.qrPath()+"?fields=qr_image_url", nil), http.StatusBadRequest, 100, 0)
	h.wantError(h.call(http.MethodGet, h.qrPath()+"?fields="+url.QueryEscape("qr_image_url.format(GIF)"), nil), http.StatusBadRequest, 100, 0)
	h.wantError(h.call(http.MethodGet, h.qrPath()+"?fields=colour", nil), http.StatusBadRequest, 100, 0)
	if codes, _ := h.e.QRCodesOf(h.seed.PhoneNumberID); len(codes) != 1 {
		t.Fatalf("refused writes created codes: %+v", codes)
	}
}

func TestQRCodeOutOfBandChanges(t *testing.T) {
	h := newHarness(t, Options{})
	code := h.mustOK(h.call(http.MethodPost, h.qrPath(), map[string]any{"prefilled_message": "hi"})).str("code")
	if !h.e.EditQRCode(h.seed.PhoneNumberID, code, "edited") {
		t.Fatal("EditQRCode did not find the code")
	}
	if got := h.mustOK(h.call(http.MethodGet, h.qrPath()+"/"+code, nil)).data()[0]["prefilled_message"]; got != "edited" {
		t.Fatalf("after edit %v", got)
	}
	if !h.e.DeleteQRCode(h.seed.PhoneNumberID, code) || h.e.DeleteQRCode(h.seed.PhoneNumberID, code) {
		t.Fatal("DeleteQRCode should succeed once")
	}
	h.wantError(h.call(http.MethodGet, h.qrPath()+"/"+code, nil), http.StatusNotFound, 803, 0)
}
