variable "old_account_id" {
  type        = string
  description = "Id of the WhatsApp Business Account the flows come from, owned by the same business."
}

# Copy every flow of the old account into the provider's business_account_id:
#   terraform apply -invoke=action.whatsapp_migrate_flows.from_old_account
# Published flows are copied published, the others as drafts; the progress output lists each copy
# with its new id, and what Meta refused and why.
action "whatsapp_migrate_flows" "from_old_account" {
  config {
    source_business_account_id = var.old_account_id
  }
}

# Retry the flows an earlier run reported as not migrated, into an explicit destination.
action "whatsapp_migrate_flows" "retry" {
  config {
    source_business_account_id      = var.old_account_id
    destination_business_account_id = "104996122399160"
    flow_names                      = ["appointment-booking", "lead-gen"]
  }
}
