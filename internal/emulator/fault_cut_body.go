package emulator

import (
	"io"
	"net/http"
)

// serveCutShort serves a call whose connection a drop_after_body_bytes fault breaks while the
// body arrives: Graph reads that many bytes and sends no response. Only the file data of an
// upload session is acted on, with the bytes that arrived (uploads.go); any other call is left
// unhandled, as with drop_connection.
func (e *Emulator) serveCutShort(w http.ResponseWriter, r *http.Request, fault *activeFault) {
	limit := min(int64(fault.DropAfterBodyBytes), bodyLimit(r.URL.Path))
	body, _ := io.ReadAll(io.LimitReader(r.Body, limit))

	e.mu.Lock()
	c := &call{e: e, r: r, body: body, fault: fault, traceID: randomAlnum(11)}
	c.resp.header = http.Header{}
	handled := r.Method == http.MethodPost && isUploadSessionPath(r.URL.Path)
	if handled {
		c.handle()
	} else {
		c.requested = requestedVersion(r.URL.Path)
		c.unversioned = c.requested == ""
	}
	e.record(c, handled)
	e.mu.Unlock()
	dropConnection(w)
}
