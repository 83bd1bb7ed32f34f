package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var pathBody = path.Root("body")

// addGraphError reports a failed Graph call on a template with what the user can do about it.
func addGraphError(diags *diag.Diagnostics, action string, m *messageTemplateModel, err error) {
	reportGraphError(diags, fmt.Sprintf("Cannot %s message template %q (%s)", action, m.Name.ValueString(), m.Language.ValueString()), err)
}

// reportGraphError reports a failed Graph call under summary, with Meta's code, subcode, message
// and fbtrace_id, and what the user can do about it.
func reportGraphError(diags *diag.Diagnostics, summary string, err error, advice ...string) {
	if len(advice) == 0 {
		advice = graphAdvice(err)
	}
	detail := err.Error()
	if len(advice) > 0 {
		detail += "\n\n" + strings.Join(advice, " ")
	}
	diags.AddError(summary, detail)
}

// graphAdvice is what a user can do about a Graph error any resource may meet.
func graphAdvice(err error) []string {
	var ge *graph.Error
	switch {
	case graph.HasSubcode(err, graph.CodeInvalidParameter, graph.SubcodeTemplateNameLocked):
		return []string{"Meta locks a deleted template's name and language for about four weeks. Use another name, or wait."}
	case graph.IsAppSecretProofMissing(err):
		return []string{"The token's app requires appsecret_proof (\"Require App Secret\" in its advanced settings). Set app_secret (or " + envAppSecret + ") to the secret of the app that issued access_token: the provider then signs every call."}
	case graph.IsAppSecretProofInvalid(err):
		return []string{"app_secret (or " + envAppSecret + ") is not the secret of the app that issued access_token: appsecret_proof is the HMAC-SHA256 of the token keyed with that app's secret. Use the secret of the token's app, or a token issued by the app whose secret is configured."}
	case graph.IsAuth(err):
		return []string{"The access token is missing, invalid or expired. Check access_token / " + envAccessToken + "."}
	case graph.IsPermission(err):
		return []string{"The token lacks whatsapp_business_management, or the WhatsApp Business Account is not shared with its app. Check that access_token is a system user token of the business that owns the account (or of a partner it shared the account with), that the account is assigned to that system user, and that app_id/app_secret belong to the token's app."}
	case graph.IsQuotaPaused(err):
		return []string{"The provider stops calling a throttled account rather than extend Meta's lockout. What was created so far is in state; apply again after the time above. " +
			"A longer create timeout lets an apply wait instead; see the \"Rate limits and the quota cap\" guide."}
	case graph.IsRateLimited(err):
		if errors.As(err, &ge) && ge.RegainAccessIn > 0 {
			return []string{fmt.Sprintf("Meta throttled the calls; access returns in about %d minutes. Apply again then: state is consistent.", ge.RegainAccessIn)}
		}
		return []string{"Meta throttled the calls. Apply again later: state is consistent."}
	}
	return nil
}
