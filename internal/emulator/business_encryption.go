package emulator

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
)

// The business public key of a phone number: GET/POST
// /{phone-number-id}/whatsapp_business_encryption (Meta "WhatsApp Business Encryption",
// developers.facebook.com/docs/whatsapp/cloud-api/reference/whatsapp-business-encryption).
//
// A Flow with a data endpoint encrypts its exchange with a 2048-bit RSA key pair; the business
// shares the public key, in PEM, for each phone number (a WABA's numbers are signed one by one).
// POST takes business_public_key (Meta's page sends it x-www-form-urlencoded) and answers
// {"success": true}; a key that is not a 2048-bit RSA public key is 400/100 "Business public key
// is invalid" (the v23.0 reference's example). GET answers {"data": [{business_public_key,
// business_public_key_signature_status}]}, the status VALID or MISMATCH (the signature no longer
// matches, e.g. after the number changed); the reference's MISMATCH example returns a blank key.
// Meta documents no DELETE. The page's prerequisite that the number be registered is enforced
// with a code 100 error, as Meta's page gives no code for it. A number without a key answers an
// empty data list.

const (
	keySignatureValid    = "VALID"
	keySignatureMismatch = "MISMATCH"
	businessKeyBits      = 2048
)

// businessKey is the key a phone number shares and the status of its signature.
type businessKey struct {
	pem, signatureStatus string
}

var businessEncryptionFields = fieldSet{
	nodeType: "WhatsAppBusinessEncryption",
	allowed:  []string{"business_public_key", "business_public_key_signature_status"},
	defaults: []string{"business_public_key", "business_public_key_signature_status"},
}

// GET /{phone-number-id}/whatsapp_business_encryption
func getBusinessEncryption(c *call) (any, *graphError) {
	fields, err := c.selectFields(businessEncryptionFields)
	if err != nil {
		return nil, err
	}
	k := peekAttached[businessKey](c.e.store, c.node.(*phone).id, "whatsapp_business_encryption")
	if k == nil {
		return map[string]any{"data": []any{}}, nil
	}
	key := k.pem
	if k.signatureStatus == keySignatureMismatch {
		key = " "
	}
	return map[string]any{"data": []any{project(map[string]any{
		"business_public_key":                  key,
		"business_public_key_signature_status": k.signatureStatus,
	}, fields)}}, nil
}

// POST /{phone-number-id}/whatsapp_business_encryption
func setBusinessEncryption(c *call) (any, *graphError) {
	p := c.node.(*phone)
	key, ok := c.params.str("business_public_key")
	if !ok || strings.TrimSpace(key) == "" {
		return nil, errParam("(#100) The parameter business_public_key is required")
	}
	if why := checkBusinessKey(key); why != "" {
		return nil, &graphError{Message: "Business public key is invalid", Type: "OAuthException", Code: 100, UserMsg: why}
	}
	if !p.registered() {
		return nil, errParam("(#100) The phone number %s must be registered before a business public key is set", p.id)
	}
	k := attached(c.e.store, p.id, "whatsapp_business_encryption", func() *businessKey { return &businessKey{} })
	k.pem, k.signatureStatus = key, keySignatureValid
	return map[string]any{"success": true}, nil
}

// checkBusinessKey returns why key is not a PEM-encoded 2048-bit RSA public key, or "".
func checkBusinessKey(key string) string {
	block, _ := pem.Decode([]byte(strings.TrimSpace(key)))
	if block == nil {
		return "The key is not PEM-encoded."
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		if rsaKey, err2 := x509.ParsePKCS1PublicKey(block.Bytes); err2 == nil {
			pub = rsaKey
		} else {
			return "The PEM block is not a public key."
		}
	}
	rsaKey, ok := pub.(*rsa.PublicKey)
	if !ok {
		return "The key is not an RSA key."
	}
	if bits := rsaKey.N.BitLen(); bits != businessKeyBits {
		return fmt.Sprintf("The RSA key has %d bits; it must have %d.", bits, businessKeyBits)
	}
	return ""
}

// BusinessKeyOf returns the business public key a phone number shares and its signature
// status, or empty strings when it shares none.
func (e *Emulator) BusinessKeyOf(phoneID string) (key, signatureStatus string, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.settingsPhone(phoneID); err != nil {
		return "", "", err
	}
	if k := peekAttached[businessKey](e.store, phoneID, "whatsapp_business_encryption"); k != nil {
		return k.pem, k.signatureStatus, nil
	}
	return "", "", nil
}

// MismatchBusinessKey makes the signature of a phone number's business public key MISMATCH, as
// Meta reports when the key no longer matches the number.
func (e *Emulator) MismatchBusinessKey(phoneID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	k := peekAttached[businessKey](e.store, phoneID, "whatsapp_business_encryption")
	if k == nil {
		return fmt.Errorf("emulator: phone number %s shares no business public key", phoneID)
	}
	k.signatureStatus = keySignatureMismatch
	return nil
}
