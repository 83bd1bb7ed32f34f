# The users of the owning business with access to the provider's WhatsApp Business Account, with
# their tasks, so that `terraform query -generate-config-out=generated.tf` writes an import block
# and a resource block per user.
list "whatsapp_business_account_assigned_user" "all" {
  provider         = whatsapp
  include_resource = true
}

# Your business's users on a client's account shared with you.
list "whatsapp_business_account_assigned_user" "partner_users" {
  provider = whatsapp

  config {
    business_account_id = "102290129340398"
    business_id         = "1234567890123456"
  }
}
