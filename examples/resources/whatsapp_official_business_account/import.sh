# By phone number id. Meta does not return the request's content: the configuration records it.
terraform import whatsapp_official_business_account.brand 106540352242922
