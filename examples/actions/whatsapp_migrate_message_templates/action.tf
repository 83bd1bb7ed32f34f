variable "old_account_id" {
  type        = string
  description = "Id of the WhatsApp Business Account the templates come from, owned by the same business."
}

# Recreate the approved templates of the old account in the provider's business_account_id:
#   terraform apply -invoke=action.whatsapp_migrate_message_templates.from_old_account
# The progress output lists what moved, what Meta refused and why, and what was not eligible.
action "whatsapp_migrate_message_templates" "from_old_account" {
  config {
    source_business_account_id = var.old_account_id
  }
}

# Retry the templates an earlier run reported as not migrated, into an explicit destination.
action "whatsapp_migrate_message_templates" "retry" {
  config {
    source_business_account_id      = var.old_account_id
    destination_business_account_id = "104996122399160"
    template_ids                    = ["1019496902803242", "572279198452421"]
  }
}
