package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// States written before media samples were write-only (schema version 0) held the handle that
// was configured, or, after an import, the URL Meta reads media back as. Upgrading moves the
// handle into media_digest (so that configuration keeping it plans nothing) and the URL into
// media_url; the handle itself leaves the state.

// upgradeJSONState is a StateUpgrader that rewrites the raw JSON state with edit.
func upgradeJSONState(edit func(state map[string]any)) func(context.Context, resource.UpgradeStateRequest, *resource.UpgradeStateResponse) {
	return func(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
		if req.RawState == nil || len(req.RawState.JSON) == 0 {
			resp.Diagnostics.AddError("Cannot upgrade the state", "The prior state has no JSON form to upgrade.")
			return
		}
		dec := json.NewDecoder(bytes.NewReader(req.RawState.JSON))
		dec.UseNumber()
		var state map[string]any
		if err := dec.Decode(&state); err != nil {
			resp.Diagnostics.AddError("Cannot upgrade the state", fmt.Sprintf("The prior state is not a JSON object: %s", err))
			return
		}
		edit(state)
		out, err := json.Marshal(state)
		if err != nil {
			resp.Diagnostics.AddError("Cannot upgrade the state", err.Error())
			return
		}
		resp.DynamicValue = &tfprotov6.DynamicValue{JSON: out}
	}
}

// upgradeTemplateMediaV0 upgrades the media samples of a version 0 template state.
func upgradeTemplateMediaV0(state map[string]any) {
	if h, ok := state["header"].(map[string]any); ok {
		upgradeMediaSampleV0(h, "media_handle")
	}
	if c, ok := state["carousel"].(map[string]any); ok {
		cards, _ := c["cards"].([]any)
		for _, card := range cards {
			if card, ok := card.(map[string]any); ok {
				if h, ok := card["header"].(map[string]any); ok {
					upgradeMediaSampleV0(h, "media_handle")
				}
			}
		}
	}
}

// upgradeMediaSampleV0 replaces the version 0 attribute old of obj with a media sample.
func upgradeMediaSampleV0(obj map[string]any, old string) {
	v, _ := obj[old].(string)
	delete(obj, old)
	obj["media_file"], obj["media_handle"], obj["media_digest"], obj["media_url"] = nil, nil, nil, nil
	switch {
	case v == "":
	case strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://"):
		obj["media_url"] = v
	default:
		obj["media_digest"] = contentDigest([]byte(v))
	}
}

func (r *messageTemplateResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgradeJSONState(upgradeTemplateMediaV0)}}
}
