# The module's own rules fail at plan time, before anything reaches Meta.

run "template_name_must_be_snake_case" {
  command = plan

  module {
    source = "./modules/whatsapp-templates"
  }

  variables {
    templates = {
      "Order-Update" = {
        language = "en_US"
        category = "UTILITY"
        body     = "Your order has shipped."
      }
    }
  }

  expect_failures = [var.templates]
}

run "marketing_needs_an_opt_out_footer" {
  command = plan

  module {
    source = "./modules/whatsapp-templates"
  }

  variables {
    templates = {
      summer_sale = {
        language = "en_US"
        category = "MARKETING"
        body     = "Our summer sale starts today."
      }
    }
  }

  expect_failures = [var.templates]
}
