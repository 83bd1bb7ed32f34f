output "template_ids" {
  description = "Template id by name."
  value       = { for name, t in whatsapp_message_template.this : name => t.id }
}

output "template_status" {
  description = "Review status by template name: PENDING, APPROVED, REJECTED, PAUSED..."
  value       = { for name, t in whatsapp_message_template.this : name => t.status }
}

output "rejected_reason" {
  description = "Meta's rejection reason by template name (NONE unless rejected)."
  value       = { for name, t in whatsapp_message_template.this : name => t.rejected_reason }
}

output "webhook_callback_url" {
  description = "The account's override callback, or null."
  value       = one(whatsapp_webhook_subscription.this[*].override_callback_uri)
}
