# Needs app_id and app_secret on the provider (or WHATSAPP_APP_ID and WHATSAPP_APP_SECRET):
# Meta manages app webhooks only with the app access token.
variable "webhook_verify_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "whatsapp_app_webhook" "whatsapp" {
  callback_url = "https://hooks.example.com/whatsapp"
  fields = [
    "messages",
    "message_template_status_update",
    "message_template_quality_update",
    "template_category_update",
    "account_update",
  ]
  verify_token_wo         = var.webhook_verify_token
  verify_token_wo_version = 1 # change it to send a new token
}

# The app receives an account's webhooks once it is subscribed to the account.
resource "whatsapp_webhook_subscription" "main" {
  business_account_id = "102290129340398"
}
