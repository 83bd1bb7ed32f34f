package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Media headers given as local files: uploaded with the Resumable Upload API at create and at
// each edit, recorded in state as a digest, and adopted after an import without an upload.

// pngFile is a small PNG whose content differs with text.
func pngFile(text string) []byte {
	return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), []byte(text)...)
}

func writeMedia(t *testing.T, name string, content []byte) {
	t.Helper()
	if err := os.WriteFile(name, content, 0o600); err != nil {
		t.Fatal(err)
	}
}

// mediaTemplate is a marketing template with an IMAGE header given by header (HCL).
func mediaTemplate(name, header, body string) string {
	return fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name            = %q
  language        = "en_US"
  category        = "MARKETING"
  wait_for_review = true
  header          = %s
  body            = { text = %q }
}
`, name, header, body)
}

// heldSample checks that Meta holds, as the template's header sample, a file the emulator
// received under fileName with content.
func heldSample(tg *target, key, fileName string, content []byte) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id := s.RootModule().Resources[tplAddr].Primary.ID
		if tg.emu == nil {
			// Meta keeps the handle of the uploaded sample in the template's examples.
			var raw map[string]any
			if err := tg.client().Do(context.Background(), graph.Request{Method: http.MethodGet, Path: id, Query: url.Values{"fields": {"components"}}}, &raw); err != nil {
				return err
			}
			if b, _ := json.Marshal(raw); !strings.Contains(string(b), `"header_handle"`) {
				return fmt.Errorf("template %s at Meta has no header_handle sample: %s", id, b)
			}
			return nil
		}
		handle := tg.emu.TemplateSampleHandles(id)[key]
		f, ok := tg.emu.UploadedFile(handle)
		if !ok {
			return fmt.Errorf("the %s sample %q is not a file uploaded to the emulator", key, handle)
		}
		if f.Name != fileName || f.Size != len(content) || f.Type != "image/png" || f.AppID != tg.seed.AppID {
			return fmt.Errorf("the %s sample is %+v, want %s (%d bytes of image/png) uploaded for app %s", key, f, fileName, len(content), tg.seed.AppID)
		}
		return nil
	}
}

func uploadCount(tg *target, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(tg.calls(http.MethodPost, `/`+tg.seed.AppID+`/uploads$`)); got != want {
			return fmt.Errorf("%d upload sessions started, want %d", got, want)
		}
		return nil
	}
}

var mediaURLPattern = regexp.MustCompile(`^https://scontent\.whatsapp\.net/`)

func TestAccMessageTemplate_mediaFile(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	photo := filepath.Join(t.TempDir(), "spring.png")
	v1, v2 := pngFile("spring collection, first cut"), pngFile("spring collection, final cut")
	writeMedia(t, photo, v1)
	name := templateName("media_file")
	config := func(body string) string {
		return tg.appProvider() + mediaTemplate(name, fmt.Sprintf(`{ format = "IMAGE", media_file = %q }`, photo), body)
	}
	digest := tfjsonpath.New("header").AtMapKey("media_digest")
	mediaURL := tfjsonpath.New("header").AtMapKey("media_url")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkTemplateGone(name),
		Steps: []resource.TestStep{
			{
				Config: config("New arrivals are in."),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, digest, knownvalue.StringExact(contentDigest(v1))),
					statecheck.ExpectKnownValue(tplAddr, mediaURL, knownvalue.StringRegexp(mediaURLPattern)),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("header").AtMapKey("media_file"), knownvalue.Null()),
					statecheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.StringExact("APPROVED")),
				},
				Check:            resource.ComposeTestCheckFunc(uploadCount(tg, 1), heldSample(tg, "header", "spring.png", v1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// New bytes under the same name: an edit with the new file.
				PreConfig: func() { writeMedia(t, photo, v2) },
				Config:    config("New arrivals are in."),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(tplAddr, digest, knownvalue.StringExact(contentDigest(v2))),
						plancheck.ExpectUnknownValue(tplAddr, mediaURL),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(uploadCount(tg, 2), heldSample(tg, "header", "spring.png", v2)),
			},
			{
				// Meta never returns the file: an import knows the URL, not the digest.
				ResourceName: tplAddr, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: importID(true),
				ImportStateVerifyIgnore: append([]string{"header.media_digest"}, importIgnore...),
			},
		},
	})
}

