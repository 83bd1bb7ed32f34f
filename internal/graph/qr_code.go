package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// QRCode is a message QR code: a wa.me deep link that opens a chat with a prefilled message.
type QRCode struct {
	Code             string `json:"code"`
	PrefilledMessage string `json:"prefilled_message"`
	DeepLinkURL      string `json:"deep_link_url"`
	// QRImageURL is set when an image format was asked for.
	QRImageURL string `json:"qr_image_url,omitempty"`
}

// QR image formats Meta generates.
const (
	QRImagePNG = "PNG"
	QRImageSVG = "SVG"
)

func qrFields(imageFormat string) url.Values {
	f := "code,prefilled_message,deep_link_url"
	if imageFormat != "" {
		f += ",qr_image_url.format(" + strings.ToUpper(imageFormat) + ")"
	}
	return url.Values{"fields": {f}}
}

func qrPath(phoneNumberID string) string { return phoneNumberID + "/message_qrdls" }

// CreateQRCode creates a QR code, with an image in imageFormat (PNG or SVG; "" for none).
//
// A create is not idempotent, so it is never repeated blindly: the codes that already carry the
// message are noted first, and when the response is lost or Graph fails ambiguously, a new code
// with the message is adopted as the one Meta created; only when there is none is the create sent
// again.
func (c *Client) CreateQRCode(ctx context.Context, phoneNumberID, prefilledMessage, imageFormat string) (*QRCode, error) {
	existing, err := c.qrCodesWithMessage(ctx, phoneNumberID, prefilledMessage)
	if err != nil {
		return nil, err
	}
	body := map[string]string{"prefilled_message": prefilledMessage}
	if imageFormat != "" {
		body["generate_qr_image"] = strings.ToUpper(imageFormat)
	}
	for attempt := 0; ; attempt++ {
		var qr QRCode
		err := c.Do(ctx, Request{Method: http.MethodPost, Path: qrPath(phoneNumberID), Body: body}, &qr)
		if err == nil {
			return &qr, nil
		}
		if !IsAmbiguous(err) {
			return nil, err
		}
		now, findErr := c.qrCodesWithMessage(ctx, phoneNumberID, prefilledMessage)
		if findErr != nil {
			return nil, fmt.Errorf("%w; looking up whether the QR code was created anyway also failed: %w", err, findErr)
		}
		for code := range now {
			if !existing[code] {
				return c.GetQRCode(ctx, phoneNumberID, code, imageFormat)
			}
		}
		if attempt >= c.cfg.MaxRetries {
			return nil, err
		}
		if err := c.retryPause(ctx, attempt); err != nil {
			return nil, err
		}
	}
}

// qrCodesWithMessage returns the codes of the phone number's QR codes that carry message.
func (c *Client) qrCodesWithMessage(ctx context.Context, phoneNumberID, message string) (map[string]bool, error) {
	all, err := c.ListQRCodes(ctx, phoneNumberID, "")
	if err != nil {
		return nil, err
	}
	codes := map[string]bool{}
	for _, qr := range all {
		if qr.PrefilledMessage == message {
			codes[qr.Code] = true
		}
	}
	return codes, nil
}

// UpdateQRCode changes the prefilled message of a QR code; the code, link and image stay.
func (c *Client) UpdateQRCode(ctx context.Context, phoneNumberID, code, prefilledMessage string) (*QRCode, error) {
	body := map[string]string{"code": code, "prefilled_message": prefilledMessage}
	var qr QRCode
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: qrPath(phoneNumberID), Body: body, Idempotent: true}, &qr); err != nil {
		return nil, err
	}
	return &qr, nil
}

// GetQRCode reads one QR code, with its image URL in imageFormat ("" for none). Graph answers in
// a data array (or, per the spec's schema, as a bare object); both are accepted. A code that does
// not exist yields an *Error for which IsNotFound is true.
func (c *Client) GetQRCode(ctx context.Context, phoneNumberID, code, imageFormat string) (*QRCode, error) {
	return QRCodeRead(phoneNumberID, code, imageFormat).Get(ctx, c)
}

// QRCodeRead is the read of GetQRCode.
func QRCodeRead(phoneNumberID, code, imageFormat string) Read[*QRCode] {
	req := getRequest(qrPath(phoneNumberID)+"/"+url.PathEscape(code), qrFields(imageFormat))
	return objectRead(req, func(raw *json.RawMessage) (*QRCode, error) {
		var wrapped struct {
			Data []QRCode `json:"data"`
		}
		if len(*raw) == 0 {
			return nil, qrCodeMissing(code)
		}
		if err := json.Unmarshal(*raw, &wrapped); err != nil {
			return nil, err
		}
		if wrapped.Data != nil {
			for i := range wrapped.Data {
				if wrapped.Data[i].Code == code {
					return &wrapped.Data[i], nil
				}
			}
			return nil, qrCodeMissing(code)
		}
		var qr QRCode
		if err := json.Unmarshal(*raw, &qr); err != nil {
			return nil, err
		}
		if qr.Code == "" {
			return nil, qrCodeMissing(code)
		}
		return &qr, nil
	})
}

// ListQRCodes returns every QR code of a phone number, newest first, with image URLs in
// imageFormat ("" for none).
func (c *Client) ListQRCodes(ctx context.Context, phoneNumberID, imageFormat string) ([]QRCode, error) {
	return QRCodesRead(phoneNumberID, imageFormat).Get(ctx, c)
}

// QRCodesRead is the read of ListQRCodes.
func QRCodesRead(phoneNumberID, imageFormat string) Read[[]QRCode] {
	q := qrFields(imageFormat)
	q.Set("limit", "25")
	return listRead[QRCode](qrPath(phoneNumberID), q)
}

// DeleteQRCode deletes a QR code; its link stops working. Repeating it finds the code gone (an
// error for which IsNotFound is true), so the call is idempotent.
func (c *Client) DeleteQRCode(ctx context.Context, phoneNumberID, code string) error {
	return c.Do(ctx, Request{Method: http.MethodDelete, Path: qrPath(phoneNumberID) + "/" + url.PathEscape(code), Idempotent: true}, nil)
}

// qrCodeMissing is the not-found error for a read that succeeded without the code.
func qrCodeMissing(code string) *Error {
	return &Error{Code: CodeNotFound, Type: "GraphMethodException", Message: "QR code not found: " + code}
}
