import {
  to = whatsapp_message_template.order_update
  identity = {
    business_account_id = "102290129340398"
    name                = "order_update"
    language            = "en_US"
  }
}
