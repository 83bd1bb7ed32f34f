package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// validFlowJSON is a one-screen Flow JSON that passes validation.
const validFlowJSON = `{
  "version": "7.0",
  "screens": [
    {
      "id": "WELCOME",
      "title": "Welcome",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextHeading", "text": "Hello"},
          {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
        ]
      }
    }
  ]
}`

func (h *harness) flowsPath() string { return "/v23.0/" + h.seed.BusinessAccountID + "/flows" }

// multipart sends a multipart/form-data request with value fields and file
// parts, as the Flows API expects.
func (h *harness) multipart(path string, fields map[string]string, files map[string]string) reply {
	h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			h.t.Fatal(err)
		}
	}
	for k, v := range files {
		w, err := mw.CreateFormFile(k, "flow.json")
		if err != nil {
			h.t.Fatal(err)
		}
		_, _ = w.Write([]byte(v))
	}
	if err := mw.Close(); err != nil {
		h.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, &buf)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+h.seed.AccessToken)
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func (h *harness) createFlow(name string) string {
	h.t.Helper()
	r := h.mustOK(h.multipart(h.flowsPath(), map[string]string{"name": name, "categories": `["SURVEY"]`}, nil))
	if r.str("id") == "" || len(r.body) != 1 {
		h.t.Fatalf("create flow response %s", r.raw)
	}
	return r.str("id")
}

func (h *harness) uploadFlowJSON(id, content string) reply {
	h.t.Helper()
	return h.multipart("/v23.0/"+id+"/assets", map[string]string{"name": "flow.json", "asset_type": "FLOW_JSON"},
		map[string]string{"file": content})
}

func validationErrors(r reply) []map[string]any {
	list, _ := r.body["validation_errors"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		m, _ := item.(map[string]any)
		out = append(out, m)
	}
	return out
}

func TestFlowCreateValidation(t *testing.T) {
	h := newHarness(t, Options{})
	cases := map[string]struct {
		fields        map[string]string
		code          int
		title, detail string
	}{
		"missing name":       {map[string]string{"categories": `["OTHER"]`}, 100, "", "name is required"},
		"missing categories": {map[string]string{"name": "x"}, 100, "", "categories is required"},
		"empty categories":   {map[string]string{"name": "x", "categories": `[]`}, 100, "", "at least 1"},
		"unknown category":   {map[string]string{"name": "x", "categories": `["OTHER","PARTY"]`}, 100, "", `categories[1] must be one of`},
		"not json":           {map[string]string{"name": "x", "categories": `OTHER`}, 100, "", "valid JSON"},
		"endpoint not https": {map[string]string{"name": "x", "categories": `["OTHER"]`, "endpoint_uri": "http://example.com"}, 100, "Invalid Endpoint URI", ""},
		"clone unknown":      {map[string]string{"name": "x", "categories": `["OTHER"]`, "clone_flow_id": "123456789012345"}, 100, "Flow with specified ID does not exist", ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := h.multipart(h.flowsPath(), tc.fields, nil)
			h.wantError(r, http.StatusBadRequest, tc.code, 0)
			if tc.title != "" && r.errorField("error_user_title") != tc.title {
				t.Fatalf("title: %s", r.raw)
			}
			if msg, _ := r.errorField("message").(string); tc.detail != "" && !strings.Contains(msg, tc.detail) {
				t.Fatalf("message: %s", r.raw)
			}
		})
	}
	id := h.createFlow("signup")
	r := h.multipart(h.flowsPath(), map[string]string{"name": "signup", "categories": `["OTHER"]`}, nil)
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if r.errorField("error_user_title") != "Flow name is not unique" {
		t.Fatalf("duplicate name: %s", r.raw)
	}
	// A JSON body works too, with categories as a real array.
	r = h.mustOK(h.call(http.MethodPost, h.flowsPath(), map[string]any{"name": "json body", "categories": []any{"SIGN_UP", "SIGN_UP", "OTHER"}}))
	got := h.mustOK(h.call(http.MethodGet, "/v23.0/"+r.str("id"), nil))
	if cats, _ := got.body["categories"].([]any); len(cats) != 2 {
		t.Fatalf("categories not de-duplicated: %s", got.raw)
	}
	if id == "" {
		t.Fatal("no id")
	}
}

