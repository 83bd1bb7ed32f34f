package provider

import (
	"context"
	"fmt"
	"net/http"
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

const profileAddr = "whatsapp_business_profile.p"

func profileConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_business_profile" "p" {
  phone_number_id = %q
  %s
}
`, tg.seed.PhoneNumberID, body)
}

func profileValue(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(profileAddr, tfjsonpath.New(attr), v)
}

var pictureURL = knownvalue.StringRegexp(regexp.MustCompile(`^https://\S+`))

func TestAccBusinessProfile_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's business profile")
	tg.needsSeed(envTestPhoneNumberID)
	phone := tg.seed.PhoneNumberID
	handle := "4:cHJvZmlsZS5wbmc=:aW1hZ2UvcG5n:ARa1:e:1900000000:1:2:ARb2"
	created := `
  about       = "Succulent specialists!"
  address     = "1 Hacker Way, Menlo Park, CA 94025"
  email       = "hello@luckyshrub.example"
  vertical    = "RETAIL"
  websites    = ["https://www.luckyshrub.example", "https://shop.luckyshrub.example"]
  profile_picture_handle = "` + handle + `"`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// Destroy leaves the profile as it is at Meta.
			p, err := tg.client().GetBusinessProfile(context.Background(), phone)
			if err != nil {
				return err
			}
			if p.About == "" {
				return fmt.Errorf("destroy changed the profile: %+v", p)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: profileConfig(tg, created),
				ConfigStateChecks: []statecheck.StateCheck{
					profileValue("id", knownvalue.StringExact(phone)),
					profileValue("about", knownvalue.StringExact("Succulent specialists!")),
					profileValue("vertical", knownvalue.StringExact("RETAIL")),
					profileValue("websites", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("https://www.luckyshrub.example"), knownvalue.StringExact("https://shop.luckyshrub.example"),
					})),
					profileValue("profile_picture_handle", knownvalue.Null()), // write-only
					profileValue("profile_picture_digest", knownvalue.StringExact(contentDigest([]byte(handle)))),
					profileValue("profile_picture_url", pictureURL),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName: profileAddr, ImportState: true, ImportStateId: phone, ImportStateVerify: true,
				// Meta returns the picture as a URL only: an import cannot know its digest.
				ImportStateVerifyIgnore: []string{"profile_picture_digest"},
			},
			{
				// Adopting with an import block and generated configuration plans nothing.
				ResourceName: profileAddr, ImportState: true, ImportStateId: phone,
				ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
			},
			{
				// In place: a new About text, an emptied address, a new picture.
				Config: profileConfig(tg, strings.NewReplacer(
					`"Succulent specialists!"`, `"Rare succulents, shipped with care."`,
					`"1 Hacker Way, Menlo Park, CA 94025"`, `""`,
					handle, "4::bmV3LXBpY3R1cmU=:ARc3").Replace(created)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(profileAddr, tfjsonpath.New("profile_picture_url")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					profileValue("about", knownvalue.StringExact("Rare succulents, shipped with care.")),
					profileValue("address", knownvalue.StringExact("")),
					profileValue("profile_picture_url", pictureURL),
				},
				Check: func(*terraform.State) error {
					p, err := tg.client().GetBusinessProfile(context.Background(), phone)
					if err != nil {
						return err
					}
					if p.Address != "" || p.About != "Rare succulents, shipped with care." {
						return fmt.Errorf("profile at Meta: %+v", p)
					}
					return nil
				},
			},
		},
	})
}

// phoneSettingsIdentityCase tests the identity of a phone number's settings, the phone number
// id: set on create and kept on update (config, then updated), accepted by an import block,
// and refused when empty or not a phone number id. other is the body of a second resource of
// the type, which the refused import blocks target.
func phoneSettingsIdentityCase(tg *target, addr, config, updated, other string) resource.TestCase {
	phone := tg.seed.PhoneNumberID
	identity := statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"phone_number_id": knownvalue.StringExact(phone)})
	typ := strings.Split(addr, ".")[0]
	otherConfig := func(id string) string {
		return updated + fmt.Sprintf("\nresource %q \"other\" {\n  %s\n}\n", typ, other) +
			importByIdentity(typ+".other", map[string]string{"phone_number_id": id})
	}
	return resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   identitySince,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{identity, statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("phone_number_id"))},
			},
			{
				ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(phone)),
				}},
			},
			{
				Config:            updated,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{identity},
			},
			{Config: otherConfig(""), ExpectError: regexp.MustCompile(`Missing identity attribute`)},
			{Config: otherConfig("abc"), ExpectError: regexp.MustCompile(`"abc" must be the numeric id of the`)},
		},
	}
}

