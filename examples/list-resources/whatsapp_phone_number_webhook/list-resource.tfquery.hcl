# The callback overrides of the phone numbers of the provider's WhatsApp Business Account (only
# the numbers that have one), with the state of each, so that
# `terraform query -generate-config-out=generated.tf` writes an import block and a resource block
# per override.
list "whatsapp_phone_number_webhook" "all" {
  provider         = whatsapp
  include_resource = true
}
