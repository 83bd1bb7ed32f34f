package provider

import "fmt"

// registryURL is the provider's page on the Terraform Registry, named in the User-Agent.
const registryURL = "https://registry.terraform.io/providers/whatsapp-iac/whatsapp"

// userAgent is the User-Agent of every Graph call, for example
// "terraform-provider-whatsapp/0.1.0 (+https://registry.terraform.io/providers/whatsapp-iac/whatsapp) Terraform/1.11.4".
// Meta's support and a business's own logs can then tell which provider and Terraform versions
// made a call. Terraform's version is left out when Terraform does not report it.
func userAgent(providerVersion, terraformVersion string) string {
	ua := fmt.Sprintf("terraform-provider-whatsapp/%s (+%s)", providerVersion, registryURL)
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	return ua
}