func TestFlowReadShape(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.createFlow("read shape")
	r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id, nil))
	want := []string{"categories", "id", "name", "status", "validation_errors"}
	if got := sortedKeys(r.body); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("default fields %v, want %v", got, want)
	}
	if r.str("status") != "DRAFT" {
		t.Fatalf("status %s", r.raw)
	}
	h.mustOK(h.uploadFlowJSON(id, validFlowJSON))
	r = h.mustOK(h.call(http.MethodGet, "/v23.0/"+id+"?fields=json_version,preview,health_status,whatsapp_business_account,application,data_api_version", nil))
	if r.str("json_version") != "7.0" {
		t.Fatalf("json_version: %s", r.raw)
	}
	if _, has := r.body["data_api_version"]; has {
		t.Fatalf("data_api_version without one in the JSON: %s", r.raw)
	}
	preview, _ := r.body["preview"].(map[string]any)
	previewURL, _ := preview["preview_url"].(string)
	if !strings.HasPrefix(previewURL, "https://business.facebook.com/wa/manage/flows/"+id+"/preview/?token=") || preview["expires_at"] == nil {
		t.Fatalf("preview: %s", r.raw)
	}
	again := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id+"?fields=preview&date_format=U", nil))
	p2, _ := again.body["preview"].(map[string]any)
	if p2["preview_url"] != previewURL {
		t.Fatalf("preview URL changed before expiry: %s", again.raw)
	}
	if _, isNumber := p2["expires_at"].(float64); !isNumber {
		t.Fatalf("date_format=U: %s", again.raw)
	}
	health, _ := r.body["health_status"].(map[string]any)
	if health["can_send_message"] != "AVAILABLE" {
		t.Fatalf("health: %s", r.raw)
	}
	waba, _ := r.body["whatsapp_business_account"].(map[string]any)
	if waba["id"] != h.seed.BusinessAccountID {
		t.Fatalf("waba: %s", r.raw)
	}
	r = h.call(http.MethodGet, "/v23.0/"+id+"?fields=screens", nil)
	h.wantError(r, http.StatusBadRequest, 100, 0)
}

func TestFlowListPaging(t *testing.T) {
	h := newHarness(t, Options{})
	for _, n := range []string{"a", "b", "c"} {
		h.createFlow("flow " + n)
	}
	r := h.mustOK(h.call(http.MethodGet, h.flowsPath()+"?limit=2", nil))
	if len(r.data()) != 2 {
		t.Fatalf("page 1: %s", r.raw)
	}
	paging, _ := r.body["paging"].(map[string]any)
	next, _ := paging["next"].(string)
	if next == "" {
		t.Fatalf("no next: %s", r.raw)
	}
	u, _ := url.Parse(next)
	r2 := h.mustOK(h.call(http.MethodGet, u.Path+"?"+u.RawQuery, nil))
	if len(r2.data()) != 1 || r2.data()[0]["name"] != "flow c" {
		t.Fatalf("page 2: %s", r2.raw)
	}
	if p2, _ := r2.body["paging"].(map[string]any); p2["next"] != nil {
		t.Fatalf("last page has next: %s", r2.raw)
	}
}

