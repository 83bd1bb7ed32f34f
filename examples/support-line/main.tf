# A support line as a platform team keeps it in its infra repo: the account it runs on, the
# number's public profile and chat automation, calling hours, message templates in three
# languages maintained in templates.yaml, webhooks to the support backend, and a QR code for
# posters and receipts.
#
#   terraform init && terraform apply
#
# Credentials come from the environment: WHATSAPP_ACCESS_TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID,
# WHATSAPP_APP_ID and WHATSAPP_APP_SECRET (see the provider documentation).

terraform {
  required_version = ">= 1.11"
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {}

data "whatsapp_business_account" "this" {}

data "whatsapp_phone_number" "support" {
  id = var.phone_number_id
}
