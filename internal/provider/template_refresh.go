package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"maps"
	"os"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// A refresh fingerprint ties a template's state to the template Meta held when the state was
// written, apart from the review outcome (status, rejection reason, quality rating), which Meta
// changes on its own and Read copies into the state as it is. Create, Update and Read record it
// in private state. When a later refresh finds the template in the WABA's listing with the same
// fingerprint, Read would return the state with the listed review outcome and everything else
// as it is (Read is a function of the two, and returns its own result unchanged), so the
// protocol server refreshes it without the framework. The fingerprint covers the provider build
// too, so that another provider version's Read never trusts it.

// reviewOutcome are the state attributes Read takes from the template's review outcome alone.
var reviewOutcome = []string{"status", "rejected_reason", "quality_score"}

// quickRefresh returns the state Read would return, when the fingerprint shows that only the
// review outcome can have changed.
func (r *messageTemplateResource) quickRefresh(ctx context.Context, data *providerData, state tftypes.Value, private []byte) (tftypes.Value, bool) {
	attrs := rawAttributes(state)
	id, _ := rawString(attrs, "id")
	waba, _ := rawString(attrs, "business_account_id")
	if waba == "" {
		waba = data.businessAccountID
	}
	recorded, build := privateFingerprint(private), data.build()
	if id == "" || waba == "" || recorded == "" || build == "" {
		return state, false
	}
	t, ok := data.templates.listed(ctx, waba, id)
	if !ok || isGone(t.Status) || recorded != refreshFingerprint(build, t, state) {
		return state, false
	}
	return withReviewOutcome(state, t), true
}

// withReviewOutcome returns the state with the template's review outcome, as Read sets it.
func withReviewOutcome(state tftypes.Value, t *graph.MessageTemplate) tftypes.Value {
	outcome := map[string]*string{"status": &t.Status}
	if t.RejectedReason != "" {
		outcome["rejected_reason"] = &t.RejectedReason
	}
	if t.QualityScore != nil && t.QualityScore.Score != "" {
		outcome["quality_score"] = &t.QualityScore.Score
	}
	attrs := rawAttributes(state)
	changed := false
	for _, name := range reviewOutcome {
		v := tftypes.NewValue(tftypes.String, outcome[name])
		if !attrs[name].Equal(v) {
			attrs[name], changed = v, true
		}
	}
	if !changed {
		return state
	}
	return tftypes.NewValue(state.Type(), attrs)
}

// recordRefresh stores the fingerprint of a state written from template t.
func (r *messageTemplateResource) recordRefresh(ctx context.Context, t *graph.MessageTemplate, state tftypes.Value, private privateStore, diags *diag.Diagnostics) {
	if t == nil || diags.HasError() || r.data == nil || r.data.build == nil || r.data.build() == "" {
		return
	}
	fp := refreshFingerprint(r.data.build(), t, state)
	diags.Append(updatePrivate(ctx, private, private, func(p *templatePrivate) { p.Refreshed = fp })...)
}

// refreshFingerprint hashes the build, the template as Meta returned it and the state value,
// both without the review outcome.
func refreshFingerprint(build string, t *graph.MessageTemplate, state tftypes.Value) string {
	remote := *t
	remote.Status, remote.RejectedReason, remote.QualityScore = "", "", nil
	template, err := json.Marshal(remote)
	if err != nil {
		return ""
	}
	attrs := rawAttributes(state)
	if attrs == nil {
		return ""
	}
	for _, name := range reviewOutcome {
		attrs[name] = tftypes.NewValue(tftypes.String, nil)
	}
	encoded, err := tfprotov6.NewDynamicValue(state.Type(), tftypes.NewValue(state.Type(), attrs))
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

// rawAttributes returns a copy of an object value's attributes (As shares the value's own
// map), or nil.
func rawAttributes(v tftypes.Value) map[string]tftypes.Value {
	var attrs map[string]tftypes.Value
	if v.IsNull() || !v.IsKnown() || v.As(&attrs) != nil {
		return nil
	}
	return maps.Clone(attrs)
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
