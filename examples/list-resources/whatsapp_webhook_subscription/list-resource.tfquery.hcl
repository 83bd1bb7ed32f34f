# The subscription of the provider's app to the webhooks of its WhatsApp Business Account, if the
# app is subscribed, so that `terraform query -generate-config-out=generated.tf` writes an import
# block and a resource block for it.
list "whatsapp_webhook_subscription" "this" {
  provider         = whatsapp
  include_resource = true
}

# Whether the app is subscribed to another account.
list "whatsapp_webhook_subscription" "other_account" {
  provider = whatsapp

  config {
    business_account_id = "102290129340398"
  }
}
