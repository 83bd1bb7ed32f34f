import {
  to = whatsapp_official_business_account.brand
  identity = {
    phone_number_id = "106540352242922"
  }
}
