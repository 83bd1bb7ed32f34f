# Calling: a VOICE_CALL button starts a WhatsApp call with the business, and
# call_permission_request adds Meta's request for permission to call the customer back. Utility
# and marketing templates, at most one VOICE_CALL button.
resource "whatsapp_message_template" "calling" {
  name     = "delivery_delayed_call"
  language = "en_US"
  category = "UTILITY"

  body = {
    text     = "Your order {{1}} is delayed. Call us to pick a new delivery date."
    examples = ["A-1042"]
  }

  buttons                 = [{ type = "VOICE_CALL", text = "Call now" }]
  call_permission_request = true
}
