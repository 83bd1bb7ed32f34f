# Quickstart: one order-update template in two languages.
#
# Credentials come from the environment:
#   WHATSAPP_ACCESS_TOKEN, WHATSAPP_BUSINESS_ACCOUNT_ID (and WHATSAPP_BASE_URL for the emulator).

terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {}

locals {
  order_update = {
    en_US = {
      body   = "Hi {{1}}, your order {{2}} has shipped and is on its way."
      footer = "Reply STOP to opt out"
      track  = "Track order"
    }
    es_ES = {
      body   = "Hola {{1}}, tu pedido {{2}} ya ha salido y está en camino."
      footer = "Responde STOP para darte de baja"
      track  = "Seguir pedido"
    }
  }
}

resource "whatsapp_message_template" "order_update" {
  for_each = local.order_update

  name     = "order_update"
  language = each.key
  category = "UTILITY"

  body = {
    text     = each.value.body
    examples = ["Ana", "A-1042"]
  }
  footer = {
    text = each.value.footer
  }
  buttons = [
    {
      type    = "URL"
      text    = each.value.track
      url     = "https://shop.example.com/track/{{1}}"
      example = "https://shop.example.com/track/A-1042"
    },
  ]
}

output "template_status" {
  description = "Review status of each language."
  value       = { for lang, t in whatsapp_message_template.order_update : lang => t.status }
}
