# Step 1 of adopting an existing WhatsApp Business Account: list what the account already has and
# render one import block per object. Run:
#
#   terraform apply                                   # reads only; creates nothing
#   terraform output -raw import_blocks > ../adopt/imports.tf
#
# Terraform generates configuration only for import blocks with a fixed address (not for_each),
# so this step writes those blocks for you.

terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {}

data "whatsapp_message_templates" "all" {}

data "whatsapp_webhook_subscriptions" "this" {}

data "whatsapp_phone_numbers" "all" {}

locals {
  # Resource names must start with a letter; template names may start with a digit.
  template_imports = [for t in data.whatsapp_message_templates.all.templates : {
    name = "${can(regex("^[0-9]", t.name)) ? "t_" : ""}${t.name}_${lower(t.language)}"
    id   = t.import_id
  }]
  # Numbers are named after their digits: n_16315551000.
  phone_imports = [for p in data.whatsapp_phone_numbers.all.phone_numbers : {
    name = "n_${p.country_code}${p.phone_number}"
    id   = p.import_id
  }]
  # Registered numbers have a public profile and chat automation of their own.
  connected = [for p in data.whatsapp_phone_numbers.all.phone_numbers : p if p.status == "CONNECTED"]
}

output "import_blocks" {
  description = "Import blocks for every object of the account."
  value = join("\n", concat(
    [for t in local.template_imports : <<-EOT
      import {
        to = whatsapp_message_template.${t.name}
        id = "${t.id}"
      }
      EOT
    ],
    [for p in local.phone_imports : <<-EOT
      import {
        to = whatsapp_phone_number.${p.name}
        id = "${p.id}"
      }
      EOT
    ],
    [for p in local.connected : <<-EOT
      import {
        to = whatsapp_business_profile.n_${p.country_code}${p.phone_number}
        id = "${p.id}"
      }
      import {
        to = whatsapp_conversational_automation.n_${p.country_code}${p.phone_number}
        id = "${p.id}"
      }
      EOT
    ],
    data.whatsapp_webhook_subscriptions.this.current_app_subscribed ? [<<-EOT
      import {
        to = whatsapp_webhook_subscription.this
        id = "${data.whatsapp_webhook_subscriptions.this.import_id}"
      }
      EOT
    ] : [],
  ))
}
