# Every number of the provider's WhatsApp Business Account, across all pages, newest first.
data "whatsapp_phone_numbers" "all" {
  sort = "creation_time.desc"
}

# Only live numbers that may message 10,000 customers a day.
data "whatsapp_phone_numbers" "high_volume" {
  account_mode         = "LIVE"
  messaging_limit_tier = "TIER_10K"
}

# Adopt every number of the account, as it is.
resource "whatsapp_phone_number" "adopted" {
  for_each = { for p in data.whatsapp_phone_numbers.all.phone_numbers : p.id => p }

  country_code = each.value.country_code
  phone_number = each.value.phone_number
  display_name = coalesce(each.value.new_display_name, each.value.verified_name)
  register     = each.value.registered
}

import {
  for_each = { for p in data.whatsapp_phone_numbers.all.phone_numbers : p.id => p.import_id }
  to       = whatsapp_phone_number.adopted[each.key]
  id       = each.value
}
