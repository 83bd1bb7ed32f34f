package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A template's media samples (see media_sample.go): its media header and each media card
// header. Plan records their digests, apply uploads the files an edit or a create needs.

// mediaInputs are m's media samples, at the paths of the objects holding them.
func (m *messageTemplateModel) mediaInputs() []mediaInput {
	if m == nil {
		return nil
	}
	var out []mediaInput
	if h := m.Header; h != nil && headerFormatByName[h.Format.ValueString()].media {
		out = append(out, mediaInput{at: path.Root("header"), format: h.Format.ValueString(), sample: &h.MediaSample})
	}
	if c := m.Carousel; c != nil {
		for i := range c.Cards {
			if h := c.Cards[i].Header; h != nil && headerFormatByName[h.Format.ValueString()].media {
				out = append(out, mediaInput{at: path.Root("carousel").AtName("cards").AtListIndex(i).AtName("header"), format: h.Format.ValueString(), sample: &h.MediaSample})
			}
		}
	}
	return out
}

// mediaConfigured reports whether the configuration gives any media file or handle.
func (m *messageTemplateModel) mediaConfigured() bool {
	for _, in := range m.mediaInputs() {
		if in.configured() {
			return true
		}
	}
	return false
}

// mediaAt returns the sample of inputs at p, nil when none is there.
func mediaAt(inputs []mediaInput, p path.Path) *mediaInput {
	for i := range inputs {
		if inputs[i].at.Equal(p) {
			return &inputs[i]
		}
	}
	return nil
}

// mediaPlan is the planned digest and URL of each media sample of a plan.
type mediaPlan struct {
	slots []plannedMedia
	// changed: a configured sample differs from the one the state records.
	changed bool
}

type plannedMedia struct {
	mediaInput
	configured   bool
	digest, url  types.String
	priorUnknown bool // the state has no sample here to keep
}

// planMediaSamples plans the samples of plan from the configuration cfg and the prior state
// (nil for a create or a replacement). A sample's file is read and checked here.
func (r *messageTemplateResource) planMediaSamples(cfg, plan, state *messageTemplateModel, diags *diag.Diagnostics) mediaPlan {
	configured, prior := cfg.mediaInputs(), state.mediaInputs()
	requireAppID(r.data, configured, diags)
	var mp mediaPlan
	for _, slot := range plan.mediaInputs() {
		pm := plannedMedia{mediaInput: slot, digest: types.StringNull(), url: types.StringUnknown(), priorUnknown: true}
		if in := mediaAt(configured, slot.at); in != nil && in.configured() {
			pm.configured = true
			pm.digest = in.digest(diags)
		}
		if before := mediaAt(prior, slot.at); before != nil && before.format == slot.format {
			pm.priorUnknown = false
			pm.url = before.sample.MediaURL
			switch {
			case !pm.configured:
				pm.digest = before.sample.MediaDigest // Meta keeps its media
			case before.sample.MediaDigest.IsNull():
				// Imported: the configured sample is taken to be what Meta holds.
			case !pm.digest.Equal(before.sample.MediaDigest):
				mp.changed = true
			}
		}
		mp.slots = append(mp.slots, pm)
	}
	return mp
}

// requireSamples reports media headers without a file or handle in a plan that sends them to
// Meta (a create, or an edit: Meta takes every sample again with each edit).
func (mp mediaPlan) requireSamples(why string, diags *diag.Diagnostics) {
	for _, s := range mp.slots {
		if !s.configured {
			diags.AddAttributeError(s.filePath(), "Missing media sample",
				fmt.Sprintf("%s is a %s header and %s, which needs its sample: set %s (a local file the provider uploads) or %s.",
					s.at, s.format, why, s.filePath(), s.handlePath()))
		}
	}
}

// set writes the planned digests, and the URLs: kept when nothing reaches Meta, unknown
// when Meta's media are sent again.
func (mp mediaPlan) set(ctx context.Context, plan *tfsdk.Plan, sent bool, diags *diag.Diagnostics) {
	for _, s := range mp.slots {
		url := s.url
		if sent || s.priorUnknown {
			url = types.StringUnknown()
		}
		diags.Append(plan.SetAttribute(ctx, s.at.AtName("media_digest"), s.digest)...)
		diags.Append(plan.SetAttribute(ctx, s.at.AtName("media_url"), url)...)
	}
}

// resolveMedia sets the handle of each configured sample of plan, uploading its file, and the
// digest the plan could not know. Every media sample of plan must have an input.
func (r *messageTemplateResource) resolveMedia(ctx context.Context, cfg, plan *messageTemplateModel, diags *diag.Diagnostics) bool {
	configured := cfg.mediaInputs()
	for _, slot := range plan.mediaInputs() {
		in := mediaAt(configured, slot.at)
		if in == nil || !in.configured() {
			diags.AddAttributeError(slot.filePath(), "Missing media sample",
				fmt.Sprintf("%s is a %s header, and Meta needs its sample: set %s or %s.", slot.at, slot.format, slot.filePath(), slot.handlePath()))
			return false
		}
		if slot.sample.MediaDigest.IsUnknown() {
			slot.sample.MediaDigest = in.digest(diags)
		}
		handle, ok := in.handle(ctx, r.data, diags)
		if !ok {
			return false
		}
		slot.sample.MediaHandle = types.StringValue(handle)
	}
	return !diags.HasError()
}

// clearMediaInputs nulls the write-only inputs of m's samples before m is saved.
func (m *messageTemplateModel) clearMediaInputs() {
	for _, in := range m.mediaInputs() {
		in.sample.MediaFile, in.sample.MediaHandle = types.StringNull(), types.StringNull()
	}
}

// mediaDigestsChanged reports a sample of plan whose digest differs from the one state records.
func mediaDigestsChanged(plan, state *messageTemplateModel) bool {
	prior := state.mediaInputs()
	for _, slot := range plan.mediaInputs() {
		if before := mediaAt(prior, slot.at); before != nil && before.format == slot.format &&
			!before.sample.MediaDigest.IsNull() && !slot.sample.MediaDigest.Equal(before.sample.MediaDigest) {
			return true
		}
	}
	return false
}
