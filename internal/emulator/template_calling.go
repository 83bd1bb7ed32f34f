package emulator

// Calling templates.
//
// The VOICE_CALL button starts a WhatsApp call to the business number that
// sent the message. Meta's page "Call button messages and deep links"
// (developers.facebook.com/documentation/business-messaging/whatsapp/calling/call-button-messages-deep-links)
// creates it as {"type":"voice_call","text":"Call Now"} beside other buttons
// (its example pairs it with a URL button); the label follows the 25
// characters of every button label (validateButton). Meta's utility
// templates page (…/whatsapp/templates/utility-templates/utility-templates)
// lists the call request button among UTILITY buttons, and the calling page
// uses it in MARKETING templates; AUTHENTICATION templates only take an OTP
// button (template_auth.go).
//
// The CALL_PERMISSION_REQUEST component asks the user for permission to
// call. Meta's page "Call permission request message template"
// (…/whatsapp/templates/marketing-templates/call-permission-request-message-template)
// creates it as {"type":"call_permission_request"}, with no other fields,
// after a BODY, in a MARKETING or UTILITY template; the page on user call
// permissions (…/whatsapp/calling/user-call-permissions) adds a HEADER and a
// FOOTER beside it. At most one per template (validateComponents).

var callingCategories = []string{"MARKETING", "UTILITY"}

func validateVoiceCallButton(category string) *graphError {
	if !contains(callingCategories, category) {
		return invalid("Call button not allowed", "VOICE_CALL buttons are only allowed in MARKETING and UTILITY templates.")
	}
	return nil
}

func validateCallPermissionRequest(category string) *graphError {
	if !contains(callingCategories, category) {
		return invalid("Call permission request not allowed",
			"CALL_PERMISSION_REQUEST components are only allowed in MARKETING and UTILITY templates.")
	}
	return nil
}
