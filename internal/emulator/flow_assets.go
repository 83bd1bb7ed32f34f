package emulator

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Flow JSON assets. The upload is multipart (file, name=flow.json,
// asset_type=FLOW_JSON). GET /{flow-id}/assets lists the asset with a
// download_url on Meta's CDN: a signed URL that needs no token and expires.
// The emulator serves those URLs itself, outside the Graph path space, at
// flowAssetPrefix + an unguessable token, with oh= (signature) and oe=
// (expiry, hex Unix seconds) as fbcdn URLs carry them.

const (
	flowAssetPrefix   = "/m1/v/t24/"
	flowAssetLifetime = time.Hour
	maxFlowJSONBytes  = 10 << 20
)

// flowAssetLink is one signed download URL: a snapshot of the asset.
type flowAssetLink struct {
	content []byte
	sig     string
	expires time.Time
}

const flowAssetLinksKind = "flow_asset_links"

// flowAssetLinks is the document holding every live download URL, keyed by
// token.
type flowAssetLinks struct {
	byToken map[string]*flowAssetLink
}

func (s *store) flowAssetLinks() *flowAssetLinks {
	return attached(s, "", flowAssetLinksKind, func() *flowAssetLinks {
		return &flowAssetLinks{byToken: map[string]*flowAssetLink{}}
	})
}

// POST /{flow-id}/assets
func uploadFlowAsset(c *call) (any, *graphError) {
	f := c.node.(*flow)
	if f.published() {
		return nil, errFlowNotUpdatable()
	}
	assetType := c.params.string("asset_type")
	if assetType == "" {
		return nil, errRequiredParam("asset_type")
	}
	if assetType != "FLOW_JSON" {
		return nil, errParam("(#100) Param asset_type must be one of {FLOW_JSON} - got %q", assetType)
	}
	name := c.params.string("name")
	if name == "" {
		return nil, errRequiredParam("name")
	}
	content, ok, err := c.uploadedFile("file")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errRequiredParam("file")
	}
	if len(content) > maxFlowJSONBytes {
		return nil, errParam("(#100) The Flow JSON file must be at most 10 MB")
	}
	info, gerr := checkFlowJSON(content)
	if gerr != nil {
		return nil, gerr
	}
	f.setAsset(append([]byte(nil), content...), name, info)
	f.updatedAt = c.e.now()
	return map[string]any{"success": true, "validation_errors": validationErrorList(f.validationErrors)}, nil
}

// uploadedFile returns a file part of a multipart body, or the same-named
// form value when the client sent the content as a plain field.
func (c *call) uploadedFile(field string) ([]byte, bool, *graphError) {
	mediaType, mediaParams, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mediaType == "multipart/form-data" {
		form, err := multipart.NewReader(bytes.NewReader(c.body), mediaParams["boundary"]).ReadForm(maxBodyBytes)
		if err != nil {
			return nil, false, errParam("(#100) Invalid multipart body: %v", err)
		}
		defer func() { _ = form.RemoveAll() }()
		if files := form.File[field]; len(files) > 0 {
			fh, err := files[0].Open()
			if err != nil {
				return nil, false, errParam("(#100) Cannot read file %s: %v", field, err)
			}
			defer func() { _ = fh.Close() }()
			b, err := io.ReadAll(fh)
			if err != nil {
				return nil, false, errParam("(#100) Cannot read file %s: %v", field, err)
			}
			return b, true, nil
		}
	}
	if s, ok := c.params.str(field); ok {
		return []byte(s), true, nil
	}
	return nil, false, nil
}

// GET /{flow-id}/assets
func listFlowAssets(c *call) (any, *graphError) {
	f := c.node.(*flow)
	var items []pageItem
	if f.asset != nil {
		items = append(items, pageItem{seq: 1, value: map[string]any{
			"name":         f.assetName,
			"asset_type":   "FLOW_JSON",
			"download_url": c.flowAssetURL(f.asset),
		}})
	}
	return c.paginate(items, maxPageLimit)
}

// flowAssetURL mints a signed download URL for a snapshot of content.
func (c *call) flowAssetURL(content []byte) string {
	links := c.e.store.flowAssetLinks()
	now := c.e.now()
	for token, l := range links.byToken {
		if !now.Before(l.expires) {
			delete(links.byToken, token)
		}
	}
	token := randomAlnum(43)
	expires := now.Add(flowAssetLifetime)
	sig := flowAssetSignature(c.e.opts.AppSecret, token, expires)
	links.byToken[token] = &flowAssetLink{content: append([]byte(nil), content...), sig: sig, expires: expires}
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	host := c.r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host + flowAssetPrefix + token + "?ccb=10-5&oh=" + sig +
		"&oe=" + strings.ToUpper(strconv.FormatInt(expires.Unix(), 16)) + "&_nc_sid=fc8f82"
}

func flowAssetSignature(key, token string, expires time.Time) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(token + "|" + strconv.FormatInt(expires.Unix(), 10)))
	return "01_" + hex.EncodeToString(m.Sum(nil))[:40]
}

func isFlowAssetPath(path string) bool {
	return strings.HasPrefix(path, flowAssetPrefix)
}

// serveFlowAsset serves a signed download URL. Like a CDN it needs no
// token; a wrong signature or an expired URL is a 403 with a plain-text
// reason, an unknown path a 404.
func (e *Emulator) serveFlowAsset(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	token := strings.TrimPrefix(r.URL.Path, flowAssetPrefix)
	e.mu.Lock()
	var link *flowAssetLink
	if links := peekAttached[flowAssetLinks](e.store, "", flowAssetLinksKind); links != nil {
		link = links.byToken[token]
	}
	now := e.now()
	e.mu.Unlock()
	switch {
	case link == nil:
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	case !hmac.Equal([]byte(r.URL.Query().Get("oh")), []byte(link.sig)):
		http.Error(w, "Bad URL hash", http.StatusForbidden)
		return
	case !now.Before(link.expires):
		http.Error(w, "URL signature expired", http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(link.content)))
	w.Header().Set("Cache-Control", "max-age=1209600, no-transform")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(link.content)
	}
}
