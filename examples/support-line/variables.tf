variable "phone_number_id" {
  type        = string
  description = "Id of the support line's business phone number, as listed in WhatsApp Manager."
}

variable "webhook_callback_url" {
  type        = string
  description = "HTTPS endpoint of the support backend that receives WhatsApp webhooks. It must answer Meta's verification handshake before apply."
}

variable "webhook_verify_token" {
  type        = string
  sensitive   = true
  ephemeral   = true
  description = "Token the backend expects in hub.verify_token. Sent to Meta once, never stored in state."
}

variable "webhook_verify_token_version" {
  type        = number
  default     = 1
  description = "Increment to send a rotated webhook_verify_token."
}

variable "support_timezone" {
  type        = string
  default     = "Europe/Berlin"
  description = "IANA time zone of the support line's calling hours."
}
