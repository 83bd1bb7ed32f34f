package emulator

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Meta's Resumable Upload API (developers.facebook.com/docs/graph-api/guides/upload; Graph API
// reference "Application Uploads"), which WhatsApp uses for template media headers
// (example.header_handle) and business profile pictures (profile_picture_handle):
//
//  1. POST /{app-id}/uploads?file_name=…&file_length=…&file_type=… starts a session and answers
//     {"id":"upload:<session>"}. The app must be the access token's app.
//  2. POST /upload:<session> with the file bytes as the body, the token in an
//     "Authorization: OAuth <token>" header and a file_offset header, answers {"h":"<handle>"}
//     once every byte has arrived.
//  3. GET /upload:<session> answers {"id":…,"file_offset":<bytes received>}, the offset to
//     resume an interrupted upload from.
//
// Session ids carry a signature, as Meta's do ("upload:MTphd…=?sig=ARZ…"): the part after "?" is
// a query parameter of the session's URL, and a call without the right sig reaches no session.
// The access token must come in the Authorization header (the guide: "You must include the access
// token in the header or the call will fail"); "Bearer" is accepted as well as "OAuth". A body
// shorter than what the session still expects is kept, as the bytes of an interrupted transfer
// are, and answered with the session's status instead of a handle; the caller goes on from the
// new offset. Once complete, the session answers a call at offset file_length with an empty body
// with its handle again.

// nodeUploadSession is an upload session, the node behind an "upload:<session>" id.
const nodeUploadSession nodeType = "UploadSession"

// uploadIDPrefix starts every upload session id.
const uploadIDPrefix = "upload:"

// uploadFileTypes are the file_type values Meta's guide lists as valid.
var uploadFileTypes = []string{"application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"}

// maxUploadBodyBytes bounds the file data the emulator reads from one call; Meta documents no
// bound of its own.
const maxUploadBodyBytes = 128 << 20

type uploadSession struct {
	id, sig  string
	appID    string
	userID   string
	name     string
	fileType string
	length   int
	received int
	handle   string // issued once every byte has arrived
}

func (*uploadSession) kind() nodeType     { return nodeUploadSession }
func (*uploadSession) owningWABA() string { return "" }

// publicID is the id as Meta hands it out, signature included.
func (u *uploadSession) publicID() string { return u.id + "?sig=" + u.sig }

// UploadedFile is a file the emulator received through the Resumable Upload API.
type UploadedFile struct {
	Name string `json:"name"`
	// Type is the file_type the session was started with.
	Type  string `json:"type"`
	Size  int    `json:"size"`
	AppID string `json:"app_id"`
}

// uploadedFiles maps the handles the emulator issued to their files.
type uploadedFiles map[string]UploadedFile

const docUploadedFiles = "uploaded_files"

// uploadedMedia reports the type and size of the file behind a handle the emulator issued. Handles
// it did not issue (seeded accounts hold handles from elsewhere) are not ok.
func (s *store) uploadedMedia(handle string) (mediaType string, size int, ok bool) {
	files := peekAttached[uploadedFiles](s, "", docUploadedFiles)
	if files == nil {
		return "", 0, false
	}
	f, ok := (*files)[handle]
	return f.Type, f.Size, ok
}

// UploadedFile returns the file behind a handle the emulator issued.
func (e *Emulator) UploadedFile(handle string) (UploadedFile, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	files := peekAttached[uploadedFiles](e.store, "", docUploadedFiles)
	if files == nil {
		return UploadedFile{}, false
	}
	f, ok := (*files)[handle]
	return f, ok
}

// isUploadSessionPath reports a path whose node is an upload session, with or without a version
// segment. Its body is file data, never parameters.
func isUploadSessionPath(path string) bool {
	segs := pathSegments(path)
	if len(segs) > 0 && strings.HasPrefix(segs[0], "v") {
		segs = segs[1:]
	}
	return len(segs) == 1 && strings.HasPrefix(segs[0], uploadIDPrefix)
}

// tokenApp is the app that issued the call's access token.
func (c *call) tokenApp() (appID, userID string) {
	if f := c.foreignApp(); f != nil {
		return f.AppID, ""
	}
	return c.e.opts.AppID, c.e.opts.SystemUserID
}

// POST /{app-id}/uploads
func startUploadSession(c *call) (any, *graphError) {
	app := c.node.(*application)
	tokenApp, userID := c.tokenApp()
	if app.id != tokenApp {
		// Graph API reference, Application Uploads: the token's user must have a role on the
		// app; the reference lists code 200, "Permissions error".
		return nil, &graphError{Message: "(#200) Permissions error", Type: "OAuthException", Code: 200}
	}
	name, ok := c.params.str("file_name")
	if !ok || strings.TrimSpace(name) == "" {
		return nil, errRequiredParam("file_name")
	}
	length, present, err := c.params.integer("file_length")
	switch {
	case err != nil:
		return nil, err
	case !present:
		return nil, errRequiredParam("file_length")
	case length <= 0:
		return nil, errParam("(#100) Param file_length must be a positive integer")
	}
	fileType, ok := c.params.str("file_type")
	if !ok || fileType == "" {
		return nil, errRequiredParam("file_type")
	}
	if !contains(uploadFileTypes, fileType) {
		return nil, errParam(`(#100) Param file_type must be one of {%s} - got "%s"`, strings.Join(uploadFileTypes, ", "), fileType)
	}
	if userID == "" {
		userID = newNumericID()
	}
	u := &uploadSession{
		id:       c.e.store.newUploadID(),
		sig:      "AR" + randomAlnum(17),
		appID:    app.id,
		userID:   userID,
		name:     name,
		fileType: fileType,
		length:   length,
	}
	c.e.store.nodes[u.id] = u
	return map[string]any{"id": u.publicID()}, nil
}

