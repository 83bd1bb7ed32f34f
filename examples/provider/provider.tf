provider "whatsapp" {
  # access_token and app_secret are best set with WHATSAPP_ACCESS_TOKEN and WHATSAPP_APP_SECRET.
  business_account_id = "102290129340398"
  api_version         = "v23.0"
}