func TestAccBusinessProfile_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's business profile")
	tg.needsSeed(envTestPhoneNumberID)
	resource.Test(t, phoneSettingsIdentityCase(tg, profileAddr,
		profileConfig(tg, `about = "Succulent specialists!"`),
		profileConfig(tg, `about = "Rare succulents, shipped with care."`),
		fmt.Sprintf("phone_number_id = %q", tg.seed.PhoneNumberID)))
}

// A profile picture given as a local file is uploaded when its content changes, and refused at
// plan time when Meta would refuse it.
func TestAccBusinessProfile_pictureFile(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's business profile")
	dir := t.TempDir()
	picture, pdf := filepath.Join(dir, "logo.png"), filepath.Join(dir, "logo.pdf")
	writeMedia(t, picture, pngFile("logo, green"))
	writeMedia(t, pdf, []byte("%PDF-1.7 logo"))
	config := func(file string) string {
		return tg.appProvider() + fmt.Sprintf(`
resource "whatsapp_business_profile" "p" {
  phone_number_id      = %q
  about                = "Succulent specialists!"
  profile_picture_file = %q
}
`, tg.seed.PhoneNumberID, file)
	}
	shown := func() resource.TestCheckFunc {
		return func(*terraform.State) error {
			posts := tg.calls(http.MethodPost, `/`+tg.seed.AppID+`/uploads$`)
			p, err := tg.client().GetBusinessProfile(context.Background(), tg.seed.PhoneNumberID)
			if err != nil {
				return err
			}
			if p.ProfilePictureURL == "" || len(posts) == 0 {
				return fmt.Errorf("no picture at Meta (%d uploads): %+v", len(posts), p)
			}
			return nil
		}
	}
	var firstURL string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(picture),
				ConfigStateChecks: []statecheck.StateCheck{
					profileValue("profile_picture_digest", knownvalue.StringExact(contentDigest(pngFile("logo, green")))),
					profileValue("profile_picture_url", pictureURL),
					profileValue("profile_picture_file", knownvalue.Null()),
				},
				Check: resource.ComposeTestCheckFunc(shown(), uploadCount(tg, 1), func(s *terraform.State) error {
					firstURL = s.RootModule().Resources[profileAddr].Primary.Attributes["profile_picture_url"]
					return nil
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				PreConfig: func() { writeMedia(t, picture, pngFile("logo, blue")) },
				Config:    config(picture),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(profileAddr, tfjsonpath.New("profile_picture_digest"), knownvalue.StringExact(contentDigest(pngFile("logo, blue")))),
						plancheck.ExpectUnknownValue(profileAddr, tfjsonpath.New("profile_picture_url")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(uploadCount(tg, 2), func(s *terraform.State) error {
					if u := s.RootModule().Resources[profileAddr].Primary.Attributes["profile_picture_url"]; u == firstURL {
						return fmt.Errorf("the picture URL did not change: %s", u)
					}
					return nil
				}),
			},
			{
				Config: config(pdf), PlanOnly: true,
				ExpectError: wrapped("Media file not accepted by Meta", "profile_picture_file", "a profile picture must be image/jpeg or image/png; this file is application/pdf"),
			},
		},
	})
}

