# Product-card carousel: cards with a PRODUCT header show items of the account's catalog, chosen
# when the message is sent. A product card has no body of its own (it shows the product's name and
# price) and one button, SPM (opens the product in WhatsApp) or URL. Marketing only.
resource "whatsapp_message_template" "product_carousel" {
  name     = "weekly_picks"
  language = "en_US"
  category = "MARKETING"

  body = {
    text     = "Fresh picks for {{1}} this week. Tap a product to see it in the chat."
    examples = ["Pablo"]
  }

  carousel = {
    cards = [for i in range(3) : {
      header  = { format = "PRODUCT" }
      buttons = [{ type = "SPM", text = "View" }]
    }]
  }
}
