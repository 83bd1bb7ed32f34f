# Template review, against the emulator started from ../seed.json by ../run.sh. The seed file's
# review rule rejects content that looks like a prize scam (reason SCAM); everything else is
# approved. The emulator runs with -review-delay 0s: a review ends on the next call after the
# submission.

provider "whatsapp" {
  business_account_id  = "200000000000001" # "Acme Retail EU" in seed.json
  review_poll_interval = "250ms"
}

run "approved_template" {
  module {
    source = "./modules/whatsapp-templates"
  }

  variables {
    templates = {
      order_delayed = {
        language = "en_US"
        category = "UTILITY"
        body     = "Hi {{1}}, order {{2}} is delayed. We will update you soon."
        examples = ["Ana", "A-1042"]
      }
    }
  }

  assert {
    condition     = output.template_status["order_delayed"] == "APPROVED"
    error_message = "Template order_delayed should be approved after the review wait, got ${output.template_status["order_delayed"]}."
  }
}

# A template the review rejects. With wait_for_review the provider itself fails the apply, an
# error terraform test cannot expect; without it, the apply submits the template and the module's
# postcondition reports the rejection, which expect_failures can expect. (The emulator decides at
# the first read after the submission; against Meta the rejection shows in a later plan.)
run "rejected_template" {
  module {
    source = "./modules/whatsapp-templates"
  }

  variables {
    wait_for_review = false
    templates = {
      # Content the seed file's review rule rejects.
      prize_draw = {
        language = "en_US"
        category = "MARKETING"
        body     = "Congratulations {{1}}, you are a winner! Claim your prize today."
        examples = ["Ana"]
        footer   = "Reply STOP to opt out"
      }
    }
  }

  expect_failures = [whatsapp_message_template.this]
}

# The rejected template stays in state with Meta's reason.
run "rejection_reason" {
  command = plan

  module {
    source = "./modules/whatsapp-templates"
  }

  plan_options {
    mode = refresh-only
  }

  variables {
    wait_for_review = false
    templates = {
      # Content the seed file's review rule rejects.
      prize_draw = {
        language = "en_US"
        category = "MARKETING"
        body     = "Congratulations {{1}}, you are a winner! Claim your prize today."
        examples = ["Ana"]
        footer   = "Reply STOP to opt out"
      }
    }
  }

  assert {
    condition     = output.template_status["prize_draw"] == "REJECTED" && output.rejected_reason["prize_draw"] == "SCAM"
    error_message = "Template prize_draw should be rejected as SCAM, got ${output.template_status["prize_draw"]} (${output.rejected_reason["prize_draw"]})."
  }
}

# The seed file holds production's templates: spring_sale was REJECTED as PROMOTIONAL. Managing
# it with fixed content re-submits the existing template (an edit, so its name is not locked)
# and review approves it.
run "fix_a_rejected_production_template" {
  module {
    source = "./modules/whatsapp-templates"
  }

  variables {
    templates = {
      spring_sale = {
        language = "en_US"
        category = "MARKETING"
        body     = "Our spring collection is here, {{1}}. Come and see what is new in store."
        examples = ["Ana"]
        footer   = "Reply STOP to opt out"
      }
    }
  }

  assert {
    condition     = output.template_status["spring_sale"] == "APPROVED"
    error_message = "The fixed spring_sale should be approved, got ${output.template_status["spring_sale"]}."
  }
}
