# By flow id (the WhatsApp Business Account is read from the flow):
terraform import whatsapp_flow.booking 1234567890123456

# By WhatsApp Business Account id and flow id:
terraform import whatsapp_flow.booking 102290129340398/1234567890123456
