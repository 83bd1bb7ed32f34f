# Template Library: a pre-written utility or authentication template of Meta's. Meta writes the
# content (no header, body, footer or buttons here; it is in library_content) and approves it
# without the usual review. The inputs fill the library template's buttons, in its order. The
# content cannot be edited: another library template or other inputs need a new name.
resource "whatsapp_message_template" "template_library" {
  name                  = "low_balance_warning"
  language              = "en_US"
  category              = "UTILITY"
  library_template_name = "low_balance_warning_1"

  library_template_button_inputs = [
    {
      type        = "URL"
      url         = "${var.shop_url}/account/{{1}}"
      url_example = "${var.shop_url}/account/deposit"
    },
    {
      type         = "PHONE_NUMBER"
      phone_number = var.support_phone_number
    },
  ]

  library_template_body_inputs = {
    add_contact_number = true
  }
}
