# By phone number id:
terraform import whatsapp_business_compliance_info.india 106540352242922
