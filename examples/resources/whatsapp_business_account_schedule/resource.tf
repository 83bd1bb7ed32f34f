# Opening hours on weekdays in New York, for the account's automated replies.
resource "whatsapp_business_account_schedule" "business_hours" {
  name          = "Business Hours"
  schedule_type = "BUSINESS_HOURS"
  description   = "Standard business operating hours"
  start_time    = "09:00"
  end_time      = "17:00"
  timezone      = "America/New_York"
  days_of_week  = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]

  recurrence_pattern = {
    frequency = "WEEKLY"
    interval  = 1
  }
}

# An automated-response window that crosses midnight, created inactive.
resource "whatsapp_business_account_schedule" "after_hours" {
  name          = "After Hours Auto-Reply"
  schedule_type = "AUTOMATED_RESPONSE"
  start_time    = "18:00"
  end_time      = "08:00"
  timezone      = "America/Los_Angeles"
  is_active     = false
}

# Meta cannot change or delete a schedule: changing any argument creates a new schedule, which
# needs a new name, and destroying one leaves it in the account.
