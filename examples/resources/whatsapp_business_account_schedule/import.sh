# By WhatsApp Business Account id and schedule id:
terraform import whatsapp_business_account_schedule.business_hours 102290129340398/1234567890123456

# By schedule id alone, in the provider's business_account_id:
terraform import whatsapp_business_account_schedule.business_hours 1234567890123456
