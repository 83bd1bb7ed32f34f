# One number by id: is it registered, and how is it doing?
data "whatsapp_phone_number" "main" {
  id = "106540352242922"
}

output "main_number" {
  value = {
    number        = data.whatsapp_phone_number.main.display_phone_number
    registered    = data.whatsapp_phone_number.main.registered
    quality       = data.whatsapp_phone_number.main.quality_rating
    limit         = data.whatsapp_phone_number.main.messaging_limit_tier
    display_name  = data.whatsapp_phone_number.main.verified_name
    name_approval = data.whatsapp_phone_number.main.name_status
  }
}
