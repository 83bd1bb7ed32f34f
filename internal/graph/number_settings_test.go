package graph

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestPhoneSettingsRoundTrip(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx, phone := context.Background(), emu.Seed().PhoneNumberID
	servers := []SIPServer{{Hostname: "sip.example.com", RequestURIUserParams: map[string]string{"tgrp": "wacall"}}}
	err := c.SetCallingSettings(ctx, phone, CallingSettings{
		Status: "ENABLED", CallIconVisibility: "DISABLE_ALL",
		CallHours: &CallHours{Status: "ENABLED", TimezoneID: "Asia/Singapore", WeeklyOperatingHours: []WeeklyHours{{"MONDAY", "0900", "1700"}}, HolidaySchedule: []HolidayHours{}},
		SIP:       &SIPSetting{Status: "ENABLED", Servers: &servers},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetIdentityKeyCheck(ctx, phone, true); err != nil {
		t.Fatal(err)
	}
	s, err := c.GetPhoneSettings(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	if s.Calling.Status != "ENABLED" || s.Calling.CallIconVisibility != "DISABLE_ALL" || s.Calling.CallHours.TimezoneID != "Asia/Singapore" ||
		len(*s.Calling.SIP.Servers) != 1 || (*s.Calling.SIP.Servers)[0].Port != 5061 || (*s.Calling.SIP.Servers)[0].AppID != FlexString(emu.Seed().AppID) {
		t.Fatalf("settings read back: %s", s.Raw)
	}
	if s.StorageConfiguration.Status != StorageDefault || s.PayloadEncryption.Status != "disabled" {
		t.Fatalf("storage %+v, encryption %+v", s.StorageConfiguration, s.PayloadEncryption)
	}
	// The seeded number is registered: Meta keeps its storage.
	if err := c.SetLocalStorage(ctx, phone, "IN"); err == nil {
		t.Fatal("local storage changed on a registered number")
	}
	// Meta's examples give the port as a number or a string, and app ids unquoted.
	var srv SIPServer
	if err := json.Unmarshal([]byte(`{"app_id": 12345, "hostname": "h", "port": "5060"}`), &srv); err != nil || srv.Port != 5060 || srv.AppID != "12345" {
		t.Fatalf("server %+v, %v", srv, err)
	}
}

func TestCallingErrors(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{MaxRetries: 1})
	err := c.SetCallingSettings(context.Background(), emu.Seed().PhoneNumberID, CallingSettings{Status: "ENABLED"})
	if !IsCallingPrerequisiteMissing(err) || IsCallingLimitTooLow(err) {
		t.Fatalf("enabling calling without the calls webhook: %v", err)
	}
	var ge *Error
	if e, ok := asError(err); ok {
		ge = e
	}
	if ge == nil || ge.Data == nil || ge.Data.Details == "" {
		t.Fatalf("no error_data details: %+v", ge)
	}
	if err := emu.ChangePhoneNumber(emu.Seed().PhoneNumberID, emulator.PhoneNumberChange{MessagingLimitTier: "TIER_250"}); err != nil {
		t.Fatal(err)
	}
	if err := c.SetCallingSettings(context.Background(), emu.Seed().PhoneNumberID, CallingSettings{Status: "ENABLED"}); !IsCallingLimitTooLow(err) {
		t.Fatalf("enabling calling under the 2,000 limit: %v", err)
	}
}