// newUploadID returns an unused session id: "upload:" and the base64 of "1:attachment:<uuid>",
// the shape of Meta's ids, in the URL-safe alphabet so that it stays one path segment.
func (s *store) newUploadID() string {
	for {
		h := randomFrom("0123456789abcdef", 32)
		uuid := h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
		id := uploadIDPrefix + base64.URLEncoding.EncodeToString([]byte("1:attachment:"+uuid))
		if _, taken := s.nodes[id]; !taken {
			return id
		}
	}
}

// uploadSessionOf checks that the call may use its session: the token in the Authorization
// header, the session's signature, and the session's app being the token's.
func (c *call) uploadSessionOf() (*uploadSession, *graphError) {
	u := c.node.(*uploadSession)
	scheme, _, _ := strings.Cut(strings.TrimSpace(c.r.Header.Get("Authorization")), " ")
	if !strings.EqualFold(scheme, "OAuth") && !strings.EqualFold(scheme, "Bearer") {
		return nil, &graphError{Message: defaultMessage(104), Type: "OAuthException", Code: 104}
	}
	if appID, _ := c.tokenApp(); c.params.string("sig") != u.sig || appID != u.appID {
		return nil, errUnsupported(c.r.Method, u.id)
	}
	return u, nil
}

// GET /upload:<session>
func getUploadSession(c *call) (any, *graphError) {
	u, err := c.uploadSessionOf()
	if err != nil {
		return nil, err
	}
	return u.status(), nil
}

func (u *uploadSession) status() map[string]any {
	return map[string]any{"id": u.publicID(), "file_offset": u.received}
}

// POST /upload:<session>
func uploadFileData(c *call) (any, *graphError) {
	u, err := c.uploadSessionOf()
	if err != nil {
		return nil, err
	}
	raw := strings.TrimSpace(c.r.Header.Get("file_offset"))
	if raw == "" {
		// The offset is a header: as a query parameter it does not count.
		return nil, errRequiredParam("file_offset")
	}
	offset, perr := strconv.Atoi(raw)
	if perr != nil || offset < 0 {
		return nil, errParam("(#100) Param file_offset must be a non-negative integer")
	}
	if offset != u.received {
		return nil, errParam("(#100) file_offset %d does not match the upload session, which has received %d bytes", offset, u.received)
	}
	if len(c.body) > u.length-u.received {
		return nil, errParam("(#100) The file data is larger than file_length: the upload session expects %d more bytes, got %d",
			u.length-u.received, len(c.body))
	}
	u.received += len(c.body)
	if u.received < u.length {
		return u.status(), nil
	}
	if u.handle == "" {
		u.handle = u.issueHandle(c.e.now())
		files := attached(c.e.store, "", docUploadedFiles, func() *uploadedFiles { return &uploadedFiles{} })
		(*files)[u.handle] = UploadedFile{Name: u.name, Type: u.fileType, Size: u.length, AppID: u.appID}
	}
	return map[string]any{"h": u.handle}, nil
}

// issueHandle makes a handle of the shape of Meta's examples (the OpenAPI file's
// profile_picture_handle, the template guide's "4::aW…"):
// "4:<base64 file name>:<base64 file type>:<opaque>:e:<unix time>:<app id>:<user id>:<signature>".
// The time is an expiry 30 days out; Meta documents no handle lifetime and the emulator does not
// enforce it.
func (u *uploadSession) issueHandle(now time.Time) string {
	enc := base64.StdEncoding.EncodeToString
	return strings.Join([]string{
		"4", enc([]byte(u.name)), enc([]byte(u.fileType)), "AR" + randomAlnum(60),
		"e", strconv.FormatInt(now.Add(30*24*time.Hour).Unix(), 10),
		u.appID, u.userID, "AR" + randomAlnum(17),
	}, ":")
}

// uploadRoutes adds the Resumable Upload API to the route table.
func uploadRoutes(t routeTable) {
	// /{app-id}/uploads
	t.addEdge(nodeApp, "uploads", route{methods: map[string]handler{http.MethodPost: startUploadSession}})
	// /upload:<session>
	t.addNode(nodeUploadSession, route{methods: map[string]handler{
		http.MethodGet:  getUploadSession,
		http.MethodPost: uploadFileData,
	}})
}

// bodyLimit is how much request body Graph reads from a call to path.
func bodyLimit(path string) int64 {
	if isUploadSessionPath(path) {
		return maxUploadBodyBytes
	}
	return maxBodyBytes
}

// paramBody is the part of the body that holds parameters: none for an upload session, whose
// body is file data whatever its Content-Type (curl --data-binary sends a form type).
func (c *call) paramBody() []byte {
	if isUploadSessionPath(c.r.URL.Path) {
		return nil
	}
	return c.body
}
