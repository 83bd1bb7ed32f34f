output "support_line" {
  description = "The number customers write to."
  value       = data.whatsapp_phone_number.support.display_phone_number
}

output "chat_link" {
  description = "Link printed under the QR code."
  value       = whatsapp_qr_code.receipts.deep_link_url
}

output "qr_image_url" {
  value = whatsapp_qr_code.receipts.qr_image_url
}

output "template_status" {
  description = "Meta's review status of every template."
  value       = { for k, t in whatsapp_message_template.support : k => t.status }
}
