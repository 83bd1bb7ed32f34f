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

var _ list.ListResourceWithConfigure = &assignedUserList{}

// NewAssignedUserList is the whatsapp_business_account_assigned_user list resource: the users
// with access to an account.
func NewAssignedUserList() list.ListResource { return &assignedUserList{} }

type assignedUserList struct {
	configuredList
}

type assignedUserListModel struct {
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	BusinessID        types.String `tfsdk:"business_id"`
}

func (l *assignedUserList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_business_account_assigned_user"
}

func (l *assignedUserList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the business users and system users assigned to a WhatsApp Business Account for `terraform query` (Terraform 1.14 and later), reading every page. " +
			"Meta lists a WABA's users one business at a time: by default, the users of the business that owns the account. " +
			"Each result is an access's identity (business account and user id), shown as the user's name and type. " +
			"With `include_resource = true` a result also holds the access, with its tasks, as `terraform import` stores it, so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_business_account_assigned_user` resource block for each user that plan without changes.\n\n" +
			"An import by identity looks the user up among the users of the account's owner. " +
			"When `business_id` names another business (yours, for a client's account shared with you), replace each generated import block's `identity` with " +
			"`id = \"<business_account_id>/<user_id>/<business_id>\"`.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": listAccountAttribute("users"),
			"business_id": schema.StringAttribute{
				MarkdownDescription: "Business (portfolio) whose users to list. Defaults to the business that owns the account.",
				Optional:            true,
				Validators:          []validator.String{numericID},
			},
		},
	}
}

func (l *assignedUserList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg assignedUserListModel
	waba, ok := l.listWABA(ctx, req, stream, &cfg, func() types.String { return cfg.BusinessAccountID }, "assigned users")
	if !ok {
		return
	}
	r := &assignedUserResource{l.configured}
	business, err := r.resolveBusiness(ctx, cfg.BusinessID, waba)
	if err != nil {
		listFailed(stream, "Cannot find the business that owns WhatsApp Business Account "+waba, err)
		return
	}
	all, err := l.data.client.ListAssignedUsers(ctx, waba, business)
	if err != nil {
		listFailed(stream, fmt.Sprintf("Cannot list the users of business %s on WhatsApp Business Account %s", business, waba), err)
		return
	}
	items := make([]found, 0, len(all))
	for _, u := range all {
		it := found{identity: []string{waba, u.ID}, display: fmt.Sprintf("%s (%s)", u.Name, u.UserType)}
		if !cfg.BusinessID.IsNull() {
			it.importID = waba + "/" + u.ID + "/" + business
		}
		items = append(items, it)
	}
	streamFound(ctx, req, stream, r, assignedUserIdentity, items)
}
