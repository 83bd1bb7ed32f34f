package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// expectPhone checks an attribute of whatsapp_phone_number.p in state.
func expectPhone(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(phoneAddr, tfjsonpath.New(attr), v)
}

// secretsNotInState fails when any attribute of the resource in state contains one of the
// secrets, whole or as part of a longer value. An empty secret fails the check: every value
// would contain it.
func secretsNotInState(addr string, secrets ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		for _, secret := range secrets {
			if secret == "" {
				return fmt.Errorf("an empty secret cannot be looked for in %s", addr)
			}
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("state attribute %s of %s holds a secret value", k, addr)
				}
			}
		}
		return nil
	}
}

// phoneNumberID returns the id of the whatsapp_phone_number at addr in a state as Terraform
// reports it in JSON: the state a state check is given, or the output of terraform show -json.
func phoneNumberID(state *tfjson.State, addr string) (string, error) {
	if state != nil && state.Values != nil && state.Values.RootModule != nil {
		for _, r := range state.Values.RootModule.Resources {
			if r.Address != addr {
				continue
			}
			if r.Type != "whatsapp_phone_number" {
				return "", fmt.Errorf("%s is a %s, not a whatsapp_phone_number", addr, r.Type)
			}
			if id, ok := r.AttributeValues["id"].(string); ok && id != "" {
				return id, nil
			}
			return "", fmt.Errorf("%s has no id in state", addr)
		}
	}
	return "", fmt.Errorf("%s not in state", addr)
}

// recordPhoneNumberID is a state check that stores the id of the whatsapp_phone_number at addr
// in *id, for later steps and checks; it fails when the number has no id in state.
func recordPhoneNumberID(addr string, id *string) statecheck.StateCheck {
	return stateCheckFunc(func(state *tfjson.State) error {
		var err error
		*id, err = phoneNumberID(state, addr)
		return err
	})
}

// stateCheckFunc is a state check written as a function of the state.
type stateCheckFunc func(*tfjson.State) error

func (f stateCheckFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(req.State)
}

// wrapped matches the phrases in order, whatever line wrapping Terraform applies to them.
func wrapped(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// expectVerified checks that the endpoint verified exactly these callback paths, in order.
func expectVerified(ep *callbackEndpoint, paths ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := ep.verified(); strings.Join(got, ",") != strings.Join(paths, ",") {
			return fmt.Errorf("callback verifications %v, want %v", got, paths)
		}
		return nil
	}
}

// squash joins Terraform's wrapped diagnostic lines so that messages can be matched whole.
func squash(s string) string {
	s = strings.ReplaceAll(s, "│", " ")
	return strings.Join(strings.Fields(s), " ")
}
