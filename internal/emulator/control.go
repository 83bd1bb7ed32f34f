package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The control API under /_emulator/ exposes the Go API over HTTP for the
// standalone binary. It needs no auth and is not recorded in the request
// log. Bad input is a 400 {"error":"..."}.

const controlPrefix = "/_emulator/"

func isControlPath(path string) bool {
	return path == strings.TrimSuffix(controlPrefix, "/") || strings.HasPrefix(path, controlPrefix)
}

func (e *Emulator) serveControl(w http.ResponseWriter, r *http.Request) {
	switch strings.Trim(strings.TrimPrefix(r.URL.Path, "/_emulator"), "/") {
	case "requests":
		e.controlRequests(w, r)
	case "faults":
		e.controlFaults(w, r)
	case "review":
		e.controlReview(w, r)
	case "clock":
		e.controlClock(w, r)
	case "messages":
		e.controlMessages(w, r)
	case "official-business-account":
		e.controlOfficialBusinessAccount(w, r)
	case "reset":
		if !allowMethods(w, r, http.MethodPost) {
			return
		}
		e.Reset()
		writeControl(w, http.StatusOK, map[string]any{"success": true})
	case "webhook-sink":
		serveWebhookSink(w, r)
	case "seed":
		if !allowMethods(w, r, http.MethodGet) {
			return
		}
		seed := e.Seed()
		if seed.BaseURL == "" {
			seed.BaseURL = "http://" + r.Host
		}
		writeControl(w, http.StatusOK, seed)
	default:
		controlError(w, http.StatusNotFound, "unknown control endpoint "+r.URL.Path)
	}
}

func (e *Emulator) controlRequests(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodDelete) {
		return
	}
	if r.Method == http.MethodDelete {
		e.ClearRequests()
		writeControl(w, http.StatusOK, map[string]any{"success": true})
		return
	}
	var since int64
	if s := r.URL.Query().Get("since"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			controlError(w, http.StatusBadRequest, "since must be an integer sequence number")
			return
		}
		since = n
	}
	writeControl(w, http.StatusOK, map[string]any{"data": e.requestsSince(since)})
}

func (e *Emulator) controlFaults(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodPost, http.MethodDelete) {
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeControl(w, http.StatusOK, map[string]any{"data": e.listFaults()})
	case http.MethodDelete:
		e.ClearFaults()
		writeControl(w, http.StatusOK, map[string]any{"success": true})
	case http.MethodPost:
		var f Fault
		if err := decodeControl(r, &f); err != nil {
			controlError(w, http.StatusBadRequest, err.Error())
			return
		}
		af, err := compileFault(f)
		if err != nil {
			controlError(w, http.StatusBadRequest, err.Error())
			return
		}
		e.mu.Lock()
		id := e.addFaultLocked(af)
		e.mu.Unlock()
		writeControl(w, http.StatusOK, map[string]any{"id": id})
	}
}

func (e *Emulator) controlReview(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodPost) {
		return
	}
	var rule ReviewRule
	if err := decodeControl(r, &rule); err != nil {
		controlError(w, http.StatusBadRequest, err.Error())
		return
	}
	matched, err := e.Review(rule)
	if err != nil {
		controlError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeControl(w, http.StatusOK, map[string]any{"matched": matched})
}

func (e *Emulator) controlClock(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodPost) {
		return
	}
	if r.Method == http.MethodPost {
		var body struct {
			AdvanceSeconds *float64 `json:"advance_seconds"`
		}
		if err := decodeControl(r, &body); err != nil {
			controlError(w, http.StatusBadRequest, err.Error())
			return
		}
		if body.AdvanceSeconds == nil || *body.AdvanceSeconds < 0 {
			controlError(w, http.StatusBadRequest, "advance_seconds must be a number of seconds >= 0")
			return
		}
		e.Advance(time.Duration(*body.AdvanceSeconds * float64(time.Second)))
	}
	e.mu.Lock()
	now := e.now()
	e.mu.Unlock()
	writeControl(w, http.StatusOK, map[string]any{"now": now.UTC().Format(time.RFC3339)})
}

func allowMethods(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	controlError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed; use %s", r.Method, strings.Join(methods, " or ")))
	return false
}

// decodeControl decodes a JSON body strictly so that typos in field names
// are reported instead of ignored.
func decodeControl(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	if err != nil {
		return fmt.Errorf("reading body: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("invalid JSON body: %w", err)
	}
	return nil
}

func writeControl(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func controlError(w http.ResponseWriter, status int, msg string) {
	writeControl(w, status, map[string]string{"error": msg})
}

// serveWebhookSink is a callback endpoint for demos and tests that have no
// webhook receiver of their own. It answers Meta's verification handshake,
// echoing hub.challenge when hub.verify_token equals the sink's own
// expect_verify_token query parameter (any token when that is absent), and
// accepts deliveries with 200. It keeps no state and takes no lock, so the
// emulator can verify it while serving a Graph call.
func serveWebhookSink(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch r.Method {
	case http.MethodGet:
		if q.Get("hub.mode") != "subscribe" {
			controlError(w, http.StatusBadRequest, "expected hub.mode=subscribe")
			return
		}
		if want := q.Get("expect_verify_token"); want != "" && q.Get("hub.verify_token") != want {
			controlError(w, http.StatusForbidden, "verify token mismatch")
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, q.Get("hub.challenge"))
	case http.MethodPost:
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
	default:
		controlError(w, http.StatusMethodNotAllowed, "use GET (verification) or POST (delivery)")
	}
}
