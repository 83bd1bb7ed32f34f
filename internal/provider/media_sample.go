package provider

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// A media sample is the file behind a template's media header (and each media card header) or
// a business profile picture. Configuration gives it as a local file, which the provider uploads
// with the Resumable Upload API, or as a handle uploaded some other way; both are write-only.
// Meta reads media back as a CDN URL, never as the handle or the bytes, so the state records a
// digest of what was configured: a changed file plans an edit, an unchanged one plans nothing.
//
// Invariants:
//   - media_file and media_handle are never in state or plan; only the configuration holds them.
//   - media_digest is "sha256:<hex>" of the file's bytes, or of the handle's text. It is null
//     when the state does not know what Meta holds (after an import): the next plan records the
//     configured digest without an upload or an edit, trusting that Meta holds that file.
//   - With neither input configured, the state keeps its digest and Meta keeps its media; an
//     edit of the template then cannot be sent (Meta wants every media sample with every edit)
//     and plan says so.

// MediaSample holds a media sample's attributes; header models embed it.
type MediaSample struct {
	MediaFile   types.String `tfsdk:"media_file"`
	MediaHandle types.String `tfsdk:"media_handle"`
	MediaDigest types.String `tfsdk:"media_digest"`
	MediaURL    types.String `tfsdk:"media_url"`
}

// nullMediaSample is a sample with nothing known.
func nullMediaSample() MediaSample {
	return MediaSample{MediaFile: types.StringNull(), MediaHandle: types.StringNull(), MediaDigest: types.StringNull(), MediaURL: types.StringNull()}
}

// mediaSampleAttributes are the attributes of MediaSample; what names the media in descriptions.
func mediaSampleAttributes(what string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"media_file": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("Path of a local file to upload as %s, with the provider's `app_id` (JPEG or PNG up to 5 MB for images, MP4 up to 16 MB for videos, PDF up to 100 MB for documents). "+
				"It is uploaded at create and at each edit that needs it; changing the file's content plans an edit. Write-only: never stored in plan or state (requires Terraform 1.11 or later); the state records `media_digest`.", what),
			Optional: true, WriteOnly: true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("media_handle"))},
		},
		"media_handle": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("Resumable Upload handle (`4::…`) of %s uploaded some other way, instead of `media_file`. Write-only: never stored in plan or state (requires Terraform 1.11 or later); the state records `media_digest`, so changing the handle plans an edit.", what),
			Optional:            true, WriteOnly: true,
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"media_digest": schema.StringAttribute{
			MarkdownDescription: "`sha256:` digest of the configured `media_file`'s content, or of the `media_handle` text. Meta reads media back only as a URL, so this digest is how a plan tells a changed file from an unchanged one. " +
				"Null after an import until the next apply records it (without uploading or editing anything).",
			Computed: true,
		},
		"media_url": schema.StringAttribute{
			MarkdownDescription: "Where Meta serves the media, as Meta reads it back (a CDN URL that Meta may renew).",
			Computed:            true,
		},
	}
}

// mediaInput is one media sample of a model: at is the path of the object holding it, format
// the media kind (a header format or graph.MediaProfilePicture).
type mediaInput struct {
	at     path.Path
	format string
	sample *MediaSample
	// fileAttr and handleAttr name the inputs below at when they are not media_file and
	// media_handle.
	fileAttr, handleAttr string
}

func (in mediaInput) filePath() path.Path { return in.at.AtName(cmp.Or(in.fileAttr, "media_file")) }
func (in mediaInput) handlePath() path.Path {
	return in.at.AtName(cmp.Or(in.handleAttr, "media_handle"))
}

// configured reports whether the configuration gives a file or a handle.
func (in mediaInput) configured() bool {
	return !in.sample.MediaFile.IsNull() || !in.sample.MediaHandle.IsNull()
}

// hasFile reports whether the configuration gives a file.
func (in mediaInput) hasFile() bool { return !in.sample.MediaFile.IsNull() }

