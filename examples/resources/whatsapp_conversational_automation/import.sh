# By phone number id:
terraform import whatsapp_conversational_automation.support 106540352242922
