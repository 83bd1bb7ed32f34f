variable "business_account_id" {
  type        = string
  default     = null
  description = "WhatsApp Business Account the templates belong to. Defaults to the provider's business_account_id."
}

variable "templates" {
  type = map(object({
    language = string
    category = string
    body     = string
    examples = optional(list(string), [])
    footer   = optional(string)
  }))
  default     = {}
  description = "Message templates by name."

  validation {
    condition     = alltrue([for name in keys(var.templates) : can(regex("^[a-z0-9_]{1,512}$", name))])
    error_message = "Template names may only contain lowercase letters, digits and underscores."
  }

  validation {
    condition = alltrue([
      for t in values(var.templates) : t.category != "MARKETING" || can(regex("(?i)\\bSTOP\\b", coalesce(t.footer, "")))
    ])
    error_message = "MARKETING templates must have a footer that tells people how to opt out (mention STOP)."
  }
}

variable "wait_for_review" {
  type        = bool
  default     = true
  description = "Wait during apply for Meta's review, so that a rejection fails the apply with Meta's reason. When false, apply returns once templates are submitted and the next plan reports a rejection."
}

variable "webhook" {
  type = object({
    callback_url         = optional(string)
    verify_token_version = optional(number, 1)
  })
  default     = null
  description = "Subscribe the app to the account's webhooks, optionally sending them to callback_url instead of the app's callback. Null leaves the account unsubscribed."
}

variable "webhook_verify_token" {
  type        = string
  default     = null
  sensitive   = true
  description = "Token the callback expects in hub.verify_token. Required with webhook; sent to Meta through a write-only attribute, never stored in state."
}
