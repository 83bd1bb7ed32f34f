# Step 2 of adopting an existing WhatsApp Business Account. With imports.tf from step 1 beside
# this file, run:
#
#   terraform plan -generate-config-out=generated.tf   # writes the resources as they are at Meta
#   terraform apply                                    # imports them; changes nothing at Meta
#   terraform plan                                     # no changes
#
# Then move the generated resources into your own files and delete imports.tf.

terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {}
