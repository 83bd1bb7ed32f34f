# By phone number id:
terraform import whatsapp_business_encryption.flows 106540352242922
