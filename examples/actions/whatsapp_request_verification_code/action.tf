variable "support_code" {
  description = "Verification code Meta sent to the support number; null until it arrives."
  type        = string
  default     = null
  ephemeral   = true
}

variable "support_pin" {
  description = "Two-step verification PIN of the support number (6 digits)."
  type        = string
  sensitive   = true
}

# A number being onboarded: the first apply adds it and Meta sends a code.
resource "whatsapp_phone_number" "support" {
  country_code = "1"
  phone_number = "6315551000"
  display_name = "Jasper's Market Support"

  verification_code_wo         = var.support_code
  verification_code_wo_version = 2 # incremented for the new code
  pin_wo                       = var.support_pin
  pin_wo_version               = 1
}

# When the code expired (about 10 minutes) or never arrived, ask Meta for a new one:
#   terraform apply -invoke=action.whatsapp_request_verification_code.support
# then apply with the new code in support_code.
action "whatsapp_request_verification_code" "support" {
  config {
    phone_number_id = whatsapp_phone_number.support.id
    code_method     = "VOICE"
    language        = "en_US"
  }
}
