package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ datasource.DataSourceWithConfigure = &businessAccountDataSource{}

// NewBusinessAccountDataSource is the whatsapp_business_account data source.
func NewBusinessAccountDataSource() datasource.DataSource { return &businessAccountDataSource{} }

type businessAccountDataSource struct {
	configured
}

func (d *businessAccountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account"
}

func (d *businessAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := businessAccountDataAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "WhatsApp Business Account (WABA) id. Defaults to the provider's `business_account_id`.",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{numericID},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a WhatsApp Business Account (WABA): its name, time zone, currency, template namespace, review and verification status, owner and messaging health.",
		Attributes:          attrs,
	}
}

func (d *businessAccountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.configure(req.ProviderData, &resp.Diagnostics)
}

func (d *businessAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg businessAccountModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := d.businessAccountID(cfg.ID.ValueString())
	if id == "" {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Missing WhatsApp Business Account id",
			"Set id here, or business_account_id (or "+envBusinessAccountID+") on the provider.")
		return
	}
	w, err := get(ctx, readerOf(d.data), graph.WABARead(id))
	if graph.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "WhatsApp Business Account not found",
			fmt.Sprintf("WhatsApp Business Account %s does not exist or is not shared with the access token's app.\n\n%s", id, err))
		return
	}
	if err != nil {
		addGraphError(&resp.Diagnostics, fmt.Sprintf("Cannot read WhatsApp Business Account %s", id), err)
		return
	}
	state := businessAccountFromAPI(ctx, w, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// businessAccountDataAttributes are the read-only attributes of a WABA in data sources; the
// caller adds id.
func businessAccountDataAttributes() map[string]schema.Attribute {
	str := func(key string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: wabaDescriptions[key], Computed: true}
	}
	business := func(key string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{
			MarkdownDescription: wabaDescriptions[key],
			Computed:            true,
			Attributes:          map[string]schema.Attribute{"id": str("business.id"), "name": str("business.name")},
		}
	}
	attrs := map[string]schema.Attribute{
		"is_enabled_for_insights": schema.BoolAttribute{MarkdownDescription: wabaDescriptions["is_enabled_for_insights"], Computed: true},
		"owner_business":          business("owner_business"),
		"on_behalf_of_business":   business("on_behalf_of_business"),
		"health_status": schema.SingleNestedAttribute{
			MarkdownDescription: wabaDescriptions["health_status"],
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"can_send_message": str("health.can_send_message"),
				"entities": schema.ListNestedAttribute{
					MarkdownDescription: wabaDescriptions["health.entities"],
					Computed:            true,
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"entity_type":      str("entity.entity_type"),
						"id":               str("entity.id"),
						"can_send_message": str("entity.can_send_message"),
						"errors": schema.ListNestedAttribute{
							MarkdownDescription: wabaDescriptions["entity.errors"],
							Computed:            true,
							NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
								"code":              schema.Int64Attribute{MarkdownDescription: wabaDescriptions["error.code"], Computed: true},
								"description":       str("error.description"),
								"possible_solution": str("error.possible_solution"),
							}},
						},
					}},
				},
			},
		},
	}
	for _, k := range []string{"name", "timezone_id", "currency", "country", "message_template_namespace", "account_review_status",
		"business_verification_status", "ownership_type", "primary_business_location", "purchase_order_number"} {
		attrs[k] = str(k)
	}
	return attrs
}
