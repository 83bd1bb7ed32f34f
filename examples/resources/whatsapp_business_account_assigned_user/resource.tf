# Give the CI system user developer access to the provider's WhatsApp Business Account.
resource "whatsapp_business_account_assigned_user" "ci" {
  user_id = "61550000000001"
  tasks   = ["DEVELOP", "MANAGE_TEMPLATES"]
}

# On a client's account shared with your business, name your business: Meta lists the users of
# one business at a time, and the default is the business that owns the account.
resource "whatsapp_business_account_assigned_user" "ci_on_client" {
  business_account_id = "104996122399160"
  business_id         = "506914307656634"
  user_id             = "61550000000001"
  tasks               = ["MANAGE"]
}