// A profile with empty fields (no About text) adopts with a configuration that validates: Meta
// leaves empty fields out, and the provider reads them as null rather than as "", which about
// does not accept.
func TestAccBusinessProfile_adoptEmptyProfile(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's business profile")
	if tg.emu == nil {
		// Against Meta, the account's second number, while nobody has set its profile.
		tg.needsSeed(envTestSecondPhoneNumberID)
		tg.seed.PhoneNumberID = os.Getenv(envTestSecondPhoneNumberID)
		p, err := tg.client().GetBusinessProfile(context.Background(), tg.seed.PhoneNumberID)
		if err != nil {
			t.Fatal(err)
		}
		if p.About != "" || len(p.Websites) > 0 || p.ProfilePictureURL != "" {
			t.Skipf("the business profile of %s (%s) has been set", tg.seed.PhoneNumberID, envTestSecondPhoneNumberID)
		}
	}
	phone := tg.seed.PhoneNumberID
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: profileConfig(tg, ``),
				ConfigStateChecks: []statecheck.StateCheck{
					profileValue("about", knownvalue.Null()),
					profileValue("websites", knownvalue.Null()),
					profileValue("profile_picture_url", knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if posts := tg.calls(http.MethodPost, "/whatsapp_business_profile$"); len(posts) != 0 {
						return fmt.Errorf("adopting without attributes wrote to Meta: %+v", posts)
					}
					return nil
				},
			},
			{
				ResourceName: profileAddr, ImportState: true, ImportStateId: phone,
				ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
			},
		},
	})
}

// A managed attribute changed outside Terraform is drift; an unmanaged one is only shown.
func TestAccBusinessProfile_drift(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's business profile")
	tg.needsSeed(envTestPhoneNumberID)
	phone := tg.seed.PhoneNumberID
	config := profileConfig(tg, `about = "Managed by Terraform"`)
	outOfBand := func(u graph.BusinessProfileUpdate) func() {
		return func() {
			if err := tg.client().UpdateBusinessProfile(context.Background(), phone, u); err != nil {
				t.Fatal(err)
			}
		}
	}
	edited, description := "Edited in WhatsApp Manager", "Set in WhatsApp Manager"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig:        outOfBand(graph.BusinessProfileUpdate{Description: &description}),
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					profileValue("description", knownvalue.StringExact(description)),
				},
			},
			{
				PreConfig: outOfBand(graph.BusinessProfileUpdate{About: &edited}),
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(profileAddr, tfjsonpath.New("about"), knownvalue.StringExact("Managed by Terraform")),
				}},
				Check: func(*terraform.State) error {
					p, err := tg.client().GetBusinessProfile(context.Background(), phone)
					if err != nil {
						return err
					}
					if p.About != "Managed by Terraform" || p.Description != description {
						return fmt.Errorf("apply should restore about and keep the unmanaged description: %+v", p)
					}
					return nil
				},
			},
		},
	})
}

// The phone number disappears: the profile is removed from state and planned for creation.
func TestAccBusinessProfile_phoneGone(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a fault in Meta's answers")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: profileConfig(tg, `about = "Hello"`),
			Check: func(*terraform.State) error {
				tg.emu.AddFault(phoneGoneFault("/whatsapp_business_profile$"))
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(profileAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

func TestAccBusinessProfile_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cases := map[string]struct{ body, want string }{
		"about empty":       {`about = ""`, `(?s)about.*must be 1 to 139 characters`},
		"about too long":    {`about = "` + strings.Repeat("a", 140) + `"`, `(?s)about.*must be 1 to 139 characters`},
		"address too long":  {`address = "` + strings.Repeat("a", 257) + `"`, `(?s)address.*at most 256 characters`},
		"description long":  {`description = "` + strings.Repeat("a", 513) + `"`, `(?s)description.*at most 512 characters`},
		"email":             {`email = "not-an-email"`, `(?s)email.*valid email address`},
		"email too long":    {`email = "` + strings.Repeat("a", 120) + `@example.com"`, `(?s)email.*at most 128 characters`},
		"vertical":          {`vertical = "BAKERY"`, `(?s)vertical.*value must be one of`},
		"three websites":    {`websites = ["https://a.example", "https://b.example", "https://c.example"]`, `(?s)websites.*at most 2`},
		"website scheme":    {`websites = ["www.example.com"]`, `(?s)websites\[0\].*http:// or https://`},
		"website too long":  {`websites = ["https://example.com/` + strings.Repeat("p", 240) + `"]`, `(?s)websites\[0\].*1 to 256 characters`},
		"picture handle":    {`profile_picture_handle = "picture.png"`, `(?s)profile_picture_handle.*Resumable\s+Upload\s+handle`},
		"multibyte counted": {`about = "` + strings.Repeat("é", 140) + `"`, `(?s)about.*got 140`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      profileConfig(tg, tc.body),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	t.Run("phone number id", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      tg.provider() + `resource "whatsapp_business_profile" "p" { phone_number_id = "+1 555 0100" }`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)phone_number_id.*numeric`),
			}},
		})
	})
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}