func TestFlowJSONUploadAndDownload(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.createFlow("assets")
	if r := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id+"/assets", nil)); len(r.data()) != 0 {
		t.Fatalf("assets before upload: %s", r.raw)
	}
	r := h.mustOK(h.uploadFlowJSON(id, validFlowJSON))
	if r.body["success"] != true || len(validationErrors(r)) != 0 {
		t.Fatalf("upload: %s", r.raw)
	}
	list := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id+"/assets", nil))
	assets := list.data()
	if len(assets) != 1 || assets[0]["asset_type"] != "FLOW_JSON" || assets[0]["name"] != "flow.json" {
		t.Fatalf("assets: %s", list.raw)
	}
	dl, _ := assets[0]["download_url"].(string)
	resp, err := http.Get(dl) // no token: signed URL
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != validFlowJSON {
		t.Fatalf("download %d: %q", resp.StatusCode, body)
	}
	// Downloads are not Graph calls.
	for _, rec := range h.e.Requests() {
		if strings.HasPrefix(rec.Path, flowAssetPrefix) {
			t.Fatalf("download recorded as a Graph call: %+v", rec)
		}
	}
	// A tampered signature and an expired URL are refused.
	u, _ := url.Parse(dl)
	q := u.Query()
	q.Set("oh", "01_0000")
	u.RawQuery = q.Encode()
	if resp, _ := http.Get(u.String()); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("tampered URL: %d", resp.StatusCode)
	}
	h.e.Advance(2 * time.Hour)
	if resp, _ := http.Get(dl); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("expired URL: %d", resp.StatusCode)
	}
	if resp, _ := http.Get(h.srv.URL + flowAssetPrefix + "nope"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown URL: %d", resp.StatusCode)
	}

	for name, fields := range map[string]map[string]string{
		"asset type":   {"name": "flow.json", "asset_type": "IMAGE"},
		"missing name": {"asset_type": "FLOW_JSON"},
	} {
		r := h.multipart("/v23.0/"+id+"/assets", fields, map[string]string{"file": validFlowJSON})
		if r.status != http.StatusBadRequest || r.code() != 100 {
			t.Fatalf("%s: %s", name, r.raw)
		}
	}
	r = h.multipart("/v23.0/"+id+"/assets", map[string]string{"name": "flow.json", "asset_type": "FLOW_JSON"}, nil)
	h.wantError(r, http.StatusBadRequest, 100, 0)
}

func TestFlowJSONValidationErrors(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.createFlow("validation")
	// Line 8 has an unknown component; line 4 a lowercase-with-digits id.
	doc := `{
  "version": "7.0",
  "screens": [
    {"id": "screen-1",
     "terminal": true,
     "layout": {"type": "SingleColumnLayout",
       "children": [
         {"type": "Carousel"},
         {"type": "Footer", "label": "Go", "on-click-action": {"name": "navigate", "next": {"type": "screen", "name": "NOWHERE"}, "payload": {}}}
       ]}}
  ],
  "colour": "blue"
}`
	r := h.mustOK(h.uploadFlowJSON(id, doc))
	errs := validationErrors(r)
	byCode := map[string]map[string]any{}
	for _, e := range errs {
		byCode[e["error"].(string)] = e
	}
	for _, code := range []string{"INVALID_PROPERTY", "INVALID_PROPERTY_VALUE", "INVALID_COMPONENT_TYPE", "INVALID_NAVIGATION_TARGET"} {
		if byCode[code] == nil {
			t.Fatalf("missing %s in %s", code, r.raw)
		}
	}
	comp := byCode["INVALID_COMPONENT_TYPE"]
	if comp["line_start"] != float64(8) || comp["column_start"] != float64(19) || comp["column_end"] != float64(28) {
		t.Fatalf("component span: %v", comp)
	}
	ptrs, _ := comp["pointers"].([]any)
	if len(ptrs) != 1 || ptrs[0].(map[string]any)["path"] != "/screens/0/layout/children/0/type" {
		t.Fatalf("pointers: %v", comp)
	}
	prop := byCode["INVALID_PROPERTY"]
	if !strings.Contains(prop["message"].(string), `The property "colour" cannot be specified at "$root"`) || prop["line_start"] != float64(12) {
		t.Fatalf("property error: %v", prop)
	}
	if byCode["INVALID_PROPERTY_VALUE"]["line_start"] != float64(4) {
		t.Fatalf("screen id error: %v", byCode["INVALID_PROPERTY_VALUE"])
	}
	// The flow keeps the invalid JSON and reports the errors on read.
	got := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id, nil))
	if len(validationErrors(got)) != len(errs) {
		t.Fatalf("read validation errors: %s", got.raw)
	}
	pub := h.call(http.MethodPost, "/v23.0/"+id+"/publish", nil)
	h.wantError(pub, http.StatusBadRequest, 139002, 0)
	if pub.errorField("error_user_title") != "Publishing Flow with validation errors" {
		t.Fatalf("publish with errors: %s", pub.raw)
	}
	// Fixing it clears the errors.
	if r := h.mustOK(h.uploadFlowJSON(id, validFlowJSON)); len(validationErrors(r)) != 0 {
		t.Fatalf("fixed upload: %s", r.raw)
	}
}

