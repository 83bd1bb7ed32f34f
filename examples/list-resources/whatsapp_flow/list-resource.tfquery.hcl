# Every flow of the provider's WhatsApp Business Account, with the state of each (its Flow JSON
# included), so that `terraform query -generate-config-out=generated.tf` writes an import block
# and a resource block per flow.
list "whatsapp_flow" "all" {
  provider         = whatsapp
  include_resource = true
}

# Only the published booking flows.
list "whatsapp_flow" "published_booking" {
  provider = whatsapp

  config {
    name   = "booking"
    status = "PUBLISHED"
  }
}
