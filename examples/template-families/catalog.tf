# Catalog: a CATALOG button opens the account's product catalog in WhatsApp. Marketing only; the
# button stands alone and the template has no header, since the message shows a product thumbnail.
resource "whatsapp_message_template" "catalog" {
  name     = "browse_catalog"
  language = "en_US"
  category = "MARKETING"

  body = {
    text     = "Hi {{1}}, our autumn collection is here. Browse it without leaving the chat."
    examples = ["Ana"]
  }
  footer = { text = "Reply STOP to opt out" }

  buttons = [{ type = "CATALOG", text = "View catalog" }]
}
