package graph

import (
	"bytes"
	"strings"
	"testing"
)

func TestMediaLimits(t *testing.T) {
	for format, want := range map[string]struct {
		types    string
		maxBytes int64
	}{
		"IMAGE":             {"image/jpeg,image/png", 5 << 20},
		"video":             {"video/mp4", 16 << 20},
		"Document":          {"application/pdf", 100 << 20},
		MediaProfilePicture: {"image/jpeg,image/png", 5 << 20},
		"TEXT":              {"", 0},
		"LOCATION":          {"", 0},
	} {
		types, maxBytes := MediaLimits(format)
		if strings.Join(types, ",") != want.types || maxBytes != want.maxBytes {
			t.Errorf("MediaLimits(%q) = %v, %d; want %s, %d", format, types, maxBytes, want.types, want.maxBytes)
		}
	}
	types, _ := MediaLimits(MediaImage)
	types[0] = "changed"
	if again, _ := MediaLimits(MediaImage); again[0] != "image/jpeg" {
		t.Error("callers get a copy of the table's types")
	}
}

func TestCheckMedia(t *testing.T) {
	for _, tc := range []struct {
		format, mediaType string
		size              int64
		problem           string
	}{
		{MediaImage, "image/png", 5 << 20, ""},
		{MediaImage, "image/jpg", 1000, ""},
		{MediaImage, "image/png", 5<<20 + 1, "at most 5 MB"},
		{MediaImage, "image/gif", 1000, "an IMAGE header must be image/jpeg or image/png; this file is image/gif"},
		{MediaVideo, "video/3gpp", 1000, "must be video/mp4"},
		{MediaDocument, "application/pdf", 100 << 20, ""},
		{MediaProfilePicture, "video/mp4", 1000, "a profile picture must be"},
		{"TEXT", "text/plain", 10, "takes no uploaded file"},
	} {
		err := CheckMedia(tc.format, tc.mediaType, tc.size)
		switch {
		case tc.problem == "" && err != nil:
			t.Errorf("CheckMedia(%s, %s, %d): %v", tc.format, tc.mediaType, tc.size, err)
		case tc.problem != "" && (err == nil || !strings.Contains(err.Error(), tc.problem)):
			t.Errorf("CheckMedia(%s, %s, %d) = %v, want it to say %q", tc.format, tc.mediaType, tc.size, err, tc.problem)
		}
	}
}

func TestDetectMediaType(t *testing.T) {
	pad := bytes.Repeat([]byte{0}, 32)
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"photo.jpg", append([]byte("\xff\xd8\xff\xe0"), pad...), "image/jpeg"},
		{"mislabelled.png", append([]byte("\xff\xd8\xff\xdb"), pad...), "image/jpeg"},
		{"logo.png", append([]byte("\x89PNG\r\n\x1a\n"), pad...), "image/png"},
		{"menu.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "application/pdf"},
		{"clip.mp4", append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), pad...), "video/mp4"},
		{"clip.3gp", append([]byte("\x00\x00\x00\x14ftyp3gp5\x00\x00\x02\x003gp5"), pad...), "video/3gpp"},
		{"short.PNG", []byte{0x01, 0x02}, "image/png"},
		{"notes.txt", []byte("plain words"), "text/plain"},
		{"blob", []byte{0x00, 0x01, 0x02, 0x03}, "application/octet-stream"},
	} {
		if got := DetectMediaType(tc.name, tc.content); got != tc.want {
			t.Errorf("DetectMediaType(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
