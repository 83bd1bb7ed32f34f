package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// What every action shares: the provider's data, progress reports and cancellation. Actions run
// one-off operations (Terraform 1.14+), so they keep nothing in state; what they did is in their
// progress messages and the provider log.

// configuredAction is embedded by every action; it receives the provider's data.
type configuredAction struct {
	configured
}

func (a *configuredAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configure(req.ProviderData, &resp.Diagnostics)
}

// ready reports whether the provider was configured, adding an error when it was not.
func (a *configuredAction) ready(diags *diag.Diagnostics) bool {
	if a.data == nil {
		diags.AddError("Provider not configured", "The whatsapp provider was not configured before the action ran. Check the provider block and its credentials.")
		return false
	}
	return true
}

// progress reports a step of an action to Terraform (shown as the action's progress) and to the
// provider log at info level. Fields must hold no secrets.
func progress(ctx context.Context, resp *action.InvokeResponse, msg string, fields map[string]any) {
	tflog.Info(ctx, msg, fields)
	if resp.SendProgress == nil || ctx.Err() != nil {
		return
	}
	// SendProgress blocks until Terraform takes the event. Once the invocation is cancelled
	// nobody takes events any more, so the send is abandoned then rather than blocking the
	// action for good; its goroutine is the only one left behind, since later reports return
	// above.
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}()
	select {
	case <-sent:
	case <-ctx.Done():
	}
}

// interrupted reports whether the action was cancelled (Ctrl-C, or a deadline), adding an error
// that says what had been done by then.
func interrupted(ctx context.Context, diags *diag.Diagnostics, done string) bool {
	if ctx.Err() == nil {
		return false
	}
	diags.AddError("Action interrupted", fmt.Sprintf("The action stopped before it finished (%v). %s", context.Cause(ctx), done))
	return true
}

// known reports whether a configuration value can be checked at plan time.
func known(v interface {
	IsNull() bool
	IsUnknown() bool
},
) bool {
	return !v.IsNull() && !v.IsUnknown()
}

// stringOr is v's value, or def when v is null or unknown.
func stringOr(v types.String, def string) string {
	if known(v) {
		return v.ValueString()
	}
	return def
}
