package provider

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Bad input is refused by Terraform before any Graph call, with a message that names the
// attribute and the rule. Each row below is one invalid configuration of one resource, data
// source or provider block; rows run in a few groups, one terraform run per group, and each row
// must draw an error diagnostic of its own that matches its pattern.

// invalidRow is one invalid configuration.
type invalidRow struct {
	// block is the block header without the brace, such as `resource "whatsapp_qr_code" "long"`
	// or `provider "whatsapp"` (provider rows get an alias of their own).
	block string
	body  string
	// want matches the error's summary and detail (joined by a newline).
	want string
}

// Rows refused by `terraform validate`: attribute validators and ValidateConfig.
var invalidAtValidate = []invalidRow{
	// Provider block.
	{`provider "whatsapp"`, `api_version = "23.0"`, `api_version.*must look like "v23\.0"`},
	{`provider "whatsapp"`, `api_version = "v23"`, `api_version.*must look like "v23\.0"`},
	{`provider "whatsapp"`, `base_url = "graph.facebook.com"`, `base_url.*absolute http:// or https:// URL`},
	{`provider "whatsapp"`, `max_retries = 50`, `max_retries.*between 0 and 20`},
	{`provider "whatsapp"`, `retry_min_wait = "fast"`, `retry_min_wait.*Go duration`},
	{`provider "whatsapp"`, `request_timeout = "10"`, `request_timeout.*Go duration`},
	{`provider "whatsapp"`, `review_poll_interval = "-5s"`, `review_poll_interval.*Go duration`},
	{`provider "whatsapp"`, `app_id = "my-app"`, `app_id.*numeric Graph object id`},
	{`provider "whatsapp"`, `business_account_id = "waba-1"`, `business_account_id.*numeric Graph object id`},
	{`provider "whatsapp"`, `max_quota_percent = 0`, `max_quota_percent.*between 1 and 100`},
	{`provider "whatsapp"`, `max_quota_percent = 150`, `max_quota_percent.*between 1 and 100`},

	// Message templates: identity.
	{`resource "whatsapp_message_template" "name_uppercase"`, tpl(`name = "Order_Update"`), `name.*lowercase letters, digits and underscores`},
	{`resource "whatsapp_message_template" "name_dash"`, tpl(`name = "order-update"`), `name.*lowercase letters, digits and underscores`},
	{`resource "whatsapp_message_template" "name_too_long"`, tpl(`name = "` + strings.Repeat("a", 513) + `"`), `name.*length must be between 1 and 512`},
	{`resource "whatsapp_message_template" "language"`, tpl(`language = "english"`), `language.*value must be one of`},
	{`resource "whatsapp_message_template" "category"`, tpl(`category = "PROMOTIONAL"`), `category.*value must be one of.*AUTHENTICATION`},
	{`resource "whatsapp_message_template" "parameter_format"`, tpl(`parameter_format = "MIXED"`), `parameter_format.*value must be one of.*POSITIONAL`},
	{`resource "whatsapp_message_template" "waba_id"`, tpl(`business_account_id = "waba-1"`), `business_account_id.*numeric Graph object id`},
	{`resource "whatsapp_message_template" "ttl_marketing"`, tpl(`category = "MARKETING"`, `message_send_ttl_seconds = 60`), `message_send_ttl_seconds.*MARKETING.*between 43200 and 2592000`},
	{`resource "whatsapp_message_template" "ttl_floor"`, tpl(`message_send_ttl_seconds = 10`), `message_send_ttl_seconds.*between 30 and 2592000`},

	// Message templates: body.
	{`resource "whatsapp_message_template" "body_missing_text"`, tpl(`body = { examples = ["x"] }`), `body\.text.*UTILITY templates require body\.text`},
	{`resource "whatsapp_message_template" "body_too_long"`, tpl(`body = { text = "` + strings.Repeat("b", 1025) + `" }`), `body\.text.*length must be between 1 and 1024`},
	{`resource "whatsapp_message_template" "body_no_examples"`, tpl(`body = { text = "Hi {{1}}, your order is ready." }`), `body\.examples.*1 variable\(s\): set body\.examples`},
	{`resource "whatsapp_message_template" "body_example_count"`, tpl(`body = {
    text     = "Hi {{1}}, order {{2}} is ready."
    examples = ["Ana"]
  }`), `body\.examples has 1 value\(s\) but body\.text has 2 variable`},
	{`resource "whatsapp_message_template" "body_empty_example"`, tpl(`body = {
    text     = "Hi {{1}}, your order is ready."
    examples = [""]
  }`), `body\.examples\[0\].*must not be empty`},
	{`resource "whatsapp_message_template" "body_examples_no_vars"`, tpl(`body = {
    text     = "Your order is ready."
    examples = ["Ana"]
  }`), `body\.text has no variables: remove body\.examples`},
	{`resource "whatsapp_message_template" "body_starts_with_var"`, tpl(`body = {
    text     = "{{1}}, your order is ready."
    examples = ["Ana"]
  }`), `body\.text must not start with a variable`},
	{`resource "whatsapp_message_template" "body_ends_with_var"`, tpl(`body = {
    text     = "Your code is {{1}}"
    examples = ["1234"]
  }`), `body\.text must not end with a variable`},
	{`resource "whatsapp_message_template" "body_adjacent_vars"`, tpl(`body = {
    text     = "Hi {{1}}{{2}}, welcome."
    examples = ["Ana", "Lee"]
  }`), `body\.text has the variables \{\{1\}\} and \{\{2\}\} next to each other`},
	{`resource "whatsapp_message_template" "body_out_of_sequence"`, tpl(`body = {
    text     = "Hi {{1}}, order {{3}} is ready."
    examples = ["Ana", "A-1"]
  }`), `body\.text has \{\{3\}\} where \{\{2\}\} is expected`},
	{`resource "whatsapp_message_template" "body_repeated_var"`, tpl(`body = {
    text     = "Hi {{1}}, bye {{1}}."
    examples = ["Ana"]
  }`), `body\.text uses \{\{1\}\} more than once`},
	{`resource "whatsapp_message_template" "body_mixed_vars"`, tpl(`body = {
    text     = "Hi {{1}}, order {{order_id}} is ready."
    examples = ["Ana", "A-1"]
  }`), `body\.text mixes positional .* and named`},
	{`resource "whatsapp_message_template" "body_named_in_positional"`, tpl(`body = {
    text     = "Hi {{first_name}}, welcome."
    examples = ["Ana"]
  }`), `body\.text has named variables but parameter_format is POSITIONAL`},
	{`resource "whatsapp_message_template" "body_invalid_var"`, tpl(`body = {
    text     = "Hi {{First Name}}, welcome."
  }`), `Variable \{\{First Name\}\} in body\.text is neither positional`},
	{`resource "whatsapp_message_template" "named_no_examples"`, tpl(`parameter_format = "NAMED"`, `body = { text = "Hi {{first_name}}, welcome." }`), `body\.named_examples.*set body\.named_examples`},
	{`resource "whatsapp_message_template" "named_extra_example"`, tpl(`parameter_format = "NAMED"`, `body = {
    text           = "Hi {{first_name}}, welcome."
    named_examples = { first_name = "Ana", order = "A-1" }
  }`), `body\.named_examples has "order", which is not a variable of body\.text`},
	{`resource "whatsapp_message_template" "named_positional_examples"`, tpl(`parameter_format = "NAMED"`, `body = {
    text     = "Hi {{first_name}}, welcome."
    examples = ["Ana"]
  }`), `body\.examples is for POSITIONAL templates`},
	{`resource "whatsapp_message_template" "security_outside_auth"`, tpl(`body = {
    text                        = "Your order is ready."
    add_security_recommendation = true
  }`), `body\.add_security_recommendation is not allowed: it is for AUTHENTICATION templates only`},

	// Message templates: header.
	{`resource "whatsapp_message_template" "header_no_text"`, tpl(`header = { format = "TEXT" }`), `header\.text.*A TEXT header requires header\.text`},
	{`resource "whatsapp_message_template" "header_too_long"`, tpl(`header = {
    format = "TEXT"
    text   = "` + strings.Repeat("h", 61) + `"
  }`), `header\.text.*length must be between 1 and 60`},
	{`resource "whatsapp_message_template" "header_two_vars"`, tpl(`header = {
    format  = "TEXT"
    text    = "Order {{1}} for {{2}}"
    example = "A-1"
  }`), `header\.text may contain at most one variable`},
	{`resource "whatsapp_message_template" "header_var_no_example"`, tpl(`header = {
    format = "TEXT"
    text   = "Order {{1}}"
  }`), `header\.example.*header\.text has a variable: set header\.example`},
	{`resource "whatsapp_message_template" "header_example_no_var"`, tpl(`header = {
    format  = "TEXT"
    text    = "Your order"
    example = "A-1"
  }`), `header\.example is set but header\.text has no variable`},
	{`resource "whatsapp_message_template" "header_file_and_handle"`, tpl(`header = {
    format       = "IMAGE"
    media_file   = "photo.png"
    media_handle = "4::aW1hZ2U=:AR"
  }`), `Attribute "header\.media_handle" cannot be specified when "header\.media_file" is specified`},
	{`resource "whatsapp_message_template" "header_image_text"`, tpl(`header = {
    format       = "IMAGE"
    text         = "Hello"
    media_handle = "4::aW1hZ2U=:AR"
  }`), `header\.text is not allowed: a IMAGE header does not use it`},
	{`resource "whatsapp_message_template" "header_location_handle"`, tpl(`header = {
    format       = "LOCATION"
    media_handle = "4::aW1hZ2U=:AR"
  }`), `header\.media_handle is not allowed: a LOCATION header does not use it`},
	{`resource "whatsapp_message_template" "header_format"`, tpl(`header = { format = "AUDIO" }`), `header\.format.*value must be one of.*TEXT`},

	// Message templates: footer.
	{`resource "whatsapp_message_template" "footer_too_long"`, tpl(`footer = { text = "` + strings.Repeat("f", 61) + `" }`), `footer\.text.*length must be between 1 and 60`},
	{`resource "whatsapp_message_template" "footer_var"`, tpl(`footer = { text = "Ref {{1}}" }`), `footer\.text must not contain variables`},
	{`resource "whatsapp_message_template" "footer_expiry_utility"`, tpl(`footer = {
    text                    = "Thanks"
    code_expiration_minutes = 10
  }`), `footer\.code_expiration_minutes is not allowed: it is for AUTHENTICATION templates only`},
	{`resource "whatsapp_message_template" "footer_expiry_range"`, auth(`footer = { code_expiration_minutes = 120 }`, otpButton), `footer\.code_expiration_minutes.*between 1 and 90`},
	{`resource "whatsapp_message_template" "footer_no_text"`, tpl(`footer = {}`), `footer\.text.*footer of a UTILITY template requires footer\.text`},

	// Message templates: buttons.
	{`resource "whatsapp_message_template" "button_type"`, tpl(`buttons = [{ type = "CALL", text = "Call" }]`), `buttons\[0\]\.type.*value must be one of`},
	{`resource "whatsapp_message_template" "button_text_long"`, tpl(`buttons = [{ type = "QUICK_REPLY", text = "` + strings.Repeat("q", 26) + `" }]`), `buttons\[0\]\.text.*length must be between 1 and 25`},
	{`resource "whatsapp_message_template" "button_text_missing"`, tpl(`buttons = [{ type = "QUICK_REPLY" }]`), `buttons\[0\]\.text.*QUICK_REPLY button, which requires text`},
	{`resource "whatsapp_message_template" "button_too_many"`, tpl(`buttons = [` + strings.Repeat(`{ type = "QUICK_REPLY", text = "Yes" }, `, 11) + `]`), `buttons.*at most 10`},
	{`resource "whatsapp_message_template" "quick_reply_url"`, tpl(`buttons = [{ type = "QUICK_REPLY", text = "Yes", url = "https://example.com" }]`), `buttons\[0\]\.url is not allowed: a QUICK_REPLY button does not use it`},
	{`resource "whatsapp_message_template" "quick_replies_split"`, tpl(`buttons = [
    { type = "QUICK_REPLY", text = "Yes" },
    { type = "URL", text = "Shop", url = "https://shop.example.com" },
    { type = "QUICK_REPLY", text = "No" },
  ]`), `buttons\[2\] is a QUICK_REPLY separated from the earlier quick replies`},
	{`resource "whatsapp_message_template" "url_missing"`, tpl(`buttons = [{ type = "URL", text = "Shop" }]`), `buttons\[0\]\.url.*URL button, which requires url`},
	{`resource "whatsapp_message_template" "url_scheme"`, tpl(`buttons = [{ type = "URL", text = "Shop", url = "shop.example.com" }]`), `buttons\[0\]\.url must start with http:// or https://`},
	{`resource "whatsapp_message_template" "url_var_middle"`, tpl(`buttons = [{ type = "URL", text = "Shop", url = "https://shop.example.com/{{1}}/track", example = "https://shop.example.com/1/track" }]`), `buttons\[0\]\.url may contain a variable only as \{\{1\}\} at its very end`},
	{`resource "whatsapp_message_template" "url_var_no_example"`, tpl(`buttons = [{ type = "URL", text = "Shop", url = "https://shop.example.com/{{1}}" }]`), `buttons\[0\]\.url has a variable: set buttons\[0\]\.example`},
	{`resource "whatsapp_message_template" "url_example_no_var"`, tpl(`buttons = [{ type = "URL", text = "Shop", url = "https://shop.example.com", example = "https://shop.example.com" }]`), `buttons\[0\]\.url has no variable: remove buttons\[0\]\.example`},
	{`resource "whatsapp_message_template" "url_three"`, tpl(`buttons = [` + strings.Repeat(`{ type = "URL", text = "Shop", url = "https://shop.example.com" }, `, 3) + `]`), `buttons\[2\] is one URL button too many: a template may have at most 2`},
	{`resource "whatsapp_message_template" "phone_format"`, tpl(`buttons = [{ type = "PHONE_NUMBER", text = "Call", phone_number = "call-me" }]`), `buttons\[0\]\.phone_number.*phone number with country code`},
	{`resource "whatsapp_message_template" "phone_missing"`, tpl(`buttons = [{ type = "PHONE_NUMBER", text = "Call" }]`), `buttons\[0\]\.phone_number.*PHONE_NUMBER button, which requires phone_number`},
	{`resource "whatsapp_message_template" "phone_two"`, tpl(`buttons = [
    { type = "PHONE_NUMBER", text = "Call", phone_number = "+15550100" },
    { type = "PHONE_NUMBER", text = "Call 2", phone_number = "+15550101" },
  ]`), `buttons\[1\] is one PHONE_NUMBER button too many`},
	{`resource "whatsapp_message_template" "copy_code_too_long"`, tpl(`buttons = [{ type = "COPY_CODE", example = "SAVE10SAVE10SAVE10" }]`), `sample code, must be 1 to 15 characters, not 18`},
	{`resource "whatsapp_message_template" "copy_code_long"`, tpl(`category = "MARKETING"`, `buttons = [{ type = "COPY_CODE", example = "SAVE10SAVE10SAVE10" }]`), `buttons\[0\]\.example, the sample code, must be 1 to 15 characters`},
	{`resource "whatsapp_message_template" "otp_marketing"`, tpl(`category = "MARKETING"`, `buttons = [{ type = "OTP", otp_type = "COPY_CODE" }]`), `OTP buttons are for AUTHENTICATION templates only, not MARKETING`},
	{`resource "whatsapp_message_template" "flow_no_flow"`, tpl(`buttons = [{ type = "FLOW", text = "Book" }]`), `buttons\[0\] is a FLOW button: set flow_id or flow_name`},
	{`resource "whatsapp_message_template" "flow_both"`, tpl(`buttons = [{ type = "FLOW", text = "Book", flow_id = "123", flow_name = "booking" }]`), `buttons\[0\] sets both flow_id and flow_name`},
	{`resource "whatsapp_message_template" "flow_screen_exchange"`, tpl(`buttons = [{ type = "FLOW", text = "Book", flow_id = "123", flow_action = "data_exchange", navigate_screen = "START" }]`), `navigate_screen is not allowed: it applies only with flow_action = "navigate"`},
	{`resource "whatsapp_message_template" "flow_action"`, tpl(`buttons = [{ type = "FLOW", text = "Book", flow_id = "123", flow_action = "open" }]`), `buttons\[0\]\.flow_action.*value must be one of`},
	{`resource "whatsapp_message_template" "flow_id_format"`, tpl(`buttons = [{ type = "FLOW", text = "Book", flow_id = "flow-1" }]`), `buttons\[0\]\.flow_id.*numeric Graph object id`},
	{`resource "whatsapp_message_template" "catalog_not_alone"`, tpl(`category = "MARKETING"`, `buttons = [
    { type = "CATALOG", text = "View" },
    { type = "QUICK_REPLY", text = "Later" },
  ]`), `CATALOG button must be alone`},

	// Message templates: authentication.
	{`resource "whatsapp_message_template" "auth_no_otp"`, auth(``, `buttons = [{ type = "QUICK_REPLY", text = "Yes" }]`), `authentication templates take exactly one OTP button`},
	{`resource "whatsapp_message_template" "auth_missing_buttons"`, auth(``, ``), `buttons.*Authentication templates require buttons with exactly one OTP button`},
	{`resource "whatsapp_message_template" "auth_body_text"`, auth(`body = { text = "Your code is ready." }`, otpButton), `body\.text.*Meta writes the body of authentication templates`},
	{`resource "whatsapp_message_template" "auth_header"`, auth(`header = {
    format = "TEXT"
    text   = "Code"
  }`, otpButton), `header.*Authentication templates have no header`},
	{`resource "whatsapp_message_template" "auth_footer_text"`, auth(`footer = { text = "Thanks" }`, otpButton), `footer\.text is not allowed: Meta writes the footer of authentication templates`},
	{`resource "whatsapp_message_template" "auth_ttl"`, auth(`message_send_ttl_seconds = 3600`, otpButton), `message_send_ttl_seconds of AUTHENTICATION templates must be between 30 and 900`},
	{`resource "whatsapp_message_template" "otp_type"`, auth(``, `buttons = [{ type = "OTP", otp_type = "SMS" }]`), `buttons\[0\]\.otp_type.*value must be one of`},
	{`resource "whatsapp_message_template" "otp_missing_type"`, auth(``, `buttons = [{ type = "OTP" }]`), `buttons\[0\]\.otp_type.*OTP button, which requires otp_type`},
	{`resource "whatsapp_message_template" "one_tap_no_apps"`, auth(``, `buttons = [{ type = "OTP", otp_type = "ONE_TAP" }]`), `buttons\[0\]\.supported_apps.*ONE_TAP OTP button, which requires supported_apps`},
	{`resource "whatsapp_message_template" "zero_tap_terms"`, auth(``, `buttons = [{
    type                    = "OTP"
    otp_type                = "ZERO_TAP"
    zero_tap_terms_accepted = false
    supported_apps          = [{ package_name = "com.example.app", signature_hash = "K8a/AINcGX7" }]
  }]`), `zero_tap_terms_accepted.*set zero_tap_terms_accepted = true`},
	{`resource "whatsapp_message_template" "copy_code_autofill"`, auth(``, `buttons = [{ type = "OTP", otp_type = "COPY_CODE", autofill_text = "Autofill" }]`), `buttons\[0\]\.autofill_text is not allowed: it applies to ONE_TAP and ZERO_TAP OTP buttons only`},
	{`resource "whatsapp_message_template" "package_name"`, auth(``, `buttons = [{
    type           = "OTP"
    otp_type       = "ONE_TAP"
    supported_apps = [{ package_name = "example", signature_hash = "K8a/AINcGX7" }]
  }]`), `package_name.*Android package name`},
	{`resource "whatsapp_message_template" "signature_hash"`, auth(``, `buttons = [{
    type           = "OTP"
    otp_type       = "ONE_TAP"
    supported_apps = [{ package_name = "com.example.app", signature_hash = "short" }]
  }]`), `signature_hash.*11-character signing key hash`},
	{`resource "whatsapp_message_template" "signature_hash_chars"`, auth(``, `buttons = [{
    type           = "OTP"
    otp_type       = "ONE_TAP"
    supported_apps = [{ package_name = "com.example.app", signature_hash = "K8a-AINcGX7" }]
  }]`), `signature_hash.*letters, digits, \+, / and =`},
	{`resource "whatsapp_message_template" "package_name_segment"`, auth(``, `buttons = [{
    type           = "OTP"
    otp_type       = "ONE_TAP"
    supported_apps = [{ package_name = "com.1example.app", signature_hash = "K8a/AINcGX7" }]
  }]`), `package_name.*each starting with a letter`},
	{`resource "whatsapp_message_template" "package_name_long"`, auth(``, `buttons = [{
    type           = "OTP"
    otp_type       = "ONE_TAP"
    supported_apps = [{ package_name = "com.example.`+strings.Repeat("a", 220)+`", signature_hash = "K8a/AINcGX7" }]
  }]`), `package_name.*at most 224`},
	{`resource "whatsapp_message_template" "words_per_variable"`, `
  name     = "words_per_variable"
  language = "en_US"
  category = "UTILITY"
  body     = { text = "Hi {{1}}, order {{2}} shipped.", examples = ["Ana", "A-1"] }`, `body\.text has 2 variables and 3 words besides them`},
	{`resource "whatsapp_message_template" "auth_examples"`, auth(`body = { examples = ["1"] }`, otpButton), `body\.examples.*Authentication templates have no body variables`},

	// Business accounts and their users.
	{`resource "whatsapp_business_account" "id"`, `id = "waba-1"`, `id.*numeric Graph object id`},
	{`resource "whatsapp_business_account" "name_blank"`, `
  id   = "1"
  name = "   "`, `name.*must not be blank`},
	{`resource "whatsapp_business_account" "name_long"`, `
  id   = "1"
  name = "` + strings.Repeat("n", 101) + `"`, `name.*length must be between 1 and 100`},
	{`resource "whatsapp_business_account" "timezone"`, `
  id          = "1"
  timezone_id = "Europe/Paris"`, `timezone_id.*numeric time zone id`},
	{`resource "whatsapp_business_account_assigned_user" "tasks_empty"`, `
  user_id = "1"
  tasks   = []`, `tasks.*at least 1 elements`},
	{`resource "whatsapp_business_account_assigned_user" "tasks_unknown"`, `
  user_id = "1"
  tasks   = ["ADMIN"]`, `tasks.*value must be one of.*MANAGE`},
	{`resource "whatsapp_business_account_assigned_user" "user_id"`, `
  user_id = "bob"
  tasks   = ["MANAGE"]`, `user_id.*numeric Graph object id`},
	{`resource "whatsapp_business_account_assigned_user" "business_id"`, `
  user_id     = "1"
  business_id = "acme"
  tasks       = ["MANAGE"]`, `business_id.*numeric Graph object id`},

	// Webhooks.
	{`resource "whatsapp_webhook_subscription" "override_scheme"`, `
  override_callback_uri = "ftp://hooks.example.com/wa"
  verify_token_wo       = "tok"`, `override_callback_uri.*absolute https:// \(or http://\) URL`},
	{`resource "whatsapp_webhook_subscription" "override_long"`, `
  override_callback_uri = "https://hooks.example.com/` + strings.Repeat("w", 200) + `"
  verify_token_wo       = "tok"`, `override_callback_uri.*length must be between 1 and 200`},
	{`resource "whatsapp_webhook_subscription" "token_empty"`, `
  override_callback_uri = "https://hooks.example.com/wa"
  verify_token_wo       = ""`, `verify_token_wo.*length must be at least 1`},
	{`resource "whatsapp_webhook_subscription" "token_version"`, `
  override_callback_uri   = "https://hooks.example.com/wa"
  verify_token_wo         = "tok"
  verify_token_wo_version = -1`, `verify_token_wo_version.*at least 0`},
	{`resource "whatsapp_app_webhook" "callback"`, `
  callback_url    = "hooks example com"
  fields          = ["messages"]
  verify_token_wo = "tok"`, `callback_url.*absolute https:// \(or http://\) URL`},
	{`resource "whatsapp_app_webhook" "fields_empty"`, `
  callback_url    = "https://hooks.example.com/wa"
  fields          = []
  verify_token_wo = "tok"`, `fields.*at least 1 elements`},
	{`resource "whatsapp_app_webhook" "field_unknown"`, `
  callback_url    = "https://hooks.example.com/wa"
  fields          = ["mesages"]
  verify_token_wo = "tok"`, `fields contains "mesages", which is not a field of the whatsapp_business_account object`},
	{`resource "whatsapp_app_webhook" "object"`, `
  callback_url    = "https://hooks.example.com/wa"
  object          = "instagram_page"
  fields          = ["messages"]
  verify_token_wo = "tok"`, `object.*value must be one of`},
	{`resource "whatsapp_phone_number_webhook" "callback"`, `
  phone_number_id = "1"
  callback_url    = "http//hooks.example.com"
  verify_token_wo = "tok"`, `callback_url.*absolute https:// \(or http://\) URL`},
	{`resource "whatsapp_phone_number_webhook" "callback_long"`, `
  phone_number_id = "1"
  callback_url    = "https://hooks.example.com/` + strings.Repeat("w", 200) + `"
  verify_token_wo = "tok"`, `callback_url.*length must be at most 200`},
	{`resource "whatsapp_phone_number_webhook" "phone_id"`, `
  phone_number_id = "+15550100"
  callback_url    = "https://hooks.example.com/wa"
  verify_token_wo = "tok"`, `phone_number_id.*numeric Graph object id`},
	{`resource "whatsapp_phone_number_webhook" "token_empty"`, `
  phone_number_id = "1"
  callback_url    = "https://hooks.example.com/wa"
  verify_token_wo = ""`, `verify_token_wo.*length must be at least 1`},

	// Business profile, automation, QR codes, commerce.
	{`resource "whatsapp_business_profile" "about"`, profile(`about = "` + strings.Repeat("a", 140) + `"`), `about.*1 to 139 characters`},
	{`resource "whatsapp_business_profile" "about_empty"`, profile(`about = ""`), `about.*1 to 139 characters`},
	{`resource "whatsapp_business_profile" "email"`, profile(`email = "not-an-email"`), `email.*valid email address`},
	{`resource "whatsapp_business_profile" "vertical"`, profile(`vertical = "SPORTS"`), `vertical.*value must be one of`},
	{`resource "whatsapp_business_profile" "websites_count"`, profile(`websites = ["https://a.example", "https://b.example", "https://c.example"]`), `websites.*at most 2 elements`},
	{`resource "whatsapp_business_profile" "website_scheme"`, profile(`websites = ["www.example.com"]`), `websites.*URL starting with http:// or https://`},
	{`resource "whatsapp_business_profile" "description"`, profile(`description = "` + strings.Repeat("d", 513) + `"`), `description.*at most 512 characters`},
	{`resource "whatsapp_business_profile" "address"`, profile(`address = "` + strings.Repeat("d", 257) + `"`), `address.*at most 256 characters`},
	{`resource "whatsapp_business_profile" "picture"`, profile(`profile_picture_handle = "picture.jpg"`), `profile_picture_handle.*Resumable Upload handle`},
	{`resource "whatsapp_conversational_automation" "prompts_count"`, automation(`prompts = ["a", "b", "c", "d"]`), `prompts.*at most 3 elements`},
	{`resource "whatsapp_conversational_automation" "prompt_long"`, automation(`prompts = ["` + strings.Repeat("p", 81) + `"]`), `prompts.*1 to 80 characters`},
	{`resource "whatsapp_conversational_automation" "command_name"`, automation(`commands = [{ name = "check-order", description = "Check" }]`), `commands\[0\]\.name.*letters, digits and underscores`},
	{`resource "whatsapp_conversational_automation" "command_name_long"`, automation(`commands = [{ name = "` + strings.Repeat("c", 31) + `", description = "Check" }]`), `commands\[0\]\.name.*1 to 30 characters`},
	{`resource "whatsapp_conversational_automation" "command_duplicate"`, automation(`commands = [
    { name = "track", description = "Track" },
    { name = "track", description = "Track again" },
  ]`), `command name "track" is already used by commands\[0\]`},
	{`resource "whatsapp_conversational_automation" "command_description"`, automation(`commands = [{ name = "track", description = "" }]`), `commands\[0\]\.description.*1 to 256 characters`},
	{`resource "whatsapp_qr_code" "message_long"`, `
  phone_number_id   = "1"
  prefilled_message = "` + strings.Repeat("m", 141) + `"`, `prefilled_message.*1 to 140 characters`},
	{`resource "whatsapp_qr_code" "message_empty"`, `
  phone_number_id   = "1"
  prefilled_message = ""`, `prefilled_message.*1 to 140 characters`},
	{`resource "whatsapp_qr_code" "image_format"`, `
  phone_number_id   = "1"
  prefilled_message = "Hi"
  image_format      = "JPG"`, `image_format.*value must be one of.*PNG`},
	{`resource "whatsapp_qr_code" "phone_id"`, `
  phone_number_id   = "1 555 0100"
  prefilled_message = "Hi"`, `phone_number_id.*numeric Graph object id`},
	{`resource "whatsapp_commerce_settings" "phone_id"`, `
  phone_number_id = "main"
  is_cart_enabled = true`, `phone_number_id.*numeric Graph object id`},

	// Flows.
	{`resource "whatsapp_flow" "category"`, flow(`categories = ["SALES"]`), `categories.*value must be one of.*SIGN_UP`},
	{`resource "whatsapp_flow" "categories_empty"`, flow(`categories = []`), `categories.*at least 1 elements`},
	{`resource "whatsapp_flow" "name_blank"`, flow(`name = "  "`), `name.*must not be empty or blank`},
	{`resource "whatsapp_flow" "endpoint"`, flow(`endpoint_uri = "http://flows.example.com"`), `endpoint_uri.*https:// URL`},
	{`resource "whatsapp_flow" "json_invalid"`, flow(`flow_json = "not json"`), `flow_json is not valid JSON`},
	{`resource "whatsapp_flow" "json_no_screens"`, flow(`flow_json = jsonencode({ version = "6.0", screens = [] })`), `flow_json has an empty "screens" array`},
	{`resource "whatsapp_flow" "clone_id"`, flow(`clone_flow_id = "flow-1"`), `clone_flow_id.*numeric Graph object id`},
	{`resource "whatsapp_flow" "deprecate_draft"`, flow(`publish = false`, `deprecated = true`), `deprecated = true requires publish = true`},

	// Phone numbers.
	{`resource "whatsapp_phone_number" "national_dashes"`, phone(`phone_number = "555-0100"`), `phone_number.*national number: 4 to 14 digits`},
	{`resource "whatsapp_phone_number" "national_plus"`, phone(`phone_number = "+15550100"`), `phone_number.*without country code, \+`},
	{`resource "whatsapp_phone_number" "country_code"`, phone(`country_code = "0044"`), `country_code.*country calling code: 1 to 3 digits`},
	{`resource "whatsapp_phone_number" "e164_length"`, phone(`country_code = "351"`, `phone_number = "9123456789012"`), `phone_number.*not an E\.164 number: together they must have 7 to 15 digits`},
	{`resource "whatsapp_phone_number" "display_short"`, phone(`display_name = "A"`), `display_name.*2 to 75 characters`},
	{`resource "whatsapp_phone_number" "display_space"`, phone(`display_name = " Acme"`), `display_name.*without spaces at the start or end`},
	{`resource "whatsapp_phone_number" "pin_short"`, phone(`pin_wo = "12345"`), `pin_wo.*exactly 6 digits`},
	{`resource "whatsapp_phone_number" "pin_letters"`, phone(`pin_wo = "abcdef"`), `pin_wo.*exactly 6 digits`},
	{`resource "whatsapp_phone_number" "pin_no_version"`, phone(`pin_wo_version = null`), `"pin_wo_version" must be specified when "pin_wo" is specified`},
	{`resource "whatsapp_phone_number" "code_format"`, phone(`verification_code_wo = "12-345"`, `verification_code_wo_version = 1`), `verification_code_wo.*6-digit code`},
	{`resource "whatsapp_phone_number" "code_method"`, phone(`code_method = "EMAIL"`), `code_method.*value must be one of.*SMS`},
	{`resource "whatsapp_phone_number" "code_language"`, phone(`code_language = "english"`), `code_language.*language and country such as "en_US"`},
	{`resource "whatsapp_phone_number" "visibility"`, phone(`search_visibility = "PRIVATE"`), `search_visibility.*value must be one of.*VISIBLE`},
	{`resource "whatsapp_phone_number" "waba_id"`, phone(`business_account_id = "acme"`), `business_account_id.*numeric Graph object id`},

	// Data sources.
	{`data "whatsapp_message_templates" "status"`, `status = "LIVE"`, `status.*value must be one of.*APPROVED`},
	{`data "whatsapp_message_template" "id_and_name"`, `
  id       = "1"
  name     = "x"
  language = "en_US"`, `(?i)id.*name.*only one|exactly one`},
	{`data "whatsapp_phone_numbers" "sort"`, `sort = "name"`, `sort.*value must be one of.*creation_time\.asc`},
	{`data "whatsapp_business_accounts" "relationship"`, `
  business_id  = "1"
  relationship = "partner"`, `relationship.*value must be one of.*owned`},
	{`data "whatsapp_flows" "status"`, `status = "ACTIVE"`, `status.*value must be one of.*DRAFT`},
	{`data "whatsapp_qr_codes" "image_format"`, `
  phone_number_id = "1"
  image_format    = "GIF"`, `image_format.*value must be one of.*PNG`},
}

