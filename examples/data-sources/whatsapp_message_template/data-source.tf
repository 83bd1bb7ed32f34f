data "whatsapp_message_template" "order_update" {
  name     = "order_update"
  language = "en_US"
}

output "order_update_status" {
  value = data.whatsapp_message_template.order_update.status
}
