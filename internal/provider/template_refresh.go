package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// A refresh fingerprint ties a template's state to the template Meta held when the state was
// written. Create, Update and Read record it in private state. When a later refresh finds the
// same template in the WABA's listing and the same state, Read would return that state as it is
// (Read is a function of the two, and returns its own result unchanged), so the protocol server
// answers the refresh without the framework. The fingerprint covers the provider build too, so
// a different Read of another provider version never trusts it.

// readsUnchanged reports whether Read would return this state and private state as they are.
func (r *messageTemplateResource) readsUnchanged(ctx context.Context, data *providerData, state tftypes.Value, private []byte) bool {
	attrs := rawAttributes(state)
	id, _ := rawString(attrs, "id")
	waba, _ := rawString(attrs, "business_account_id")
	if waba == "" {
		waba = data.businessAccountID
	}
	recorded, build := privateFingerprint(private), data.build()
	if id == "" || waba == "" || recorded == "" || build == "" {
		return false
	}
	t, ok := data.templates.listed(ctx, waba, id)
	if !ok || isGone(t.Status) {
		return false
	}
	return recorded == refreshFingerprint(build, t, state)
}

// recordRefresh stores the fingerprint of a state written from template t.
func (r *messageTemplateResource) recordRefresh(ctx context.Context, t *graph.MessageTemplate, state tftypes.Value, private privateStore, diags *diag.Diagnostics) {
	if t == nil || diags.HasError() || r.data == nil || r.data.build == nil || r.data.build() == "" {
		return
	}
	fp := refreshFingerprint(r.data.build(), t, state)
	diags.Append(updatePrivate(ctx, private, private, func(p *templatePrivate) { p.Refreshed = fp })...)
}

// refreshFingerprint hashes the build, the template as Meta returned it (less the date of its
// quality rating, which Meta moves without any change) and the state value.
func refreshFingerprint(build string, t *graph.MessageTemplate, state tftypes.Value) string {
	remote := *t
	if remote.QualityScore != nil {
		q := *remote.QualityScore
		q.Date = 0
		remote.QualityScore = &q
	}
	template, err := json.Marshal(remote)
	if err != nil {
		return ""
	}
	encoded, err := tfprotov6.NewDynamicValue(state.Type(), state)
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, part := range [][]byte{[]byte(build), template, encoded.MsgPack} {
		_, _ = h.Write(part)
		_, _ = h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// privateFingerprint reads the recorded fingerprint from private state bytes as the framework
// encodes them (a JSON object of keys to base64-encoded JSON values).
func privateFingerprint(private []byte) string {
	if len(private) == 0 {
		return ""
	}
	var keys map[string][]byte
	if json.Unmarshal(private, &keys) != nil {
		return ""
	}
	var tp templatePrivate
	if json.Unmarshal(keys[privateKey], &tp) != nil {
		return ""
	}
	return tp.Refreshed
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

// rawAttributes returns an object value's attributes, or nil.
func rawAttributes(v tftypes.Value) map[string]tftypes.Value {
	var attrs map[string]tftypes.Value
	if v.IsNull() || !v.IsKnown() || v.As(&attrs) != nil {
		return nil
	}
	return attrs
}

// rawString returns a known, non-null string attribute.
func rawString(attrs map[string]tftypes.Value, name string) (string, bool) {
	v, ok := attrs[name]
	if !ok || !v.Type().Is(tftypes.String) {
		return "", false
	}
	var s *string
	if v.As(&s) != nil || s == nil {
		return "", false
	}
	return *s, true
}
