# Every flow of the provider's WhatsApp Business Account, across all pages.
data "whatsapp_flows" "all" {}

# Published flows only.
data "whatsapp_flows" "published" {
  status = "PUBLISHED"
}

output "flows_with_errors" {
  value = [for f in data.whatsapp_flows.all.flows : "${f.name} (${f.id}): ${f.validation_error_count} error(s)" if f.validation_error_count > 0]
}
