package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Credentials Meta refuses reach the user as Meta's error (code, subcode, message, fbtrace_id)
// with what to change in the provider configuration.
// refusedCredentialCase is a provider configured with credentials Meta refuses, and the error.
type refusedCredentialCase struct {
	config string
	want   string
}

// credentialsProvider renders a provider block with the given token and app secret.
func credentialsProvider(tg *target, token, secret string) string {
	b := fmt.Sprintf("provider \"whatsapp\" {\n  base_url = %q\n  access_token = %q\n  max_retries = 0\n", tg.url, token)
	if secret != "" {
		b += fmt.Sprintf("  app_secret = %q\n", secret)
	}
	return b + "}\n"
}

// Tokens Meta never issued are refused with Meta's error and the advice, after one call.
func TestAccAuth_refusedTokens(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	testRefusedCredentials(t, tg, map[string]refusedCredentialCase{
		"unknown token": {credentialsProvider(tg, "EAAnotissuedbymeta0000", ""),
			`(?s)Cannot read WhatsApp Business Account.*Graph API error 190: Invalid OAuth access token - Cannot parse access token.*fbtrace_id.*access token is missing, invalid or expired`},
		"malformed token": {credentialsProvider(tg, "EAA-pasted with a space", ""),
			`(?s)Graph API error 190: Malformed access token \*\*\*.*access token is missing, invalid or expired`},
	})
}

// Another app's token is refused for the account, and signed with our secret its proof is wrong.
func TestAccAuth_refusedCredentials(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	tg.needsEmulator("another app without access to the account")
	other := tg.emu.AddForeignApp("Other Integration")
	testRefusedCredentials(t, tg, map[string]refusedCredentialCase{
		"another app's token signed with our secret": {credentialsProvider(tg, other.AccessToken, tg.seed.AppSecret),
			`(?s)Graph API error 100: Invalid appsecret_proof provided in the API argument.*is not the secret of the app that issued access_token`},
		"another app's token without proof": {credentialsProvider(tg, other.AccessToken, ""),
			`(?s)Graph API error 200/1349174: Your app doesn't have permission to access this WhatsApp Business Account \(Permission Denied.*not shared with its app`},
	})
}

func testRefusedCredentials(t *testing.T, tg *target, cases map[string]refusedCredentialCase) {
	t.Helper()
	read := fmt.Sprintf("data \"whatsapp_business_account\" \"w\" {\n  id = %q\n}\n", tg.seed.BusinessAccountID)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			tg.clearRequests()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config + read, ExpectError: regexp.MustCompile(spaced(tc.want))}},
			})
			// One refused call: auth errors are not retried.
			if n := len(tg.requests()); n != 1 {
				t.Errorf("%d Graph calls, want 1", n)
			}
		})
	}
}

// With "Require App Secret", a provider without app_secret is refused with Meta's error and told
// to set it; with it, the same call succeeds.
func TestAccAuth_requiredProof(t *testing.T) {
	tg := newTarget(t, emulator.Options{RequireAppSecretProof: true})
	tg.needsEmulator("an app that requires appsecret_proof")
	read := fmt.Sprintf("data \"whatsapp_business_account\" \"w\" {\n  id = %q\n}\n", tg.seed.BusinessAccountID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      tg.provider() + read,
				ExpectError: regexp.MustCompile(spaced(`(?s)Graph API error 100: API calls from the server require an appsecret_proof argument.*Set app_secret`)),
			},
			{Config: tg.provider(fmt.Sprintf("app_secret = %q", tg.seed.AppSecret)) + read},
		},
	})
}

// spaced lets each space of a pattern match any run of white space: Terraform wraps long lines.
func spaced(pattern string) string {
	return strings.ReplaceAll(pattern, " ", `\s+`)
}