// Rows refused by `terraform plan` (the checks need the plan: ModifyPlan). The emulator's
// request log must stay empty through the whole plan.
var invalidAtPlan = []invalidRow{
	{`resource "whatsapp_message_template" "header_image_no_sample"`, tpl(`header = { format = "IMAGE" }`),
		`Missing media sample.*header is a IMAGE header and the template is created with it, which needs its sample: set header\.media_file.*or header\.media_handle`},
	{`resource "whatsapp_message_template" "header_image_no_file"`, tpl(`header = {
    format     = "IMAGE"
    media_file = "no-such-photo.png"
  }`), `Cannot read media file.*header\.media_file is "no-such-photo\.png", which cannot be read`},
	{`resource "whatsapp_phone_number" "register_without_pin"`, `
  country_code = "1"
  phone_number = "5550199"
  display_name = "Acme Support"`, `register is true \(the default\), so the number needs pin_wo`},
	{`resource "whatsapp_webhook_subscription" "override_without_token"`, `override_callback_uri = "https://hooks.example.com/wa"`, `Missing verify token.*Meta verifies override_callback_uri before accepting it.*Set verify_token_wo`},
	{`resource "whatsapp_app_webhook" "without_token"`, `
  callback_url = "https://hooks.example.com/wa"
  fields       = ["messages"]`, `Missing verify token.*Meta verifies callback_url before it creates the subscription.*Set verify_token_wo`},
	{`resource "whatsapp_phone_number_webhook" "without_token"`, `
  phone_number_id = "1"
  callback_url    = "https://hooks.example.com/wa"`, `Missing verify token.*Meta verifies callback_url before accepting it.*Set verify_token_wo`},
}