func TestFlowJSONRules(t *testing.T) {
	screen := func(id string, terminal bool, children string) string {
		return `{"id":"` + id + `","terminal":` + map[bool]string{true: "true", false: "false"}[terminal] +
			`,"layout":{"type":"SingleColumnLayout","children":[` + children + `]}}`
	}
	footer := `{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}`
	cases := map[string]struct {
		doc       string
		wantError string // validation error code; "" means valid
		refusal   string // error_user_title of a refused upload
	}{
		"valid":               {`{"version":"7.0","screens":[` + screen("DONE", true, footer) + `]}`, "", ""},
		"syntax":              {"{\"version\": \"7.0\",\n \"screens\": [}", "INVALID_JSON", ""},
		"missing version":     {`{"screens":[]}`, "", "Invalid Flow JSON version"},
		"unknown version":     {`{"version":"9.9","screens":[]}`, "", "Invalid Flow JSON version"},
		"bad data api":        {`{"version":"7.0","data_api_version":"1.0","screens":[]}`, "", "Invalid Flow JSON data_api_version"},
		"missing screens":     {`{"version":"7.0"}`, "MISSING_REQUIRED_PROPERTY", ""},
		"empty screens":       {`{"version":"7.0","screens":[]}`, "MIN_ITEMS", ""},
		"reserved id":         {`{"version":"7.0","screens":[` + screen("SUCCESS", true, footer) + `]}`, "INVALID_PROPERTY_VALUE", ""},
		"duplicate id":        {`{"version":"7.0","screens":[` + screen("A", true, footer) + `,` + screen("A", true, footer) + `]}`, "DUPLICATE_SCREEN_ID", ""},
		"no terminal":         {`{"version":"7.0","screens":[` + screen("A", false, footer) + `]}`, "MISSING_TERMINAL_SCREEN", ""},
		"terminal w/o footer": {`{"version":"7.0","screens":[` + screen("A", true, `{"type":"TextBody","text":"x"}`) + `]}`, "MISSING_FOOTER", ""},
		"routing required":    {`{"version":"7.0","data_api_version":"3.0","screens":[` + screen("A", true, footer) + `]}`, "MISSING_REQUIRED_PROPERTY", ""},
		"routing unknown":     {`{"version":"7.0","data_api_version":"3.0","routing_model":{"A":["B"]},"screens":[` + screen("A", true, footer) + `]}`, "INVALID_ROUTING_MODEL", ""},
		"routing ok":          {`{"version":"7.0","data_api_version":"3.0","routing_model":{"A":[]},"screens":[` + screen("A", true, footer) + `]}`, "", ""},
		"data_channel_uri v7": {`{"version":"7.0","data_channel_uri":"https://x.example","screens":[` + screen("A", true, footer) + `]}`, "INVALID_PROPERTY", ""},
		"component in form":   {`{"version":"7.0","screens":[` + screen("A", true, `{"type":"Form","name":"f","children":[{"type":"Slider"}]},`+footer) + `]}`, "INVALID_COMPONENT_TYPE", ""},
	}
	h := newHarness(t, Options{})
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			id := h.createFlow("rules " + name)
			r := h.uploadFlowJSON(id, tc.doc)
			if tc.refusal != "" {
				h.wantError(r, http.StatusBadRequest, 100, 0)
				if r.errorField("error_user_title") != tc.refusal {
					t.Fatalf("refusal: %s", r.raw)
				}
				if a := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id+"/assets", nil)); len(a.data()) != 0 {
					t.Fatalf("refused upload was stored: %s", a.raw)
				}
				return
			}
			h.mustOK(r)
			errs := validationErrors(r)
			if tc.wantError == "" {
				if len(errs) != 0 {
					t.Fatalf("unexpected errors: %s", r.raw)
				}
				return
			}
			for _, e := range errs {
				if e["error"] == tc.wantError {
					if e["line_start"] == nil || e["column_start"] == nil || e["message"] == "" {
						t.Fatalf("error without position: %v", e)
					}
					return
				}
			}
			t.Fatalf("want %s in %s", tc.wantError, r.raw)
		})
	}
}

func TestFlowLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.createFlow("lifecycle")
	path := "/v23.0/" + id

	// Deprecating a draft and publishing without JSON are refused.
	h.wantError(h.call(http.MethodPost, path+"/deprecate", nil), http.StatusBadRequest, 139003, 0)
	h.wantError(h.call(http.MethodPost, path+"/publish", nil), http.StatusBadRequest, 139002, 0)

	h.mustOK(h.uploadFlowJSON(id, validFlowJSON))
	h.mustOK(h.multipart(path, map[string]string{"name": "lifecycle v2", "categories": `["SURVEY","OTHER"]`}, nil))
	if r := h.mustOK(h.call(http.MethodPost, path+"/publish", nil)); r.body["success"] != true {
		t.Fatalf("publish: %s", r.raw)
	}
	if got := h.mustOK(h.call(http.MethodGet, path, nil)); got.str("status") != "PUBLISHED" || got.str("name") != "lifecycle v2" {
		t.Fatalf("after publish: %s", got.raw)
	}

	// A published flow is frozen.
	for name, r := range map[string]reply{
		"metadata":      h.multipart(path, map[string]string{"name": "renamed"}, nil),
		"flow json":     h.uploadFlowJSON(id, validFlowJSON),
		"publish again": h.call(http.MethodPost, path+"/publish", nil),
		"delete":        h.call(http.MethodDelete, path, nil),
	} {
		want := map[string]int{"metadata": 139001, "flow json": 139001, "publish again": 139002, "delete": 139004}[name]
		h.wantError(r, http.StatusBadRequest, want, 0)
		if r.errorField("error_user_title") == nil {
			t.Fatalf("%s: no title: %s", name, r.raw)
		}
	}

	h.mustOK(h.call(http.MethodPost, path+"/deprecate", nil))
	if got := h.mustOK(h.call(http.MethodGet, path, nil)); got.str("status") != "DEPRECATED" {
		t.Fatalf("after deprecate: %s", got.raw)
	}
	r := h.call(http.MethodPost, path+"/deprecate", nil)
	h.wantError(r, http.StatusBadRequest, 139003, 0)
	if r.errorField("error_user_title") != "Flow is already deprecated" {
		t.Fatalf("deprecate twice: %s", r.raw)
	}
	// The name stays taken.
	h.wantError(h.multipart(h.flowsPath(), map[string]string{"name": "lifecycle v2", "categories": `["OTHER"]`}, nil), http.StatusBadRequest, 100, 0)

	// Drafts can be deleted; the id is then gone.
	draft := h.createFlow("to delete")
	h.mustOK(h.call(http.MethodDelete, "/v23.0/"+draft, nil))
	h.wantError(h.call(http.MethodGet, "/v23.0/"+draft, nil), http.StatusBadRequest, 100, 33)
}

