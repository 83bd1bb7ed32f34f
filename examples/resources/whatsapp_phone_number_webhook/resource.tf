# Send the message webhooks of one number to its own endpoint. Meta verifies the URL first: the
# endpoint must answer GET ?hub.mode=subscribe&hub.challenge=...&hub.verify_token=... with the
# challenge when the token matches.
variable "support_hook_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Meta requires the app to be subscribed to the account's webhooks first.
resource "whatsapp_webhook_subscription" "main" {}

resource "whatsapp_phone_number_webhook" "support" {
  phone_number_id = whatsapp_phone_number.support.id
  callback_url    = "https://hooks.example.com/whatsapp/support"

  # Write-only; increment the version after rotating the token on the endpoint.
  verify_token_wo         = var.support_hook_token
  verify_token_wo_version = 1

  depends_on = [whatsapp_webhook_subscription.main]
}
