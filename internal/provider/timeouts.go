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
	a.MarkdownDescription = "How long apply waits for Meta's review. Each is a duration such as `\"30s\"`, `\"20m\"` or `\"2h\"` (units `s`, `m`, `h`); the default is 20 minutes."
	describe := map[string]string{
		"create": "How long creating waits for Meta's review when `wait_for_review` is `true`.",
		"update": "How long an update waits for a review in progress to end before editing, and then, when `wait_for_review` is `true`, for the review of the edit.",
	}
	for name, desc := range describe {
		if s, ok := a.Attributes[name].(schema.StringAttribute); ok {
			s.MarkdownDescription = desc
			a.Attributes[name] = s
		}
	}
	return a
}