// tpl renders a valid UTILITY template's attributes with the given attributes replacing (by
// name) or adding to them.
func tpl(attrs ...string) string {
	return withAttrs([]string{
		`name = "order_update"`, `language = "en_US"`, `category = "UTILITY"`, `body = { text = "Your order is ready." }`,
	}, attrs)
}

const otpButton = `buttons = [{ type = "OTP", otp_type = "COPY_CODE" }]`

// auth renders an AUTHENTICATION template with extra attributes and the given buttons.
func auth(extra, buttons string) string {
	attrs := []string{`name = "login_code"`, `language = "en_US"`, `category = "AUTHENTICATION"`, `body = { add_security_recommendation = true }`}
	if extra != "" {
		attrs = append(attrs, extra)
	}
	if buttons != "" {
		attrs = append(attrs, buttons)
	}
	return withAttrs(attrs[:4], attrs[4:])
}

func profile(attrs ...string) string {
	return withAttrs([]string{`phone_number_id = "1"`}, attrs)
}

func automation(attrs ...string) string {
	return withAttrs([]string{`phone_number_id = "1"`}, attrs)
}

func flow(attrs ...string) string {
	return withAttrs([]string{`name = "booking"`, `categories = ["APPOINTMENT_BOOKING"]`}, attrs)
}

