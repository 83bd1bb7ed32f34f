# Coupon code: a COPY_CODE button copies a code to the customer's clipboard. Marketing and utility
# templates, at most one COPY_CODE button, and its sample code has at most 15 characters; the
# code itself is given when the message is sent.
resource "whatsapp_message_template" "coupon_code" {
  name     = "spring_coupon"
  language = "en_US"
  category = "MARKETING"

  header = {
    format = "TEXT"
    text   = "Our spring sale is on"
  }
  body = {
    text     = "Hi {{1}}, take 20% off everything in the shop until Sunday with the code below."
    examples = ["Ana"]
  }
  footer = { text = "Reply STOP to opt out" }

  buttons = [
    { type = "COPY_CODE", example = "SPRING20" },
    { type = "URL", text = "Shop now", url = var.shop_url },
  ]
}
