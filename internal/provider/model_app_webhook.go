package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// appWebhookModel is whatsapp_app_webhook: the app's webhook subscription for one object type.
type appWebhookModel struct {
	ID                   types.String `tfsdk:"id"`
	AppID                types.String `tfsdk:"app_id"`
	Object               types.String `tfsdk:"object"`
	CallbackURL          types.String `tfsdk:"callback_url"`
	Fields               types.Set    `tfsdk:"fields"`
	IncludeValues        types.Bool   `tfsdk:"include_values"`
	VerifyTokenWO        types.String `tfsdk:"verify_token_wo"`
	VerifyTokenWOVersion types.Int64  `tfsdk:"verify_token_wo_version"`
	Active               types.Bool   `tfsdk:"active"`
}

// appWebhookID is the resource id: "<app_id>/<object>".
func appWebhookID(appID, object string) string { return appID + "/" + object }

// fieldNames returns the configured fields, sorted.
func (m *appWebhookModel) fieldNames(ctx context.Context, diags *diag.Diagnostics) []string {
	var out []string
	diags.Append(m.Fields.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}

// subscription is what a subscribe call sends.
func (m *appWebhookModel) subscription(fields []string, verifyToken string) graph.NewAppSubscription {
	return graph.NewAppSubscription{
		Object:        m.Object.ValueString(),
		CallbackURL:   m.CallbackURL.ValueString(),
		VerifyToken:   verifyToken,
		Fields:        fields,
		IncludeValues: m.IncludeValues.ValueBool(),
	}
}

// applyRemote copies what Meta reports into the model. Meta does not report include_values, so
// the model keeps its own (false when unknown, as after an import).
func (m *appWebhookModel) applyRemote(ctx context.Context, appID string, sub *graph.AppSubscription, diags *diag.Diagnostics) {
	m.AppID = types.StringValue(appID)
	m.Object = types.StringValue(sub.Object)
	m.ID = types.StringValue(appWebhookID(appID, sub.Object))
	m.CallbackURL = types.StringValue(sub.CallbackURL)
	fields, d := types.SetValueFrom(ctx, types.StringType, sub.FieldNames())
	diags.Append(d...)
	m.Fields = fields
	m.Active = types.BoolValue(sub.Active)
	if m.IncludeValues.IsNull() || m.IncludeValues.IsUnknown() {
		m.IncludeValues = types.BoolValue(false)
	}
	m.VerifyTokenWO = types.StringNull()
}

// difference returns the names in a that are not in b.
func difference(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}