func phone(attrs ...string) string {
	return withAttrs([]string{`country_code = "1"`, `phone_number = "5550199"`, `display_name = "Acme Support"`,
		`pin_wo = "123456"`, `pin_wo_version = 1`}, attrs)
}

// withAttrs replaces the attributes of base that attrs set again (matched by name) and appends
// the others; an attribute set to null is dropped.
func withAttrs(base, attrs []string) string {
	name := func(a string) string { n, _, _ := strings.Cut(a, "="); return strings.TrimSpace(n) }
	out := append([]string{}, base...)
	for _, a := range attrs {
		replaced := false
		for i, b := range out {
			if name(b) == name(a) {
				out[i], replaced = a, true
			}
		}
		if !replaced {
			out = append(out, a)
		}
	}
	kept := out[:0]
	for _, a := range out {
		if !strings.HasSuffix(strings.TrimSpace(a), "= null") {
			kept = append(kept, a)
		}
	}
	return strings.Join(kept, "\n  ")
}

// renderedRow is where a row's block lies in the rendered configuration.
type renderedRow struct {
	invalidRow
	address    string
	start, end int // lines, 1-based, inclusive
}

// renderInvalid writes rows as one configuration; provider rows get aliases.
func renderInvalid(rows []invalidRow) (string, []renderedRow) {
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    whatsapp = { source = \"whatsapp-iac/whatsapp\" }\n  }\n}\n\nprovider \"whatsapp\" {}\n")
	line := strings.Count(b.String(), "\n") + 1
	var out []renderedRow
	for i, r := range rows {
		body := r.body
		address := blockAddress(r.block)
		if strings.HasPrefix(r.block, "provider ") {
			alias := fmt.Sprintf("bad_%d", i)
			body = "alias = \"" + alias + "\"\n  " + body
			address = "provider.whatsapp." + alias
			// Terraform validates only the providers something uses.
			fmt.Fprintf(&b, "\ndata \"whatsapp_business_account\" %q {\n  provider = whatsapp.%s\n  id = \"1\"\n}\n", alias, alias)
			line += 5
		}
		block := "\n" + r.block + " {\n  " + strings.TrimLeft(body, "\n ") + "\n}\n"
		start := line + 1
		line += strings.Count(block, "\n")
		out = append(out, renderedRow{invalidRow: r, address: address, start: start, end: line - 1})
		b.WriteString(block)
	}
	return b.String(), out
}

