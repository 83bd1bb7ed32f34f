package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// errorAdvice is what an area of the provider (templates, flows, phone numbers, webhooks…) tells
// the user about the Graph errors particular to it, or "" when it has nothing of its own to say.
type errorAdvice func(err error) string

// addGraphError reports a failed Graph call under summary: Meta's code, subcode, message and
// fbtrace_id, then what the user can do about it (see graphErrorDetail).
func addGraphError(diags *diag.Diagnostics, summary string, err error, area ...errorAdvice) {
	diags.AddError(summary, graphErrorDetail(err, area...))
}

// graphErrorDetail is the text of a failed Graph call: the error, then the first advice of area
// that applies, or else the advice every area shares.
func graphErrorDetail(err error, area ...errorAdvice) string {
	advice := ""
	for _, a := range area {
		if advice = a(err); advice != "" {
			break
		}
	}
	if advice == "" {
		advice = sharedAdvice(err)
	}
	if advice == "" {
		return err.Error()
	}
	return err.Error() + "\n\n" + advice
}

// sharedAdvice is what a user can do about a Graph error any area may meet: a refused
// appsecret_proof, a bad token, missing permissions, throttling and a missing object.
func sharedAdvice(err error) string {
	switch {
	case graph.IsAppSecretProofMissing(err):
		return "The token's app requires appsecret_proof (\"Require App Secret\" in its advanced settings). Set app_secret (or " + envAppSecret + ") to the secret of the app that issued access_token: the provider then signs every call."
	case graph.IsAppSecretProofInvalid(err):
		return "app_secret (or " + envAppSecret + ") is not the secret of the app that issued access_token: appsecret_proof is the HMAC-SHA256 of the token keyed with that app's secret. Use the secret of the token's app, or a token issued by the app whose secret is configured."
	case graph.IsAuth(err):
		return "The access token is missing, invalid or expired. Check access_token / " + envAccessToken + "."
	case graph.IsPermission(err):
		return "The token lacks whatsapp_business_management, or the WhatsApp Business Account is not shared with its app. Check that access_token is a system user token of the business that owns the account (or of a partner it shared the account with), that the account is assigned to that system user, and that app_id/app_secret belong to the token's app."
	case graph.IsQuotaPaused(err):
		return "The provider stops calling a throttled account rather than extend Meta's lockout. What was created so far is in state; apply again after the time above. " +
			"A longer create timeout lets an apply wait instead; see the \"Rate limits and the quota cap\" guide."
	case graph.IsRateLimited(err):
		if mins := graph.RegainAccessMinutes(err); mins > 0 {
			return fmt.Sprintf("Meta throttled the calls; access returns in about %d minutes. Apply again then: state is consistent.", mins)
		}
		return "Meta throttled the calls. Apply again later: state is consistent."
	case graph.IsNotFound(err):
		return "The object does not exist or is not visible to the token. Check the ids in the configuration, and that the object is shared with the token's app."
	}
	return ""
}
