package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// webhookSubscriptionModel is whatsapp_webhook_subscription: the token's app subscribed to a
// WABA's webhooks, with an optional alternate callback for that WABA.
type webhookSubscriptionModel struct {
	ID                   types.String `tfsdk:"id"`
	BusinessAccountID    types.String `tfsdk:"business_account_id"`
	AppID                types.String `tfsdk:"app_id"`
	AppName              types.String `tfsdk:"app_name"`
	OverrideCallbackURI  types.String `tfsdk:"override_callback_uri"`
	VerifyTokenWO        types.String `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64  `tfsdk:"verify_token_wo_version"`
}

// override is what a subscribe call sends: the alternate callback and its token, or nil, which
// makes Meta remove the WABA's override.
func (m *webhookSubscriptionModel) override(verifyToken string) *graph.WABAOverride {
	uri := m.OverrideCallbackURI.ValueString()
	if uri == "" {
		return nil
	}
	return &graph.WABAOverride{CallbackURI: uri, VerifyToken: verifyToken}
}

// applyRemote copies what Meta reports about the subscription into the model.
func (m *webhookSubscriptionModel) applyRemote(sub *graph.SubscribedApp) {
	m.ID = m.BusinessAccountID
	m.AppID = types.StringValue(sub.App.ID)
	m.AppName = types.StringValue(sub.App.Name)
	m.OverrideCallbackURI = types.StringNull()
	if sub.OverrideCallbackURI != "" {
		m.OverrideCallbackURI = types.StringValue(sub.OverrideCallbackURI)
	}
	// Write-only: never stored.
	m.VerifyTokenWO = types.StringNull()
}
