package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The onboarding state machine of whatsapp_phone_number: which steps an apply takes, how the
// plan shows them, and the steps of a create.

// phoneSteps are the lifecycle calls an apply makes.
type phoneSteps struct {
	verify, register, deregister, changePIN bool
}

// planSteps decides the lifecycle calls from Meta's view of the number and the configuration.
// A number is verified when it has no verified code yet and a code is configured; registered
// when registration is wanted and it is (or is about to be) verified; deregistered when
// registration is no longer wanted; and a registered number gets a new PIN when pin_wo_version
// changes.
func planSteps(registered, verified bool, status string, wantRegister, haveCode, pinVersionChanged bool) phoneSteps {
	var s phoneSteps
	s.verify = !verified && haveCode
	s.register = wantRegister && !registered && (verified || s.verify) && !unregistrable(status)
	s.deregister = !wantRegister && registered
	s.changePIN = pinVersionChanged && registered && !s.deregister
	return s
}

// ModifyPlan shows the lifecycle work in the plan: attributes the apply will change become
// unknown, so a number deregistered outside Terraform, or one waiting for a code that is now
// configured, plans an update. It also checks that a PIN is configured where one is needed and
// warns about numbers that wait for something only a person can provide.
func (r *phoneNumberResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan phoneNumberModel
	var code, pin types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("verification_code_wo"), &code)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("pin_wo"), &pin)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		if plan.Register.ValueBool() && pin.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("pin_wo"), "Missing two-step verification PIN",
				"register is true (the default), so the number needs pin_wo: the 6-digit two-step verification PIN it is registered with. Set pin_wo and pin_wo_version, or set register = false.")
		}
		return
	}
	var state phoneNumberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	verified := state.CodeVerificationStatus.ValueString() == graph.CodeVerificationDone
	registered := state.Registered.ValueBool()
	wantRegister := plan.Register.ValueBool()
	pinChanged := !plan.PinWOVersion.Equal(state.PinWOVersion)
	haveCode := !code.IsNull()
	steps := planSteps(registered, verified, state.Status.ValueString(), wantRegister, haveCode, pinChanged)

	if (steps.register || steps.changePIN) && pin.IsNull() {
		what := "register the number"
		if steps.changePIN {
			what = "set a new PIN (pin_wo_version changed)"
		}
		resp.Diagnostics.AddAttributeError(path.Root("pin_wo"), "Missing two-step verification PIN",
			fmt.Sprintf("To %s, Terraform needs pin_wo: the number's 6-digit two-step verification PIN.", what))
	}
	warnAboutPhone(&state, &plan, verified, registered, haveCode, pinChanged, steps, &resp.Diagnostics)

	if steps.verify {
		plan.CodeVerificationStatus = types.StringUnknown()
	}
	if steps.register || steps.deregister {
		plan.Status, plan.PlatformType, plan.Registered = types.StringUnknown(), types.StringUnknown(), types.BoolUnknown()
	}
	if !plan.DisplayName.Equal(state.DisplayName) {
		plan.VerifiedName, plan.NameStatus = types.StringUnknown(), types.StringUnknown()
		plan.NewDisplayName, plan.NewNameStatus = types.StringUnknown(), types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// warnAboutPhone explains in the plan what the number waits for.
func warnAboutPhone(state, plan *phoneNumberModel, verified, registered, haveCode, pinChanged bool, steps phoneSteps, diags *diag.Diagnostics) {
	number := state.displayNumber()
	if !verified && !haveCode {
		diags.AddWarning("Phone number "+number+" is not verified",
			"The number was added but not verified, so it cannot be registered or used. Meta sends a 6-digit code by "+codeMethod(plan)+" when the number is added. "+
				"Set verification_code_wo to the code and apply; Terraform then verifies it"+map[bool]string{true: " and registers it.", false: "."}[plan.Register.ValueBool()])
	}
	if plan.Register.ValueBool() && !registered && unregistrable(state.Status.ValueString()) {
		diags.AddWarning("Phone number "+number+" cannot be registered",
			fmt.Sprintf("Meta reports status %s for the number, from which it cannot be registered. Resolve it in WhatsApp Manager.", state.Status.ValueString()))
	}
	if pinChanged && !steps.changePIN && !steps.register && !registered {
		diags.AddWarning("The PIN of phone number "+number+" is not sent now",
			"pin_wo_version changed, but the number is not registered, and Meta sets a PIN only on registered numbers. pin_wo is the PIN the number registers with.")
	}
	if plan.DisplayName.Equal(state.DisplayName) {
		switch {
		case state.NewNameStatus.ValueString() == graph.NameStatusDeclined:
			diags.AddWarning("Meta declined display name "+state.NewDisplayName.ValueString(),
				fmt.Sprintf("Phone number %s keeps the display name %q. Choose a display_name that follows Meta's display name guidelines.", number, state.VerifiedName.ValueString()))
		case state.NameStatus.ValueString() == graph.NameStatusDeclined && state.NewDisplayName.IsNull():
			diags.AddWarning("Meta declined display name "+state.VerifiedName.ValueString(),
				fmt.Sprintf("Phone number %s has no approved display name. Choose a display_name that follows Meta's display name guidelines.", number))
		}
	}
}

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

// verificationAdvice tells the user how to finish verification.
func verificationAdvice(m *phoneNumberModel, register bool) string {
	then := "verifies it"
	if register {
		then = "verifies and registers it"
	}
	via := "an SMS"
	if codeMethod(m) == "VOICE" {
		via = "a voice call"
	}
	return fmt.Sprintf("Meta sent a 6-digit verification code to %s by %s. Set verification_code_wo to the code and apply again within about 10 minutes; Terraform then %s. "+
		"Until then the number stays NOT_VERIFIED.", m.displayNumber(), via, then)
}
