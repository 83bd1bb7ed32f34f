import {
  to = whatsapp_business_account_assigned_user.ci
  identity = {
    business_account_id = "102290129340398"
    user_id             = "61550000000001"
  }
}
