variable "phone_number_id" {
  type        = string
  description = "Id of the registered business phone number whose Flows exchange data with an endpoint."
}

# The public half of the endpoint's 2048-bit RSA key pair:
#   openssl genrsa -out private.pem 2048
#   openssl rsa -in private.pem -pubout -out public.pem
# The private key stays with the endpoint.
resource "whatsapp_business_encryption" "flows" {
  phone_number_id     = var.phone_number_id
  business_public_key = file("${path.module}/public.pem")
}

output "signature_status" {
  value = whatsapp_business_encryption.flows.signature_status
}
