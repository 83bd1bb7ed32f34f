# Webhook routing, against the emulator started by ../run.sh. Meta verifies an override callback
# before accepting it: it calls the URL with hub.mode=subscribe, hub.verify_token and
# hub.challenge, and the endpoint must echo the challenge. The emulator's webhook sink answers
# that handshake when hub.verify_token equals its expect_verify_token parameter.

provider "whatsapp" {
  business_account_id = "200000000000001" # "Acme Retail EU" in seed.json
}

variables {
  verify_token = "tf-test-verify-token"
}

# The sink's URL, from the emulator's base URL (TF_VAR_emulator_url).
run "setup" {
  module {
    source = "./tests/setup"
  }
}

run "webhook_handshake" {
  module {
    source = "./modules/whatsapp-templates"
  }

  variables {
    webhook = {
      callback_url = run.setup.callback_url
    }
    webhook_verify_token = run.setup.verify_token
  }

  assert {
    condition     = output.webhook_callback_url == var.webhook.callback_url
    error_message = "The account's webhooks should go to the verified callback."
  }
}

# Removing the override sends the account's webhooks to the app's callback again.
run "webhook_override_removed" {
  module {
    source = "./modules/whatsapp-templates"
  }

  variables {
    webhook = {
      callback_url = null
    }
  }

  assert {
    condition     = output.webhook_callback_url == null
    error_message = "The override should be gone after removing callback_url."
  }
}
