package fastpath

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"math/big"
	"os"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A refresh fingerprint ties a state to the remote object it was written from, apart from the
// attributes Read copies from the object as they are (Remote.Copied), which the remote side
// changes on its own. It hashes the provider build, the Refresher's digest of the object, and
// the state with the copied attributes null. The Server records it in private state whenever
// the framework returns a state of a Refresher (Create, Update, Read, import). When a later
// refresh finds the same fingerprint, Read would return the state with the copied attributes
// and everything else as it is (Read is a function of the state and the object, and returns
// its own result unchanged), so the Server answers without the framework. A state changed by
// hand, an object changed remotely, or a state written by another build goes to the framework.

// refresh returns the framework's answer to req without the framework, when the fingerprint
// shows that only the copied attributes can have changed.
func (s *Server) refresh(ctx context.Context, rt *resourceType, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	recorded := readFingerprint(req.Private)
	r, _ := s.configuredInstance(ctx, rt).(Refresher)
	if recorded == "" || r == nil {
		return nil, false
	}
	state, err := req.CurrentState.Unmarshal(rt.typ)
	if err != nil || state.IsNull() {
		return nil, false
	}
	remote, ok := r.Remote(ctx, newState(state))
	if !ok {
		return nil, false
	}
	fp, copied, ok := s.fingerprint(ctx, state, remote)
	if !ok || fp != recorded {
		return nil, false
	}
	resp := &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, NewIdentity: req.CurrentIdentity, Private: req.Private}
	if rt.identity != nil && req.CurrentIdentity == nil {
		if resp.NewIdentity, ok = rt.identityOfState(state); !ok {
			return nil, false
		}
	}
	if refreshed, changed := withAttributes(state, copied); changed {
		dv, err := tfprotov6.NewDynamicValue(rt.typ, refreshed)
		if err != nil {
			return nil, false
		}
		resp.NewState = &dv
	}
	return resp, true
}

// recordFingerprint returns private with the fingerprint of a state the framework wrote, or
// without a fingerprint when none can be computed.
func (s *Server) recordFingerprint(ctx context.Context, rt *resourceType, written *tfprotov6.DynamicValue, private []byte, diags []*tfprotov6.Diagnostic) []byte {
	fp := ""
	if r, _ := s.configuredInstance(ctx, rt).(Refresher); r != nil && written != nil && !hasError(diags) {
		if state, err := written.Unmarshal(rt.typ); err == nil && !state.IsNull() {
			if remote, ok := r.Remote(ctx, newState(state)); ok {
				fp, _, _ = s.fingerprint(ctx, state, remote)
			}
		}
	}
	out, err := writeFingerprint(private, fp)
	if err != nil {
		return private
	}
	return out
}

// fingerprint hashes the build, the remote object's digest and the state without the copied
// attributes, and returns the copied attributes as values.
func (s *Server) fingerprint(ctx context.Context, state tftypes.Value, remote Remote) (string, map[string]tftypes.Value, bool) {
	build := s.build()
	attrs := attributes(state)
	if build == "" || attrs == nil || remote.Digest == nil {
		return "", nil, false
	}
	copied := make(map[string]tftypes.Value, len(remote.Copied))
	for name, v := range remote.Copied {
		current, ok := attrs[name]
		if !ok {
			return "", nil, false
		}
		tv, err := v.ToTerraformValue(ctx)
		if err != nil || !tv.Type().Equal(current.Type()) {
			return "", nil, false
		}
		copied[name] = tv
		attrs[name] = tftypes.NewValue(current.Type(), nil)
	}
	var encoded bytes.Buffer
	if !writeCanonical(&encoded, tftypes.NewValue(state.Type(), attrs)) {
		return "", nil, false
	}
	h := sha256.New()
	for _, part := range [][]byte{[]byte(build), remote.Digest, encoded.Bytes()} {
		_, _ = h.Write(part)
		_, _ = h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), copied, true
}

// writeCanonical writes v so that equal values write the same bytes, whatever order their maps
// were built in (msgpack writes a map in Go's random iteration order); false for a value it
// cannot write. Sets are written in the order they hold.
func writeCanonical(w *bytes.Buffer, v tftypes.Value) bool {
	typ := v.Type()
	switch {
	case !v.IsKnown():
		w.WriteByte('?')
	case v.IsNull():
		w.WriteByte('~')
	case typ.Is(tftypes.String):
		var s string
		_ = v.As(&s)
		fmt.Fprintf(w, "s%d:%s", len(s), s)
	case typ.Is(tftypes.Number):
		var n big.Float
		_ = v.As(&n)
		fmt.Fprintf(w, "n%s;", n.Text('g', -1))
	case typ.Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		fmt.Fprintf(w, "b%t", b)
	case typ.Is(tftypes.Object{}) || typ.Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		if v.As(&m) != nil {
			return false
		}
		w.WriteByte('{')
		for _, k := range slices.Sorted(maps.Keys(m)) {
			fmt.Fprintf(w, "%d:%s", len(k), k)
			if !writeCanonical(w, m[k]) {
				return false
			}
		}
		w.WriteByte('}')
	case typ.Is(tftypes.List{}) || typ.Is(tftypes.Set{}) || typ.Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		if v.As(&elems) != nil {
			return false
		}
		w.WriteByte('[')
		for _, e := range elems {
			if !writeCanonical(w, e) {
				return false
			}
		}
		w.WriteByte(']')
	default:
		return false // dynamic values: no fingerprint, so no fast refresh
	}
	return true
}

// withAttributes returns the object value with the given attributes set, and whether any
// changed.
func withAttributes(v tftypes.Value, set map[string]tftypes.Value) (tftypes.Value, bool) {
	attrs := attributes(v)
	changed := false
	for name, nv := range set {
		if !attrs[name].Equal(nv) {
			attrs[name], changed = nv, true
		}
	}
	if !changed {
		return v, false
	}
	return tftypes.NewValue(v.Type(), attrs), true
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// buildIdentity names the provider build: its version, or for a development build (whose
// version says nothing about its code) a hash of the executable, computed on first use; empty
// when that cannot be read, and then no fingerprint is recorded or trusted.
func buildIdentity(version string) func() string {
	if version != "dev" {
		return func() string { return version }
	}
	return sync.OnceValue(func() string {
		exe, err := os.Executable()
		if err != nil {
			return ""
		}
		f, err := os.Open(exe)
		if err != nil {
			return ""
		}
		defer func() { _ = f.Close() }()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return ""
		}
		return "dev-" + hex.EncodeToString(h.Sum(nil)[:16])
	})
}
