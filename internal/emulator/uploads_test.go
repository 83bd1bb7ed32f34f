package emulator

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// startUpload starts an upload session for a file and returns its id as Graph hands it out.
func (h *harness) startUpload(name, fileType string, length int) string {
	h.t.Helper()
	q := url.Values{"file_name": {name}, "file_length": {strconv.Itoa(length)}, "file_type": {fileType}}
	r := h.mustOK(h.call(http.MethodPost, "/v23.0/"+h.seed.AppID+"/uploads?"+q.Encode(), nil))
	id := r.str("id")
	if !strings.HasPrefix(id, "upload:") || !strings.Contains(id, "?sig=") {
		h.t.Fatalf("want an upload:<session>?sig=… id, got %s", r.raw)
	}
	return id
}

// sendFileData posts file data to a session, the token in an "OAuth" Authorization header.
func (h *harness) sendFileData(session string, offset string, data []byte) reply {
	h.t.Helper()
	headers := map[string]string{"Authorization": "OAuth " + h.seed.AccessToken}
	if offset != "" {
		headers["file_offset"] = offset
	}
	return h.raw(http.MethodPost, "/v23.0/"+session, data, headers)
}

// uploadStatus reads a session's status with the token in a "Bearer" Authorization header.
func (h *harness) uploadStatus(session string) reply {
	h.t.Helper()
	return h.raw(http.MethodGet, "/v23.0/"+session, nil, map[string]string{"Authorization": "Bearer " + h.seed.AccessToken})
}

