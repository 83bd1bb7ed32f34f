# A WhatsApp Flow whose screens come from your server: the Flow's data endpoint. WhatsApp
# encrypts every request to the endpoint with the phone number's business public key, so the
# endpoint needs the private key and Meta needs the public one.
#
# Make the key pair once, and keep private.pem with the endpoint (never in this repository):
#   openssl genrsa -out private.pem 2048
#   openssl rsa -in private.pem -pubout -out public.pem

terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {}

variable "phone_number_id" {
  type        = string
  description = "Id of the registered business phone number that sends the Flow."
}

variable "endpoint_uri" {
  type        = string
  description = "https URL of the Flow's data endpoint."
}

variable "publish" {
  type        = bool
  default     = false
  description = "Publish the Flow. Meta publishes a Flow with an endpoint only once the endpoint answers its health check, and a published Flow is frozen."
}

# Shared for the number that sends the Flow; a WhatsApp Business Account's numbers share
# their keys one by one.
resource "whatsapp_business_encryption" "this" {
  phone_number_id     = var.phone_number_id
  business_public_key = file("${path.module}/public.pem")
}

resource "whatsapp_flow" "booking" {
  name         = "appointment_slots"
  categories   = ["APPOINTMENT_BOOKING"]
  flow_json    = file("${path.module}/flow.json")
  endpoint_uri = var.endpoint_uri
  publish      = var.publish

  # The endpoint cannot decrypt anything before Meta holds the key.
  depends_on = [whatsapp_business_encryption.this]
}

output "signature_status" {
  value = whatsapp_business_encryption.this.signature_status
}

output "preview_url" {
  value = whatsapp_flow.booking.preview_url
}
