# Multi-product (MPM): an MPM button opens a list of up to 30 catalog products, chosen when the
# message is sent. Marketing only; it needs a TEXT header and the button stands alone.
resource "whatsapp_message_template" "multi_product" {
  name     = "abandoned_cart_items"
  language = "en_US"
  category = "MARKETING"

  header = {
    format  = "TEXT"
    text    = "Forget something, {{1}}?"
    example = "Pablo"
  }
  body = {
    text     = "The items in your cart are still waiting. Use code {{1}} for 10% off your order."
    examples = ["10OFF"]
  }
  footer = { text = "Reply STOP to opt out" }

  buttons = [{ type = "MPM", text = "View items" }]
}
