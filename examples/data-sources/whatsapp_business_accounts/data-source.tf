# Every account a business owns, and every account its clients share with it, across all pages.
data "whatsapp_business_accounts" "owned" {
  business_id = "506914307656634"
}

data "whatsapp_business_accounts" "clients" {
  business_id  = "506914307656634"
  relationship = "client"
}

# Adopt all client accounts, for example to manage their names.
import {
  for_each = { for a in data.whatsapp_business_accounts.clients.accounts : a.id => a }
  to       = whatsapp_business_account.client[each.key]
  id       = each.key
}

resource "whatsapp_business_account" "client" {
  for_each = { for a in data.whatsapp_business_accounts.clients.accounts : a.id => a }
  id       = each.key
}

output "blocked_accounts" {
  value = [for a in data.whatsapp_business_accounts.owned.accounts : a.name if a.health_status.can_send_message == "BLOCKED"]
}
