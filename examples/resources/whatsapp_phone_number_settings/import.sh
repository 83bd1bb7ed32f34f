# By phone number id:
terraform import whatsapp_phone_number_settings.support 106540352242922
