variable "phone_number_id" {
  type        = string
  description = "Id of the business phone number, as listed in WhatsApp Manager."
}

resource "whatsapp_conversational_automation" "support" {
  phone_number_id = var.phone_number_id

  # Meta sends a request_welcome webhook when a user opens a chat for the first time.
  enable_welcome_message = true

  # Ice breakers: at most 3, each up to 80 characters.
  prompts = [
    "Where is my order?",
    "I want to return something",
    "Talk to a person",
  ]

  # Slash commands: at most 30, with unique names.
  commands = [
    { name = "track", description = "Track your latest order" },
    { name = "returns", description = "Start a return" },
    { name = "help", description = "Show what we can help with" },
  ]
}
