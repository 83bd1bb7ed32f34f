# By phone number id, in the provider's business_account_id:
terraform import whatsapp_phone_number.main 106540352242922

# By WhatsApp Business Account id and phone number id:
terraform import whatsapp_phone_number.main 102290129340398/106540352242922
