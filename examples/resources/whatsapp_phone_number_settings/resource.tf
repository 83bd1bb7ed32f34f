variable "phone_number_id" {
  type        = string
  description = "Id of the business phone number customers call."
}

# Calling needs a messaging limit of 2,000 or more, and SIP or an app subscribed to the
# WhatsApp Business Account with the "calls" webhook field (whatsapp_app_webhook and
# whatsapp_webhook_subscription).
resource "whatsapp_phone_number_settings" "support" {
  phone_number_id = var.phone_number_id

  calling = {
    status                     = "ENABLED"
    callback_permission_status = "ENABLED"
    call_hours = {
      status      = "ENABLED"
      timezone_id = "Europe/Berlin"
      weekly_operating_hours = concat(
        [for day in ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] : { day_of_week = day, open_time = "0900", close_time = "1730" }],
        [{ day_of_week = "SATURDAY", open_time = "1000", close_time = "1400" }],
      )
      # Dates whose hours replace the weekly ones, for example:
      # holiday_schedule = [{ date = "2026-12-24", start_time = "0900", end_time = "1300" }]
    }
  }

  # Deliver messages sent with recipient_identity_key_hash only to the same customer identity.
  user_identity_change = {
    enable_identity_key_check = true
  }
}
