variable "partner_system_user_id" {
  type        = string
  description = "Id of the partner's system user, as shown in Business Settings > Users > System users."
}

# The accounts the partner's system user was given, with its tasks on each.
data "whatsapp_assigned_business_accounts" "partner" {
  user_id = var.partner_system_user_id
}

# The clients' accounts among them (shared through Embedded Signup), by id.
output "client_accounts" {
  value = {
    for a in data.whatsapp_assigned_business_accounts.partner.accounts :
    a.id => "${a.name} (${a.owner_business_name}): ${join(", ", a.tasks)}" if a.ownership_type == "CLIENT_OWNED"
  }
}

# Only the accounts on which the system user may manage templates.
data "whatsapp_assigned_business_accounts" "template_managers" {
  user_id = var.partner_system_user_id
  task    = "MANAGE_TEMPLATES"
}
