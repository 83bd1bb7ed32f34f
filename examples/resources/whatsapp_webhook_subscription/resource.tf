# Subscribe the app that owns the provider's token to the account's webhooks.
# Meta then sends them to the app's callback (see whatsapp_app_webhook).
resource "whatsapp_webhook_subscription" "main" {
  business_account_id = "102290129340398"
}

# Send another account's message webhooks to an endpoint of its own. Meta verifies the
# endpoint with the token before accepting it; the token is write-only and never stored.
variable "eu_webhook_verify_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "whatsapp_webhook_subscription" "eu" {
  business_account_id     = "102290129340399"
  override_callback_uri   = "https://hooks.example.com/whatsapp/eu"
  verify_token_wo         = var.eu_webhook_verify_token
  verify_token_wo_version = 1 # change it to send a new token
}
