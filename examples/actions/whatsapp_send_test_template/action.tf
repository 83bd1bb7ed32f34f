variable "phone_number_id" {
  type        = string
  description = "Id of the registered business phone number that sends the test message."
}

variable "test_recipient" {
  type        = string
  description = "Phone number that receives the test message, in E.164 form such as +16505551234."
}

# Send the template to a test recipient each time Terraform creates or changes it.
action "whatsapp_send_test_template" "smoke" {
  config {
    phone_number_id   = var.phone_number_id
    to                = var.test_recipient
    template_name     = whatsapp_message_template.order_update.name
    language          = whatsapp_message_template.order_update.language
    body_parameters   = ["Ana", "A-1042"]
    button_parameters = [{ index = 0, text = "A-1042" }]
  }
}

resource "whatsapp_message_template" "order_update" {
  name     = "order_update"
  language = "en_US"
  category = "UTILITY"

  body = {
    text     = "Hi {{1}}, your order {{2}} has shipped."
    examples = ["Ana", "A-1042"]
  }
  buttons = [
    { type = "URL", text = "Track order", url = "https://shop.example.com/track/{{1}}", example = "https://shop.example.com/track/A-1042" },
  ]

  # Meta sends only approved templates: apply waits for the review, so the template is
  # approved when the trigger runs the action.
  wait_for_review = true

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.whatsapp_send_test_template.smoke]
    }
  }
}

# Or send it on demand, without changing anything:
#   terraform apply -invoke=action.whatsapp_send_test_template.smoke
