import {
  to = whatsapp_business_account.main
  identity = {
    id = "102290129340398"
  }
}
