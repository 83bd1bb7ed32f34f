# Adopt an existing WhatsApp Business Account (Meta has no API to create one) and manage its name.
# Destroying this resource only removes it from Terraform state: the account stays at Meta.
resource "whatsapp_business_account" "main" {
  id   = "102290129340398"
  name = "Acme Support"
  # timezone_id is left unset: Terraform keeps Meta's value and reports it.
}

output "template_namespace" {
  value = whatsapp_business_account.main.message_template_namespace
}

output "can_send_messages" {
  value = whatsapp_business_account.main.health_status.can_send_message
}
