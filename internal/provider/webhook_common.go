package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// Pieces shared by the webhook resources (whatsapp_webhook_subscription, whatsapp_app_webhook).

// webhookRoutingNote explains where Meta delivers webhooks; both resources' docs carry it.
const webhookRoutingNote = "**Where webhooks go.** For the fields Meta lets you override (`messages`, `message_echoes`, `calls`, `consumer_profile`, `messaging_handovers`, " +
	"the `group_*` fields, `smb_message_echoes`, `smb_app_state_sync`, `history`, `account_settings_update`), Meta delivers a phone number's webhooks to the first callback set, in the order " +
	"phone number override → WhatsApp Business Account override (`override_callback_uri` of `whatsapp_webhook_subscription`) → the app's callback (`callback_url` of `whatsapp_app_webhook`). " +
	"Template webhooks (`message_template_status_update`, `message_template_quality_update`, `message_template_components_update`, `template_category_update`) and account webhooks " +
	"(`account_update`, `account_review_update`, `account_alerts`) always go to the app's callback. An app receives a WABA's webhooks only while it is subscribed to that WABA."

// verifyTokenNote tells how Meta uses a verify token.
const verifyTokenNote = "Meta sends it once, as `hub.verify_token`, in the verification request " +
	"(`GET <callback>?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`) it makes before accepting the callback; the endpoint must check it and answer 200 with `hub.challenge` as the whole body. "

// callbackURLValidator accepts absolute http(s) URLs. Meta itself requires an endpoint it can reach over HTTPS with a valid certificate.
var callbackURLValidator = stringvalidator.RegexMatches(regexp.MustCompile(`^https?://[^/\s?#]+[^\s]*$`), "must be an absolute https:// (or http://) URL without spaces")

// verifyTokenAttribute is the write-only verify token. Meta never returns it, and it only matters
// while Meta verifies a callback, so it is kept out of plan and state altogether; changing
// verify_token_wo_version is what sends a new one.
func verifyTokenAttribute(whenSent string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Verify token for the callback (write-only: never stored in plan or state, requires Terraform 1.11 or later). " + verifyTokenNote + whenSent +
			" Change `verify_token_wo_version` to send a new token.",
		Optional:   true,
		WriteOnly:  true,
		Sensitive:  true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

func verifyTokenVersionAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: "Any number; change it to re-verify the callback with the current `verify_token_wo` (Terraform cannot see changes of a write-only value).",
		Optional:            true,
		Validators:          []validator.Int64{int64validator.AtLeast(0)},
	}
}

// configVerifyToken reads the write-only verify token from configuration ("" when unset).
func configVerifyToken(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) string {
	var tok types.String
	diags.Append(config.GetAttribute(ctx, path.Root("verify_token_wo"), &tok)...)
	return tok.ValueString()
}

// requireVerifyToken reports a missing verify token at plan time, naming the attribute.
func requireVerifyToken(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics, why string) {
	var tok types.String
	diags.Append(config.GetAttribute(ctx, path.Root("verify_token_wo"), &tok)...)
	if tok.IsNull() {
		diags.AddAttributeError(path.Root("verify_token_wo"), "Missing verify token",
			why+" Set verify_token_wo to the token your endpoint expects in hub.verify_token (and change verify_token_wo_version whenever the token changes).")
	}
}

// Advice on webhook subscription errors, and the limits and defaults of the webhook resources.
const (
	callbackVerificationAdvice      = "Meta could not verify the callback. Before accepting a callback it sends GET <callback>?hub.mode=subscribe&hub.challenge=<n>&hub.verify_token=<token>: the endpoint must be reachable by Meta (public HTTPS with a valid certificate), check hub.verify_token against verify_token_wo, and answer 200 with hub.challenge as the whole body. Nothing was changed at Meta."
	appTokenAdvice                  = "This call needs the app access token: set app_id (or " + envAppID + ") and app_secret (or " + envAppSecret + ") on the provider."
	maxOverrideCallbackURILength    = 200
	defaultWebhookObject            = "whatsapp_business_account"
	webhookSubscriptionImportFormat = "<business_account_id>"
)

// webhookAdvice is what the user can do about the errors of the webhook endpoints, which also
// take the app access token.
func webhookAdvice(err error) string {
	switch {
	case graph.IsCallbackVerificationFailed(err):
		return callbackVerificationAdvice
	case graph.IsAppTokenRequired(err):
		return appTokenAdvice
	case graph.IsAuth(err):
		return "The access token (or the app access token app_id|app_secret) is missing, invalid or expired."
	}
	return ""
}

// wabaWebhookFields are the fields of the whatsapp_business_account webhook object (Meta's
// WhatsApp webhooks reference and Webhook overrides pages).
var wabaWebhookFields = []string{
	"account_alerts", "account_review_update", "account_settings_update", "account_update",
	"automatic_events", "business_capability_update", "business_status_update", "calls",
	"consumer_profile", "flows", "group_lifecycle_update", "group_participants_update",
	"group_settings_update", "group_status_update", "history", "message_echoes",
	"message_template_components_update", "message_template_quality_update",
	"message_template_status_update", "messages", "messaging_handovers", "partner_solutions",
	"payment_configuration_update", "phone_number_name_update", "phone_number_quality_update",
	"security", "smb_app_state_sync", "smb_message_echoes", "template_category_update",
	"template_correct_category_detection", "tracking_events", "user_preferences",
}

// webhookObjects are the object types an app subscribes to webhooks for.
var webhookObjects = []string{
	"application", "certificate_transparency", "instagram", "page", "payments",
	"permissions", "user", "whatsapp_business_account",
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("`%s`", s)
	}
	return strings.Join(q, ", ")
}
