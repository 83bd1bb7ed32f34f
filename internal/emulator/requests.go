package emulator

import (
	"net/url"
	"strings"
	"time"
)

// RequestRecord is one Graph call as the emulator saw it. Control API calls
// are not recorded.
type RequestRecord struct {
	Seq    int64     `json:"seq"`
	Time   time.Time `json:"time"` // emulator clock
	Method string    `json:"method"`
	// Path is the full URL path, e.g. "/v23.0/123/message_templates".
	Path string `json:"path"`
	// Query is the raw query with access_token and appsecret_proof values
	// replaced by "REDACTED".
	Query string `json:"query"`
	// Version is the requested version segment, "" when unversioned.
	Version     string `json:"version"`
	Unversioned bool   `json:"unversioned"`
	Status      int    `json:"status"`
	// Code and Subcode of the Graph error returned, 0 on success.
	Code    int `json:"code"`
	Subcode int `json:"subcode"`
	// Fault is the id of the fault that applied, if any.
	Fault string `json:"fault"`
	// LostResponse is true when a fault dropped the response.
	LostResponse bool `json:"lost_response"`
	// DroppedConnection is true when a fault broke the connection before
	// the call was handled or, with drop_after_body_bytes, while its body
	// arrived.
	DroppedConnection bool `json:"dropped_connection,omitempty"`
	// BodyBytes is how many bytes of request body Graph received, such as
	// the file data of an upload session.
	BodyBytes int `json:"body_bytes,omitempty"`
	// UserAgent is the caller's User-Agent header.
	UserAgent string `json:"user_agent"`
	// Batch is the sequence number of the batch call (POST / with a batch
	// parameter) whose request this was, 0 for a call of its own. Each
	// request of a batch is recorded as a call, after the batch call.
	Batch int64 `json:"batch,omitempty"`
	// BatchSize is the number of requests a batch call carried.
	BatchSize int `json:"batch_size,omitempty"`
}

// Requests returns a copy of the request log, oldest first.
func (e *Emulator) Requests() []RequestRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]RequestRecord(nil), e.requests...)
}

// requestsSince returns records with a sequence number above seq.
func (e *Emulator) requestsSince(seq int64) []RequestRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []RequestRecord{}
	for _, r := range e.requests {
		if r.Seq > seq {
			out = append(out, r)
		}
	}
	return out
}

// ClearRequests empties the request log. Sequence numbers keep increasing.
func (e *Emulator) ClearRequests() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests = nil
}

// record appends a call to the log. Callers hold e.mu.
func (e *Emulator) record(c *call, lost bool) {
	e.reqSeq++
	rec := RequestRecord{
		Seq:          e.reqSeq,
		Time:         e.now(),
		Method:       c.r.Method,
		Path:         c.r.URL.Path,
		Query:        redactQuery(c.r.URL.RawQuery),
		Version:      c.requested,
		Unversioned:  c.unversioned,
		Status:       c.resp.status,
		Code:         c.resp.code,
		Subcode:      c.resp.subcode,
		LostResponse: lost,
		UserAgent:    c.r.UserAgent(),
		BodyBytes:    len(c.body),
		Batch:        c.batchSeq,
		BatchSize:    c.batchSize,
	}
	if c.fault != nil {
		rec.Fault = c.fault.id
		rec.DroppedConnection = c.fault.DropConnection || c.fault.DropAfterBodyBytes > 0
	}
	e.requests = append(e.requests, rec)
}

// redactQuery hides credentials but keeps the query otherwise as sent.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	for i, part := range parts {
		k, _, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if name == "access_token" || name == "appsecret_proof" {
			parts[i] = k + "=REDACTED"
		}
	}
	return strings.Join(parts, "&")
}
