import {
  to = whatsapp_webhook_subscription.main
  identity = {
    business_account_id = "102290129340398"
  }
}
