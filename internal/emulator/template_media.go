package emulator

import (
	"fmt"
	"strings"
	"time"
)

// Media headers (IMAGE, VIDEO, GIF, DOCUMENT) are created with a sample in
// example.header_handle: a handle returned by the Resumable Upload API
// (developers.facebook.com/documentation/business-messaging/whatsapp/templates/components#media-headers).
// Reads return a CDN URL for the sample instead of the handle, for the
// template header and for every carousel card header.

// checkMediaHandle accepts the sample handle of a media header; where names
// the header in messages ("header", "card 2 header"). Every media header,
// top-level or in a carousel card, is checked here. c is nil for templates
// of a seed file, whose media was uploaded before the emulator started.
//
// A handle this emulator issued must be a file the header format can show,
// within the size Meta allows for it (Cloud API "Supported media types":
// images are JPEG or PNG up to 5 MB, videos MP4 up to 16 MB, documents PDF up
// to 100 MB). Handles it did not issue keep the benefit of the doubt, as for
// profile pictures: seeded accounts and tests hold handles uploaded elsewhere.
func (c *call) checkMediaHandle(format, handle, where string) *graphError {
	if handle == "" {
		return invalid("Header sample missing",
			"A %s %s needs a sample: example.header_handle with an uploaded media handle.", format, where)
	}
	if c == nil {
		return nil
	}
	typ, size, ok := c.e.store.uploadedMedia(handle)
	limit, known := headerMediaLimits[format]
	switch {
	case !ok || !known:
		return nil
	case !contains(limit.types, typ):
		return invalid("Invalid header sample",
			"The %s is %s, but its sample is a %s file: upload %s.", where, format, typ, strings.Join(limit.types, " or "))
	case size > limit.maxBytes:
		return invalid("Invalid header sample",
			"The %s sample has %d bytes, more than the %d MB a %s header allows.", where, size, limit.maxBytes>>20, format)
	}
	return nil
}

// headerMediaLimits are the file types and sizes each media header format
// takes, among the types the Resumable Upload API accepts.
var headerMediaLimits = map[string]struct {
	types    []string
	maxBytes int
}{
	"IMAGE":    {[]string{"image/jpeg", "image/jpg", "image/png"}, 5 << 20},
	"VIDEO":    {[]string{"video/mp4"}, 16 << 20},
	"GIF":      {[]string{"video/mp4"}, 16 << 20},
	"DOCUMENT": {[]string{"application/pdf"}, 100 << 20},
}

// headerHandle returns example.header_handle[0] of a header component.
func headerHandle(c map[string]any) string {
	handles, _ := listOf(mapOf(c, "example"), "header_handle")
	if len(handles) == 0 {
		return ""
	}
	s, _ := toString(handles[0])
	return s
}

// mediaExtensions maps the media header formats to the file type of their
// CDN sample.
var mediaExtensions = map[string]string{"IMAGE": "jpg", "VIDEO": "mp4", "GIF": "mp4", "DOCUMENT": "pdf"}

func isMediaFormat(format any) bool {
	f, _ := format.(string)
	return mediaExtensions[f] != ""
}

// Keys of template.mediaURLs: the template header, and the header of each
// carousel card by its position.
const topHeaderKey = "header"

func cardHeaderKey(card int) string { return fmt.Sprintf("cards/%d/header", card) }

// refreshMediaURLs gives every media header a fresh CDN-style sample URL,
// as Meta does when a template is created or its components change.
func (t *template) refreshMediaURLs() {
	t.mediaURLs = map[string]string{}
	expires := t.createdAt.Add(30 * 24 * time.Hour)
	for _, comp := range t.components {
		switch comp["type"] {
		case "HEADER":
			if f, _ := comp["format"].(string); isMediaFormat(f) {
				t.mediaURLs[topHeaderKey] = cdnSampleURL(f, expires)
			}
		case "CAROUSEL":
			for i, card := range carouselCards(comp) {
				h := componentOf(cardComponents(card), "HEADER")
				if f, _ := h["format"].(string); isMediaFormat(f) {
					t.mediaURLs[cardHeaderKey(i)] = cdnSampleURL(f, expires)
				}
			}
		}
	}
}

func cdnSampleURL(format string, expires time.Time) string {
	return fmt.Sprintf("https://scontent.whatsapp.net/v/t61.29466-34/%s_%s_n.%s?ccb=1-7&_nc_sid=8b1bef&_nc_ohc=%s&_nc_ht=scontent.whatsapp.net&oh=01_%s&oe=%X",
		randomFrom("0123456789", 9), randomFrom("0123456789", 16), mediaExtensions[format], randomAlnum(11), randomAlnum(40), expires.Unix())
}

// withSampleURL returns a copy of a header component whose sample is the
// CDN URL, when the header has media and a URL.
func withSampleURL(header map[string]any, url string) map[string]any {
	out := deepCopy(header).(map[string]any)
	if url != "" && isMediaFormat(out["format"]) {
		out["example"] = map[string]any{"header_handle": []any{url}}
	}
	return out
}

// TemplateSampleHandles returns the sample handles a template's media headers were created or
// last edited with, keyed "header" and "cards/<n>/header" (n from 0): what reads show as URLs.
func (e *Emulator) TemplateSampleHandles(templateID string) map[string]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := e.store.nodes[templateID].(*template)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, comp := range t.components {
		switch comp["type"] {
		case "HEADER":
			if h := headerHandle(comp); h != "" {
				out[topHeaderKey] = h
			}
		case "CAROUSEL":
			for i, card := range carouselCards(comp) {
				if h := headerHandle(componentOf(cardComponents(card), "HEADER")); h != "" {
					out[cardHeaderKey(i)] = h
				}
			}
		}
	}
	return out
}
