data "whatsapp_webhook_subscriptions" "this" {}

output "subscribed_apps" {
  value = [for a in data.whatsapp_webhook_subscriptions.this.apps : a.name]
}

# Adopt the subscription only when this provider's app is subscribed already.
import {
  for_each = data.whatsapp_webhook_subscriptions.this.current_app_subscribed ? toset([data.whatsapp_webhook_subscriptions.this.import_id]) : toset([])
  to       = whatsapp_webhook_subscription.this
  id       = each.value
}

resource "whatsapp_webhook_subscription" "this" {}
