package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// Phone numbers and their settings take the protocol server's refresh fast path, and the
// settings without a ModifyPlan its plan fast path too: an account of many numbers refreshes and
// plans hundreds of them, nearly all unchanged. Their Read sets the state from the remote object
// alone (and the prior state), copying nothing on its own, so a refresh whose remote object and
// state are those the state was written from is the state as it is.
var (
	_ fastpath.Refresher        = &phoneNumberResource{}
	_ fastpath.Refresher        = &commerceSettingsResource{}
	_ fastpath.UnchangedPlanner = &commerceSettingsResource{}
	_ fastpath.Refresher        = &conversationalAutomationResource{}
	_ fastpath.UnchangedPlanner = &conversationalAutomationResource{}
	_ fastpath.Refresher        = &qrCodeResource{}
	_ fastpath.UnchangedPlanner = &qrCodeResource{}
	_ fastpath.Refresher        = &businessProfileResource{}
	_ fastpath.Refresher        = &businessEncryptionResource{}
	_ fastpath.Refresher        = &phoneNumberWebhookResource{}
)

// PlanUnchanged: an unchanged commerce settings plan has nothing to report.
func (r *commerceSettingsResource) PlanUnchanged(context.Context, fastpath.State) diag.Diagnostics {
	return nil
}

// PlanUnchanged: an unchanged automation plan has nothing to report.
func (r *conversationalAutomationResource) PlanUnchanged(context.Context, fastpath.State) diag.Diagnostics {
	return nil
}

// PlanUnchanged: an unchanged QR code plan has nothing to report.
func (r *qrCodeResource) PlanUnchanged(context.Context, fastpath.State) diag.Diagnostics {
	return nil
}

// Remote is the phone number as the command read it, from its account's listing or on its own.
// A state whose number is not the one Meta reports goes to Read, which tells why.
func (r *phoneNumberResource) Remote(ctx context.Context, state fastpath.State) (fastpath.Remote, bool) {
	id := state.String("id").ValueString()
	if r.data == nil || id == "" {
		return fastpath.Remote{}, false
	}
	p, err := readerOf(r.data).phone(ctx, state.String("business_account_id").ValueString(), id)
	if err != nil || state.String("country_code").IsNull() ||
		state.String("country_code").ValueString()+state.String("phone_number").ValueString() != p.Digits() {
		return fastpath.Remote{}, false
	}
	return digestRemote(p)
}

// Remote is the number's commerce settings as the command read them.
func (r *commerceSettingsResource) Remote(ctx context.Context, state fastpath.State) (fastpath.Remote, bool) {
	return settingsRemote(ctx, r.data, state, func(rb *readBatcher) *perNumber[*graph.CommerceSettings] { return rb.commerce })
}

// Remote is the number's conversational automation as the command read it.
func (r *conversationalAutomationResource) Remote(ctx context.Context, state fastpath.State) (fastpath.Remote, bool) {
	return settingsRemote(ctx, r.data, state, func(rb *readBatcher) *perNumber[*graph.ConversationalAutomation] { return rb.automations })
}

// Remote is the number's business profile as the command read it.
func (r *businessProfileResource) Remote(ctx context.Context, state fastpath.State) (fastpath.Remote, bool) {
	return settingsRemote(ctx, r.data, state, func(rb *readBatcher) *perNumber[*graph.BusinessProfile] { return rb.profiles })
}

// Remote is the number's business public key as the command read it; none when it shares none
// (Read then removes the resource).
func (r *businessEncryptionResource) Remote(ctx context.Context, state fastpath.State) (fastpath.Remote, bool) {
	return settingsRemote(ctx, r.data, state, func(rb *readBatcher) *perNumber[*graph.BusinessEncryption] { return rb.encryption })
}

// Remote is the number's webhook configuration as the command read it; none without an
// override (Read then removes the resource).
func (r *phoneNumberWebhookResource) Remote(ctx context.Context, state fastpath.State) (fastpath.Remote, bool) {
	if r.data == nil {
		return fastpath.Remote{}, false
	}
	phone := state.String("phone_number_id").ValueString()
	if phone == "" {
		return fastpath.Remote{}, false
	}
	wc, err := readerOf(r.data).webhooks.get(ctx, phone)
	if err != nil || wc == nil || wc.PhoneNumber == "" {
		return fastpath.Remote{}, false
	}
	return digestRemote(wc)
}

// Remote is the QR code as the command read it, from its number's listing in the state's image
// format or on its own.
func (r *qrCodeResource) Remote(ctx context.Context, state fastpath.State) (fastpath.Remote, bool) {
	phone, code := state.String("phone_number_id").ValueString(), state.String("code").ValueString()
	if r.data == nil || phone == "" || code == "" || state.String("image_format").IsNull() {
		return fastpath.Remote{}, false
	}
	qr, err := readerOf(r.data).qrCode(ctx, phone, code, state.String("image_format").ValueString())
	if err != nil {
		return fastpath.Remote{}, false
	}
	return digestRemote(qr)
}

// settingsRemote describes the number's object of a per-number kind as the read batcher holds
// it for the command (read for this refresh, read ahead, or written by this process), or reports
// false when it cannot be read or the number has none.
func settingsRemote[T any](ctx context.Context, data *providerData, state fastpath.State, kind func(*readBatcher) *perNumber[*T]) (fastpath.Remote, bool) {
	if data == nil {
		return fastpath.Remote{}, false
	}
	phone := state.String("phone_number_id").ValueString()
	if phone == "" {
		return fastpath.Remote{}, false
	}
	v, err := kind(readerOf(data)).get(ctx, phone)
	if err != nil || v == nil {
		return fastpath.Remote{}, false
	}
	return digestRemote(v)
}

// digestRemote is a remote object whose Read copies nothing as it is: everything is in the
// digest.
func digestRemote(v any) (fastpath.Remote, bool) {
	digest, err := json.Marshal(v)
	if err != nil {
		return fastpath.Remote{}, false
	}
	return fastpath.Remote{Digest: digest}, true
}
