# By WhatsApp Business Account id:
terraform import whatsapp_webhook_subscription.main 102290129340398
