package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

func TestUploadSessionKeepsBytesOfCutConnection(t *testing.T) {
	h := newHarness(t, Options{})
	file := bytes.Repeat([]byte("x"), 4096)
	session := h.startUpload("clip.mp4", "video/mp4", len(file))
	h.e.AddFault(Fault{Method: http.MethodPost, PathRegex: `/upload:`, DropAfterBodyBytes: 1000, Times: 1})

	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/v23.0/"+session, bytes.NewReader(file))
	req.Header.Set("Authorization", "OAuth "+h.seed.AccessToken)
	req.Header.Set("file_offset", "0")
	if resp, err := h.srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("want the connection cut, got HTTP %d", resp.StatusCode)
	}
	if got := h.mustOK(h.uploadStatus(session)).fileOffset(); got != 1000 {
		t.Fatalf("the session keeps the bytes that arrived: offset %d, want 1000", got)
	}
	recs := h.e.Requests()
	cut := recs[len(recs)-2]
	if !cut.DroppedConnection || cut.BodyBytes != 1000 {
		t.Errorf("the log shows the cut call with its 1000 bytes: %+v", cut)
	}
	h.mustOK(h.sendFileData(session, "1000", file[1000:]))
}

func TestCutConnectionLeavesOtherCallsUnhandled(t *testing.T) {
	h := newHarness(t, Options{})
	h.e.AddFault(Fault{Method: http.MethodPost, PathRegex: `/whatsapp_business_profile$`, DropAfterBodyBytes: 5, Times: 1})
	body, _ := json.Marshal(map[string]any{"messaging_product": "whatsapp", "about": "Cut short"})
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+h.profilePath(), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+h.seed.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := h.srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("want the connection cut")
	}
	if about := h.profile("about")["about"]; about != nil {
		t.Errorf("a call cut short changes nothing, got about %v", about)
	}
}

func TestCutConnectionFaultFields(t *testing.T) {
	for _, f := range []Fault{
		{DropAfterBodyBytes: -1},
		{DropAfterBodyBytes: 10, DropConnection: true},
		{DropAfterBodyBytes: 10, LoseResponse: true},
	} {
		if _, err := compileFault(f); err == nil {
			t.Errorf("want %+v refused", f)
		}
	}
}

func TestCutConnectionFaultThroughControlAPI(t *testing.T) {
	h := newHarness(t, Options{})
	status, out := h.control(http.MethodPost, "/_emulator/faults", `{"path_regex":"/upload:","drop_after_body_bytes":64,"times":1}`)
	if status != http.StatusOK {
		t.Fatalf("status %d: %v", status, out)
	}
	_, out = h.control(http.MethodGet, "/_emulator/faults", "")
	list, _ := out["data"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["drop_after_body_bytes"] != float64(64) {
		t.Errorf("the fault lists its cut: %v", out)
	}
	if status, _ := h.control(http.MethodPost, "/_emulator/faults", `{"drop_after_body_bytes":-1}`); status != http.StatusBadRequest {
		t.Errorf("a negative cut is refused, got %d", status)
	}
}
