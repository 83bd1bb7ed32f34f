package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// reviewTimeoutsAttribute is the `timeouts` attribute of resources whose create and update wait
// for Meta's review, with descriptions written for the registry page.
func reviewTimeoutsAttribute(ctx context.Context) schema.Attribute {
	a, ok := timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true}).(schema.SingleNestedAttribute)
	if !ok {
		return timeouts.Attributes(ctx, timeouts.Opts{Create: true, Update: true})
	}
	a.MarkdownDescription = "How long apply may take. Each is a duration such as `\"30s\"`, `\"20m\"` or `\"6h\"` (units `s`, `m`, `h`)."
	describe := map[string]string{
		"create": "How long a create may take: waiting for a creation slot when Meta's limit of 100 new templates per hour per WhatsApp Business Account is reached, then, with `wait_for_review`, waiting for the review. " +
			"When unset, a create waits up to 6 hours for a creation slot (an apply of 500 new templates takes about four hours) and up to 20 minutes for the review.",
		"update": "How long an update waits for a review in progress to end before editing, and then, when `wait_for_review` is `true`, for the review of the edit. Default 20 minutes.",
	}
	for name, desc := range describe {
		if s, ok := a.Attributes[name].(schema.StringAttribute); ok {
			s.MarkdownDescription = desc
			a.Attributes[name] = s
		}
	}
	return a
}
