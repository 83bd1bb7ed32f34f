# The business profile of every registered phone number of the provider's WhatsApp Business
# Account, with the state of each, so that `terraform query -generate-config-out=generated.tf`
# writes an import block and a resource block per profile.
list "whatsapp_business_profile" "all" {
  provider         = whatsapp
  include_resource = true
}

# The profile of one number.
list "whatsapp_business_profile" "support_line" {
  provider = whatsapp

  config {
    phone_number_id = "106540352242922"
  }
}
