package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

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

// phoneID returns the id of whatsapp_phone_number.p.
func phoneID(s *terraform.State) string {
	return s.RootModule().Resources[phoneAddr].Primary.ID
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

// phoneIDFromState returns the id of whatsapp_phone_number.p in a state file.
func phoneIDFromState(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, `"type": "whatsapp_phone_number"`)
	if i < 0 {
		t.Fatalf("no phone number in state:\n%s", s)
	}
	s = s[i:]
	j := strings.Index(s, `"id": "`)
	s = s[j+len(`"id": "`):]
	return s[:strings.Index(s, `"`)]
}
