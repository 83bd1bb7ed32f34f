package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// flowModel is the state of a whatsapp_flow.
type flowModel struct {
	ID                types.String `tfsdk:"id"`
	BusinessAccountID types.String `tfsdk:"business_account_id"`
	Name              types.String `tfsdk:"name"`
	Categories        types.Set    `tfsdk:"categories"`
	EndpointURI       types.String `tfsdk:"endpoint_uri"`
	FlowJSON          jsonValue    `tfsdk:"flow_json"`
	CloneFlowID       types.String `tfsdk:"clone_flow_id"`
	Publish           types.Bool   `tfsdk:"publish"`
	Deprecated        types.Bool   `tfsdk:"deprecated"`
	Status            types.String `tfsdk:"status"`
	JSONVersion       types.String `tfsdk:"json_version"`
	DataAPIVersion    types.String `tfsdk:"data_api_version"`
	ValidationErrors  types.List   `tfsdk:"validation_errors"`
	PreviewURL        types.String `tfsdk:"preview_url"`
	HealthStatus      types.String `tfsdk:"health_status"`
}

// flowCategories is Meta's categories enum.
var flowCategories = []string{
	"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION", "CONTACT_US",
	"CUSTOMER_SUPPORT", "SURVEY", "SHOPPING", "OTHER",
}

var flowValidationErrorAttrTypes = map[string]attr.Type{
	"error":        types.StringType,
	"error_type":   types.StringType,
	"message":      types.StringType,
	"line_start":   types.Int64Type,
	"line_end":     types.Int64Type,
	"column_start": types.Int64Type,
	"column_end":   types.Int64Type,
	"pointers":     types.ListType{ElemType: types.StringType},
}

var flowValidationErrorType = types.ObjectType{AttrTypes: flowValidationErrorAttrTypes}

// validationErrorsValue converts Meta's validation errors into the list attribute.
func validationErrorsValue(errs []graph.FlowValidationError) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	items := make([]attr.Value, 0, len(errs))
	for _, e := range errs {
		paths := e.Paths()
		ptrs := make([]attr.Value, 0, len(paths))
		for _, p := range paths {
			ptrs = append(ptrs, types.StringValue(p))
		}
		pointers, d := types.ListValue(types.StringType, ptrs)
		diags.Append(d...)
		obj, d := types.ObjectValue(flowValidationErrorAttrTypes, map[string]attr.Value{
			"error":        types.StringValue(e.Error),
			"error_type":   types.StringValue(e.ErrorType),
			"message":      types.StringValue(e.Message),
			"line_start":   types.Int64Value(int64(e.LineStart)),
			"line_end":     types.Int64Value(int64(e.LineEnd)),
			"column_start": types.Int64Value(int64(e.ColumnStart)),
			"column_end":   types.Int64Value(int64(e.ColumnEnd)),
			"pointers":     pointers,
		})
		diags.Append(d...)
		items = append(items, obj)
	}
	list, d := types.ListValue(flowValidationErrorType, items)
	diags.Append(d...)
	return list, diags
}

// categoriesOf reads the categories set.
func (m *flowModel) categoriesOf(ctx context.Context, diags *diag.Diagnostics) []string {
	var out []string
	diags.Append(m.Categories.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}

// applyRemote copies what Meta reports about the flow into the model. The Flow JSON is
// handled by the callers, which know whether it was downloaded.
func (m *flowModel) applyRemote(ctx context.Context, f *graph.Flow, diags *diag.Diagnostics) {
	m.ID = types.StringValue(f.ID)
	if waba := f.BusinessAccountID(); waba != "" {
		m.BusinessAccountID = types.StringValue(waba)
	}
	m.Name = types.StringValue(f.Name)
	cats := append([]string{}, f.Categories...)
	sort.Strings(cats)
	set, d := types.SetValueFrom(ctx, types.StringType, cats)
	diags.Append(d...)
	m.Categories = set
	m.EndpointURI = stringOrNull(f.Endpoint())
	m.applyStatus(f.Status)
	// Meta omits the versions of some documents: keep what the document itself says.
	if f.JSONVersion != "" || !valueKnown(m.JSONVersion) {
		m.JSONVersion = stringOrNull(f.JSONVersion)
	}
	if f.DataAPIVersion != "" || !valueKnown(m.DataAPIVersion) {
		m.DataAPIVersion = stringOrNull(f.DataAPIVersion)
	}
	list, d := validationErrorsValue(f.ValidationErrors)
	diags.Append(d...)
	m.ValidationErrors = list
	m.PreviewURL = types.StringNull()
	if f.Preview != nil {
		m.PreviewURL = stringOrNull(f.Preview.PreviewURL)
	}
	m.HealthStatus = types.StringNull()
	if f.HealthStatus != nil {
		m.HealthStatus = stringOrNull(f.HealthStatus.CanSendMessage)
	}
	if m.CloneFlowID.IsUnknown() {
		m.CloneFlowID = types.StringNull()
	}
}

// knownFlowStatuses are the statuses this provider knows the meaning of.
var knownFlowStatuses = []string{graph.FlowStatusDraft, graph.FlowStatusPublished, graph.FlowStatusDeprecated, graph.FlowStatusBlocked, graph.FlowStatusThrottled}

// applyStatus sets status, publish and deprecated from Meta's status. A status Meta introduced
// after this provider was released says nothing certain about publishing, so publish and
// deprecated keep their known values and status keeps its known value too (a status unknown to
// the provider never plans a change); without known values, the flow counts as a draft.
func (m *flowModel) applyStatus(status string) {
	if slices.Contains(knownFlowStatuses, status) {
		m.Status = types.StringValue(status)
		m.Publish = types.BoolValue(status != graph.FlowStatusDraft)
		m.Deprecated = types.BoolValue(status == graph.FlowStatusDeprecated)
		return
	}
	if !valueKnown(m.Status) {
		m.Status = types.StringValue(status)
	}
	if !valueKnown(m.Publish) {
		m.Publish = types.BoolValue(false)
	}
	if !valueKnown(m.Deprecated) {
		m.Deprecated = types.BoolValue(false)
	}
}

// flowFrozen reports a status in which Meta no longer lets the flow change: everything but DRAFT.
func flowFrozen(status string) bool { return status != "" && status != graph.FlowStatusDraft }

// flowJSONVersions reads version and data_api_version from a Flow JSON document.
func flowJSONVersions(doc string) (version, dataAPIVersion string, ok bool) {
	var head struct {
		Version        any `json:"version"`
		DataAPIVersion any `json:"data_api_version"`
	}
	if json.Unmarshal([]byte(doc), &head) != nil {
		return "", "", false
	}
	v, _ := head.Version.(string)
	d, _ := head.DataAPIVersion.(string)
	return v, d, true
}

// describeValidationErrors renders Meta's validation errors one per line, each with its JSON
// pointer and position in the document.
func describeValidationErrors(errs []graph.FlowValidationError) string {
	var b strings.Builder
	for i, e := range errs {
		fmt.Fprintf(&b, "%d. %s\n", i+1, e.String())
	}
	return strings.TrimRight(b.String(), "\n")
}

var flowVersionPattern = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)

