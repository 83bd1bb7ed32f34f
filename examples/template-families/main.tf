# One message template of each family Meta offers beyond text, media and buttons: carousels,
# limited-time offers, coupon codes, catalog and product templates, calling templates and a
# template from Meta's Template Library. Each family is in a file of its own.
#
#   terraform init && terraform apply
#
# Credentials come from the environment: WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID
# (and WHATSAPP_BASE_URL for the emulator), and WHATSAPP_APP_ID, the app the media headers' files
# in media/ are uploaded with. The catalog, multi-product, single-product and
# product-card templates show products of the catalog connected to the account in Commerce Manager.

terraform {
  required_providers {
    whatsapp = {
      source = "whatsapp-iac/whatsapp"
    }
  }
}

provider "whatsapp" {}

variable "shop_url" {
  type        = string
  default     = "https://shop.example.com"
  description = "Address of the online shop the templates' URL buttons open, without a trailing slash."
}

variable "support_phone_number" {
  type        = string
  default     = "+15550100200"
  description = "Phone number the Template Library template's call button dials, with country code."
}

output "template_status" {
  description = "Meta's review status of every template."
  value = {
    for t in [
      whatsapp_message_template.media_carousel,
      whatsapp_message_template.product_carousel,
      whatsapp_message_template.limited_time_offer,
      whatsapp_message_template.coupon_code,
      whatsapp_message_template.catalog,
      whatsapp_message_template.multi_product,
      whatsapp_message_template.single_product,
      whatsapp_message_template.calling,
      whatsapp_message_template.template_library,
    ] : t.name => t.status
  }
}
