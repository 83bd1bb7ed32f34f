package graph

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func TestComplianceInfoRoundTrip(t *testing.T) {
	c, emu := newEmulatorClient(t, emulator.Options{}, Config{})
	ctx, phone := context.Background(), emu.Seed().PhoneNumberID
	if got, err := c.GetComplianceInfo(ctx, phone); err != nil || got != nil {
		t.Fatalf("a number without information: %+v, %v", got, err)
	}
	registered := true
	err := c.SetComplianceInfo(ctx, phone, ComplianceInfo{
		EntityName: "Lucky Shrub Private Limited", EntityType: "PARTNERSHIP", IsRegistered: &registered,
		GrievanceOfficerDetails: &ComplianceContact{Name: "Chandravati P.", Email: "chandravati@luckyshrub.com", MobileNumber: "+913854559033"},
		CustomerCareDetails:     &ComplianceContact{Email: "support@luckyshrub.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetComplianceInfo(ctx, phone)
	if err != nil || got == nil || NormalizeEntityType(got.EntityType) != "PARTNERSHIP" || got.IsRegistered == nil || !*got.IsRegistered ||
		got.GrievanceOfficerDetails.MobileNumber != "+913854559033" || got.CustomerCareDetails.Email != "support@luckyshrub.com" || got.WhatsAppBusinessAccountID != emu.Seed().BusinessAccountID {
		t.Fatalf("read back: %+v, %v", got, err)
	}
	// The reference's minimal example gives the details as empty strings.
	var minimal ComplianceInfo
	if err := json.Unmarshal([]byte(`{"entity_name": "", "is_registered": false, "grievance_officer_details": "", "customer_care_details": null}`), &minimal); err != nil || minimal.GrievanceOfficerDetails.Email != "" {
		t.Fatalf("minimal example: %+v, %v", minimal, err)
	}
}
