# The infra repo's own configuration: the production templates of the EU account, through the
# module that tests/ exercises offline against the emulator.

terraform {
  required_version = ">= 1.11"
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

# Credentials come from the environment: WHATSAPP_ACCESS_TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID
# (and WHATSAPP_BASE_URL to point at the emulator).
provider "whatsapp" {}

module "templates" {
  source = "./modules/whatsapp-templates"

  templates = {
    delivery_window = {
      language = "en_US"
      category = "UTILITY"
      body     = "Hi {{1}}, your delivery arrives on {{2}} between {{3}} today."
      examples = ["Ana", "Friday", "9:00 and 12:00"]
    }
  }
}

output "template_status" {
  value = module.templates.template_status
}
