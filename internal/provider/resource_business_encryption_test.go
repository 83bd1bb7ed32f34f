package provider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

const encryptionAddr = "whatsapp_business_encryption.k"

// rsaPublicKeyPEM is a new RSA public key of the given size in PEM (SubjectPublicKeyInfo).
func rsaPublicKeyPEM(t *testing.T, bits int) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func encryptionConfig(tg *target, key string) string {
	return tg.provider() + fmt.Sprintf(`
resource "whatsapp_business_encryption" "k" {
  phone_number_id     = %q
  business_public_key = <<-EOT
%sEOT
}
`, tg.seed.PhoneNumberID, key)
}

// checkKeyAtMeta checks the key the number shares at Meta, and that Meta signed it.
func (tg *target) checkKeyAtMeta(want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if tg.emu == nil {
			return nil
		}
		got, gotStatus, err := tg.emu.BusinessKeyOf(tg.seed.PhoneNumberID)
		if err != nil {
			return err
		}
		if got != want || gotStatus != "VALID" {
			return fmt.Errorf("Meta holds key %q (%s), want %q (VALID)", got, gotStatus, want)
		}
		return nil
	}
}

func TestAccBusinessEncryption_lifecycle(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's business encryption key (a Flow endpoint relies on it)")
	tg.needsSeed(envTestPhoneNumberID)
	first, second := rsaPublicKeyPEM(t, 2048), rsaPublicKeyPEM(t, 2048)
	phone := tg.seed.PhoneNumberID
	value := func(attr string, v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(encryptionAddr, tfjsonpath.New(attr), v)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		// Meta has no way to remove a key: destroy forgets it and the number keeps it.
		CheckDestroy: tg.checkKeyAtMeta(second),
		Steps: []resource.TestStep{
			{
				Config: encryptionConfig(tg, first),
				ConfigStateChecks: []statecheck.StateCheck{
					value("id", knownvalue.StringExact(phone)),
					value("business_public_key", knownvalue.StringExact(first)),
					value("signature_status", knownvalue.StringExact("VALID")),
				},
				Check:            tg.checkKeyAtMeta(first),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: encryptionAddr, ImportState: true, ImportStateId: phone, ImportStateVerify: true},
			{
				Config:           encryptionConfig(tg, second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(encryptionAddr, plancheck.ResourceActionUpdate)}},
				Check:            tg.checkKeyAtMeta(second),
			},
		},
	})
}

// When Meta reports the signature as MISMATCH, the plan shares the key again; Meta's blank copy
// of the key does not replace the configured one.
func TestAccBusinessEncryption_signatureMismatch(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("Meta's signature check of the key failing")
	key := rsaPublicKeyPEM(t, 2048)
	config := encryptionConfig(tg, key)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					if err := tg.emu.MismatchBusinessKey(tg.seed.PhoneNumberID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(encryptionAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(encryptionAddr, tfjsonpath.New("business_public_key"), knownvalue.StringExact(key)),
					plancheck.ExpectUnknownValue(encryptionAddr, tfjsonpath.New("signature_status")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(encryptionAddr, tfjsonpath.New("signature_status"), knownvalue.StringExact("VALID")),
				},
				Check: tg.checkKeyAtMeta(key),
			},
		},
	})
}

func TestAccBusinessEncryption_identity(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.changesAccount("the phone number's business encryption key (a Flow endpoint relies on it)")
	tg.needsSeed(envTestPhoneNumberID)
	key := rsaPublicKeyPEM(t, 2048)
	resource.Test(t, phoneSettingsIdentityCase(tg, encryptionAddr,
		encryptionConfig(tg, key), encryptionConfig(tg, rsaPublicKeyPEM(t, 2048)),
		fmt.Sprintf("phone_number_id = %q\n  business_public_key = %q", tg.seed.PhoneNumberID, key)))
}

func TestAccBusinessEncryption_phoneGone(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("a fault in Meta's answers")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: encryptionConfig(tg, rsaPublicKeyPEM(t, 2048)),
			Check: func(*terraform.State) error {
				tg.emu.AddFault(phoneGoneFault("/whatsapp_business_encryption$"))
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(encryptionAddr, plancheck.ResourceActionCreate),
			}},
		}},
	})
}

func TestAccBusinessEncryption_invalidConfig(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	private := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
	cases := map[string]struct{ key, want string }{
		"not PEM":     {"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n", `business_public_key\s+must\s+be\s+a\s+PEM-encoded\s+2048-bit\s+RSA\s+public\s+key,\s+but\s+it\s+is\s+not\s+PEM-encoded`},
		"1024 bits":   {rsaPublicKeyPEM(t, 1024), `it\s+is\s+a\s+1024-bit\s+RSA\s+key;\s+Meta\s+requires\s+2048\s+bits`},
		"private key": {private, `it\s+is\s+a\s+private\s+key`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: encryptionConfig(tg, tc.key), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %+v", reqs)
	}
}
