package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/url"
	"testing"
)

func publicKeyPEM(t *testing.T, bits int) string {
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

func TestBusinessEncryption(t *testing.T) {
	h := newHarness(t, Options{})
	path := "/v23.0/" + h.seed.PhoneNumberID + "/whatsapp_business_encryption"
	form := func(key string) string { return url.Values{"business_public_key": {key}}.Encode() }

	if r := h.mustOK(h.call(http.MethodGet, path, nil)); len(r.data()) != 0 {
		t.Fatalf("a number without a key: %s", r.raw)
	}
	for name, key := range map[string]string{
		"not PEM":      "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
		"1024-bit key": publicKeyPEM(t, 1024),
		"private key":  string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte("x")})),
	} {
		r := h.call(http.MethodPost, path, form(key))
		if r.status != http.StatusBadRequest || r.code() != 100 || r.errorField("message") != "Business public key is invalid" {
			t.Errorf("%s: %d %s, want 400/100 Business public key is invalid", name, r.status, r.raw)
		}
	}
	if r := h.call(http.MethodPost, path, ""); r.status != http.StatusBadRequest || r.code() != 100 {
		t.Errorf("no key: %d %s", r.status, r.raw)
	}
	key := publicKeyPEM(t, 2048)
	if r := h.mustOK(h.call(http.MethodPost, path, form(key))); r.body["success"] != true {
		t.Fatalf("set: %s", r.raw)
	}
	got := h.mustOK(h.call(http.MethodGet, path, nil)).data()
	if len(got) != 1 || got[0]["business_public_key"] != key || got[0]["business_public_key_signature_status"] != "VALID" {
		t.Fatalf("read back: %v", got)
	}
	if err := h.e.MismatchBusinessKey(h.seed.PhoneNumberID); err != nil {
		t.Fatal(err)
	}
	got = h.mustOK(h.call(http.MethodGet, path+"?fields=business_public_key_signature_status", nil)).data()
	if len(got) != 1 || got[0]["business_public_key_signature_status"] != "MISMATCH" || got[0]["business_public_key"] != nil {
		t.Fatalf("mismatch, status only: %v", got)
	}

	unregistered := h.addPhone("1", "6315551888", "Not Registered")
	r := h.call(http.MethodPost, "/v23.0/"+unregistered+"/whatsapp_business_encryption", form(key))
	if r.status != http.StatusBadRequest || r.code() != 100 {
		t.Fatalf("an unregistered number: %d %s", r.status, r.raw)
	}
}
