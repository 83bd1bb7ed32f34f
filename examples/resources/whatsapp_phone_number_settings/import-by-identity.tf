import {
  to = whatsapp_phone_number_settings.support
  identity = {
    phone_number_id = "106540352242922"
  }
}
