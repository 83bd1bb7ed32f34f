# A utility template with positional variables, a footer and buttons.
resource "whatsapp_message_template" "order_update" {
  name     = "order_update"
  language = "en_US"
  category = "UTILITY"

  body = {
    text     = "Hi {{1}}, your order {{2}} has shipped."
    examples = ["Ana", "A-1042"]
  }
  footer = {
    text = "Reply STOP to opt out"
  }
  buttons = [
    { type = "URL", text = "Track order", url = "https://shop.example.com/track/{{1}}", example = "https://shop.example.com/track/A-1042" },
    { type = "QUICK_REPLY", text = "Talk to us" },
  ]

  # Wait for Meta's review during apply; a rejection fails the apply with Meta's reason.
  wait_for_review = true
  timeouts = {
    create = "30m"
  }
}

# A marketing template with named variables, a text header and a coupon code.
resource "whatsapp_message_template" "spring_sale" {
  name             = "spring_sale"
  language         = "en_US"
  category         = "MARKETING"
  parameter_format = "NAMED"

  header = {
    format  = "TEXT"
    text    = "Spring sale for {{first_name}}"
    example = "Ana"
  }
  body = {
    text           = "Take {{discount}} off everything until Sunday. Happy shopping!"
    named_examples = { discount = "20%" }
  }
  buttons = [
    { type = "COPY_CODE", example = "SPRING20" },
    { type = "QUICK_REPLY", text = "Stop promotions" },
  ]
}

# An authentication template: Meta writes the text; you choose the code button.
resource "whatsapp_message_template" "login_code" {
  name     = "login_code"
  language = "en_US"
  category = "AUTHENTICATION"

  body = {
    add_security_recommendation = true
  }
  footer = {
    code_expiration_minutes = 10
  }
  buttons = [
    {
      type          = "OTP"
      otp_type      = "ONE_TAP"
      text          = "Copy code"
      autofill_text = "Autofill"
      supported_apps = [
        { package_name = "com.example.shop", signature_hash = "K8a/AINcGX7" },
      ]
    },
  ]
  message_send_ttl_seconds = 300
}
