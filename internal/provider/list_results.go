package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// configuredList is embedded by every list resource; it receives the provider's data.
type configuredList struct {
	configured
}

func (l *configuredList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.configure(req.ProviderData, &resp.Diagnostics)
}

// listAccountAttribute is a list block's business_account_id: the account whose objects (what)
// to list.
func listAccountAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "WhatsApp Business Account whose " + what + " to list. Defaults to the provider's `business_account_id`.",
		Optional:            true,
		Validators:          []validator.String{numericID},
	}
}

// listPhonesModel is the configuration of listPhoneAttributes.
type listPhonesModel struct {
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	PhoneNumberID     types.String `tfsdk:"phone_number_id"`
}

// listPhoneAttributes are the configuration of a list of what every phone number has (what):
// one number, or every number of an account.
func listPhoneAttributes(what string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"phone_number_id": schema.StringAttribute{
			MarkdownDescription: "Only the " + what + " of this phone number. When not set, those of every number of `business_account_id`.",
			Optional:            true,
			Validators:          []validator.String{numericID},
		},
		"business_account_id": schema.StringAttribute{
			MarkdownDescription: "WhatsApp Business Account whose numbers to look at when `phone_number_id` is not set. Defaults to the provider's `business_account_id`.",
			Optional:            true,
			Validators:          []validator.String{numericID},
		},
	}
}

// found is one object a list resource found: the values of its resource identity, in the order
// of the resource's resourceIdentity, and the name `terraform query` shows for it.
type found struct {
	identity []string
	display  string
	// importID is what `terraform import` takes for the object when it is not the identity
	// joined with "/" (a phone number of another account than the provider's).
	importID string
}

// importer is a managed resource, configured like the list resource, whose import the results
// repeat.
type importer interface {
	resource.ResourceWithImportState
}

// startList reads a list block's configuration into cfg and checks the provider is configured;
// what names what is listed ("phone numbers"). On failure the stream reports the error.
func (c *configured) startList(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, cfg any, what string) bool {
	var diags diag.Diagnostics
	if diags.Append(req.Config.Get(ctx, cfg)...); !diags.HasError() && c.data == nil {
		diags.AddError("Provider not configured", "The whatsapp provider must be configured to list "+what+".")
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return false
	}
	return true
}

// listWABA is startList for a list scoped to one WhatsApp Business Account: it also resolves
// business_account_id, the block's own or the provider's, and reports a missing one.
func (c *configured) listWABA(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, cfg any, own func() types.String, what string) (string, bool) {
	if !c.startList(ctx, req, stream, cfg, what) {
		return "", false
	}
	var diags diag.Diagnostics
	waba, ok := c.requireBusinessAccountID(own().ValueString(), "in the list block", &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
	}
	return waba, ok
}

// listFailed ends a listing with a Graph error.
func listFailed(stream *list.ListResultsStream, summary string, err error, advice ...errorAdvice) {
	var diags diag.Diagnostics
	addGraphError(&diags, summary, err, advice...)
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}

// streamFound sends the objects found to Terraform, at most req.Limit of them. Each result's
// identity is the object's; with include_resource, its resource is the state `terraform import`
// stores for it: the resource's own ImportState, then its own Read, so a listed object and an
// imported one cannot differ. An object that Read finds gone since the listing is left out.
func streamFound(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, r importer, ri resourceIdentity, items []found) {
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		for _, it := range items {
			if req.Limit > 0 && sent >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = it.display
			for i, a := range ri {
				result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root(a.name), it.identity[i])...)
			}
			if req.IncludeResource && !result.Diagnostics.HasError() {
				importID := it.importID
				if importID == "" {
					importID = strings.Join(it.identity, "/")
				}
				if gone := importAndRead(ctx, r, importID, &result); gone {
					continue
				}
			}
			sent++
			if !push(result) {
				return
			}
		}
	}
}

// importAndRead sets result.Resource to what importing importID stores, as Terraform does it:
// ImportState on an empty state, then Read. It reports whether Read found the object gone.
func importAndRead(ctx context.Context, r importer, importID string, result *list.ListResult) bool {
	empty := tfsdk.State{Schema: result.Resource.Schema, Raw: result.Resource.Raw} // a new result's resource is null
	imported := resource.ImportStateResponse{State: empty}
	r.ImportState(ctx, resource.ImportStateRequest{ID: importID}, &imported)
	if result.Diagnostics.Append(imported.Diagnostics...); result.Diagnostics.HasError() {
		return false
	}
	read := resource.ReadResponse{State: imported.State}
	r.Read(ctx, resource.ReadRequest{State: imported.State}, &read)
	if read.State.Raw.IsNull() && !read.Diagnostics.HasError() {
		return true
	}
	result.Diagnostics.Append(read.Diagnostics...)
	result.Resource.Raw = read.State.Raw
	return false
}

// listPhones resolves the phone numbers a per-number list covers: the one in phone_number_id,
// else every number of the block's business_account_id (or the provider's). On failure the
// stream reports the error.
func (c *configured) listPhones(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, what string) ([]graph.PhoneNumber, bool) {
	var cfg listPhonesModel
	if !c.startList(ctx, req, stream, &cfg, what) {
		return nil, false
	}
	if id := cfg.PhoneNumberID.ValueString(); id != "" {
		p, err := c.data.client.GetPhoneNumber(ctx, id)
		if err != nil {
			listFailed(stream, "Cannot read phone number "+id, err, phoneAdvice)
			return nil, false
		}
		return []graph.PhoneNumber{*p}, true
	}
	var diags diag.Diagnostics
	account, ok := c.requireBusinessAccountID(cfg.BusinessAccountID.ValueString(), "or phone_number_id in the list block", &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return nil, false
	}
	all, err := c.data.client.ListPhoneNumbers(ctx, account, graph.PhoneNumberFilter{})
	if err != nil {
		listFailed(stream, "Cannot list the phone numbers of WhatsApp Business Account "+account, err, phoneAdvice)
		return nil, false
	}
	return all, true
}
