package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzParseParams feeds the parameter decoder arbitrary query strings, content types and
// bodies: it never panics, it either refuses the request with a code 100 parameter error or
// returns parameters every accessor can read, and decoding is deterministic. Seeds:
// testdata/fuzz/FuzzParseParams.
func FuzzParseParams(f *testing.F) {
	f.Add("fields=id,name&limit=2", "application/json", []byte(`{"name":"x","components":[{"type":"BODY","text":"hi"}],"limit":5}`))
	f.Add("", "application/x-www-form-urlencoded", []byte(`business=1&user=2&tasks=["MANAGE"]`))
	f.Add("", "multipart/form-data; boundary=XYZ", []byte("--XYZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nflow\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.json\"\r\nContent-Type: application/json\r\n\r\n{}\r\n--XYZ--\r\n"))
	f.Add("access_token=x", "", []byte(`{"a":1e400}`))
	f.Add("a=%zz", "text/plain", []byte(`hello`))
	f.Add("", "application/json", []byte(`[1,2]`))
	f.Add("", "application/merge-patch+json", []byte(`{"x":null,"y":true,"z":"12"}`))
	f.Add("", "multipart/form-data", []byte("--\r\n"))
	f.Fuzz(func(t *testing.T, query, contentType string, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/v23.0/1", nil)
		r.URL.RawQuery = query
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		p, gerr := parseParams(r, body)
		if gerr != nil {
			if gerr.Code != 100 || gerr.Message == "" {
				t.Fatalf("refusal is not a parameter error: %+v", gerr)
			}
			return
		}
		for k := range p {
			p.str(k)
			p.integer(k)
			p.boolean(k)
			if _, _, err := p.structured(k); err != nil && err.Code != 100 {
				t.Fatalf("structured(%q): %+v", k, err)
			}
		}
		again, _ := parseParams(r, body)
		if !reflect.DeepEqual(p, again) {
			t.Fatalf("decoding is not deterministic: %v vs %v", p, again)
		}
	})
}

// FuzzServeGraph sends arbitrary authenticated requests through the whole emulator pipeline
// (version, parameters, auth, routing, handlers) on the seeded account: it never panics, and
// every answer is JSON; every error is Graph's error envelope with a code, a message and an
// fbtrace_id. Paths may name the seeded objects as {waba}, {phone}, {business} and {app}.
// Seeds: testdata/fuzz/FuzzServeGraph.
func FuzzServeGraph(f *testing.F) {
	f.Add(uint8(0), "{waba}/message_templates", "fields=name,status&limit=1", "", []byte(nil))
	f.Add(uint8(1), "{waba}/message_templates", "", "application/json",
		[]byte(`{"name":"order_update","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hi {{1}}.","example":{"body_text":[["Ana"]]}}]}`))
	f.Add(uint8(1), "{phone}", "", "application/json", []byte(`{"webhook_configuration":{"override_callback_uri":"https://x.example","verify_token":"t"}}`))
	f.Add(uint8(1), "{phone}/register", "", "application/json", []byte(`{"messaging_product":"whatsapp","pin":"12a"}`))
	f.Add(uint8(1), "{waba}/assigned_users", "", "application/x-www-form-urlencoded", []byte(`user=1&tasks=MANAGE&business={business}`))
	f.Add(uint8(1), "{phone}/whatsapp_business_profile", "", "application/json", []byte(`{"messaging_product":"whatsapp","websites":"nope"}`))
	f.Add(uint8(1), "{phone}/message_qrdls", "generate_qr_image=SVG&prefilled_message=hi", "", []byte(nil))
	f.Add(uint8(1), "{waba}/flows", "", "multipart/form-data; boundary=B", []byte("--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nf\r\n--B--\r\n"))
	f.Add(uint8(2), "{waba}/message_templates", "name=x", "", []byte(nil))
	f.Add(uint8(0), "{app}/subscriptions", "", "", []byte(nil))
	f.Add(uint8(0), "{business}/owned_whatsapp_business_accounts", "first=0", "", []byte(nil))
	f.Add(uint8(1), "{phone}/conversational_automation", "", "application/json", []byte(`{"commands":[{"command_name":"a-b"}],"prompts":[1]}`))
	e := New(Options{Now: func() time.Time { return fixedNow }})
	seed := e.Seed()
	ids := strings.NewReplacer("{waba}", seed.BusinessAccountID, "{phone}", seed.PhoneNumberID, "{business}", seed.BusinessID, "{app}", seed.AppID)
	methods := []string{http.MethodGet, http.MethodPost, http.MethodDelete, http.MethodPut}
	f.Fuzz(func(t *testing.T, method uint8, path, query, contentType string, body []byte) {
		e.Reset()
		r := httptest.NewRequest(methods[int(method)%len(methods)], "/v23.0/", bytes.NewReader([]byte(ids.Replace(string(body)))))
		r.URL.Path = "/v23.0/" + ids.Replace(path)
		r.URL.RawQuery = ids.Replace(query)
		r.Header.Set("Authorization", "Bearer "+seed.AccessToken)
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		var out map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
			t.Fatalf("%s %s: status %d, body is not a JSON object: %q", r.Method, r.URL, w.Code, w.Body.String())
		}
		if w.Code < 400 {
			return
		}
		env, _ := out["error"].(map[string]any)
		if msg, _ := env["message"].(string); msg == "" || env["code"] == nil || env["fbtrace_id"] == "" {
			t.Fatalf("%s %s: status %d without a Graph error envelope: %s", r.Method, r.URL, w.Code, w.Body.String())
		}
	})
}
