import {
  to = whatsapp_phone_number.main
  identity = {
    id = "106540352242922"
  }
}
