package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &webhookSubscriptionsDataSource{}

// NewWebhookSubscriptionsDataSource is the whatsapp_webhook_subscriptions data source.
func NewWebhookSubscriptionsDataSource() datasource.DataSource {
	return &webhookSubscriptionsDataSource{}
}

type webhookSubscriptionsDataSource struct {
	configured
}

type webhookSubscriptionsDataModel struct {
	BusinessAccountID    types.String             `tfsdk:"business_account_id"`
	Apps                 []subscribedAppDataModel `tfsdk:"apps"`
	CurrentAppSubscribed types.Bool               `tfsdk:"current_app_subscribed"`
	ImportID             types.String             `tfsdk:"import_id"`
}

type subscribedAppDataModel struct {
	ID                  types.String `tfsdk:"id"`
	Name                types.String `tfsdk:"name"`
	OverrideCallbackURI types.String `tfsdk:"override_callback_uri"`
}

func (d *webhookSubscriptionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_subscriptions"
}

func (d *webhookSubscriptionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the apps subscribed to a WhatsApp Business Account's webhooks (`subscribed_apps`), and whether the app that owns the provider's access token is one of them — which is what `whatsapp_webhook_subscription` manages and imports.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": businessAccountIDArgument("read"),
			"apps": schema.ListNestedAttribute{
				MarkdownDescription: "Subscribed apps, in Meta's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                    schema.StringAttribute{MarkdownDescription: "App id.", Computed: true},
					"name":                  schema.StringAttribute{MarkdownDescription: "App name.", Computed: true},
					"override_callback_uri": schema.StringAttribute{MarkdownDescription: "The app's alternate callback URL for this account, if one is set.", Computed: true},
				}},
			},
			"current_app_subscribed": schema.BoolAttribute{
				MarkdownDescription: "Whether the app that owns the provider's access token is subscribed.",
				Computed:            true,
			},
			"import_id": schema.StringAttribute{
				MarkdownDescription: "The id a `whatsapp_webhook_subscription` import block takes for this account (its WABA id).",
				Computed:            true,
			},
		},
	}
}

func (d *webhookSubscriptionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *webhookSubscriptionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg webhookSubscriptionsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	waba, ok := d.requireBusinessAccountID(cfg.BusinessAccountID.ValueString(), "here", &resp.Diagnostics)
	if !ok {
		return
	}
	apps, err := readerOf(d.data).subscribedApps.all(ctx, waba)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot list the apps subscribed to WhatsApp Business Account "+waba, err)
		return
	}
	current := d.data.appID
	if current == "" {
		app, err := readerOf(d.data).currentApp(ctx)
		if err != nil {
			addGraphError(&resp.Diagnostics, "Cannot read the app that owns the access token", err)
			return
		}
		current = app.ID
	}
	cfg.BusinessAccountID = types.StringValue(waba)
	cfg.ImportID = types.StringValue(waba)
	cfg.CurrentAppSubscribed = types.BoolValue(false)
	cfg.Apps = make([]subscribedAppDataModel, 0, len(apps))
	for _, a := range apps {
		cfg.Apps = append(cfg.Apps, subscribedAppDataModel{
			ID: types.StringValue(a.App.ID), Name: stringOrNull(a.App.Name), OverrideCallbackURI: stringOrNull(a.OverrideCallbackURI),
		})
		if a.App.ID == current {
			cfg.CurrentAppSubscribed = types.BoolValue(true)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
