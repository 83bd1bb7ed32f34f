import {
  to = whatsapp_business_encryption.flows
  identity = {
    phone_number_id = "106540352242922"
  }
}
