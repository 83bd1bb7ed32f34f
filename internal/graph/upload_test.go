package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// testJPEG is a file the sniffer takes for a JPEG, 4 KiB long.
var testJPEG = append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{0x42}, 4096-11)...)

// fileDataCalls lists the logged calls to upload:<session> nodes.
func fileDataCalls(emu *emulator.Emulator) []emulator.RequestRecord {
	var out []emulator.RequestRecord
	for _, r := range emu.Requests() {
		if strings.Contains(r.Path, "/upload:") {
			out = append(out, r)
		}
	}
	return out
}

func TestUploadMediaReturnsHandle(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	seed := emu.Seed()
	handle, err := c.UploadMedia(context.Background(), seed.AppID, UploadFile{Name: "banner.jpg", Type: "image/jpeg", Content: testJPEG})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := emu.UploadedFile(handle)
	if !ok || f.Name != "banner.jpg" || f.Type != "image/jpeg" || f.Size != len(testJPEG) || f.AppID != seed.AppID {
		t.Fatalf("the emulator holds %+v (%v) for handle %q", f, ok, handle)
	}
	calls := fileDataCalls(emu)
	if len(calls) != 1 || calls[0].Method != http.MethodPost || !strings.HasPrefix(calls[0].Path, "/v23.0/upload:") ||
		!strings.Contains(calls[0].Query, "sig=") || calls[0].BodyBytes != len(testJPEG) {
		t.Fatalf("want one pinned, signed POST of the whole file, got %+v", calls)
	}
}

func TestUploadMediaResumesFromReportedOffset(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault emulator.Fault
		// resentBytes is what the call after the interruption sends.
		resentBytes int
	}{
		{"connection cut while the body arrives",
			emulator.Fault{Method: http.MethodPost, PathRegex: `/upload:`, DropAfterBodyBytes: 1000, Times: 1}, len(testJPEG) - 1000},
		{"connection dropped before the body arrives",
			emulator.Fault{Method: http.MethodPost, PathRegex: `/upload:`, DropConnection: true, Times: 1}, len(testJPEG)},
		{"response lost after the whole file arrived",
			emulator.Fault{Method: http.MethodPost, PathRegex: `/upload:`, LoseResponse: true, Times: 1}, 0},
		{"server error",
			emulator.Fault{Method: http.MethodPost, PathRegex: `/upload:`, HTTPStatus: http.StatusInternalServerError, Times: 1}, len(testJPEG)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 2})
			emu.AddFault(tc.fault)
			handle, err := c.UploadMedia(context.Background(), emu.Seed().AppID, UploadFile{Name: "banner.jpg", Type: "image/jpeg", Content: testJPEG})
			if err != nil {
				t.Fatal(err)
			}
			if f, ok := emu.UploadedFile(handle); !ok || f.Size != len(testJPEG) {
				t.Fatalf("the handle names %+v (%v)", f, ok)
			}
			calls := fileDataCalls(emu)
			if len(calls) != 3 || calls[1].Method != http.MethodGet || calls[2].Method != http.MethodPost {
				t.Fatalf("want the interrupted POST, a GET of the offset and one more POST, got %+v", calls)
			}
			if calls[2].BodyBytes != tc.resentBytes {
				t.Errorf("the resumed POST sent %d bytes, want %d: it must start at the reported offset", calls[2].BodyBytes, tc.resentBytes)
			}
			if got := c.Stats().Retries; got != 1 {
				t.Errorf("want the resume counted as one retry, got %d", got)
			}
		})
	}
}

func TestUploadMediaGivesUpWithoutRetries(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: `/upload:`, DropAfterBodyBytes: 10, Times: 1})
	_, err := c.UploadMedia(context.Background(), emu.Seed().AppID, UploadFile{Name: "banner.jpg", Type: "image/jpeg", Content: testJPEG})
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("want the transport error, got %v", err)
	}
}

