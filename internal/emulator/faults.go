package emulator

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
)

// Fault scripts a failure for matching Graph calls, for testing retries,
// timeouts and lost responses.
type Fault struct {
	// Method to match; empty matches any method.
	Method string `json:"method"`
	// PathRegex is matched against the URL path, e.g. "/message_templates$".
	PathRegex string `json:"path_regex"`
	// HTTPStatus overrides the status. With Code 0 and a 5xx status the
	// body is a transient code 2 error; with another status, code 1.
	HTTPStatus int `json:"http_status"`
	// Code and Subcode of the Graph error to return; 0 returns no error
	// (useful with LatencyMS or LoseResponse alone).
	Code    int    `json:"code"`
	Subcode int    `json:"subcode"`
	Message string `json:"message"`
	// IsTransient marks the error transient; codes 2 and the rate-limit
	// codes are transient anyway.
	IsTransient bool `json:"is_transient"`
	// Times is how many matching calls the fault applies to; 0 means every
	// matching call until the faults are cleared.
	Times int `json:"times"`
	// LatencyMS delays the call before it is handled.
	LatencyMS int `json:"latency_ms"`
	// LoseResponse processes the call normally, state changes included,
	// then drops the connection without a response.
	LoseResponse bool `json:"lose_response"`
	// EstimatedTimeToRegainAccess (minutes) is reported in the
	// X-Business-Use-Case-Usage header of rate-limit errors.
	EstimatedTimeToRegainAccess int `json:"estimated_time_to_regain_access"`
	// Probability, between 0 and 1, is the chance that a matching call is
	// faulted; 0 (unset) means every matching call. A call the draw spares
	// is offered to the next fault, so several probabilistic faults can
	// share a path. Times counts only the calls actually faulted.
	Probability float64 `json:"probability,omitempty"`
	// Seed seeds the fault's random draws, so a suite that sends the same
	// calls in the same order sees the same faults. 0 is a fixed seed too.
	Seed uint64 `json:"seed,omitempty"`
	// DropConnection closes the connection before the call is handled:
	// nothing changes and no response is sent. Unlike LoseResponse, a
	// client that repeats the call is always safe.
	DropConnection bool `json:"drop_connection,omitempty"`
	// DropAfterBodyBytes closes the connection once Graph has read that
	// many bytes of the request body, without a response. Graph acts on no
	// call cut short, except the file data of an upload session
	// (uploads.go), which keeps the bytes that arrived: the interrupted
	// transfer the Resumable Upload API resumes from.
	DropAfterBodyBytes int `json:"drop_after_body_bytes,omitempty"`
}

// FaultStatus is a registered fault as listed by the control API.
type FaultStatus struct {
	ID string `json:"id"`
	Fault
	// Remaining is the number of calls the fault still applies to; -1 for
	// unlimited.
	Remaining int `json:"remaining"`
}

type activeFault struct {
	Fault
	id        string
	re        *regexp.Regexp
	remaining int // -1 = unlimited
	rng       *rand.Rand
}

func compileFault(f Fault) (*activeFault, error) {
	if f.Times < 0 || f.LatencyMS < 0 || f.EstimatedTimeToRegainAccess < 0 || f.DropAfterBodyBytes < 0 {
		return nil, fmt.Errorf("times, latency_ms, estimated_time_to_regain_access and drop_after_body_bytes must not be negative")
	}
	if f.Probability < 0 || f.Probability > 1 {
		return nil, fmt.Errorf("probability %v must lie between 0 and 1", f.Probability)
	}
	if f.DropConnection && f.LoseResponse {
		return nil, fmt.Errorf("drop_connection (before the call is handled) and lose_response (after) exclude each other")
	}
	if f.DropAfterBodyBytes > 0 && (f.DropConnection || f.LoseResponse) {
		return nil, fmt.Errorf("drop_after_body_bytes (while the body arrives) excludes drop_connection and lose_response")
	}
	if f.HTTPStatus != 0 && (f.HTTPStatus < 100 || f.HTTPStatus > 599) {
		return nil, fmt.Errorf("http_status %d is not an HTTP status", f.HTTPStatus)
	}
	re, err := regexp.Compile(f.PathRegex)
	if err != nil {
		return nil, fmt.Errorf("path_regex: %w", err)
	}
	f.Method = strings.ToUpper(strings.TrimSpace(f.Method))
	af := &activeFault{Fault: f, re: re, remaining: f.Times, rng: rand.New(rand.NewPCG(f.Seed, 0x9e3779b97f4a7c15))}
	if f.Times == 0 {
		af.remaining = -1
	}
	return af, nil
}

// AddFault registers a fault and returns its id. Faults are tried in the
// order they were added; the first match applies. It panics if PathRegex
// does not compile or a field is out of range (the control API reports these
// as 400 instead).
func (e *Emulator) AddFault(f Fault) string {
	af, err := compileFault(f)
	if err != nil {
		panic("emulator: AddFault: " + err.Error())
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addFaultLocked(af)
}

func (e *Emulator) addFaultLocked(af *activeFault) string {
	e.faultSeq++
	af.id = fmt.Sprintf("fault-%d", e.faultSeq)
	e.faults = append(e.faults, af)
	return af.id
}

// ClearFaults removes every fault.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

func (e *Emulator) listFaults() []FaultStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]FaultStatus, 0, len(e.faults))
	for _, f := range e.faults {
		out = append(out, FaultStatus{ID: f.id, Fault: f.Fault, Remaining: f.remaining})
	}
	return out
}

// takeFault finds the first fault matching the request and uses up one of
// its applications.
func (e *Emulator) takeFault(r *http.Request) *activeFault {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, f := range e.faults {
		if f.Method != "" && f.Method != r.Method {
			continue
		}
		if !f.re.MatchString(r.URL.Path) {
			continue
		}
		if f.Probability > 0 && f.rng.Float64() >= f.Probability {
			continue
		}
		if f.remaining > 0 {
			f.remaining--
			if f.remaining == 0 {
				e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}

// graphError is the error the fault injects, or nil when it only delays or
// loses the response.
func (f *activeFault) graphError() *graphError {
	code := f.Code
	switch {
	case code == 0 && f.HTTPStatus >= 500:
		code = 2
	case code == 0 && f.HTTPStatus != 0:
		code = 1
	case code == 0:
		return nil
	}
	msg := f.Message
	if msg == "" {
		msg = defaultMessage(code)
	}
	ge := &graphError{
		Status:      f.HTTPStatus,
		Message:     msg,
		Type:        "OAuthException",
		Code:        code,
		Subcode:     f.Subcode,
		IsTransient: f.IsTransient || isTransientCode(code),
	}
	if code == 1 || code == 2 {
		ge.Type = "GraphMethodException"
	}
	if isRateLimitCode(code) {
		ge.RegainMinutes = f.EstimatedTimeToRegainAccess
	}
	return ge
}
