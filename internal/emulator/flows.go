package emulator

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// WhatsApp Flows (Meta's Flows API): a WABA's flows are nodes of their own.
// A flow is created as a DRAFT; its Flow JSON is an asset uploaded with
// POST /{flow-id}/assets. Publishing is one-way and freezes the flow: Meta
// then refuses metadata and JSON changes (139001) and deletion (139004), and
// the only way out is deprecation (139003 unless PUBLISHED). Error codes and
// titles follow Meta's "Flow Management API error codes" table.

const nodeFlow nodeType = "WhatsAppFlow"

// Flow statuses. BLOCKED and THROTTLED are set by Meta's endpoint health
// monitoring; a flow in either was published.
const (
	flowDraft      = "DRAFT"
	flowPublished  = "PUBLISHED"
	flowDeprecated = "DEPRECATED"
	flowBlocked    = "BLOCKED"
	flowThrottled  = "THROTTLED"
)

// flowCategories is the categories enum, in Meta's order.
var flowCategories = []string{
	"SIGN_UP", "SIGN_IN", "APPOINTMENT_BOOKING", "LEAD_GENERATION", "CONTACT_US",
	"CUSTOMER_SUPPORT", "SURVEY", "OTHER", "SHOPPING",
}

// flowPreviewLifetime is how long a preview URL stays valid.
const flowPreviewLifetime = 30 * 24 * time.Hour

type flow struct {
	id, wabaID string
	seq        int64

	name        string
	categories  []string
	status      string
	endpointURI string

	// asset is the uploaded Flow JSON exactly as sent; nil until one is.
	asset            []byte
	assetName        string
	jsonVersion      string
	dataAPIVersion   string
	validationErrors []flowValidationError

	previewToken   string
	previewExpires time.Time
	updatedAt      time.Time
}

func (*flow) kind() nodeType       { return nodeFlow }
func (f *flow) owningWABA() string { return f.wabaID }

// published reports a flow that left DRAFT: Meta no longer lets it change.
func (f *flow) published() bool { return f.status != flowDraft }

var flowFields = fieldSet{
	nodeType: nodeFlow.graphName(),
	allowed: []string{"id", "name", "categories", "preview", "status", "validation_errors", "json_version",
		"data_api_version", "data_channel_uri", "endpoint_uri", "health_status", "whatsapp_business_account",
		"application", "updated_at"},
	defaults: []string{"id", "name", "status", "categories", "validation_errors"},
}

// errFlowInvalid is the shape of Meta's Flows API refusals: the table's
// description as error_user_title, the explanation as error_user_msg.
func errFlowInvalid(code int, title, msg string) *graphError {
	message := "Invalid parameter"
	if code != 100 {
		message = title
	}
	return &graphError{Message: message, Type: "OAuthException", Code: code, UserTitle: title, UserMsg: msg}
}

func errInvalidFlowJSONVersion() *graphError {
	return errFlowInvalid(100, "Invalid Flow JSON version",
		"The Flow JSON version you specified isn't valid. Verify there isn't a mistake with the version sent "+
			"(a typo or leaving it blank). If it looks correct, it may be expired and you'll need to upgrade to a later version.")
}

func errFlowNotUpdatable() *graphError {
	return errFlowInvalid(139001, "Flow can't be updated",
		"You attempted to update a Flow that has already been published. Once published, Flows can no longer be updated. "+
			"To update a published Flow, clone it (clone_flow_id) and publish the new Flow.")
}

// flowsOf lists a WABA's flows in creation order.
func (s *store) flowsOf(wabaID string) []*flow {
	var out []*flow
	for _, n := range s.nodes {
		if f, ok := n.(*flow); ok && f.wabaID == wabaID {
			out = append(out, f)
		}
	}
	sortBySeq(out, func(f *flow) int64 { return f.seq })
	return out
}

func (s *store) flowNamed(wabaID, name string) *flow {
	for _, f := range s.flowsOf(wabaID) {
		if f.name == name {
			return f
		}
	}
	return nil
}

