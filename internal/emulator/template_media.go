package emulator

import (
	"fmt"
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
func (c *call) checkMediaHandle(format, handle, where string) *graphError {
	if handle == "" {
		return invalid("Header sample missing",
			"A %s %s needs a sample: example.header_handle with an uploaded media handle.", format, where)
	}
	return nil
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
