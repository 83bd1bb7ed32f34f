# Media-card carousel: a marketing body above 2 to 10 swipeable cards. Every card has a header of
# the same format (IMAGE or VIDEO), a body on every card or none (at most 160 characters), and the
# same one or two buttons in the same order. The template itself has no header, footer or buttons.
resource "whatsapp_message_template" "media_carousel" {
  name     = "summer_carousel"
  language = "en_US"
  category = "MARKETING"

  body = {
    text     = "Rare succulents for sale! {{1}}, add these to your collection today."
    examples = ["Pablo"]
  }

  carousel = {
    cards = [for plant in ["aloe", "agave", "echeveria"] : {
      # Each card's picture is uploaded from media/; a changed file plans an edit.
      header = { format = "IMAGE", media_file = "${path.module}/media/${plant}.png" }
      body   = { text = "Use code {{1}} for 15% off.", examples = ["15OFF"] }
      buttons = [
        { type = "QUICK_REPLY", text = "Send more like this" },
        { type = "URL", text = "Buy now", url = "${var.shop_url}/shop?promo={{1}}", example = "${var.shop_url}/shop?promo=summer_lily" },
      ]
    }]
  }
}
