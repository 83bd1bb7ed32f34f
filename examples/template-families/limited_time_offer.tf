# Limited-time offer: an offer headline of at most 16 characters and, with has_expiration, a
# countdown to the expiration time given at send. Marketing only, no footer, an IMAGE or VIDEO
# header if any, a body of at most 600 characters and a URL button; the COPY_CODE button with the
# offer code comes first and is required with has_expiration.
resource "whatsapp_message_template" "limited_time_offer" {
  name     = "caribbean_offer"
  language = "en_US"
  category = "MARKETING"

  header = { format = "IMAGE", media_file = "${path.module}/media/caribbean.png" }

  limited_time_offer = {
    text           = "Expiring offer!"
    has_expiration = true
  }

  body = {
    text     = "Good news, {{1}}! Use code {{2}} to get 25% off all Caribbean packages!"
    examples = ["Pablo", "CARIBE25"]
  }

  buttons = [
    { type = "COPY_CODE", example = "CARIBE25" },
    { type = "URL", text = "Book now!", url = "${var.shop_url}/offers?code={{1}}", example = "${var.shop_url}/offers?code=n3mtql" },
  ]
}
