variable "phone_number_id" {
  type        = string
  description = "Id of the registered business phone number, with two-step verification and an approved display name."
}

# Asks Meta for the blue badge. Meta reviews the request; oba_status follows the review.
resource "whatsapp_official_business_account" "brand" {
  phone_number_id              = var.phone_number_id
  business_website_url         = "https://www.luckyshrub.com"
  primary_country_of_operation = "United States of America"
  primary_language             = "English"
  parent_business_or_brand     = "Lucky Shrub LLC"

  # Articles in publications with sizable audiences (not paid content or listings).
  supporting_links = [
    "https://www.retailreview.com/gardening/2025/lucky-shrub",
    "https://www.faster-company.com/2025/online-nurseries-are-making-green-waves",
    "https://www.succulentscene.com/2025/new-online-retailers",
    "https://www.pricklypages.com/2025/succulents/where-to-buy",
    "https://www.spinyliving.com/2025/latest-news",
  ]
  additional_supporting_information = "We are also featured in Planet Succulent and Prickly Digest."
}

output "oba_status" {
  value = whatsapp_official_business_account.brand.oba_status
}
