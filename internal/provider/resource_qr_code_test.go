package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

const qrAddr = "whatsapp_qr_code.q"

func qrConfig(tg *target, body string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_qr_code" "q" {
  phone_number_id = %q
  %s
}
`, tg.seed.PhoneNumberID, body)
}

func qrValue(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(qrAddr, tfjsonpath.New(attr), v)
}

// qrState returns the phone number id and code of the QR code in state.
func qrState(s *terraform.State) (phone, code string) {
	a := s.RootModule().Resources[qrAddr].Primary.Attributes
	return a["phone_number_id"], a["code"]
}

func TestAccQRCode_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	sameCode := statecheck.CompareValue(compare.ValuesSame())
	sameImage := statecheck.CompareValue(compare.ValuesSame())
	var code string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			_, err := tg.client().GetQRCode(context.Background(), tg.seed.PhoneNumberID, code, "")
			if !graph.IsNotFound(err) {
				return fmt.Errorf("QR code %s should be deleted, read gave %w", code, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: qrConfig(tg, `prefilled_message = "Show me Cyber Monday deals!"`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameCode.AddStateValue(qrAddr, tfjsonpath.New("code")),
					sameImage.AddStateValue(qrAddr, tfjsonpath.New("qr_image_url")),
					qrValue("code", knownvalue.StringRegexp(regexp.MustCompile(`^[A-Z0-9]{14}$`))),
					qrValue("image_format", knownvalue.StringExact("PNG")),
					qrValue("deep_link_url", knownvalue.StringRegexp(regexp.MustCompile(`^https://wa\.me/message/[A-Z0-9]{14}$`))),
					qrValue("qr_image_url", knownvalue.StringRegexp(regexp.MustCompile(`^https://\S+`))),
				},
				Check: func(s *terraform.State) error {
					var phone string
					phone, code = qrState(s)
					if id := s.RootModule().Resources[qrAddr].Primary.ID; id != phone+"/"+code {
						return fmt.Errorf("id %q, want <phone>/<code>", id)
					}
					return nil
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: qrAddr, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: qrImportID},
			{
				ResourceName: qrAddr, ImportState: true, ImportStateIdFunc: qrImportID,
				ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true,
			},
			{
				// A new message updates the code in place; code and image stay.
				Config: qrConfig(tg, `prefilled_message = "Show me Cyber Tuesday deals!"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(qrAddr, tfjsonpath.New("qr_image_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://`))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameCode.AddStateValue(qrAddr, tfjsonpath.New("code")),
					sameImage.AddStateValue(qrAddr, tfjsonpath.New("qr_image_url")),
					qrValue("prefilled_message", knownvalue.StringExact("Show me Cyber Tuesday deals!")),
				},
			},
			{
				// Another image format reads another URL, without writing.
				PreConfig: func() {
					if tg.emu != nil {
						tg.clearRequests()
					}
				},
				Config: qrConfig(tg, `prefilled_message = "Show me Cyber Tuesday deals!"`+"\n  image_format = \"SVG\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(qrAddr, tfjsonpath.New("qr_image_url")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameCode.AddStateValue(qrAddr, tfjsonpath.New("code")),
					qrValue("image_format", knownvalue.StringExact("SVG")),
				},
				Check: func(s *terraform.State) error {
					phone, code := qrState(s)
					got, err := tg.client().GetQRCode(context.Background(), phone, code, graph.QRImageSVG)
					if err != nil {
						return err
					}
					if url := s.RootModule().Resources[qrAddr].Primary.Attributes["qr_image_url"]; tg.emu != nil && url != got.QRImageURL {
						return fmt.Errorf("qr_image_url %q is not the SVG image %q", url, got.QRImageURL)
					}
					if tg.emu != nil {
						if posts := tg.calls(http.MethodPost, "/message_qrdls$"); len(posts) != 0 {
							return fmt.Errorf("changing the image format wrote to Meta: %+v", posts)
						}
					}
					return nil
				},
			},
		},
	})
}

// A QR code's identity is its phone number id and code: an import block can name a code made
// in WhatsApp Manager by both.
func TestAccQRCode_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	phone := tg.seed.PhoneNumberID
	made, err := tg.client().CreateQRCode(context.Background(), phone, "Made in WhatsApp Manager", graph.QRImagePNG)
	if err != nil {
		t.Fatal(err)
	}
	const adopted = "whatsapp_qr_code.adopted"
	sameCode := statecheck.CompareValue(compare.ValuesSame())
	config := qrConfig(tg, `prefilled_message = "Show me Cyber Tuesday deals!"`)
	adoptedConfig := config + fmt.Sprintf(`
resource "whatsapp_qr_code" "adopted" {
  phone_number_id   = %q
  prefilled_message = "Made in WhatsApp Manager"
}
`, phone)
	importAs := func(code string) string {
		return adoptedConfig + fmt.Sprintf("\nresource \"whatsapp_qr_code\" \"other\" {\n  phone_number_id = %q\n  prefilled_message = \"Hi\"\n}\n", phone) +
			importByIdentity("whatsapp_qr_code.other", map[string]string{"phone_number_id": phone, "code": code})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   identitySince,
		Steps: []resource.TestStep{
			{
				Config: qrConfig(tg, `prefilled_message = "Show me Cyber Monday deals!"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(qrAddr, map[string]knownvalue.Check{
						"phone_number_id": knownvalue.StringExact(phone),
						"code":            knownvalue.StringRegexp(regexp.MustCompile(`^[A-Z0-9]{14}$`)),
					}),
					statecheck.ExpectIdentityValueMatchesState(qrAddr, tfjsonpath.New("code")),
					sameCode.AddStateValue(qrAddr, tfjsonpath.New("code")),
				},
			},
			{ResourceName: qrAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{
				// In place: the code, and so the identity, stays.
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameCode.AddStateValue(qrAddr, tfjsonpath.New("code")),
					statecheck.ExpectIdentityValueMatchesState(qrAddr, tfjsonpath.New("code")),
				},
			},
			{
				Config: adoptedConfig + importByIdentity(adopted, map[string]string{"phone_number_id": phone, "code": made.Code}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(adopted, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(adopted, map[string]knownvalue.Check{
						"phone_number_id": knownvalue.StringExact(phone), "code": knownvalue.StringExact(made.Code),
					}),
					statecheck.ExpectKnownValue(adopted, tfjsonpath.New("id"), knownvalue.StringExact(phone+"/"+made.Code)),
					statecheck.ExpectKnownValue(adopted, tfjsonpath.New("deep_link_url"), knownvalue.StringExact(made.DeepLinkURL)),
				},
			},
			{Config: importAs(""), ExpectError: regexp.MustCompile(`(?s)Missing identity attribute.*Importing by identity needs code`)},
			{Config: importAs("not-a-code"), ExpectError: regexp.MustCompile(`/not-a-code" must be <phone_number_id>/<code>`)},
		},
	})
}

