# Customers can call the support line during opening hours. Outside them, WhatsApp offers a chat
# or, with callback permission enabled, a callback request, and shows when the line opens again.
# Calling needs the app subscribed to the account with the "calls" webhook field (webhooks.tf).
resource "whatsapp_phone_number_settings" "support" {
  phone_number_id = data.whatsapp_phone_number.support.id

  calling = {
    status                     = "ENABLED"
    callback_permission_status = "ENABLED"
    call_hours = {
      status      = "ENABLED"
      timezone_id = var.support_timezone
      weekly_operating_hours = concat(
        [for day in ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] : { day_of_week = day, open_time = "0800", close_time = "2000" }],
        [for day in ["SATURDAY", "SUNDAY"] : { day_of_week = day, open_time = "1000", close_time = "1600" }],
      )
    }
  }

  depends_on = [whatsapp_webhook_subscription.support]
}
