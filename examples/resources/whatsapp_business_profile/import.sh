# By phone number id:
terraform import whatsapp_business_profile.shop 106540352242922
