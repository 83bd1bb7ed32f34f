variable "phone_number_id" {
  type        = string
  description = "Id of the business phone number of a business based in India."
}

# Shown to customers in India, as Indian law on online selling requires.
resource "whatsapp_business_compliance_info" "india" {
  phone_number_id = var.phone_number_id
  entity_name     = "Lucky Shrub Private Limited"
  entity_type     = "PARTNERSHIP"
  is_registered   = true

  grievance_officer_details = {
    name            = "Chandravati P."
    email           = "grievances@luckyshrub.com"
    mobile_number   = "+913854559033"
    landline_number = "+913857614343"
  }

  customer_care_details = {
    email         = "support@luckyshrub.com"
    mobile_number = "+913854559033"
  }
}
