import {
  to = whatsapp_flow.booking
  identity = {
    business_account_id = "102290129340398"
    id                  = "1234567890123456"
  }
}
