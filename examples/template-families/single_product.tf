# Single product (SPM): a PRODUCT header shows one catalog item, chosen when the message is sent,
# with one SPM button that opens it. Marketing only; the body has at most 160 characters.
resource "whatsapp_message_template" "single_product" {
  name     = "abandoned_cart"
  language = "en_US"
  category = "MARKETING"

  header = { format = "PRODUCT" }
  body = {
    text     = "Still thinking it over? Use code {{1}} to get 10% off this item."
    examples = ["10OFF"]
  }
  footer = { text = "Offer ends September 30" }

  buttons = [{ type = "SPM", text = "View" }]
}
