# By phone number id:
terraform import whatsapp_commerce_settings.shop 106540352242922
