# Every template of the provider's WhatsApp Business Account, with the state of each, so that
# `terraform query -generate-config-out=generated.tf` writes an import block and a resource
# block per template.
list "whatsapp_message_template" "all" {
  provider         = whatsapp
  include_resource = true
}

# Only the approved English order templates of another account.
list "whatsapp_message_template" "order_updates" {
  provider = whatsapp

  config {
    business_account_id = "102290129340398"
    name                = "order"
    language            = "en_US"
    status              = "APPROVED"
  }
}
