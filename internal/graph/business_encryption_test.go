package graph

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestBusinessPublicKeyRoundTrip(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx, phone := context.Background(), emu.Seed().PhoneNumberID
	if got, err := c.GetBusinessEncryption(ctx, phone); err != nil || got != nil {
		t.Fatalf("before any key: %+v, %v", got, err)
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	key := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if err := c.SetBusinessPublicKey(ctx, phone, key); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetBusinessEncryption(ctx, phone)
	if err != nil || got == nil || got.PublicKey != key || got.SignatureStatus != KeySignatureValid {
		t.Fatalf("after setting the key: %+v, %v", got, err)
	}
	err = c.SetBusinessPublicKey(ctx, phone, "not a key")
	var gerr *Error
	if !errors.As(err, &gerr) || gerr.Code != 100 {
		t.Fatalf("an invalid key: %v, want Graph error 100", err)
	}
}
