variable "phone_number_id" {
  type        = string
  description = "Id of the business phone number, as listed in WhatsApp Manager."
}

# Only the attributes set here are managed; the others keep what Meta holds.
resource "whatsapp_business_profile" "shop" {
  phone_number_id = var.phone_number_id

  about       = "Succulent specialists!"
  address     = "1 Hacker Way, Menlo Park, CA 94025"
  description = "Rare and classic succulents, shipped with care."
  email       = "hello@luckyshrub.example"
  vertical    = "RETAIL"
  websites    = ["https://www.luckyshrub.example", "https://shop.luckyshrub.example"]

  # A Resumable Upload handle from POST /{app-id}/uploads. Change it to upload a new picture.
  # profile_picture_handle = "4::aW1hZ2UvanBlZw==:ARZ..."
}

output "profile_picture_url" {
  value = whatsapp_business_profile.shop.profile_picture_url
}