func TestFlowPublishConditions(t *testing.T) {
	h := newHarness(t, Options{})
	endpointJSON := strings.Replace(validFlowJSON, `"version": "7.0",`, `"version": "7.0", "data_api_version": "3.0", "routing_model": {"WELCOME": []},`, 1)
	id := h.createFlow("endpoint")
	h.mustOK(h.uploadFlowJSON(id, endpointJSON))
	r := h.call(http.MethodPost, "/v23.0/"+id+"/publish", nil)
	h.wantError(r, http.StatusBadRequest, 139002, 0)
	if r.errorField("error_user_title") != "Publishing without specifying endpoint_uri is forbidden" {
		t.Fatalf("endpoint: %s", r.raw)
	}
	health := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id+"?fields=health_status", nil)).body["health_status"].(map[string]any)
	if health["can_send_message"] != "BLOCKED" {
		t.Fatalf("health without endpoint: %v", health)
	}
	h.mustOK(h.multipart("/v23.0/"+id, map[string]string{"endpoint_uri": "https://flows.example.com/endpoint"}, nil))
	h.mustOK(h.call(http.MethodPost, "/v23.0/"+id+"/publish", nil))

	old := h.createFlow("old version")
	h.mustOK(h.uploadFlowJSON(old, strings.Replace(validFlowJSON, `"7.0"`, `"4.0"`, 1)))
	r = h.call(http.MethodPost, "/v23.0/"+old+"/publish", nil)
	h.wantError(r, http.StatusBadRequest, 139002, 0)
	if r.errorField("error_user_title") != "Versions in Flow JSON file are not available for publishing" {
		t.Fatalf("old version: %s", r.raw)
	}
	// Below 3.0 the endpoint belongs in the JSON.
	legacy := h.createFlow("legacy")
	h.mustOK(h.uploadFlowJSON(legacy, strings.Replace(validFlowJSON, `"7.0"`, `"2.1"`, 1)))
	h.wantError(h.multipart("/v23.0/"+legacy, map[string]string{"endpoint_uri": "https://flows.example.com/e"}, nil), http.StatusBadRequest, 139001, 0)

	// A WABA without a phone number cannot publish.
	other := h.e.AddWABA("No phones")
	r = h.mustOK(h.multipart("/v23.0/"+other+"/flows", map[string]string{"name": "x", "categories": `["OTHER"]`, "flow_json": validFlowJSON}, nil))
	if r.body["success"] != true || len(validationErrors(r)) != 0 {
		t.Fatalf("create with flow_json: %s", r.raw)
	}
	pub := h.call(http.MethodPost, "/v23.0/"+r.str("id")+"/publish", nil)
	h.wantError(pub, http.StatusBadRequest, 139002, 0)
	if pub.errorField("error_user_title") != "No Phone Number connected to WhatsApp Business Account" {
		t.Fatalf("no phone: %s", pub.raw)
	}
}

func TestFlowCreateWithJSONPublishAndClone(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.mustOK(h.call(http.MethodPost, h.flowsPath(), map[string]any{
		"name": "one shot", "categories": []any{"OTHER"}, "flow_json": validFlowJSON, "publish": true,
	}))
	src := r.str("id")
	if got := h.mustOK(h.call(http.MethodGet, "/v23.0/"+src, nil)); got.str("status") != "PUBLISHED" {
		t.Fatalf("publish on create: %s", got.raw)
	}
	clone := h.mustOK(h.multipart(h.flowsPath(), map[string]string{"name": "one shot v2", "categories": `["OTHER"]`, "clone_flow_id": src}, nil)).str("id")
	assets := h.mustOK(h.call(http.MethodGet, "/v23.0/"+clone+"/assets", nil)).data()
	if len(assets) != 1 {
		t.Fatalf("clone has no JSON")
	}
	if got := h.mustOK(h.call(http.MethodGet, "/v23.0/"+clone, nil)); got.str("status") != "DRAFT" {
		t.Fatalf("clone status: %s", got.raw)
	}
	// Invalid JSON with publish creates a draft and reports the errors.
	r = h.mustOK(h.call(http.MethodPost, h.flowsPath(), map[string]any{
		"name": "broken", "categories": []any{"OTHER"}, "flow_json": `{"version":"7.0","screens":[]}`, "publish": true,
	}))
	if len(validationErrors(r)) == 0 {
		t.Fatalf("no validation errors: %s", r.raw)
	}
	if got := h.mustOK(h.call(http.MethodGet, "/v23.0/"+r.str("id"), nil)); got.str("status") != "DRAFT" {
		t.Fatalf("invalid flow published: %s", got.raw)
	}
}