// parseFlowCategories reads categories: a JSON array, or a JSON-encoded
// array in a form field, of enum values.
func parseFlowCategories(p params) ([]string, bool, *graphError) {
	raw, present, err := p.structured("categories")
	if err != nil || !present {
		return nil, present, err
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, true, errParam("(#100) Param categories must be an array")
	}
	if len(list) == 0 {
		return nil, true, errParam("(#100) Param categories must contain at least 1 element")
	}
	var out []string
	for i, v := range list {
		s, _ := v.(string)
		if !contains(flowCategories, s) {
			return nil, true, errParam("(#100) Param categories[%d] must be one of {%s} - got %q",
				i, strings.Join(flowCategories, ", "), fmt.Sprint(v))
		}
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out, true, nil
}

func validEndpointURI(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func errInvalidEndpointURI() *graphError {
	return errFlowInvalid(100, "Invalid Endpoint URI", "Provide a valid URL: endpoint_uri must be an https URL.")
}

// POST /{waba-id}/flows: name and categories required; endpoint_uri,
// clone_flow_id, and (newer API) flow_json with publish.
func createFlow(c *call) (any, *graphError) {
	w := c.node.(*waba)
	name := c.params.string("name")
	if strings.TrimSpace(name) == "" {
		return nil, errRequiredParam("name")
	}
	categories, present, err := parseFlowCategories(c.params)
	if err != nil {
		return nil, err
	}
	if !present {
		return nil, errRequiredParam("categories")
	}
	if c.e.store.flowNamed(w.id, name) != nil {
		return nil, errFlowInvalid(100, "Flow name is not unique",
			"Flow name should be unique within one WhatsApp Business Account. You may be trying to create a Flow "+
				"with a name already used by another Flow on the same WhatsApp Business Account.")
	}
	endpoint, hasEndpoint := c.params.str("endpoint_uri")
	if hasEndpoint && endpoint != "" && !validEndpointURI(endpoint) {
		return nil, errInvalidEndpointURI()
	}
	f := &flow{
		id: c.e.store.newID(), wabaID: w.id, seq: c.e.store.nextSeq(),
		name: name, categories: categories, status: flowDraft, endpointURI: endpoint,
		updatedAt: c.e.now(),
	}
	if cloneID := c.params.string("clone_flow_id"); cloneID != "" {
		src, ok := c.e.store.nodes[cloneID].(*flow)
		if !ok || src.wabaID != w.id {
			return nil, errFlowInvalid(100, "Flow with specified ID does not exist",
				fmt.Sprintf("The Flow ID %s you provided was not found in your account.", cloneID))
		}
		if hasEndpoint && endpoint != "" && src.asset != nil && !versionAtLeast(src.jsonVersion, "3.0") {
			return nil, errFlowInvalid(100, "Specify Endpoint Uri in Flow JSON",
				"For Flow JSON versions below 3.0 endpoint_uri should be specified as data_channel_uri in the Flow JSON. "+
					"Do not specify endpoint_uri when cloning a Flow with Flow JSON version below 3.0.")
		}
		f.asset = append([]byte(nil), src.asset...)
		f.assetName = src.assetName
		f.jsonVersion, f.dataAPIVersion = src.jsonVersion, src.dataAPIVersion
		f.validationErrors = append([]flowValidationError(nil), src.validationErrors...)
		if !hasEndpoint {
			f.endpointURI = src.endpointURI
		}
	}
	out := map[string]any{"id": f.id}
	flowJSON, hasJSON := c.params.str("flow_json")
	if hasJSON {
		info, gerr := checkFlowJSON([]byte(flowJSON))
		if gerr != nil {
			return nil, gerr
		}
		f.setAsset([]byte(flowJSON), "flow.json", info)
		out["success"] = true
		out["validation_errors"] = validationErrorList(f.validationErrors)
	}
	publish, _, perr := c.params.boolean("publish")
	if perr != nil {
		return nil, perr
	}
	if publish && len(f.validationErrors) == 0 {
		if gerr := c.e.store.publishable(f); gerr != nil {
			return nil, gerr
		}
		f.status = flowPublished
	}
	c.e.store.nodes[f.id] = f
	return out, nil
}

func (f *flow) setAsset(content []byte, name string, info flowJSONInfo) {
	f.asset = content
	f.assetName = name
	f.jsonVersion = info.version
	f.dataAPIVersion = info.dataAPIVersion
	f.validationErrors = info.errors
}

// GET /{waba-id}/flows
func listFlows(c *call) (any, *graphError) {
	fields, err := c.selectFields(flowFields)
	if err != nil {
		return nil, err
	}
	var items []pageItem
	for _, f := range c.e.store.flowsOf(c.node.(*waba).id) {
		items = append(items, pageItem{seq: f.seq, value: c.render(flowFields, f.id, c.flowView(f), fields)})
	}
	return c.paginate(items, maxPageLimit)
}

// GET /{flow-id}
func getFlow(c *call) (any, *graphError) {
	fields, err := c.selectFields(flowFields)
	if err != nil {
		return nil, err
	}
	f := c.node.(*flow)
	return c.render(flowFields, f.id, c.flowView(f), fields), nil
}

func (c *call) flowView(f *flow) map[string]any {
	now := c.e.now()
	if f.previewToken == "" || !now.Before(f.previewExpires) {
		f.previewToken = randomHex(16)
		f.previewExpires = now.Add(flowPreviewLifetime)
	}
	view := map[string]any{
		"id":                f.id,
		"name":              f.name,
		"categories":        append([]string{}, f.categories...),
		"status":            f.status,
		"validation_errors": validationErrorList(f.validationErrors),
		"preview": map[string]any{
			"preview_url": fmt.Sprintf("https://business.facebook.com/wa/manage/flows/%s/preview/?token=%s", f.id, f.previewToken),
			"expires_at":  c.formatTime(f.previewExpires),
		},
		"health_status": f.healthStatus(c.e.opts.AppID),
		"updated_at":    c.formatTime(f.updatedAt),
		"application": map[string]any{
			"id":   c.e.opts.AppID,
			"name": "Emulated App",
			"link": "https://www.facebook.com/games/?app_id=" + c.e.opts.AppID,
		},
	}
	if f.jsonVersion != "" {
		view["json_version"] = f.jsonVersion
	}
	if f.dataAPIVersion != "" {
		view["data_api_version"] = f.dataAPIVersion
	}
	if f.endpointURI != "" {
		view["endpoint_uri"] = f.endpointURI
		view["data_channel_uri"] = f.endpointURI
	}
	if w := c.e.store.waba(f.wabaID); w != nil {
		view["whatsapp_business_account"] = project(w.view(c.e.store, c.e.opts.AppID),
			[]string{"id", "name", "currency", "timezone_id", "message_template_namespace"})
	}
	return view
}

// formatTime renders a time as Graph does: ISO 8601 with +0000, or Unix
// seconds with date_format=U.
func (c *call) formatTime(t time.Time) any {
	if c.params.string("date_format") == "U" {
		return t.Unix()
	}
	return t.UTC().Format("2006-01-02T15:04:05-0700")
}

func validationErrorList(errs []flowValidationError) []flowValidationError {
	if errs == nil {
		return []flowValidationError{}
	}
	return errs
}

// healthStatus is the flow's can_send_message summary over its entities.
func (f *flow) healthStatus(appID string) map[string]any {
	flowEntity := map[string]any{"entity_type": "FLOW", "id": f.id, "can_send_message": "AVAILABLE"}
	switch {
	case f.status == flowBlocked || f.status == flowDeprecated:
		flowEntity["can_send_message"] = "BLOCKED"
	case f.status == flowThrottled:
		flowEntity["can_send_message"] = "LIMITED"
	case f.dataAPIVersion != "" && f.endpointURI == "":
		flowEntity["can_send_message"] = "BLOCKED"
		flowEntity["errors"] = []any{map[string]any{
			"error_code":        131000,
			"error_description": "endpoint_uri: You need to set the endpoint URI before you can send or publish a flow.",
			"possible_solution": "https://developers.facebook.com/docs/whatsapp/flows/reference/flowjson#top-level-flow-json-properties",
		}}
	}
	overall := flowEntity["can_send_message"]
	return map[string]any{
		"can_send_message": overall,
		"entities": []any{
			flowEntity,
			map[string]any{"entity_type": "WABA", "id": f.wabaID, "can_send_message": "AVAILABLE"},
			map[string]any{"entity_type": "APP", "id": appID, "can_send_message": "AVAILABLE"},
		},
	}
}

// POST /{flow-id}: metadata update (name, categories, endpoint_uri), DRAFT
// only.
func updateFlow(c *call) (any, *graphError) {
	f := c.node.(*flow)
	if f.published() {
		return nil, errFlowNotUpdatable()
	}
	name, hasName := c.params.str("name")
	if hasName {
		if strings.TrimSpace(name) == "" {
			return nil, errParam("Invalid parameter: name must be a non-empty string")
		}
		if other := c.e.store.flowNamed(f.wabaID, name); other != nil && other != f {
			return nil, errFlowInvalid(100, "Flow name is not unique",
				"Flow name should be unique within one WhatsApp Business Account.")
		}
	}
	categories, hasCategories, err := parseFlowCategories(c.params)
	if err != nil {
		return nil, err
	}
	endpoint, hasEndpoint := c.params.str("endpoint_uri")
	if hasEndpoint {
		if endpoint != "" && !validEndpointURI(endpoint) {
			return nil, errInvalidEndpointURI()
		}
		if f.asset != nil && !versionAtLeast(f.jsonVersion, "3.0") {
			return nil, errFlowInvalid(139001, "Specify Endpoint Uri in Flow JSON",
				"You provided endpoint_uri for a Flow with Flow JSON version below 3.0: specify it as data_channel_uri in the Flow JSON instead.")
		}
	}
	if hasName {
		f.name = name
	}
	if hasCategories {
		f.categories = categories
	}
	if hasEndpoint {
		f.endpointURI = endpoint
	}
	f.updatedAt = c.e.now()
	return map[string]any{"success": true}, nil
}

// DELETE /{flow-id}: only drafts can be deleted.
func deleteFlow(c *call) (any, *graphError) {
	f := c.node.(*flow)
	if f.published() {
		return nil, errFlowInvalid(139004, "Can't delete published Flow",
			"After a Flow has been published, it cannot be deleted. Please deprecate it instead.")
	}
	delete(c.e.store.nodes, f.id)
	return map[string]any{"success": true}, nil
}

// publishable checks Meta's publishing conditions (139002).
func (s *store) publishable(f *flow) *graphError {
	title, msg := "", ""
	switch {
	case f.status != flowDraft:
		title, msg = "Publishing Flow in invalid state",
			"You tried to publish a Flow that isn't a draft. Once a Flow leaves the draft state it cannot be republished: clone it and publish the new Flow."
	case f.asset == nil || len(f.validationErrors) > 0:
		title, msg = "Publishing Flow with validation errors",
			"You tried to publish a draft Flow that has validation errors (or no Flow JSON). Flows with validation errors can be saved as a draft, but not published."
	case !contains(flowPublishableVersions, f.jsonVersion):
		title, msg = "Versions in Flow JSON file are not available for publishing",
			fmt.Sprintf("The flow is using an unsupported version (%s). Check the list of currently available versions in the changelog.", f.jsonVersion)
	case f.dataAPIVersion != "" && f.endpointURI == "":
		title, msg = "Publishing without specifying endpoint_uri is forbidden",
			"Please set endpoint_uri for the Flow before publishing. Starting from Flow JSON version 3.0 endpoint_uri should be specified via API."
	}
	if title == "" {
		if w := s.waba(f.wabaID); w != nil && len(w.phones) == 0 {
			title, msg = "No Phone Number connected to WhatsApp Business Account",
				"You need to add a phone number to your WhatsApp Business Account before you can send or publish a flow."
		}
	}
	if title == "" {
		return nil
	}
	return errFlowInvalid(139002, title, msg)
}

// POST /{flow-id}/publish
func publishFlow(c *call) (any, *graphError) {
	f := c.node.(*flow)
	if err := c.e.store.publishable(f); err != nil {
		return nil, err
	}
	f.status = flowPublished
	f.updatedAt = c.e.now()
	return map[string]any{"success": true}, nil
}

// POST /{flow-id}/deprecate: published flows only.
func deprecateFlow(c *call) (any, *graphError) {
	f := c.node.(*flow)
	switch f.status {
	case flowDraft:
		return nil, errFlowInvalid(139003, "Can't deprecate unpublished flow",
			"You attempted to deprecate a Flow that hasn't yet been published. Delete draft Flows you no longer need instead.")
	case flowDeprecated:
		return nil, errFlowInvalid(139003, "Flow is already deprecated",
			"You tried to deprecate a Flow that is already marked as deprecated.")
	}
	f.status = flowDeprecated
	f.updatedAt = c.e.now()
	return map[string]any{"success": true}, nil
}

// SetFlowStatus changes a flow's status out of band, as Meta's endpoint
// health monitoring does (BLOCKED, THROTTLED, back to PUBLISHED) or a person
// in WhatsApp Manager would (PUBLISHED, DEPRECATED).
func (e *Emulator) SetFlowStatus(id, status string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	f, ok := e.store.nodes[id].(*flow)
	if !ok {
		return fmt.Errorf("no flow %s", id)
	}
	switch status {
	case flowDraft, flowPublished, flowDeprecated, flowBlocked, flowThrottled:
	default:
		return fmt.Errorf("unknown flow status %q", status)
	}
	f.status = status
	f.updatedAt = e.now()
	return nil
}

// checkFlowButtons refuses FLOW buttons whose flow_id or flow_name is not a
// flow of the template's WABA.
func (c *call) checkFlowButtons(comps []map[string]any) *graphError {
	for _, comp := range comps {
		if comp["type"] != "BUTTONS" {
			continue
		}
		buttons, _ := listOf(comp, "buttons")
		for _, item := range buttons {
			b, ok := item.(map[string]any)
			if !ok || b["type"] != "FLOW" {
				continue
			}
			if id, _ := toString(b["flow_id"]); id != "" {
				if f, ok := c.e.store.nodes[id].(*flow); !ok || f.wabaID != c.wabaID {
					return invalid("Invalid Flow ID",
						"Flow with ID %s does not exist or does not belong to this WhatsApp Business Account.", id)
				}
			} else if name, _ := strOf(b, "flow_name"); name != "" && c.e.store.flowNamed(c.wabaID, name) == nil {
				return invalid("Invalid Flow name",
					"No Flow named %q exists in this WhatsApp Business Account.", name)
			}
		}
	}
	return nil
}
