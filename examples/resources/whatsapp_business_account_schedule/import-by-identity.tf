import {
  to = whatsapp_business_account_schedule.business_hours
  identity = {
    business_account_id = "102290129340398"
    id                  = "1234567890123456"
  }
}
