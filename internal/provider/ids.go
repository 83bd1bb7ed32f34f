package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
)

// graphIDPattern matches Graph's object ids (WhatsApp Business Accounts, phone numbers,
// templates, flows, apps, users…): decimal digits.
var graphIDPattern = regexp.MustCompile(`^[0-9]+$`)

// numericID validates an attribute that holds a Graph object id.
var numericID = stringvalidator.RegexMatches(graphIDPattern, "must be a numeric Graph object id")
