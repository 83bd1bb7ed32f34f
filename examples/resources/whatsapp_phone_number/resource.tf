# Adding a number takes two applies, because Meta sends a verification code that a person reads.
#
# 1. Apply without verification_code_wo: the number is added and Meta sends a 6-digit code by SMS
#    (or by a voice call with code_method = "VOICE"). The number is NOT_VERIFIED until step 2,
#    and every plan says so.
# 2. Put the code in verification_code_wo (within about 10 minutes) and apply again: the number
#    is verified and registered on the Cloud API with the two-step verification PIN.
variable "support_pin" {
  description = "Two-step verification PIN of the support number (6 digits)."
  type        = string
  sensitive   = true
}

variable "support_code" {
  description = "Verification code Meta sent to the support number; null until it arrives."
  type        = string
  default     = null
  ephemeral   = true
}

resource "whatsapp_phone_number" "support" {
  country_code = "1"
  phone_number = "6315551000" # +1 631-555-1000, without the country code
  display_name = "Jasper's Market Support"

  code_method   = "SMS"
  code_language = "en_US"

  verification_code_wo         = var.support_code
  verification_code_wo_version = 1

  # Write-only: sent to Meta, never stored. Increment the version to set a new PIN.
  pin_wo         = var.support_pin
  pin_wo_version = 1

  search_visibility = "VISIBLE"
}

output "support_number_status" {
  value = "${whatsapp_phone_number.support.display_phone_number}: ${whatsapp_phone_number.support.status} (${whatsapp_phone_number.support.code_verification_status}), name ${whatsapp_phone_number.support.name_status}"
}

# A number onboarded in WhatsApp Manager is adopted without a PIN or code: add an import block
#   import {
#     to = whatsapp_phone_number.main
#     id = "106540352242922"
#   }
# and run `terraform plan -generate-config-out=numbers.tf`. The generated configuration plans
# no change.