// raw sends a body as is, with curl --data-binary's Content-Type.
func (h *harness) raw(method, path string, body []byte, headers map[string]string) reply {
	h.t.Helper()
	var rdr io.Reader
	if body != nil {
		rdr = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rdr)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func (r reply) fileOffset() int {
	n, _ := r.body["file_offset"].(float64)
	return int(n)
}

func TestUploadSessionIssuesHandle(t *testing.T) {
	h := newHarness(t, Options{})
	file := []byte("\xff\xd8\xff\xe0 a small jpeg")
	session := h.startUpload("photo.jpg", "image/jpeg", len(file))

	if st := h.mustOK(h.uploadStatus(session)); st.fileOffset() != 0 || st.str("id") != session {
		t.Fatalf("a new session has received nothing: %s", st.raw)
	}
	r := h.mustOK(h.sendFileData(session, "0", file))
	handle := r.str("h")
	parts := strings.Split(handle, ":")
	if len(parts) != 9 || parts[0] != "4" || parts[4] != "e" || parts[6] != h.seed.AppID {
		t.Fatalf("want a handle shaped like Meta's 4:<name>:<type>:…:e:<time>:<app>:<user>:<sig>, got %q", handle)
	}
	if name, _ := base64.StdEncoding.DecodeString(parts[1]); string(name) != "photo.jpg" {
		t.Errorf("the handle names the file %q", name)
	}
	if typ, _ := base64.StdEncoding.DecodeString(parts[2]); string(typ) != "image/jpeg" {
		t.Errorf("the handle types the file %q", typ)
	}
	if !profilePictureHandlePattern.MatchString(handle) {
		t.Errorf("the business profile refuses the handle's shape: %q", handle)
	}
	typ, size, ok := h.e.store.uploadedMedia(handle)
	if !ok || typ != "image/jpeg" || size != len(file) {
		t.Errorf("uploadedMedia = %q, %d, %v", typ, size, ok)
	}
	if f, ok := h.e.UploadedFile(handle); !ok || f.Name != "photo.jpg" || f.AppID != h.seed.AppID {
		t.Errorf("UploadedFile = %+v, %v", f, ok)
	}
	if st := h.mustOK(h.uploadStatus(session)); st.fileOffset() != len(file) {
		t.Errorf("a complete session reports every byte: %s", st.raw)
	}
	if again := h.mustOK(h.sendFileData(session, strconv.Itoa(len(file)), nil)); again.str("h") != handle {
		t.Errorf("a complete session gives its handle again at its end: %s", again.raw)
	}
	var posts int
	for _, rec := range h.e.Requests() {
		if rec.Method == http.MethodPost && strings.HasPrefix(rec.Path, "/v23.0/upload:") {
			posts++
			if posts == 1 && rec.BodyBytes != len(file) {
				t.Errorf("the request log counts %d body bytes, want %d", rec.BodyBytes, len(file))
			}
		}
	}
	if posts != 2 {
		t.Errorf("want both file data calls in the request log, got %d", posts)
	}
}

func TestUploadSessionResumesFromReportedOffset(t *testing.T) {
	h := newHarness(t, Options{})
	file := bytes.Repeat([]byte("0123456789"), 10)
	session := h.startUpload("brochure.pdf", "application/pdf", len(file))

	first := h.mustOK(h.sendFileData(session, "0", file[:30]))
	if first.str("h") != "" || first.fileOffset() != 30 {
		t.Fatalf("a partial transfer is kept and answered with the offset: %s", first.raw)
	}
	offset := h.mustOK(h.uploadStatus(session)).fileOffset()
	if offset != 30 {
		t.Fatalf("GET reports %d bytes, want 30", offset)
	}
	h.wantError(h.sendFileData(session, "0", file), http.StatusBadRequest, 100, 0)
	r := h.mustOK(h.sendFileData(session, strconv.Itoa(offset), file[offset:]))
	if typ, size, ok := h.e.store.uploadedMedia(r.str("h")); !ok || typ != "application/pdf" || size != len(file) {
		t.Errorf("the resumed upload holds %q, %d bytes (%v)", typ, size, ok)
	}
}

func TestUploadSessionErrors(t *testing.T) {
	h := newHarness(t, Options{})
	uploads := "/v23.0/" + h.seed.AppID + "/uploads?"
	for name, tc := range map[string]struct {
		query   string
		message string
	}{
		"no file_length":       {"file_name=a.png&file_type=image/png", "file_length is required"},
		"file_length not int":  {"file_name=a.png&file_type=image/png&file_length=big", "file_length must be an integer"},
		"file_length zero":     {"file_name=a.png&file_type=image/png&file_length=0", "positive"},
		"no file_type":         {"file_name=a.png&file_length=10", "file_type is required"},
		"file_type not listed": {"file_name=a.gif&file_type=image/gif&file_length=10", "must be one of {application/pdf, image/jpeg"},
		"no file_name":         {"file_type=image/png&file_length=10", "file_name is required"},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.call(http.MethodPost, uploads+tc.query, nil)
			h.wantError(r, http.StatusBadRequest, 100, 0)
			if msg, _ := r.errorField("message").(string); !strings.Contains(msg, tc.message) {
				t.Errorf("message %q should say %q", msg, tc.message)
			}
		})
	}

	t.Run("another app", func(t *testing.T) {
		other := h.e.AddForeignApp("Other App")
		h.wantError(h.call(http.MethodPost, "/v23.0/"+other.AppID+"/uploads?file_name=a.png&file_type=image/png&file_length=1", nil),
			http.StatusForbidden, 200, 0)
		// The other app's own token may start a session on it, which the seeded token cannot see.
		r := h.mustOK(h.callWith(http.MethodPost, "/v23.0/"+other.AppID+"/uploads?file_name=a.png&file_type=image/png&file_length=1", nil,
			map[string]string{"Authorization": "Bearer " + other.AccessToken}))
		h.wantError(h.uploadStatus(r.str("id")), http.StatusBadRequest, 100, 33)
		mine := h.startUpload("a.png", "image/png", 1)
		h.wantError(h.callWith(http.MethodGet, "/v23.0/"+mine, nil, map[string]string{"Authorization": "OAuth " + other.AccessToken}),
			http.StatusBadRequest, 100, 33)
	})

	t.Run("not an app", func(t *testing.T) {
		h.wantError(h.call(http.MethodPost, "/v23.0/"+h.seed.BusinessAccountID+"/uploads?file_name=a.png&file_type=image/png&file_length=1", nil),
			http.StatusBadRequest, 100, 0)
	})

	session := h.startUpload("a.png", "image/png", 10)
	t.Run("unknown session", func(t *testing.T) {
		h.wantError(h.sendFileData("upload:bm90IGEgc2Vzc2lvbg==?sig=ARx", "0", []byte("x")), http.StatusBadRequest, 100, 33)
	})
	t.Run("wrong or missing signature", func(t *testing.T) {
		base, _, _ := strings.Cut(session, "?")
		h.wantError(h.sendFileData(base+"?sig=ARwrong", "0", []byte("x")), http.StatusBadRequest, 100, 33)
		h.wantError(h.uploadStatus(base), http.StatusBadRequest, 100, 33)
	})
	t.Run("token only in the query", func(t *testing.T) {
		r := h.raw(http.MethodPost, "/v23.0/"+session+"&access_token="+h.seed.AccessToken, []byte("x"), map[string]string{"file_offset": "0"})
		h.wantError(r, http.StatusUnauthorized, 104, 0)
	})
	t.Run("no file_offset header", func(t *testing.T) {
		r := h.sendFileData(session+"&file_offset=0", "", []byte("x"))
		h.wantError(r, http.StatusBadRequest, 100, 0)
		if msg, _ := r.errorField("message").(string); !strings.Contains(msg, "file_offset is required") {
			t.Errorf("message %q", msg)
		}
	})
	t.Run("file_offset not a number", func(t *testing.T) {
		h.wantError(h.sendFileData(session, "-1", []byte("x")), http.StatusBadRequest, 100, 0)
		h.wantError(h.sendFileData(session, "zero", []byte("x")), http.StatusBadRequest, 100, 0)
	})
	t.Run("file_offset ahead of the session", func(t *testing.T) {
		r := h.sendFileData(session, "4", []byte("x"))
		h.wantError(r, http.StatusBadRequest, 100, 0)
		if msg, _ := r.errorField("message").(string); !strings.Contains(msg, "has received 0 bytes") {
			t.Errorf("message %q", msg)
		}
	})
	t.Run("body larger than file_length", func(t *testing.T) {
		r := h.sendFileData(session, "0", bytes.Repeat([]byte("x"), 11))
		h.wantError(r, http.StatusBadRequest, 100, 0)
		if got := h.mustOK(h.uploadStatus(session)).fileOffset(); got != 0 {
			t.Errorf("a refused body is not kept: offset %d", got)
		}
	})
}