// blockAddress turns `resource "t" "n"` into t.n and `data "t" "n"` into data.t.n.
func blockAddress(block string) string {
	f := strings.Fields(strings.ReplaceAll(block, `"`, ""))
	switch f[0] {
	case "resource":
		return f[1] + "." + f[2]
	case "data":
		return "data." + f[1] + "." + f[2]
	}
	return block
}

// tfDiagnostic is a diagnostic in Terraform's machine-readable output.
type tfDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Address  string `json:"address"`
	Range    *struct {
		Start struct {
			Line int `json:"line"`
		} `json:"start"`
	} `json:"range"`
}

// checkRows asserts that every row drew an error diagnostic of its own matching its pattern.
func checkRows(t *testing.T, rows []renderedRow, diags []tfDiagnostic) {
	t.Helper()
	for _, r := range rows {
		re := regexp.MustCompile(`(?s)` + r.want)
		var mine []string
		ok := false
		for _, d := range diags {
			if d.Severity != "error" {
				continue
			}
			inBlock := d.Range != nil && d.Range.Start.Line >= r.start && d.Range.Start.Line <= r.end
			if !inBlock && (d.Address == "" || d.Address != r.address) {
				continue
			}
			text := d.Summary + "\n" + d.Detail
			mine = append(mine, text)
			ok = ok || re.MatchString(text)
		}
		if !ok {
			t.Errorf("%s (lines %d-%d): no error matching %q; its errors: %q", r.address, r.start, r.end, r.want, mine)
		}
	}
}