// digest is the media_digest of the configured input: unknown while the input is, null when
// there is none. It reads and checks the file, reporting problems at the file's path.
func (in mediaInput) digest(diags *diag.Diagnostics) types.String {
	switch {
	case in.sample.MediaFile.IsUnknown() || in.sample.MediaHandle.IsUnknown():
		return types.StringUnknown()
	case !in.sample.MediaFile.IsNull():
		file, ok := in.readFile(diags)
		if !ok {
			return types.StringUnknown()
		}
		return types.StringValue(contentDigest(file.Content))
	case !in.sample.MediaHandle.IsNull():
		return types.StringValue(contentDigest([]byte(in.sample.MediaHandle.ValueString())))
	}
	return types.StringNull()
}

func contentDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// readFile reads media_file and checks it against Meta's type and size limits for the format.
func (in mediaInput) readFile(diags *diag.Diagnostics) (graph.UploadFile, bool) {
	p, name := in.filePath(), in.sample.MediaFile.ValueString()
	content, err := os.ReadFile(name)
	if err != nil {
		diags.AddAttributeError(p, "Cannot read media file", fmt.Sprintf("%s is %q, which cannot be read: %s.", p, name, err))
		return graph.UploadFile{}, false
	}
	if len(content) == 0 {
		diags.AddAttributeError(p, "Empty media file", fmt.Sprintf("%s is %q, which is empty; Meta uploads only files of at least one byte.", p, name))
		return graph.UploadFile{}, false
	}
	file := graph.UploadFile{Name: filepath.Base(name), Type: graph.DetectMediaType(name, content), Content: content}
	if err := graph.CheckMedia(in.format, file.Type, int64(len(content))); err != nil {
		diags.AddAttributeError(p, "Media file not accepted by Meta", fmt.Sprintf("%s (%q): %s.", p, name, err))
		return graph.UploadFile{}, false
	}
	return file, true
}

// handle returns the handle to send: the configured one, or the file's, uploaded now.
func (in mediaInput) handle(ctx context.Context, data *providerData, diags *diag.Diagnostics) (string, bool) {
	if !in.hasFile() {
		return in.sample.MediaHandle.ValueString(), true
	}
	file, ok := in.readFile(diags)
	if !ok {
		return "", false
	}
	handle, err := data.client.UploadMedia(ctx, data.appID, file)
	if err != nil {
		diags.AddAttributeError(in.filePath(), "Cannot upload media file",
			fmt.Sprintf("Uploading %s (%q) with the Resumable Upload API failed: %s", in.filePath(), in.sample.MediaFile.ValueString(), graphErrorDetail(err)))
		return "", false
	}
	return handle, true
}

// requireAppID reports a media file configured while the provider has no app_id to upload it.
func requireAppID(data *providerData, inputs []mediaInput, diags *diag.Diagnostics) {
	if data == nil || data.appID != "" {
		return
	}
	for _, in := range inputs {
		if in.hasFile() {
			diags.AddAttributeError(in.filePath(), "Missing app_id for the media upload",
				fmt.Sprintf("%s is set, and uploading a file needs the Meta app id of the access token: set app_id in the provider configuration (or %s), or give %s instead.",
					in.filePath(), envAppID, in.handlePath()))
		}
	}
}

// withAttributes returns attrs with more added.
func withAttributes(attrs, more map[string]schema.Attribute) map[string]schema.Attribute {
	maps.Copy(attrs, more)
	return attrs
}

// mediaInputValues are a sample's configured inputs by attribute name, for forbidAttributes.
func mediaInputValues(s MediaSample) map[string]attr.Value {
	return map[string]attr.Value{"media_file": s.MediaFile, "media_handle": s.MediaHandle}
}

// withValues returns values with more added.
func withValues(values, more map[string]attr.Value) map[string]attr.Value {
	maps.Copy(values, more)
	return values
}
