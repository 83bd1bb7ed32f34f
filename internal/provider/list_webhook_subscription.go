package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ list.ListResourceWithConfigure = &webhookSubscriptionList{}

// NewWebhookSubscriptionList is the whatsapp_webhook_subscription list resource: the provider's
// app's subscription to an account's webhooks, when there is one.
func NewWebhookSubscriptionList() list.ListResource { return &webhookSubscriptionList{} }

type webhookSubscriptionList struct {
	configuredList
}

type webhookSubscriptionListModel struct {
	BusinessAccountID types.String `tfsdk:"business_account_id"`
}

func (l *webhookSubscriptionList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook_subscription"
}

func (l *webhookSubscriptionList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the subscription of the provider's app (the provider's `app_id`, else the access token's app) to the webhooks of a WhatsApp Business Account, for `terraform query` (Terraform 1.14 and later): " +
			"one result when the app is subscribed, none when it is not. The result is the subscription's identity (the account id), shown as the app's name and the account. " +
			"With `include_resource = true` it also holds the subscription, with the account's callback override, as `terraform import` stores it, so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_webhook_subscription` resource block that plan without changes. " +
			"The verify token is write-only and never listed.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": schema.StringAttribute{
				MarkdownDescription: "WhatsApp Business Account whose subscription to look for. Defaults to the provider's `business_account_id`.",
				Optional:            true,
				Validators:          []validator.String{numericID},
			},
		},
	}
}

func (l *webhookSubscriptionList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg webhookSubscriptionListModel
	waba, ok := l.listWABA(ctx, req, stream, &cfg, func() types.String { return cfg.BusinessAccountID }, "webhook subscriptions")
	if !ok {
		return
	}
	r := &webhookSubscriptionResource{l.configured}
	appID, err := r.tokenAppID(ctx)
	if err != nil {
		listFailed(stream, "Cannot find the app of the access token", err, webhookAdvice)
		return
	}
	sub, err := l.data.client.FindSubscribedApp(ctx, waba, appID)
	if err != nil {
		listFailed(stream, "Cannot read the webhook subscriptions of WhatsApp Business Account "+waba, err, webhookAdvice)
		return
	}
	var items []found
	if sub != nil {
		items = append(items, found{identity: []string{waba}, display: fmt.Sprintf("%s on %s", sub.App.Name, waba)})
	}
	streamFound(ctx, req, stream, r, webhookSubscriptionIdentity, items)
}
