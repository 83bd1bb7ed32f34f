# By WhatsApp Business Account id and template id:
terraform import whatsapp_message_template.order_update 102290129340398/1192339204654487

# By WhatsApp Business Account id, name and language:
terraform import whatsapp_message_template.order_update 102290129340398/order_update/en_US
