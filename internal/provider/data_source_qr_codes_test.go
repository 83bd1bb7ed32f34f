package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestAccQRCodesDataSource(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	ctx, phone := context.Background(), tg.seed.PhoneNumberID
	var codes []string
	for i := 0; i < 27; i++ { // more than one page of 25
		qr, err := tg.client().CreateQRCode(ctx, phone, fmt.Sprintf("Message %02d", i), "")
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, qr.Code)
	}
	const addr = "data.whatsapp_qr_codes.all"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      tg.provider() + fmt.Sprintf("data \"whatsapp_qr_codes\" \"all\" {\n  phone_number_id = %q\n  image_format = \"GIF\"\n}", phone),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)image_format.*value must be one of`),
			},
			{
				Config: tg.provider() + fmt.Sprintf(`data "whatsapp_qr_codes" "all" {
  phone_number_id = %q
  image_format    = "SVG"
}`, phone),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("qr_codes"), knownvalue.ListSizeExact(27)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("qr_codes").AtSliceIndex(0).AtMapKey("code"), knownvalue.StringExact(codes[26])),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("qr_codes").AtSliceIndex(26).AtMapKey("prefilled_message"), knownvalue.StringExact("Message 00")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("qr_codes").AtSliceIndex(0).AtMapKey("qr_image_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://`))),
				},
			},
			{
				Config: tg.provider() + fmt.Sprintf(`data "whatsapp_qr_codes" "all" { phone_number_id = %q }`, phone),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("qr_codes").AtSliceIndex(0).AtMapKey("qr_image_url"), knownvalue.Null()),
				},
			},
		},
	})
}