func TestProfilePictureTakesOnlyUploadedImages(t *testing.T) {
	h := newHarness(t, Options{})
	upload := func(name, fileType string, size int) string {
		session := h.startUpload(name, fileType, size)
		return h.mustOK(h.sendFileData(session, "0", bytes.Repeat([]byte("x"), size))).str("h")
	}
	setPicture := func(handle string) reply {
		return h.call(http.MethodPost, h.profilePath(), map[string]any{"messaging_product": "whatsapp", "profile_picture_handle": handle})
	}

	h.mustOK(setPicture(upload("logo.png", "image/png", 64)))
	if h.profile("profile_picture_url")["profile_picture_url"] == nil {
		t.Fatal("an uploaded image becomes the profile picture")
	}
	for name, handle := range map[string]string{
		"a PDF":            upload("menu.pdf", "application/pdf", 64),
		"a video":          upload("clip.mp4", "video/mp4", 64),
		"an image of 6 MB": upload("huge.jpg", "image/jpeg", 6<<20),
	} {
		r := setPicture(handle)
		h.wantError(r, http.StatusBadRequest, 100, 0)
		if msg, _ := r.errorField("message").(string); !strings.Contains(msg, "profile picture handle is invalid") {
			t.Errorf("%s: message %q", name, msg)
		}
	}
	// A handle of the documented shape that the emulator did not issue stays accepted.
	h.mustOK(setPicture("4::aW1hZ2UvanBlZw==:ARa1ZDhwbLZM3EENeeg:e:1759995302:2022308451254161:636685196:ARZf1f"))
}

// upload uploads a whole file and returns its handle.
func (h *harness) upload(name, fileType string, file []byte) string {
	h.t.Helper()
	return h.mustOK(h.sendFileData(h.startUpload(name, fileType, len(file)), "0", file)).str("h")
}

// Handles the emulator issued are media headers' samples only when the header can show the file.
func TestUploadedHandlesAsTemplateSamples(t *testing.T) {
	h := newHarness(t, Options{})
	png := h.upload("sample.png", "image/png", []byte("\x89PNG a small picture"))
	pdf := h.upload("terms.pdf", "application/pdf", []byte("%PDF-1.7 terms"))

	ok := tmpl("MARKETING", imageHeader(png), body("New arrivals are in."))
	ok["name"] = "uploaded_image"
	h.create(ok)
	doc := tmpl("UTILITY", header("DOCUMENT", "example", map[string]any{"header_handle": []any{pdf}}), body("Your terms are attached."))
	doc["name"] = "uploaded_document"
	h.create(doc)

	wrong := tmpl("MARKETING", imageHeader(pdf), body("New arrivals are in."))
	r := h.call(http.MethodPost, h.templatesPath(), wrong)
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if msg, _ := r.errorField("error_user_msg").(string); !strings.Contains(msg, "IMAGE") || !strings.Contains(msg, "application/pdf") {
		t.Errorf("the error should say the header is IMAGE and the sample a PDF: %s", r.raw)
	}
	cards := mediaCards(2)
	cards[1] = card(imageHeader(pdf), buttons(quickReply("Send me more like this!"), urlButton("https://www.luckyshrub.com/rare-succulents/{{1}}", "PLANT_1")))
	r = h.call(http.MethodPost, h.templatesPath(), carouselTemplate(cards...))
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if msg, _ := r.errorField("error_user_msg").(string); !strings.Contains(msg, "card") {
		t.Errorf("the error should name the card: %s", r.raw)
	}
}
