variable "partner_business_id" {
  type        = string
  description = "The partner's business (portfolio) id, as shown in Business Settings > Business info."
}

# The partner's lines of credit with Meta. The token's system user needs an Admin or
# Financial Editor role on the business.
data "whatsapp_credit_lines" "partner" {
  business_id       = var.partner_business_id
  legal_entity_name = "Lucky Shrub"
}

# The credit line to share with each onboarded client's WhatsApp Business Account, with
# POST /{credit-line-id}/whatsapp_credit_sharing_and_attach?waba_id=<client WABA id>&waba_currency=USD.
output "credit_line_id" {
  value = one(data.whatsapp_credit_lines.partner.credit_lines).id
}
