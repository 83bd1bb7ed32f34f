package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ list.ListResourceWithConfigure = &phoneSettingsList{}

// phoneSettingsList is the list resource of a resource a phone number has at most one of (its
// business profile, commerce settings, conversational automation or callback override): one
// result per number of an account that has it.
type phoneSettingsList struct {
	configuredList
	typeName    string // after the provider's name: "business_profile"
	what        string // "business profile"
	description string // what the list finds, before the common text
	newResource func(configured) importer
	identity    resourceIdentity
	// has reports whether a number has the settings; the list leaves out the others.
	has func(ctx context.Context, c *graph.Client, p *graph.PhoneNumber) (bool, error)
}

// registeredNumber keeps the numbers registered on the Cloud API, which have a public profile
// and chat automation of their own.
func registeredNumber(_ context.Context, _ *graph.Client, p *graph.PhoneNumber) (bool, error) {
	return p.Registered(), nil
}

// NewBusinessProfileList is the whatsapp_business_profile list resource.
func NewBusinessProfileList() list.ListResource {
	return &phoneSettingsList{
		typeName: "business_profile", what: "business profile", identity: businessProfileIdentity, has: registeredNumber,
		description: "Finds the business profiles of the registered phone numbers of a WhatsApp Business Account (or of one number)",
		newResource: func(c configured) importer { return &businessProfileResource{c} },
	}
}

// NewCommerceSettingsList is the whatsapp_commerce_settings list resource.
func NewCommerceSettingsList() list.ListResource {
	return &phoneSettingsList{
		typeName: "commerce_settings", what: "commerce settings", identity: commerceSettingsIdentity,
		has:         func(context.Context, *graph.Client, *graph.PhoneNumber) (bool, error) { return true, nil },
		description: "Finds the commerce settings (cart and catalog visibility) of every phone number of a WhatsApp Business Account (or of one number)",
		newResource: func(c configured) importer { return &commerceSettingsResource{c} },
	}
}

// NewConversationalAutomationList is the whatsapp_conversational_automation list resource.
func NewConversationalAutomationList() list.ListResource {
	return &phoneSettingsList{
		typeName: "conversational_automation", what: "conversational automation", identity: conversationalAutomationIdentity, has: registeredNumber,
		description: "Finds the conversational automation (welcome message, ice breakers and commands) of the registered phone numbers of a WhatsApp Business Account (or of one number)",
		newResource: func(c configured) importer { return &conversationalAutomationResource{c} },
	}
}

// NewPhoneNumberWebhookList is the whatsapp_phone_number_webhook list resource.
func NewPhoneNumberWebhookList() list.ListResource {
	return &phoneSettingsList{
		typeName: "phone_number_webhook", what: "callback override", identity: phoneNumberWebhookIdentity,
		has: func(ctx context.Context, c *graph.Client, p *graph.PhoneNumber) (bool, error) {
			wc, err := c.GetWebhookConfiguration(ctx, p.ID)
			return err == nil && wc.PhoneNumber != "", err
		},
		description: "Finds the callback overrides of the phone numbers of a WhatsApp Business Account (or of one number): only the numbers that have one",
		newResource: func(c configured) importer { return &phoneNumberWebhookResource{c} },
	}
}

func (l *phoneSettingsList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.typeName
}

func (l *phoneSettingsList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: l.description + ", for `terraform query` (Terraform 1.14 and later). " +
			"Each result is the " + l.what + "'s identity (its phone number id), shown as the number's display number and verified name. " +
			"With `include_resource = true` a result also holds the " + l.what + " as `terraform import` stores it, so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_" + l.typeName + "` resource block for each number that plan without changes.",
		Attributes: listPhoneAttributes(l.what),
	}
}

func (l *phoneSettingsList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	phones, ok := l.listPhones(ctx, req, stream, l.what+"s")
	if !ok {
		return
	}
	var items []found
	for i := range phones {
		p := &phones[i]
		has, err := l.has(ctx, l.data.client, p)
		if err != nil {
			listFailed(stream, "Cannot read the "+l.what+" of phone number "+p.ID, err, phoneSettingsAdvice)
			return
		}
		if has {
			items = append(items, found{identity: []string{p.ID}, display: phoneDisplayName(p)})
		}
	}
	streamFound(ctx, req, stream, l.newResource(l.configured), l.identity, items)
}
