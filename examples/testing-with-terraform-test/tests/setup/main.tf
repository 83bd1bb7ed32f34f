# Setup module for the tests: the emulator's webhook sink, a callback that answers Meta's
# verification handshake. run.sh sets TF_VAR_emulator_url to the emulator's base URL.

# The test files configure the whatsapp provider for every run; naming its source here lets
# OpenTofu, which would otherwise assume hashicorp/whatsapp, run this module too.
terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

variable "emulator_url" {
  type        = string
  description = "Base URL of the Graph API emulator, such as http://127.0.0.1:8787."
}

variable "verify_token" {
  type        = string
  description = "Token the sink expects in hub.verify_token."
}

output "callback_url" {
  description = "Callback URL that passes the handshake with verify_token."
  value       = "${trimsuffix(var.emulator_url, "/")}/_emulator/webhook-sink?expect_verify_token=${urlencode(var.verify_token)}"
}

output "verify_token" {
  description = "The token the sink expects, for the runs that configure the callback."
  value       = var.verify_token
}
