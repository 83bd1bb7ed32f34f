import {
  to = whatsapp_qr_code.cyber_monday
  identity = {
    phone_number_id = "106540352242922"
    code            = "ANED2T5QRU7HG2"
  }
}