func qrImportID(s *terraform.State) (string, error) {
	rs, ok := s.RootModule().Resources[qrAddr]
	if !ok {
		return "", fmt.Errorf("%s not in state", qrAddr)
	}
	return rs.Primary.Attributes["phone_number_id"] + "/" + rs.Primary.Attributes["code"], nil
}

func TestAccQRCode_drift(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	config := qrConfig(tg, `prefilled_message = "Hello!"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					phone, code := qrState(s)
					_, err := tg.client().UpdateQRCode(context.Background(), phone, code, "Edited in WhatsApp Manager")
					return err
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				Config: config,
				Check: func(s *terraform.State) error {
					phone, code := qrState(s)
					qr, err := tg.client().GetQRCode(context.Background(), phone, code, "")
					if err != nil {
						return err
					}
					if qr.PrefilledMessage != "Hello!" {
						return fmt.Errorf("apply should restore the message, got %q", qr.PrefilledMessage)
					}
					return nil
				},
			},
		},
	})
}

func TestAccQRCode_disappears(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: qrConfig(tg, `prefilled_message = "Hello!"`),
			Check: func(s *terraform.State) error {
				phone, code := qrState(s)
				return tg.client().DeleteQRCode(context.Background(), phone, code)
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

// A QR code deleted out of band (here through the Graph API, as WhatsApp Manager does) is gone
// from state, and destroying a QR code that is already gone succeeds.
func TestAccQRCode_deletedInManager(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	message := "Hello from " + templateName("qr")
	config := qrConfig(tg, fmt.Sprintf("prefilled_message = %q", message))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					ctx, c := context.Background(), tg.client()
					codes, err := c.ListQRCodes(ctx, tg.seed.PhoneNumberID, "")
					if err != nil {
						t.Fatal(err)
					}
					deleted := 0
					for _, qr := range codes {
						if qr.PrefilledMessage == message {
							if err := c.DeleteQRCode(ctx, tg.seed.PhoneNumberID, qr.Code); err != nil {
								t.Fatal(err)
							}
							deleted++
						}
					}
					if deleted != 1 {
						t.Fatalf("%d QR codes with the test's message, want 1: %+v", deleted, codes)
					}
				},
				Config:   config,
				PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(qrAddr, plancheck.ResourceActionCreate),
				}},
			},
			{Config: tg.provider(), Destroy: true},
		},
	})
}

func TestAccQRCode_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cases := map[string]struct{ body, want string }{
		"empty message":    {`prefilled_message = ""`, `(?s)prefilled_message.*1 to 140 characters`},
		"long message":     {`prefilled_message = "` + strings.Repeat("m", 141) + `"`, `(?s)prefilled_message.*1 to 140 characters`},
		"multibyte length": {`prefilled_message = "` + strings.Repeat("ß", 141) + `"`, `(?s)prefilled_message.*got 141`},
		"image format":     {`prefilled_message = "Hi"` + "\n" + `image_format = "JPG"`, `(?s)image_format.*value must be one of`},
		"missing message":  {``, `(?s)prefilled_message.*required`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      qrConfig(tg, tc.body),
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	t.Run("import id", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: qrConfig(tg, `prefilled_message = "Hi"`), ResourceName: qrAddr,
				ImportState: true, ImportStateId: "ANED2T5QRU7HG2",
				ExpectError: regexp.MustCompile(`(?s)must be <phone_number_id>/<code>`),
			}},
		})
	})
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}

// A lost create response leaves one QR code at Meta, the one in state.
func TestAccQRCode_lostCreateResponse(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a fault in Meta's answers")
	tg.emu.AddFault(emulator.Fault{Method: http.MethodPost, PathRegex: "/message_qrdls$", LoseResponse: true, Times: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: qrConfig(tg, `prefilled_message = "Hello!"`),
			Check: func(s *terraform.State) error {
				_, code := qrState(s)
				codes, err := tg.emu.QRCodesOf(tg.seed.PhoneNumberID)
				if err != nil {
					return err
				}
				if posts := tg.calls(http.MethodPost, "/message_qrdls$"); len(posts) != 1 || !posts[0].LostResponse {
					return fmt.Errorf("want exactly one create, whose response was lost; got %+v", posts)
				}
				if len(codes) != 1 || codes[0].Code != code {
					return fmt.Errorf("state has %s; codes at Meta %+v", code, codes)
				}
				return nil
			},
		}},
	})
}
