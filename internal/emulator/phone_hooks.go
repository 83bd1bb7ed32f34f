package emulator

import (
	"errors"
	"fmt"
)

// Out-of-band changes to phone numbers, the way Meta or a person in WhatsApp
// Manager makes them, for tests and the standalone emulator.

// AddPhoneNumber adds a verified, registered and connected number with an
// approved display name to a WABA, as when a number is onboarded in
// WhatsApp Manager, and returns its id. countryCode is the country calling
// code ("1") and number the national number ("6315551000"). The WABA's
// phone number limit does not apply.
func (e *Emulator) AddPhoneNumber(wabaID, countryCode, number, verifiedName string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	w := e.store.waba(wabaID)
	if w == nil {
		return "", fmt.Errorf("no WABA %s", wabaID)
	}
	e164 := countryCode + number
	if !dialCodePattern.MatchString(countryCode) || !e164Digits.MatchString(e164) {
		return "", fmt.Errorf("+%s %s is not an E.164 number", countryCode, number)
	}
	if e.store.phoneByNumber(e164) != nil {
		return "", fmt.Errorf("+%s is already on a WABA", e164)
	}
	p := e.store.newPhone(w, countryCode, e164, verifiedName)
	p.codeVerificationStatus = codeVerified
	p.nameStatus = nameApproved
	p.status = phoneStatusConnected
	p.platformType = platformCloudAPI
	p.qualityRating = "GREEN"
	p.onboardedSeq = e.store.nextSeq()
	p.onboardedAt = e.now()
	return p.id, nil
}

// PhoneNumberChange is an out-of-band change to a phone number. Empty
// strings and nil pointers leave the value as it is. Values are not checked
// against Meta's enums, so tests can send values Meta may add later.
type PhoneNumberChange struct {
	Status                  string
	QualityRating           string
	MessagingLimitTier      string
	ThroughputLevel         string
	AccountMode             string
	PlatformType            string
	CodeVerificationStatus  string
	NameStatus              string
	VerifiedName            string
	SearchVisibility        string
	OfficialBusinessAccount *bool
}

// ChangePhoneNumber applies an out-of-band change to a phone number.
func (e *Emulator) ChangePhoneNumber(id string, ch PhoneNumberChange) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p, ok := e.store.nodes[id].(*phone)
	if !ok {
		return fmt.Errorf("no phone number %s", id)
	}
	for dst, v := range map[*string]string{
		&p.status: ch.Status, &p.qualityRating: ch.QualityRating, &p.messagingLimitTier: ch.MessagingLimitTier,
		&p.throughputLevel: ch.ThroughputLevel, &p.accountMode: ch.AccountMode, &p.platformType: ch.PlatformType,
		&p.codeVerificationStatus: ch.CodeVerificationStatus, &p.nameStatus: ch.NameStatus,
		&p.verifiedName: ch.VerifiedName, &p.searchVisibility: ch.SearchVisibility,
	} {
		if v != "" {
			*dst = v
		}
	}
	if ch.OfficialBusinessAccount != nil {
		p.officialBusiness = *ch.OfficialBusinessAccount
	}
	return nil
}

// ReviewDisplayName decides the pending display name review of a number,
// APPROVED or DECLINED: a requested name change, else the review of the
// name the number was added with.
func (e *Emulator) ReviewDisplayName(id, outcome string) error {
	if outcome != nameApproved && outcome != nameDeclined {
		return fmt.Errorf("outcome must be %s or %s, not %q", nameApproved, nameDeclined, outcome)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	p, ok := e.store.nodes[id].(*phone)
	if !ok {
		return fmt.Errorf("no phone number %s", id)
	}
	if !decideDisplayName(p, outcome) {
		return errors.New("no display name review is pending for " + id)
	}
	return nil
}

// DeletePhoneNumber removes a number from its WABA, as deleting it in
// WhatsApp Manager does. Its id no longer resolves.
func (e *Emulator) DeletePhoneNumber(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	p, ok := e.store.nodes[id].(*phone)
	if !ok {
		return fmt.Errorf("no phone number %s", id)
	}
	if w := e.store.waba(p.wabaID); w != nil {
		for i, q := range w.phones {
			if q == p {
				w.phones = append(w.phones[:i:i], w.phones[i+1:]...)
				break
			}
		}
	}
	delete(e.store.nodes, id)
	e.store.detach(id, phoneCallbacksKind)
	return nil
}

// PhoneNumberPIN returns a number's two-step verification PIN, "" when none
// is set.
func (e *Emulator) PhoneNumberPIN(id string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	p, ok := e.store.nodes[id].(*phone)
	if !ok {
		return "", fmt.Errorf("no phone number %s", id)
	}
	return p.pin, nil
}

// PhoneCallbackOverride returns the emulator app's override callback on a
// number, "" when none is set.
func (e *Emulator) PhoneCallbackOverride(id string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.store.phoneCallbackOverride(id, e.opts.AppID)
}
