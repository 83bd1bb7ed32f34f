package graph

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const testFlowJSON = `{
  "version": "7.0",
  "screens": [{
    "id": "DONE", "terminal": true,
    "layout": {"type": "SingleColumnLayout", "children": [
      {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
    ]}
  }]
}`

func TestFlowLifecycleThroughClient(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 2})
	ctx := context.Background()
	waba := emu.Seed().BusinessAccountID
	id, err := c.CreateFlow(ctx, waba, NewFlow{Name: "client flow", Categories: []string{"SIGN_UP", "OTHER"}})
	if err != nil {
		t.Fatal(err)
	}
	if body, err := c.DownloadFlowJSON(ctx, id); err != nil || body != nil {
		t.Fatalf("flow without JSON: %q %v", body, err)
	}
	errs, err := c.UploadFlowJSON(ctx, id, []byte(`{"version":"7.0","screens":[]}`))
	if err != nil || len(errs) != 1 || errs[0].Error != "MIN_ITEMS" || errs[0].Location() == "" || len(errs[0].Paths()) != 1 {
		t.Fatalf("invalid upload: %+v %v", errs, err)
	}
	if !strings.Contains(errs[0].String(), "/screens") {
		t.Fatalf("string: %s", errs[0].String())
	}
	if errs, err = c.UploadFlowJSON(ctx, id, []byte(testFlowJSON)); err != nil || len(errs) != 0 {
		t.Fatalf("valid upload: %+v %v", errs, err)
	}
	body, err := c.DownloadFlowJSON(ctx, id)
	if err != nil || string(body) != testFlowJSON {
		t.Fatalf("download: %q %v", body, err)
	}
	name, endpoint := "client flow 2", "https://flows.example.com/x"
	if err := c.UpdateFlowMetadata(ctx, id, FlowMetadata{Name: &name, Categories: []string{"SURVEY"}, EndpointURI: &endpoint}); err != nil {
		t.Fatal(err)
	}
	f, err := c.GetFlow(ctx, id)
	if err != nil || f.Name != name || f.Endpoint() != endpoint || f.JSONVersion != "7.0" || f.Status != FlowStatusDraft ||
		len(f.Categories) != 1 || f.Preview == nil || f.Preview.PreviewURL == "" || f.HealthStatus == nil || f.BusinessAccountID() != waba {
		t.Fatalf("get: %+v %v", f, err)
	}
	if err := c.PublishFlow(ctx, id); err != nil {
		t.Fatal(err)
	}
	err = c.DeleteFlow(ctx, id)
	var ge *Error
	if !errors.As(err, &ge) || ge.Code != CodeFlowNotDeletable {
		t.Fatalf("delete published: %v", err)
	}
	if _, err := c.UploadFlowJSON(ctx, id, []byte(testFlowJSON)); !errors.As(err, &ge) || ge.Code != CodeFlowNotUpdatable {
		t.Fatalf("upload to published: %v", err)
	}
	if err := c.DeprecateFlow(ctx, id); err != nil {
		t.Fatal(err)
	}
	// Deprecating twice is already done.
	if err := c.DeprecateFlow(ctx, id); err != nil {
		t.Fatalf("second deprecate: %v", err)
	}
	// Publishing a draft with errors fails with Meta's code.
	bad, _ := c.CreateFlow(ctx, waba, NewFlow{Name: "bad", Categories: []string{"OTHER"}})
	if err := c.PublishFlow(ctx, bad); !errors.As(err, &ge) || ge.Code != CodeFlowNotPublishable {
		t.Fatalf("publish without JSON: %v", err)
	}
	if err := c.DeleteFlow(ctx, bad); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteFlow(ctx, bad); err != nil {
		t.Fatalf("delete gone flow: %v", err)
	}
	if _, err := c.GetFlow(ctx, bad); !IsNotFound(err) {
		t.Fatalf("get deleted: %v", err)
	}
}

func TestListFlowsFollowsPages(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx := context.Background()
	waba := emu.Seed().BusinessAccountID
	for i := range 105 {
		if _, err := c.CreateFlow(ctx, waba, NewFlow{Name: "f" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Categories: []string{"OTHER"}}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.ListFlows(ctx, waba)
	if err != nil || len(all) != 105 {
		t.Fatalf("list: %d %v", len(all), err)
	}
	found, err := c.FindFlow(ctx, waba, "fzc")
	if err != nil || found == nil {
		t.Fatalf("find: %v %v", found, err)
	}
}

func TestCreateFlowReconcilesLostResponse(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 3})
	waba := emu.Seed().BusinessAccountID
	emu.AddFault(emulator.Fault{Method: "POST", PathRegex: "/flows$", LoseResponse: true, Times: 1})
	id, err := c.CreateFlow(context.Background(), waba, NewFlow{Name: "lost once", Categories: []string{"OTHER"}})
	if err != nil || id == "" {
		t.Fatalf("want the flow adopted after a lost response, got %q %v", id, err)
	}
	posts := 0
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("want exactly one create reaching Graph, got %d", posts)
	}
}

func TestPublishReconcilesLostResponse(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 2})
	ctx := context.Background()
	id, _ := c.CreateFlow(ctx, emu.Seed().BusinessAccountID, NewFlow{Name: "p", Categories: []string{"OTHER"}})
	if _, err := c.UploadFlowJSON(ctx, id, []byte(testFlowJSON)); err != nil {
		t.Fatal(err)
	}
	emu.AddFault(emulator.Fault{Method: "POST", PathRegex: "/publish$", LoseResponse: true, Times: 1})
	if err := c.PublishFlow(ctx, id); err != nil {
		t.Fatalf("publish with lost response: %v", err)
	}
}

// The download is not a Graph call: no token, no appsecret_proof, and the signed URL stays out
// of the logs.
func TestDownloadSendsNoTokenAndMasksSignedURL(t *testing.T) {
	const token, secret = "EAAdownloadtoken", "downloadsecret"
	const sig = "01_signaturevalue"
	var sawAuth, sawProof atomic.Bool
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			sawAuth.Store(true)
		}
		if r.URL.Query().Has("appsecret_proof") || r.URL.Query().Has("access_token") {
			sawProof.Store(true)
		}
		if calls.Add(1) == 1 {
			http.Error(w, "try later", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"version":"7.0"}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: "https://graph.example.com", AccessToken: token, AppSecret: secret, MaxRetries: 2, RetryMinWait: 1, RetryMaxWait: 2})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	body, err := c.download(ctx, srv.URL+"/m1/v/t24/abc?oh="+sig+"&oe=6A00", 1024)
	if err != nil || string(body) != `{"version":"7.0"}` {
		t.Fatalf("download: %q %v", body, err)
	}
	if sawAuth.Load() || sawProof.Load() {
		t.Fatal("the download sent Graph credentials")
	}
	out := logs.String()
	if !strings.Contains(out, "download response") {
		t.Fatalf("download not logged:\n%s", out)
	}
	for _, s := range []string{sig, token} {
		if strings.Contains(out, s) {
			t.Errorf("%q appears in the logs:\n%s", s, out)
		}
	}
	// A CDN refusal is an error naming the status.
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "URL signature expired", http.StatusForbidden)
	}))
	defer srv2.Close()
	_, err = c.download(context.Background(), srv2.URL+"/x?oh=1", 1024)
	var de *DownloadError
	if !errors.As(err, &de) || de.Status != http.StatusForbidden || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("refused download: %v", err)
	}
	if _, err := c.download(context.Background(), "not a url", 10); err == nil {
		t.Fatal("bad URL accepted")
	}
}
