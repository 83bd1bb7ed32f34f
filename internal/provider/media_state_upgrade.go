package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// States written before media samples were write-only (schema version 0) held the handle that
// was configured, or, after an import, the URL Meta reads media back as. Upgrading moves the
// handle into media_digest (so that configuration keeping it plans nothing) and the URL into
// media_url; the handle itself leaves the state.

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
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: fastpath.UpgradeRawJSON(upgradeTemplateMediaV0)}}
}
