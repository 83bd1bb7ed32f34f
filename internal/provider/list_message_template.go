package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ list.ListResourceWithConfigure = &messageTemplateList{}

// NewMessageTemplateList is the whatsapp_message_template list resource, which `terraform query`
// uses to find the templates of an account.
func NewMessageTemplateList() list.ListResource { return &messageTemplateList{} }

type messageTemplateList struct {
	configuredList
}

type messageTemplateListModel struct {
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	Name              types.String `tfsdk:"name"`
	Language          types.String `tfsdk:"language"`
	Status            types.String `tfsdk:"status"`
	Category          types.String `tfsdk:"category"`
}

func (l *messageTemplateList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_template"
}

func (l *messageTemplateList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the message templates of a WhatsApp Business Account for `terraform query` (Terraform 1.14 and later), optionally filtered. " +
			"Each result is a template's identity (business account, name and language), shown as `name (language)`. " +
			"With `include_resource = true` a result also holds the template as the resource would import it, so " +
			"`terraform query -generate-config-out=<file>` writes an `import` block and a `whatsapp_message_template` resource block for each template that plan without changes.",
		Attributes: map[string]schema.Attribute{
			"business_account_id": listAccountAttribute("templates"),
			"name": schema.StringAttribute{
				MarkdownDescription: "Only templates whose name contains this text (Meta matches it as a substring).",
				Optional:            true,
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "Only templates in this language, such as `en_US`.",
				Optional:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only templates in this review status: " + orList(templateStatuses) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(templateStatuses...)},
			},
			"category": schema.StringAttribute{
				MarkdownDescription: "Only templates of this category: " + orList(categories) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(categories...)},
			},
		},
	}
}

func (l *messageTemplateList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg messageTemplateListModel
	var diags diag.Diagnostics
	if diags.Append(req.Config.Get(ctx, &cfg)...); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.data == nil {
		diags.AddError("Provider not configured", "The whatsapp provider must be configured to list message templates.")
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	waba, ok := l.requireBusinessAccountID(cfg.BusinessAccountID.ValueString(), "in the list block", &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	all, err := l.data.client.ListMessageTemplates(ctx, waba, graph.TemplateFilter{
		Name: cfg.Name.ValueString(), Status: cfg.Status.ValueString(),
		Category: cfg.Category.ValueString(), Language: cfg.Language.ValueString(),
	})
	if err != nil {
		addGraphError(&diags, "Cannot list message templates", err, templateAdvice)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var sent int64
		for i := range all {
			t := &all[i]
			if isGone(t.Status) {
				continue // the resource's Read treats these as deleted
			}
			if req.Limit > 0 && sent >= req.Limit {
				return
			}
			sent++
			if !push(templateListResult(ctx, req, waba, t)) {
				return
			}
		}
	}
}

// templateListResult is a template's identity and, when asked, its state as import and Read
// write it: ImportState sets id, business_account_id and wait_for_review, and Read applies the
// remote template to that state.
func templateListResult(ctx context.Context, req list.ListRequest, waba string, t *graph.MessageTemplate) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = fmt.Sprintf("%s (%s)", t.Name, t.Language)
	for attr, v := range map[string]string{"business_account_id": waba, "name": t.Name, "language": t.Language} {
		result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root(attr), v)...)
	}
	if !req.IncludeResource {
		return result
	}
	result.Diagnostics.Append(result.Resource.SetAttribute(ctx, path.Root("id"), t.ID)...)
	result.Diagnostics.Append(result.Resource.SetAttribute(ctx, path.Root("business_account_id"), waba)...)
	result.Diagnostics.Append(result.Resource.SetAttribute(ctx, path.Root("wait_for_review"), false)...)
	var state messageTemplateModel
	if result.Diagnostics.Append(result.Resource.Get(ctx, &state)...); result.Diagnostics.HasError() {
		return result
	}
	prior := state
	state.applyRemote(t, &prior)
	result.Diagnostics.Append(result.Resource.Set(ctx, state)...)
	return result
}
