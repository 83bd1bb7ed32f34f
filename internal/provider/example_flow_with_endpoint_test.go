package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// TestAccExampleFlowWithEndpoint applies examples/flow-with-endpoint, the Flows guide's example:
// the number shares the example's public key, signed by Meta, and the flow holds its endpoint
// and its data API version; the next plan is empty.
func TestAccExampleFlowWithEndpoint(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsSeed(envTestPhoneNumberID)
	example := filepath.Join("..", "..", "examples", "flow-with-endpoint")
	key, err := os.ReadFile(filepath.Join(example, "public.pem"))
	if err != nil {
		t.Fatal(err)
	}
	cli := newCLIWorkspace(t, tg)
	const endpoint = "https://flows.example.com/booking"
	cli.setenv("TF_VAR_phone_number_id="+tg.seed.PhoneNumberID, "TF_VAR_endpoint_uri="+endpoint)
	dir := cli.dir(example)
	cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if status := strings.TrimSpace(cli.mustRun(dir, "output", "-raw", "signature_status")); status != "VALID" {
		t.Fatalf("signature_status = %q, want VALID", status)
	}
	if tg.emu != nil {
		got, status, err := tg.emu.BusinessKeyOf(tg.seed.PhoneNumberID)
		if err != nil || got != string(key) || status != "VALID" {
			t.Fatalf("Meta holds key %q (%s, %v), want the example's public.pem", got, status, err)
		}
	}
	flows := tg.flowsNamed("appointment_slots")
	if len(flows) != 1 || flows[0].EndpointURI != endpoint || flows[0].DataAPIVersion != "3.0" {
		t.Fatalf("flows named appointment_slots: %+v, want one with endpoint %s and data API version 3.0", flows, endpoint)
	}
	cli.expectEmptyPlan(dir)
}
