# By phone number id:
terraform import whatsapp_phone_number_webhook.support 106540352242922