func TestAccMessageTemplate_carouselMediaFiles(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	dir := t.TempDir()
	cards := []string{filepath.Join(dir, "aloe.png"), filepath.Join(dir, "agave.png")}
	writeMedia(t, cards[0], pngFile("aloe"))
	writeMedia(t, cards[1], pngFile("agave"))
	name := templateName("carousel_files")
	config := tg.appProvider() + fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  name            = %q
  language        = "en_US"
  category        = "MARKETING"
  wait_for_review = true
  body            = { text = "Rare succulents for sale! {{1}}, add these to your collection today.", examples = ["Pablo"] }
  carousel = {
    cards = [for f in [%q, %q] : {
      header  = { format = "IMAGE", media_file = f }
      buttons = [{ type = "QUICK_REPLY", text = "Send more like this" }]
    }]
  }
}
`, name, cards[0], cards[1])
	card := func(i int) tfjsonpath.Path {
		return tfjsonpath.New("carousel").AtMapKey("cards").AtSliceIndex(i).AtMapKey("header")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy:             tg.checkTemplateGone(name),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(tplAddr, card(0).AtMapKey("media_digest"), knownvalue.StringExact(contentDigest(pngFile("aloe")))),
					statecheck.ExpectKnownValue(tplAddr, card(1).AtMapKey("media_digest"), knownvalue.StringExact(contentDigest(pngFile("agave")))),
					statecheck.ExpectKnownValue(tplAddr, card(1).AtMapKey("media_url"), knownvalue.StringRegexp(mediaURLPattern)),
				},
				Check: resource.ComposeTestCheckFunc(uploadCount(tg, 2),
					heldSample(tg, "cards/0/header", "aloe.png", pngFile("aloe")), heldSample(tg, "cards/1/header", "agave.png", pngFile("agave"))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// One card's file changes: the edit uploads every card's file again, as Meta takes
				// every sample with each edit.
				PreConfig: func() { writeMedia(t, cards[1], pngFile("agave, in bloom")) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(tplAddr, card(0).AtMapKey("media_digest"), knownvalue.StringExact(contentDigest(pngFile("aloe")))),
						plancheck.ExpectKnownValue(tplAddr, card(1).AtMapKey("media_digest"), knownvalue.StringExact(contentDigest(pngFile("agave, in bloom")))),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(uploadCount(tg, 4), heldSample(tg, "cards/1/header", "agave.png", pngFile("agave, in bloom"))),
			},
		},
	})
}

// TestAccMessageTemplate_mediaAfterImport adopts a template made in WhatsApp Manager whose
// configuration names its media, by file and by handle: the first plan shows no media change,
// only the digest to record; the apply records it without a write at Meta; then the plan is empty.
func TestAccMessageTemplate_mediaAfterImport(t *testing.T) {
	for name, header := range map[string]string{
		"file":   `{ format = "IMAGE", media_file = %q }`,
		"handle": `{ format = "IMAGE", media_handle = "4::aW1hZ2UvcG5n:ARmanager" }`,
	} {
		t.Run(name, func(t *testing.T) {
			tg := newTarget(t, emulator.Options{})
			photo := filepath.Join(t.TempDir(), "launch.png")
			writeMedia(t, photo, pngFile("launch"))
			if name == "file" {
				header = fmt.Sprintf(header, photo)
			}
			tplName := templateName("adopted_media")
			if _, err := tg.client().CreateMessageTemplate(context.Background(), tg.seed.BusinessAccountID, graph.NewMessageTemplate{
				Name: tplName, Language: "en_US", MessageTemplateContent: graph.MessageTemplateContent{Category: "MARKETING", Components: []graph.TemplateComponent{
					{Type: "HEADER", Format: "IMAGE", Example: &graph.ComponentExample{HeaderHandle: []string{"4::aW1hZ2UvcG5n:ARmanager"}}},
					{Type: "BODY", Text: "The launch is on."},
				}},
			}); err != nil {
				t.Fatal(err)
			}
			config := tg.appProvider() + mediaTemplate(tplName, header, "The launch is on.")
			var want string
			if name == "file" {
				want = contentDigest(pngFile("launch"))
			} else {
				want = contentDigest([]byte("4::aW1hZ2UvcG5n:ARmanager"))
			}
			var url string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config, ResourceName: tplAddr, ImportState: true, ImportStatePersist: true,
						ImportStateId: tg.seed.BusinessAccountID + "/" + tplName + "/en_US",
						ImportStateCheck: func(s []*terraform.InstanceState) error {
							url = s[0].Attributes["header.media_url"]
							if !mediaURLPattern.MatchString(url) || s[0].Attributes["header.media_digest"] != "" {
								return fmt.Errorf("imported header: url %q, digest %q", url, s[0].Attributes["header.media_digest"])
							}
							return nil
						},
					},
					{
						PreConfig: tg.clearRequests,
						Config:    config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction(tplAddr, plancheck.ResourceActionUpdate),
								plancheck.ExpectKnownValue(tplAddr, tfjsonpath.New("header").AtMapKey("media_digest"), knownvalue.StringExact(want)),
								expectPlannedString(tplAddr, "header.media_url", func() string { return url }),
								// Nothing is sent to Meta: its review status stays known.
								plancheck.ExpectKnownValue(tplAddr, tfjsonpath.New("status"), knownvalue.NotNull()),
							},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: func(*terraform.State) error {
							if writes := len(tg.calls(http.MethodPost, "")) + len(tg.calls(http.MethodDelete, "")); writes != 0 {
								return fmt.Errorf("recording the digest sent %d writes to Graph", writes)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// TestAccMessageTemplate_mediaFileRules shows the plan-time checks of media files: nothing
// reaches Graph.
func TestAccMessageTemplate_mediaFileRules(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	dir := t.TempDir()
	pdf, big := filepath.Join(dir, "terms.pdf"), filepath.Join(dir, "poster.png")
	writeMedia(t, pdf, []byte("%PDF-1.7 terms and conditions"))
	writeMedia(t, big, append(pngFile("poster"), bytes.Repeat([]byte{0}, 5<<20)...))
	header := func(file string) string { return fmt.Sprintf(`{ format = "IMAGE", media_file = %q }`, file) }
	name := templateName("media_rules")
	tg.clearRequests()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: tg.provider() + mediaTemplate(name, header(pdf), "Hi"), PlanOnly: true,
				ExpectError: wrapped("Missing app_id for the media upload", "header.media_file is set, and uploading a file needs the Meta app id", "give header.media_handle instead"),
			},
			{
				Config: tg.appProvider() + mediaTemplate(name, header(pdf), "Hi"), PlanOnly: true,
				ExpectError: wrapped("Media file not accepted by Meta", "an IMAGE header must be image/jpeg or image/png; this file is application/pdf"),
			},
			{
				Config: tg.appProvider() + mediaTemplate(name, header(big), "Hi"), PlanOnly: true,
				ExpectError: wrapped("Media file not accepted by Meta", "an IMAGE header may have at most 5 MB"),
			},
			{
				Config: tg.appProvider() + mediaTemplate(name, `{ format = "IMAGE" }`, "Hi"), PlanOnly: true,
				ExpectError: wrapped("Missing media sample", "header is a IMAGE header and the template is created with it", "set header.media_file"),
			},
		},
	})
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid media reached Graph: %d calls, first %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
	}
}

// expectPlannedString checks that the plan keeps a resource's string attribute (a flatmap key
// such as "header.media_url") at the value want returns when the check runs.
func expectPlannedString(address, key string, want func() string) plancheck.PlanCheck {
	return plannedString{address, key, want}
}

type plannedString struct {
	address, key string
	want         func() string
}

func (c plannedString) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.address {
			continue
		}
		v := rc.Change.After
		for _, step := range strings.Split(c.key, ".") {
			m, _ := v.(map[string]any)
			v = m[step]
		}
		if got, want := fmt.Sprint(v), c.want(); got != want {
			resp.Error = fmt.Errorf("%s: planned %s is %q, want %q", c.address, c.key, got, want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.address)
}

// An apply that sends Meta nothing (recording a digest, acknowledging a category) leaves Meta's
// attributes as the plan showed them, even when Meta's review or media URL moved on meanwhile:
// otherwise Terraform reports an inconsistent result.
func TestKeepMetaValuesAfterAnApplyThatSentNothing(t *testing.T) {
	planned := validImageTemplate()
	planned.Status, planned.RejectedReason, planned.MetaCategory = sv("PENDING"), sv("NONE"), sv("MARKETING")
	planned.Header.MediaURL, planned.Header.MediaDigest = sv("https://scontent.whatsapp.net/v/t61/first.jpg"), sv("sha256:abc")
	remote := readBack(t, planned)
	remote.Status = "APPROVED"
	remote.Components[0].Example.HeaderHandle = []string{"https://scontent.whatsapp.net/v/t61/renewed.jpg"}

	m := *planned
	m.applyRemote(remote, planned)
	if m.Status.ValueString() != "APPROVED" || m.Header.MediaURL.ValueString() != remote.Components[0].Example.HeaderHandle[0] {
		t.Fatalf("applyRemote should read Meta's news: status %s, url %s", m.Status, m.Header.MediaURL)
	}
	m.keepMetaValues(planned)
	if m.Status.ValueString() != "PENDING" || m.Header.MediaURL.ValueString() != "https://scontent.whatsapp.net/v/t61/first.jpg" || m.Header.MediaDigest.ValueString() != "sha256:abc" {
		t.Fatalf("after an apply that sent nothing: status %s, url %s, digest %s", m.Status, m.Header.MediaURL, m.Header.MediaDigest)
	}
}
