# The QR codes of every phone number of the provider's WhatsApp Business Account, with the state
# of each, so that `terraform query -generate-config-out=generated.tf` writes an import block and
# a resource block per QR code.
list "whatsapp_qr_code" "all" {
  provider         = whatsapp
  include_resource = true
}

# The QR codes of one phone number.
list "whatsapp_qr_code" "support_line" {
  provider = whatsapp

  config {
    phone_number_id = "106540352242922"
  }
}
