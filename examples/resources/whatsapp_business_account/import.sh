# By WhatsApp Business Account id:
terraform import whatsapp_business_account.main 102290129340398
