# Adopting an existing WhatsApp Business Account with `terraform query` (Terraform 1.14 and
# later). With account.tfquery.hcl beside this file, run:
#
#   terraform query -generate-config-out=generated.tf   # an import and a resource block per object
#   terraform plan                                      # N to import, 0 to add, 0 to change
#   terraform apply                                     # imports; sends nothing to Meta
#   terraform plan                                      # No changes.
#
# Then move the generated resources into your own files and delete the import blocks.

terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

# Credentials and the account come from the environment: WHATSAPP_ACCESS_TOKEN,
# WHATSAPP_BUSINESS_ACCOUNT_ID, and WHATSAPP_APP_ID and WHATSAPP_APP_SECRET for the app's
# webhook subscription.
provider "whatsapp" {}
