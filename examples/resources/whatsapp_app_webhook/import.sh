# By app id and object:
terraform import whatsapp_app_webhook.whatsapp 1234567890123456/whatsapp_business_account

# By object, for the provider's app:
terraform import whatsapp_app_webhook.whatsapp whatsapp_business_account
