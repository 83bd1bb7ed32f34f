package graph

import (
	"fmt"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
)

// Media kinds MediaLimits knows: the template header formats that take an uploaded file, and the
// business profile picture.
const (
	MediaImage          = "IMAGE"
	MediaVideo          = "VIDEO"
	MediaDocument       = "DOCUMENT"
	MediaProfilePicture = "PROFILE_PICTURE"
)

// megabyte is how the limits below read Meta's "MB": as MiB, the looser reading, so that a check
// before the upload never refuses a file Meta takes.
const megabyte = 1 << 20

type mediaLimit struct {
	what     string // for messages: "an IMAGE header"
	types    []string
	maxBytes int64
}

// mediaLimits are Meta's documented limits. Sizes: WhatsApp Cloud API "Supported media types"
// (image 5 MB, video 16 MB, document 100 MB) and the profile photo reference ("max size of 5MB").
// Types: those of Meta's supported media types that the Resumable Upload API takes as file_type
// (application/pdf, image/jpeg, image/jpg, image/png, video/mp4); video/3gpp and the office
// formats can be sent in messages but not uploaded for a template header.
var mediaLimits = map[string]mediaLimit{
	MediaImage:          {"an IMAGE header", []string{"image/jpeg", "image/png"}, 5 * megabyte},
	MediaVideo:          {"a VIDEO header", []string{"video/mp4"}, 16 * megabyte},
	MediaDocument:       {"a DOCUMENT header", []string{"application/pdf"}, 100 * megabyte},
	MediaProfilePicture: {"a profile picture", []string{"image/jpeg", "image/png"}, 5 * megabyte},
}

// MediaLimits returns the MIME types and the largest size in bytes Meta takes for media of a
// format: a template header format (IMAGE, VIDEO, DOCUMENT, in any case) or
// MediaProfilePicture. A format without uploaded media (TEXT, LOCATION) returns nil, 0.
func MediaLimits(format string) (types []string, maxBytes int64) {
	l, ok := mediaLimits[strings.ToUpper(format)]
	if !ok {
		return nil, 0
	}
	return slices.Clone(l.types), l.maxBytes
}

// CheckMedia reports why a file of mediaType and size cannot be media of format, or nil when it
// can. image/jpg counts as image/jpeg, as the Resumable Upload API takes both.
func CheckMedia(format, mediaType string, size int64) error {
	l, ok := mediaLimits[strings.ToUpper(format)]
	if !ok {
		return fmt.Errorf("%s media takes no uploaded file: the formats that do are IMAGE, VIDEO and DOCUMENT", format)
	}
	if mediaType == "image/jpg" {
		mediaType = "image/jpeg"
	}
	if !slices.Contains(l.types, mediaType) {
		return fmt.Errorf("%s must be %s; this file is %s", l.what, strings.Join(l.types, " or "), mediaType)
	}
	if size > l.maxBytes {
		return fmt.Errorf("%s may have at most %d MB (%d bytes); this file has %d bytes", l.what, l.maxBytes/megabyte, l.maxBytes, size)
	}
	return nil
}

// mediaExtensions types the files Meta's media tables name by their extension, for content the
// sniffer cannot tell (3GPP video, a file too short to recognise).
var mediaExtensions = map[string]string{
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".mp4":  "video/mp4",
	".3gp":  "video/3gpp",
	".3gpp": "video/3gpp",
	".pdf":  "application/pdf",
}

// DetectMediaType returns a file's MIME type, without parameters. The content decides when
// net/http's sniffer recognises it (so a JPEG named .png is image/jpeg); otherwise the extension
// of name does, for the types Meta's media tables list; otherwise it is what the sniffer said
// (application/octet-stream or text/plain).
func DetectMediaType(name string, content []byte) string {
	sniffed, _, err := mime.ParseMediaType(http.DetectContentType(content))
	if err != nil {
		sniffed = "application/octet-stream"
	}
	if sniffed != "application/octet-stream" && sniffed != "text/plain" {
		return sniffed
	}
	if t, ok := mediaExtensions[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return sniffed
}
