# A reusable module: the message templates of one WhatsApp Business Account, and the
# subscription that sends the account's webhooks to a backend.

terraform {
  required_version = ">= 1.11"
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

resource "whatsapp_message_template" "this" {
  for_each = var.templates

  business_account_id = var.business_account_id
  name                = each.key
  language            = each.value.language
  category            = each.value.category
  wait_for_review     = var.wait_for_review

  body = {
    text     = each.value.body
    examples = length(each.value.examples) > 0 ? each.value.examples : null
  }
  footer = each.value.footer == null ? null : {
    text = each.value.footer
  }

  lifecycle {
    # A rejected template fails every plan with Meta's reason until its content is changed (a
    # content change re-submits it for review).
    postcondition {
      condition     = self.status != "REJECTED"
      error_message = "Meta rejected template ${self.name} (${self.language}): ${self.rejected_reason}."
    }
  }
}

# Meta verifies the callback (its handshake echoes hub.challenge when hub.verify_token matches)
# before it accepts the override.
resource "whatsapp_webhook_subscription" "this" {
  count = var.webhook == null ? 0 : 1

  business_account_id     = var.business_account_id
  override_callback_uri   = var.webhook.callback_url
  verify_token_wo         = var.webhook_verify_token
  verify_token_wo_version = var.webhook.verify_token_version
}
