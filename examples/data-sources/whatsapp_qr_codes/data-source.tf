variable "phone_number_id" {
  type = string
}

# Every QR code of the number, newest first, with SVG image URLs.
data "whatsapp_qr_codes" "all" {
  phone_number_id = var.phone_number_id
  image_format    = "SVG"
}

output "qr_code_links" {
  value = { for qr in data.whatsapp_qr_codes.all.qr_codes : qr.code => qr.deep_link_url }
}