func TestUploadMediaReportsMetaErrors(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 2})
	other := emu.AddForeignApp("Other App")
	file := UploadFile{Name: "banner.jpg", Type: "image/jpeg", Content: testJPEG}
	if _, err := c.UploadMedia(context.Background(), other.AppID, file); !IsPermission(err) {
		t.Errorf("an app other than the token's: want a permission error, got %v", err)
	}
	file.Type = "image/gif"
	if _, err := c.UploadMedia(context.Background(), emu.Seed().AppID, file); !hasCode(err, CodeInvalidParameter) || !strings.Contains(err.Error(), "file_type") {
		t.Errorf("a type Meta does not upload: want code 100 about file_type, got %v", err)
	}
	if _, err := c.UploadMedia(context.Background(), emu.Seed().AppID, UploadFile{Name: "empty.png", Type: "image/png"}); err == nil {
		t.Error("an empty file is refused before any call")
	}
}

func TestUploadMediaKeepsTokenAndFileOutOfLogs(t *testing.T) {
	const secret = "appsecret456"
	opts := emulator.Options{AppSecret: secret, RequireAppSecretProof: true}
	c, emu := newEmulatorClient(t, opts, Config{AppSecret: secret, MaxRetries: 1})
	emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: `/upload:`, DropAfterBodyBytes: 100, Times: 1})
	token := emu.Seed().AccessToken
	marker := []byte("FILE-CONTENT-MARKER")
	content := append(append([]byte{}, testJPEG...), marker...)

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	if _, err := c.UploadMedia(ctx, emu.Seed().AppID, UploadFile{Name: "banner.jpg", Type: "image/jpeg", Content: content}); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "/upload:") || !strings.Contains(out, "file_offset") || !strings.Contains(out, "body_bytes") {
		t.Fatalf("want the file data calls logged with their offset and size, got:\n%s", out)
	}
	for name, s := range map[string]string{"token": token, "appsecret_proof": AppSecretProof(token, secret), "file content": string(marker)} {
		if strings.Contains(out, s) {
			t.Errorf("the %s appears in the logs:\n%s", name, out)
		}
	}
}

func TestSessionPathMovesSignatureToQuery(t *testing.T) {
	path, q := sessionPath("upload:MTphdHRhY2htZW50=?sig=ARZqk_GCA")
	if path != "upload:MTphdHRhY2htZW50=" || q.Get("sig") != "ARZqk_GCA" {
		t.Errorf("got %q, %v", path, q)
	}
	if path, q := sessionPath("upload:abc"); path != "upload:abc" || q != nil {
		t.Errorf("an unsigned id stays whole: %q, %v", path, q)
	}
}

func TestFileDataCallsFollowMetasGuide(t *testing.T) {
	var seen []*http.Request
	var bodies [][]byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		seen, bodies = append(seen, r), append(bodies, body)
		if strings.HasSuffix(r.URL.Path, "/uploads") {
			fmt.Fprint(w, `{"id":"upload:c2Vzc2lvbg==?sig=ARsig"}`)
			return
		}
		fmt.Fprint(w, `{"h":"4::aW1hZ2UvanBlZw==:ARx"}`)
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, AccessToken: "tok123", APIVersion: "v24.0"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UploadMedia(context.Background(), "42", UploadFile{Name: "a.jpg", Type: "image/jpeg", Content: testJPEG}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 {
		t.Fatalf("want two calls, got %d", len(seen))
	}
	data := seen[1]
	if data.URL.Path != "/v24.0/upload:c2Vzc2lvbg==" || data.URL.Query().Get("sig") != "ARsig" {
		t.Errorf("file data went to %s?%s", data.URL.Path, data.URL.RawQuery)
	}
	for header, want := range map[string]string{"Authorization": "OAuth tok123", "file_offset": "0", "Content-Type": "image/jpeg"} {
		if got := data.Header.Get(header); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}
	if !bytes.Equal(bodies[1], testJPEG) {
		t.Error("the body is the file, byte for byte")
	}
	if got := seen[0].Header.Get("Authorization"); got != "Bearer tok123" {
		t.Errorf("other calls keep the Bearer scheme, got %q", got)
	}
}
