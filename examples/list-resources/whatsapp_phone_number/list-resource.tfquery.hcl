# Every phone number of the provider's WhatsApp Business Account, with the state of each, so that
# `terraform query -generate-config-out=generated.tf` writes an import block and a resource
# block per number.
list "whatsapp_phone_number" "all" {
  provider         = whatsapp
  include_resource = true
}

# The numbers of another account, by id only.
list "whatsapp_phone_number" "other_account" {
  provider = whatsapp

  config {
    business_account_id = "102290129340398"
  }
}
