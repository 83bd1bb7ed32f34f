package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The onboarding steps of whatsapp_phone_number that an apply takes.

// newCodeAfterFailure has Meta send a new code after a code was refused, and returns the refusal
// with what to do next.
func (r *phoneNumberResource) newCodeAfterFailure(ctx context.Context, plan *phoneNumberModel, id string, refused error) error {
	if graph.IsAuth(refused) || graph.IsPermission(refused) || graph.IsRateLimited(refused) || graph.IsAmbiguous(refused) {
		return refused
	}
	if err := r.data.client.RequestVerificationCode(ctx, id, codeMethod(plan), codeLanguage(plan)); err != nil {
		return fmt.Errorf("%w\n\nCodes are valid for about 10 minutes and once. Asking Meta for a new code failed too: %w", refused, err)
	}
	return fmt.Errorf("%w\n\nCodes are valid for about 10 minutes and once, so Meta was asked for a new one. %s", refused, verificationAdvice(plan, plan.Register.ValueBool()))
}

// onboardNew takes a number that was just added (or adopted) as far as the configuration asks:
// code request or verification, registration, display name and search visibility.
func (r *phoneNumberResource) onboardNew(ctx context.Context, plan *phoneNumberModel, p *graph.PhoneNumber, adopted bool, code, pin types.String, diags *diag.Diagnostics) {
	c := r.data.client
	id := p.ID
	warn := func(what string, err error) {
		diags.AddWarning(fmt.Sprintf("Phone number %s was added but %s failed", plan.displayNumber(), what),
			graphErrorDetail(err, phoneAdvice)+"\n\nThe number is in Terraform state; the next plan shows the remaining steps. Apply again to retry.")
	}
	if !p.Verified() {
		verified := false
		if adopted && !code.IsNull() {
			if err := c.VerifyCode(ctx, id, code.ValueString()); err == nil {
				verified = true
			}
		}
		if !verified {
			if err := c.RequestVerificationCode(ctx, id, codeMethod(plan), codeLanguage(plan)); err != nil {
				warn("requesting the verification code", err)
			} else {
				diags.AddWarning("Phone number "+plan.displayNumber()+" is waiting for verification", verificationAdvice(plan, plan.Register.ValueBool()))
			}
			return
		}
		p.CodeVerificationStatus = graph.CodeVerificationDone
	}
	if adopted {
		if name := plan.DisplayName.ValueString(); name != desiredDisplayName(p) {
			if err := c.UpdatePhoneNumber(ctx, id, graph.PhoneNumberSettings{NewDisplayName: &name}); err != nil {
				warn("requesting the display name change", err)
			}
		}
		if !plan.Register.ValueBool() && p.Registered() {
			if err := c.DeregisterPhoneNumber(ctx, id); err != nil && !graph.IsNotRegistered(err) {
				warn("deregistering", err)
			}
		}
	}
	if plan.Register.ValueBool() && !p.Registered() && !unregistrable(p.Status) {
		if err := r.register(ctx, id, pin); err != nil {
			warn("registering", err)
		}
	}
	if v := plan.SearchVisibility; !v.IsNull() && !v.IsUnknown() && v.ValueString() != p.SearchVisibility {
		s := v.ValueString()
		if err := c.UpdatePhoneNumber(ctx, id, graph.PhoneNumberSettings{SearchVisibility: &s}); err != nil {
			warn("setting search_visibility", err)
		}
	}
}

// register registers a verified number with the configured PIN. A repeat after a lost response
// is refused by Meta; the number's status then decides.
func (r *phoneNumberResource) register(ctx context.Context, id string, pin types.String) error {
	if pin.IsNull() || pin.IsUnknown() {
		return fmt.Errorf("registering needs pin_wo, the number's 6-digit two-step verification PIN")
	}
	err := r.data.client.RegisterPhoneNumber(ctx, id, pin.ValueString())
	if err == nil || graph.IsPINMismatch(err) {
		return err
	}
	if p, getErr := r.data.client.GetPhoneNumber(ctx, id); getErr == nil && p.Registered() {
		return nil
	}
	return err
}

func codeMethod(m *phoneNumberModel) string {
	if m.CodeMethod.IsNull() || m.CodeMethod.IsUnknown() {
		return defaultCodeMethod
	}
	return m.CodeMethod.ValueString()
}

func codeLanguage(m *phoneNumberModel) string {
	if m.CodeLanguage.IsNull() || m.CodeLanguage.IsUnknown() {
		return defaultCodeLanguage
	}
	return m.CodeLanguage.ValueString()
}
