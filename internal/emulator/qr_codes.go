package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Message QR codes (deep links with a prefilled message) of a phone number:
// /{phone-number-id}/message_qrdls and /{phone-number-id}/message_qrdls/{code}
// (§8 of the API notes).
//
// POST without code creates a QR code, POST with code changes its prefilled
// message (the code stays). Lists are newest first, at most 25 a page. The
// item GET answers in a data array, like the list. The QR image is only
// produced on request, as a CDN URL, in PNG or SVG: generate_qr_image on a
// write, qr_image_url.format(PNG|SVG) in fields on a read.

const (
	qrPrefilledMessageMax = 140
	qrPageMax             = 25
	qrCodeAlphabet        = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	qrCodeLength          = 14
)

// qrCodeShape is what Meta checks on an item path. The spec's pattern is
// ^[A-Z2-7]{14}$, but its own examples carry digits such as 1, so any
// uppercase alphanumeric code of the right length is looked up.
var qrCodeShape = regexp.MustCompile(`^[A-Z0-9]{14}$`)

var qrImageFormatField = regexp.MustCompile(`qr_image_url\.format\(\s*([A-Za-z]*)\s*\)`)

// QRCode is one message QR code.
type QRCode struct {
	Code, PrefilledMessage string
	Created                time.Time
	seq                    int64
}

type qrCodes struct {
	codes []*QRCode // creation order
}

func (s *store) qrCodes(phoneID string) *qrCodes {
	return attached(s, phoneID, "message_qrdls", func() *qrCodes { return &qrCodes{} })
}

func (q *qrCodes) find(code string) (int, *QRCode) {
	for i, c := range q.codes {
		if c.Code == code {
			return i, c
		}
	}
	return -1, nil
}

func (s *store) newQRCode(phoneID, message string, now time.Time) *QRCode {
	taken := func(code string) bool {
		for k, d := range s.docs {
			if q, ok := d.(*qrCodes); ok && k.kind == "message_qrdls" {
				if _, c := q.find(code); c != nil {
					return true
				}
			}
		}
		return false
	}
	code := randomFrom(qrCodeAlphabet, qrCodeLength)
	for taken(code) {
		code = randomFrom(qrCodeAlphabet, qrCodeLength)
	}
	qr := &QRCode{Code: code, PrefilledMessage: message, Created: now, seq: s.nextSeq()}
	list := s.qrCodes(phoneID)
	list.codes = append(list.codes, qr)
	return qr
}

func deepLinkURL(code string) string { return "https://wa.me/message/" + code }

// qrImageURL is where Meta's CDN serves the QR image of a code in a format:
// a signed scontent URL, stable for a code and format.
func qrImageURL(phoneID, code, format string) string {
	sum := sha256.Sum256([]byte("qr:" + phoneID + ":" + code + ":" + format))
	h := hex.EncodeToString(sum[:])
	return fmt.Sprintf("https://scontent-iad3-1.xx.fbcdn.net/m1/v/t6/An-%s?ccb=10-5&oh=00_%s&oe=%s&_nc_sid=f36290",
		h[:48], h[48:62], strings.ToUpper(h[56:64]))
}

// qrView is the read shape: code, prefilled_message and deep_link_url always,
// qr_image_url when a format was asked for.
func qrView(phoneID string, qr *QRCode, format string) map[string]any {
	v := map[string]any{
		"code":              qr.Code,
		"prefilled_message": qr.PrefilledMessage,
		"deep_link_url":     deepLinkURL(qr.Code),
	}
	if format != "" {
		v["qr_image_url"] = qrImageURL(phoneID, qr.Code, format)
	}
	return v
}

var qrFields = fieldSet{
	nodeType: "MessageQRDL",
	allowed:  []string{"code", "prefilled_message", "deep_link_url", "creation_time", "qr_image_url"},
	defaults: []string{"code", "prefilled_message", "deep_link_url"},
}

// qrReadFormat validates fields and returns the requested image format, ""
// when no image was asked for. creation_time is reserved to Meta's own apps
// and never returned to third-party apps.
func (c *call) qrReadFormat() (string, *graphError) {
	fields, err := c.selectFields(qrFields)
	if err != nil {
		return "", err
	}
	if !contains(fields, "qr_image_url") {
		return "", nil
	}
	m := qrImageFormatField.FindStringSubmatch(c.params.string("fields"))
	if m == nil {
		return "", errParam("Invalid fields parameter. Check field names and format specifications")
	}
	format := strings.ToUpper(m[1])
	if format != "PNG" && format != "SVG" {
		return "", errParam("Invalid fields parameter. Check field names and format specifications")
	}
	return format, nil
}

