import {
  to = whatsapp_business_compliance_info.india
  identity = {
    phone_number_id = "106540352242922"
  }
}