func TestAccInvalidConfigurations(t *testing.T) {
	tg := newTarget(t, emulator.Options{})
	cli := newCLIWorkspace(t, tg)
	t.Logf("%d rows at validate, %d at plan", len(invalidAtValidate), len(invalidAtPlan))

	t.Run("validate", func(t *testing.T) {
		config, rows := renderInvalid(invalidAtValidate)
		dir := cli.dir("")
		cli.write(dir, "main.tf", config)
		out, code := cli.run(dir, "validate", "-json")
		if code == 0 {
			t.Fatalf("terraform validate accepted the invalid configurations:\n%s", out)
		}
		var res struct {
			Valid       bool           `json:"valid"`
			Diagnostics []tfDiagnostic `json:"diagnostics"`
		}
		if err := json.Unmarshal([]byte(out[:strings.LastIndex(out, "}")+1]), &res); err != nil {
			t.Fatalf("decoding terraform validate -json: %v\n%s", err, out)
		}
		checkRows(t, rows, res.Diagnostics)
	})

	t.Run("plan", func(t *testing.T) {
		config, rows := renderInvalid(invalidAtPlan)
		dir := cli.dir("")
		cli.write(dir, "main.tf", config)
		out, code := cli.run(dir, "plan", "-json", "-input=false")
		if code == 0 {
			t.Fatalf("terraform plan accepted the invalid configurations:\n%s", out)
		}
		var diags []tfDiagnostic
		sc := bufio.NewScanner(strings.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var msg struct {
				Type       string       `json:"type"`
				Diagnostic tfDiagnostic `json:"diagnostic"`
			}
			if json.Unmarshal(sc.Bytes(), &msg) == nil && msg.Type == "diagnostic" {
				diags = append(diags, msg.Diagnostic)
			}
		}
		checkRows(t, rows, diags)
	})

	if reqs := tg.requests(); len(reqs) != 0 {
		t.Errorf("invalid configurations reached Graph: %d calls, first %s %s", len(reqs), reqs[0].Method, reqs[0].Path)
	}
	if os.Getenv("INVALID_CONFIG_DEBUG") != "" {
		c, _ := renderInvalid(invalidAtValidate)
		t.Log(c)
	}
}
