# All webhooks go to the support backend: incoming messages and calls, and the template review
# and account events that only ever go to the app's callback.
resource "whatsapp_app_webhook" "support" {
  callback_url = var.webhook_callback_url
  fields = [
    "messages",
    "calls",
    "message_template_status_update",
    "message_template_quality_update",
    "template_category_update",
    "account_update",
  ]
  verify_token_wo         = var.webhook_verify_token
  verify_token_wo_version = var.webhook_verify_token_version
}

# The app receives the account's webhooks once it is subscribed to it.
resource "whatsapp_webhook_subscription" "support" {
  business_account_id = data.whatsapp_business_account.this.id

  depends_on = [whatsapp_app_webhook.support]
}
