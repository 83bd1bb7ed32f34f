package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

var _ action.ActionWithConfigure = &requestVerificationCodeAction{}

// NewRequestVerificationCodeAction is the whatsapp_request_verification_code action.
func NewRequestVerificationCodeAction() action.Action { return &requestVerificationCodeAction{} }

type requestVerificationCodeAction struct {
	configuredAction
}

type requestVerificationCodeModel struct {
	PhoneNumberID types.String `tfsdk:"phone_number_id"`
	CodeMethod    types.String `tfsdk:"code_method"`
	Language      types.String `tfsdk:"language"`
}

func (a *requestVerificationCodeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_request_verification_code"
}

func (a *requestVerificationCodeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Has Meta send a new 6-digit verification code to a business phone number that is still being onboarded (`POST /{phone-number-id}/request_code`), by SMS or voice call. " +
			"Actions need Terraform 1.14 or later; run it with `terraform apply -invoke=action.whatsapp_request_verification_code.<name>`.\n\n" +
			"Use it when the code `whatsapp_phone_number` asked for has expired (codes are valid for about 10 minutes, and once) or never arrived: then set `verification_code_wo` on the number (with a new `verification_code_wo_version`) and apply. " +
			"Meta refuses numbers that are already registered on the Cloud API, and throttles repeated requests; the action reports Meta's error and code.",
		Attributes: map[string]schema.Attribute{
			"phone_number_id": schema.StringAttribute{
				MarkdownDescription: "Id of the business phone number, such as `whatsapp_phone_number.x.id`.",
				Required:            true,
				Validators:          []validator.String{numericID},
			},
			"code_method": schema.StringAttribute{
				MarkdownDescription: "How Meta sends the code: `SMS` (the default) or `VOICE` (a call that reads it).",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(codeMethods...)},
			},
			"language": schema.StringAttribute{
				MarkdownDescription: "Language of the message or call, as language and country such as `en_US` (the default) or `pt_BR`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(localePattern, `must be a language and country such as "en_US" (pattern ^[a-z]{2}_[A-Z]{2}$)`)},
			},
		},
	}
}

func (a *requestVerificationCodeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg requestVerificationCodeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || !a.ready(&resp.Diagnostics) {
		return
	}
	id := cfg.PhoneNumberID.ValueString()
	method := stringOr(cfg.CodeMethod, defaultCodeMethod)
	language := stringOr(cfg.Language, defaultCodeLanguage)
	c := a.data.client

	p, err := c.GetPhoneNumber(ctx, id)
	if err != nil {
		addGraphError(&resp.Diagnostics, "Cannot read phone number "+id, err, phoneAdvice)
		return
	}
	number := orDefault(p.DisplayPhoneNumber, id)
	fields := map[string]any{"phone_number_id": id, "code_method": method, "language": language, "code_verification_status": p.CodeVerificationStatus}
	via := "SMS"
	if method == "VOICE" {
		via = "voice call"
	}
	progress(ctx, resp, fmt.Sprintf("Asking Meta to send a verification code to %s by %s (%s); the number is %s", number, via, language, orDefault(p.CodeVerificationStatus, "not verified")), fields)
	if interrupted(ctx, &resp.Diagnostics, "No code was requested.") {
		return
	}
	if err := c.RequestVerificationCode(ctx, id, method, language); err != nil {
		addGraphError(&resp.Diagnostics, "Cannot request a verification code for phone number "+number, err, phoneAdvice, codeRequestAdvice)
		return
	}
	progress(ctx, resp, fmt.Sprintf("Meta sent a verification code to %s by %s. It is valid for about 10 minutes, once: set verification_code_wo (and a new verification_code_wo_version) on the whatsapp_phone_number and apply.", number, via), fields)
}

// codeRequestAdvice is what to do when Meta refuses to send a code.
func codeRequestAdvice(err error) string {
	switch {
	case graph.ErrorCode(err) == graph.CodeRequestCodeFailed:
		return "Meta could not send a code to the number now, often after several codes in a short time. Wait before asking again, use the last code if it is still valid (about 10 minutes), or try the other code_method."
	case graph.IsRateLimited(err):
		return "Meta limits how often a number can be sent codes. Wait before asking again, or use the code sent last if it is still valid (about 10 minutes)."
	case graph.ErrorCode(err) == graph.CodeInvalidParameter:
		return "Meta does not send codes to this number now: a number already registered on the Cloud API needs none, and one in another state (banned, migrated…) cannot be verified. Check the number's status in WhatsApp Manager or on the whatsapp_phone_number."
	}
	return ""
}
