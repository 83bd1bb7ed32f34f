# Every approved template of the provider's WhatsApp Business Account, across all pages.
data "whatsapp_message_templates" "approved" {
  status = "APPROVED"
}

output "approved_templates" {
  value = [for t in data.whatsapp_message_templates.approved.templates : "${t.name} (${t.language}): ${t.category}"]
}
