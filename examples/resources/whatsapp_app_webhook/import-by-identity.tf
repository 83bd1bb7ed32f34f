import {
  to = whatsapp_app_webhook.whatsapp
  identity = {
    app_id = "1234567890123456"
    object = "whatsapp_business_account"
  }
}
