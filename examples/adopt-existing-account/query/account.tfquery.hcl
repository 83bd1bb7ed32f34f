# Everything of the provider's WhatsApp Business Account that Terraform manages, each object with
# its state (include_resource), so that `terraform query -generate-config-out=generated.tf`
# writes an import block and a resource block for each.
#
# A list returns at most `limit` results, 100 unless set: raise it above the account's count.

list "whatsapp_business_account" "this" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_message_template" "all" {
  provider         = whatsapp
  include_resource = true
  limit            = 10000
}

list "whatsapp_phone_number" "all" {
  provider         = whatsapp
  include_resource = true
}

# Each number's settings. The profile and chat automation exist for registered numbers only,
# and callback overrides only where one is set.
list "whatsapp_business_profile" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_conversational_automation" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_commerce_settings" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_phone_number_webhook" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_qr_code" "all" {
  provider         = whatsapp
  include_resource = true
  limit            = 1000
}

list "whatsapp_flow" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_business_account_assigned_user" "all" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_webhook_subscription" "this" {
  provider         = whatsapp
  include_resource = true
}

list "whatsapp_business_account_schedule" "all" {
  provider         = whatsapp
  include_resource = true
}
