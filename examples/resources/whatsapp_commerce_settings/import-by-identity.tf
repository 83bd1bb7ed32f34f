import {
  to = whatsapp_commerce_settings.shop
  identity = {
    phone_number_id = "106540352242922"
  }
}
