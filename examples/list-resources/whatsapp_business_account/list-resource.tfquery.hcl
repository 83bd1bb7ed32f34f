# The provider's own WhatsApp Business Account (its business_account_id), with its state, so that
# `terraform query -generate-config-out=generated.tf` writes an import block and a resource block
# for it.
list "whatsapp_business_account" "this" {
  provider         = whatsapp
  include_resource = true
}

# Every account a business owns.
list "whatsapp_business_account" "owned" {
  provider = whatsapp

  config {
    business_id = "1234567890123456"
  }
}

# The accounts clients share with a Solution Partner's business.
list "whatsapp_business_account" "clients" {
  provider = whatsapp
  limit    = 1000

  config {
    business_id  = "1234567890123456"
    relationship = "client"
  }
}
