package graph

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// BusinessEncryption is the business public key a phone number shares for the encrypted data
// exchange of Flows with an endpoint, and the status of its signature.
type BusinessEncryption struct {
	// PublicKey is the PEM Meta returns. Meta may return it blank (with a MISMATCH signature).
	PublicKey string `json:"business_public_key"`
	// SignatureStatus is KeySignatureValid or KeySignatureMismatch.
	SignatureStatus string `json:"business_public_key_signature_status"`
}

// Signature statuses of a business public key.
const (
	KeySignatureValid    = "VALID"
	KeySignatureMismatch = "MISMATCH"
)

// GetBusinessEncryption reads a phone number's business public key, or nil when it shares none.
func (c *Client) GetBusinessEncryption(ctx context.Context, phoneNumberID string) (*BusinessEncryption, error) {
	return BusinessEncryptionRead(phoneNumberID).Get(ctx, c)
}

// BusinessEncryptionRead is the read of GetBusinessEncryption.
func BusinessEncryptionRead(phoneNumberID string) Read[*BusinessEncryption] {
	return objectRead(getRequest(phoneNumberID+"/whatsapp_business_encryption", nil), func(out *struct {
		Data []BusinessEncryption `json:"data"`
	}) (*BusinessEncryption, error) {
		if len(out.Data) == 0 {
			return nil, nil
		}
		return &out.Data[0], nil
	})
}

// SetBusinessPublicKey shares a PEM-encoded 2048-bit RSA public key for a phone number; Meta
// signs it. Setting the same key again is harmless, so the call is idempotent.
func (c *Client) SetBusinessPublicKey(ctx context.Context, phoneNumberID, publicKeyPEM string) error {
	form := url.Values{"business_public_key": {publicKeyPEM}}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: phoneNumberID + "/whatsapp_business_encryption", Form: form, Idempotent: true}, nil)
}

// BusinessKeyBits is the size Meta requires of a business public key.
const BusinessKeyBits = 2048

// CheckBusinessPublicKey returns why key is not what Meta takes as a business public key, a
// PEM-encoded 2048-bit RSA public key (SubjectPublicKeyInfo, as `openssl rsa -pubout` writes
// it, or PKCS #1), or nil.
func CheckBusinessPublicKey(key string) error {
	block, rest := pem.Decode([]byte(strings.TrimSpace(key)))
	switch {
	case block == nil:
		return errors.New("it is not PEM-encoded: it must start with -----BEGIN PUBLIC KEY-----")
	case strings.TrimSpace(string(rest)) != "":
		return errors.New("it holds more than one PEM block")
	case strings.Contains(block.Type, "PRIVATE"):
		return errors.New("it is a private key: share only the public key (openssl rsa -in private.pem -pubout)")
	}
	var rsaKey *rsa.PublicKey
	if pub, err := x509.ParsePKIXPublicKey(block.Bytes); err == nil {
		k, ok := pub.(*rsa.PublicKey)
		if !ok {
			return fmt.Errorf("it is a %T, not an RSA key", pub)
		}
		rsaKey = k
	} else if k, err := x509.ParsePKCS1PublicKey(block.Bytes); err == nil {
		rsaKey = k
	} else {
		return fmt.Errorf("its %s block is not a public key", block.Type)
	}
	if bits := rsaKey.N.BitLen(); bits != BusinessKeyBits {
		return fmt.Errorf("it is a %d-bit RSA key; Meta requires %d bits", bits, BusinessKeyBits)
	}
	return nil
}

// SameBusinessKey reports whether two PEM texts hold the same key, whatever their line breaks
// and surrounding space.
func SameBusinessKey(a, b string) bool {
	pa, _ := pem.Decode([]byte(strings.TrimSpace(a)))
	pb, _ := pem.Decode([]byte(strings.TrimSpace(b)))
	if pa == nil || pb == nil {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return pa.Type == pb.Type && string(pa.Bytes) == string(pb.Bytes)
}