func TestFlowStatusHookAndTemplateFlowButton(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.createFlow("for template")
	if err := h.e.SetFlowStatus(id, "THROTTLED"); err != nil {
		t.Fatal(err)
	}
	if got := h.mustOK(h.call(http.MethodGet, "/v23.0/"+id, nil)); got.str("status") != "THROTTLED" {
		t.Fatalf("status hook: %s", got.raw)
	}
	if err := h.e.SetFlowStatus("1", "PUBLISHED"); err == nil {
		t.Fatal("hook accepted an unknown flow")
	}
	flowTemplate := func(name string, button map[string]any) map[string]any {
		return map[string]any{"name": name, "language": "en_US", "category": "MARKETING", "components": []any{
			map[string]any{"type": "BODY", "text": "Book your visit"},
			map[string]any{"type": "BUTTONS", "buttons": []any{button}},
		}}
	}
	h.create(flowTemplate("flow_ok", map[string]any{"type": "FLOW", "text": "Book", "flow_id": id, "flow_action": "navigate", "navigate_screen": "WELCOME"}))
	r := h.call(http.MethodPost, h.templatesPath(), flowTemplate("flow_missing", map[string]any{"type": "FLOW", "text": "Book", "flow_id": "123456789012345"}))
	h.wantError(r, http.StatusBadRequest, 100, 0)
	if r.errorField("error_user_title") != "Invalid Flow ID" {
		t.Fatalf("unknown flow: %s", r.raw)
	}
	otherFlow := h.mustOK(h.multipart("/v23.0/"+h.e.AddWABA("Other")+"/flows", map[string]string{"name": "elsewhere", "categories": `["OTHER"]`}, nil)).str("id")
	r = h.call(http.MethodPost, h.templatesPath(), flowTemplate("flow_other_waba", map[string]any{"type": "FLOW", "text": "Book", "flow_id": otherFlow}))
	h.wantError(r, http.StatusBadRequest, 100, 0)
	r = h.call(http.MethodPost, h.templatesPath(), flowTemplate("flow_bad_name", map[string]any{"type": "FLOW", "text": "Book", "flow_name": "nope"}))
	h.wantError(r, http.StatusBadRequest, 100, 0)
}

func TestFlowJSONPositions(t *testing.T) {
	src := []byte("{\n  \"a\": \"é\", \"b\": [1, 2]\n}")
	root, err := parseJSONDocument(src)
	if err != nil {
		t.Fatal(err.msg)
	}
	b := root.get("b")
	if line, col := position(src, b.start); line != 2 || col != 18 {
		t.Fatalf("b at %d:%d", line, col)
	}
	for _, bad := range []string{`{"a":}`, `{"a" 1}`, `[1,]`, `"abc`, `{"a":1} x`, `{"a":tru}`, "{\"a\":\"\x01\"}", ``} {
		if _, err := parseJSONDocument([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
		if json.Valid([]byte(bad)) {
			t.Errorf("%q is valid JSON", bad)
		}
	}
	for _, good := range []string{`{"a":"\u00e9\n"}`, `[-1.5e3, true, null, {}]`, `"x"`} {
		if _, err := parseJSONDocument([]byte(good)); err != nil {
			t.Errorf("%q: %s", good, err.msg)
		}
	}
}
