# A two-screen appointment booking flow (see flow.json next to this file),
# published so that customers can open it.
resource "whatsapp_flow" "booking" {
  name       = "appointment_booking"
  categories = ["APPOINTMENT_BOOKING"]
  flow_json  = file("${path.module}/flow.json")
  publish    = true

  # Meta freezes a published flow. To ship a new version, change `name`
  # (for example to "appointment_booking_v2") together with flow.json:
  # Terraform replaces the flow, and this publishes the new one before the
  # old one is deprecated.
  lifecycle {
    create_before_destroy = true
  }
}

# A draft under development: edit flow.json freely, share preview_url with
# testers, then set publish = true.
resource "whatsapp_flow" "feedback" {
  name       = "visit_feedback"
  categories = ["SURVEY"]
  flow_json = jsonencode({
    version = "7.0"
    screens = [{
      id       = "RATE"
      title    = "How was your visit?"
      terminal = true
      layout = {
        type = "SingleColumnLayout"
        children = [{
          type = "Form"
          name = "feedback"
          children = [
            {
              type     = "RadioButtonsGroup"
              name     = "rating"
              label    = "Your rating"
              required = true
              "data-source" = [
                { id = "5", title = "Excellent" },
                { id = "3", title = "Fine" },
                { id = "1", title = "Poor" },
              ]
            },
            {
              type  = "Footer"
              label = "Send"
              "on-click-action" = {
                name    = "complete"
                payload = { rating = "$${form.rating}" }
              }
            },
          ]
        }]
      }
    }]
  })
}

output "feedback_preview" {
  value = whatsapp_flow.feedback.preview_url
}

# Open the booking flow from a marketing template.
resource "whatsapp_message_template" "book_a_visit" {
  name     = "book_a_visit"
  language = "en_US"
  category = "MARKETING"
  body     = { text = "Book your next visit in a few taps." }
  buttons = [{
    type            = "FLOW"
    text            = "Book now"
    flow_id         = whatsapp_flow.booking.id
    flow_action     = "navigate"
    navigate_screen = "APPOINTMENT"
  }]
}
