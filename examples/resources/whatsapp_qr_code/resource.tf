variable "phone_number_id" {
  type        = string
  description = "Id of the business phone number, as listed in WhatsApp Manager."
}

resource "whatsapp_qr_code" "cyber_monday" {
  phone_number_id   = var.phone_number_id
  prefilled_message = "Show me Cyber Monday deals!"
  image_format      = "SVG"
}

output "cyber_monday_link" {
  value = whatsapp_qr_code.cyber_monday.deep_link_url
}

output "cyber_monday_qr_image" {
  value = whatsapp_qr_code.cyber_monday.qr_image_url
}
