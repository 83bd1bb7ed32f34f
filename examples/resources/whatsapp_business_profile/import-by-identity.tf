import {
  to = whatsapp_business_profile.shop
  identity = {
    phone_number_id = "106540352242922"
  }
}