// GET /{phone-number-id}/message_qrdls
func listQRCodes(c *call) (any, *graphError) {
	format, err := c.qrReadFormat()
	if err != nil {
		return nil, err
	}
	p := c.node.(*phone)
	filter := c.params.string("code")
	codes := c.e.store.qrCodes(p.id).codes
	// Newest first: paginate walks items in ascending seq, so the order is
	// encoded as the negated creation sequence.
	items := make([]pageItem, 0, len(codes))
	for i := len(codes) - 1; i >= 0; i-- {
		qr := codes[i]
		if filter != "" && qr.Code != filter {
			continue
		}
		items = append(items, pageItem{seq: -qr.seq, value: qrView(p.id, qr, format)})
	}
	return c.paginate(items, qrPageMax)
}

// POST /{phone-number-id}/message_qrdls creates a QR code, or with code
// updates one.
func writeQRCode(c *call) (any, *graphError) {
	p := c.node.(*phone)
	msg, ok := c.params.str("prefilled_message")
	if !ok || msg == "" {
		return nil, errRequiredParam("prefilled_message")
	}
	if chars(msg) > qrPrefilledMessageMax {
		return nil, errParam("Invalid prefilled_message length. Maximum %d characters allowed", qrPrefilledMessageMax)
	}
	format, hasFormat := c.params.str("generate_qr_image")
	if hasFormat && format != "PNG" && format != "SVG" {
		return nil, errParam(`(#100) Param generate_qr_image must be one of {PNG, SVG} - got "%s"`, format)
	}
	var qr *QRCode
	if code, isUpdate := c.params.str("code"); isUpdate {
		if !qrCodeShape.MatchString(code) {
			return nil, errQRCodeFormat()
		}
		if _, qr = c.e.store.qrCodes(p.id).find(code); qr == nil {
			return nil, errQRNotFound("update")
		}
		qr.PrefilledMessage = msg
	} else {
		qr = c.e.store.newQRCode(p.id, msg, c.e.now())
	}
	return qrView(p.id, qr, format), nil
}

// GET /{phone-number-id}/message_qrdls/{code}
func getQRCode(c *call) (any, *graphError) {
	if !qrCodeShape.MatchString(c.item) {
		return nil, errQRCodeFormat()
	}
	format, err := c.qrReadFormat()
	if err != nil {
		return nil, err
	}
	p := c.node.(*phone)
	_, qr := c.e.store.qrCodes(p.id).find(c.item)
	if qr == nil {
		return nil, errQRNotFound("access")
	}
	return map[string]any{"data": []any{qrView(p.id, qr, format)}}, nil
}

// DELETE /{phone-number-id}/message_qrdls/{code}
func deleteQRCode(c *call) (any, *graphError) {
	if !qrCodeShape.MatchString(c.item) {
		return nil, errQRCodeFormat()
	}
	list := c.e.store.qrCodes(c.node.(*phone).id)
	i, qr := list.find(c.item)
	if qr == nil {
		return nil, errQRNotFound("delete")
	}
	list.codes = append(list.codes[:i], list.codes[i+1:]...)
	return map[string]any{"success": true}, nil
}

func errQRCodeFormat() *graphError {
	return errParam("Invalid QR code ID format. Expected 14-character alphanumeric string")
}

// errQRNotFound is the spec's 404/803 for a code the phone number does not
// have; verb words the user message ("access", "update", "delete").
func errQRNotFound(verb string) *graphError {
	msg := "The QR code you're trying to " + verb + " doesn't exist or has been deleted"
	if verb == "delete" {
		msg = "The QR code you're trying to delete doesn't exist or has already been deleted"
	}
	return &graphError{
		Status:    http.StatusNotFound,
		Message:   "QR code not found",
		Type:      "GraphMethodException",
		Code:      803,
		UserTitle: "QR Code Not Found",
		UserMsg:   msg,
	}
}

// QRCodesOf returns the phone number's QR codes, newest first.
func (e *Emulator) QRCodesOf(phoneID string) ([]QRCode, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return nil, err
	}
	var codes []*QRCode
	if list := peekAttached[qrCodes](e.store, phoneID, "message_qrdls"); list != nil {
		codes = list.codes
	}
	out := make([]QRCode, 0, len(codes))
	for i := len(codes) - 1; i >= 0; i-- {
		out = append(out, *codes[i])
	}
	return out, nil
}

// EditQRCode changes a QR code's prefilled message out of band, as a person
// does in WhatsApp Manager. It reports whether the code exists.
func (e *Emulator) EditQRCode(phoneID, code, prefilledMessage string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return false
	}
	_, qr := e.store.qrCodes(phoneID).find(code)
	if qr == nil {
		return false
	}
	qr.PrefilledMessage = prefilledMessage
	return true
}

// DeleteQRCode deletes a QR code out of band, as a person does in WhatsApp
// Manager. It reports whether the code existed.
func (e *Emulator) DeleteQRCode(phoneID, code string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return false
	}
	list := e.store.qrCodes(phoneID)
	i, qr := list.find(code)
	if qr == nil {
		return false
	}
	list.codes = append(list.codes[:i], list.codes[i+1:]...)
	return true
}
