# The provider's WhatsApp Business Account (set id to read another one).
data "whatsapp_business_account" "current" {}

output "waba" {
  value = {
    name      = data.whatsapp_business_account.current.name
    currency  = data.whatsapp_business_account.current.currency
    namespace = data.whatsapp_business_account.current.message_template_namespace
    owner     = data.whatsapp_business_account.current.owner_business.name
    messaging = data.whatsapp_business_account.current.health_status.can_send_message
  }
}
