import {
  to = whatsapp_conversational_automation.support
  identity = {
    phone_number_id = "106540352242922"
  }
}
