# What customers see when they open the chat.
resource "whatsapp_business_profile" "support" {
  phone_number_id = data.whatsapp_phone_number.support.id

  about       = "Support, 7 days a week"
  description = "Order tracking, returns and help with your ${data.whatsapp_business_account.this.name} purchases."
  email       = "support@shop.example.com"
  vertical    = "RETAIL"
  websites    = ["https://shop.example.com/help"]
}

resource "whatsapp_conversational_automation" "support" {
  phone_number_id        = data.whatsapp_phone_number.support.id
  enable_welcome_message = true

  prompts = [
    "Where is my order?",
    "I want to return something",
    "Talk to a person",
  ]

  commands = [
    { name = "track", description = "Track your latest order" },
    { name = "returns", description = "Start a return" },
    { name = "agent", description = "Talk to a person" },
  ]
}

# Printed on receipts: opens the chat with the message already typed.
resource "whatsapp_qr_code" "receipts" {
  phone_number_id   = data.whatsapp_phone_number.support.id
  prefilled_message = "Hi! I need help with my order"
  image_format      = "SVG"
}
