variable "phone_number_id" {
  type        = string
  description = "Id of the business phone number, as listed in WhatsApp Manager."
}

# Show the catalog connected to the WhatsApp Business Account and keep the cart.
resource "whatsapp_commerce_settings" "shop" {
  phone_number_id    = var.phone_number_id
  is_catalog_visible = true
  is_cart_enabled    = true
}