// flowJSONValidator checks at plan time that flow_json is JSON with the basic shape of a Flow
// JSON document: an object with a version string and a non-empty screens array whose items have
// an id. Meta checks the rest when the document is uploaded.
type flowJSONValidator struct{}

func (flowJSONValidator) Description(context.Context) string {
	return "must be a Flow JSON document: a JSON object with a \"version\" string and a non-empty \"screens\" array"
}

func (v flowJSONValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (flowJSONValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	doc := req.ConfigValue.ValueString()
	fail := func(format string, args ...any) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Flow JSON", fmt.Sprintf("%s "+format, append([]any{req.Path}, args...)...))
	}
	v, err := decodeJSON(doc)
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset counts the offending character itself.
			line, col := jsonTextPosition(doc, max(int(se.Offset)-1, 0))
			fail("is not valid JSON: %s (line %d, column %d).", se.Error(), line, col)
			return
		}
		fail("is not valid JSON: %s.", err)
		return
	}
	root, ok := v.(map[string]any)
	if !ok {
		fail("must be a JSON object with \"version\" and \"screens\".")
		return
	}
	switch version, present := root["version"]; {
	case !present:
		fail("has no \"version\": set the Flow JSON version, such as \"version\": \"7.0\".")
	case !isFlowVersionString(version):
		fail("has \"version\": %s; it must be a string such as \"7.0\".", flowCompactJSON(version))
	}
	screens, present := root["screens"]
	list, isList := screens.([]any)
	switch {
	case !present:
		fail("has no \"screens\": a flow needs at least one screen.")
	case !isList:
		fail("has \"screens\" that is not an array.")
	case len(list) == 0:
		fail("has an empty \"screens\" array: a flow needs at least one screen.")
	default:
		for i, s := range list {
			screen, ok := s.(map[string]any)
			if !ok {
				fail("has screens[%d] that is not an object.", i)
				continue
			}
			if id, ok := screen["id"].(string); !ok || id == "" {
				fail("has screens[%d] without a string \"id\".", i)
			}
		}
	}
	if dav, present := root["data_api_version"]; present && !isFlowVersionString(dav) {
		fail("has \"data_api_version\": %s; it must be a string such as \"3.0\".", flowCompactJSON(dav))
	}
}

func isFlowVersionString(v any) bool {
	s, ok := v.(string)
	return ok && flowVersionPattern.MatchString(s)
}

func flowCompactJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// jsonTextPosition converts a byte offset into a 1-based line and column.
func jsonTextPosition(s string, offset int) (line, col int) {
	line, col = 1, 1
	offset = min(offset, len(s))
	for i := 0; i < offset; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}

// flowErrorSummary is the summary of a failed Graph call on a flow.
func flowErrorSummary(action, name string) string {
	return fmt.Sprintf("Cannot %s flow %q", action, name)
}

// flowAdvice is what the user can do about the errors of the Flow Management API.
func flowAdvice(err error) string {
	switch {
	case graph.IsFlowNotUpdatable(err):
		return "Meta does not allow changing a published flow. Give it a new name to replace it with a new flow, or create a new whatsapp_flow."
	case graph.IsFlowNotPublishable(err):
		return "Meta publishes only a draft whose Flow JSON has no validation errors, with an endpoint_uri when the JSON has a data_api_version, and a phone number on the WhatsApp Business Account."
	case graph.IsFlowBlockedByIntegrity(err):
		return "Meta found an integrity issue with the account and blocks creating or publishing flows; contact Meta support."
	}
	return ""
}
