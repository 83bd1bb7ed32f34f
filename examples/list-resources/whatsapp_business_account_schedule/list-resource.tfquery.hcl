# Every schedule of the provider's WhatsApp Business Account, with the state of each, so that
# `terraform query -generate-config-out=generated.tf` writes an import block and a resource block
# per schedule.
list "whatsapp_business_account_schedule" "all" {
  provider         = whatsapp
  include_resource = true
}

# Only the active business hours.
list "whatsapp_business_account_schedule" "business_hours" {
  provider = whatsapp

  config {
    schedule_type = "BUSINESS_HOURS"
    status        = "ACTIVE"
  }
}
