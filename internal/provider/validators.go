package provider

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// charLength checks a string's length in characters (Unicode code points), the unit of Meta's
// limits; the framework's length validators count bytes.
type charLength struct{ min, max int }

func (v charLength) Description(context.Context) string {
	if v.min == 0 {
		return fmt.Sprintf("must be at most %d characters", v.max)
	}
	return fmt.Sprintf("must be %d to %d characters", v.min, v.max)
}

func (v charLength) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v charLength) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := utf8.RuneCountInString(req.ConfigValue.ValueString()); n < v.min || n > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute value length",
			fmt.Sprintf("Attribute %s %s, got %d.", req.Path, v.Description(ctx), n))
	}
}
