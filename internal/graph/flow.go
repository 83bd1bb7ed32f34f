package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Flow statuses reported by Meta. BLOCKED and THROTTLED are set by Meta's endpoint health
// monitoring on published flows.
const (
	FlowStatusDraft      = "DRAFT"
	FlowStatusPublished  = "PUBLISHED"
	FlowStatusDeprecated = "DEPRECATED"
	FlowStatusBlocked    = "BLOCKED"
	FlowStatusThrottled  = "THROTTLED"
)

// FlowFields are the fields read for a flow. endpoint_uri replaced data_channel_uri in v19.0;
// both are decoded.
const FlowFields = "id,name,categories,preview,status,validation_errors,json_version,data_api_version,endpoint_uri,health_status,whatsapp_business_account"

// flowListFields are the fields read when listing flows.
const flowListFields = "id,name,categories,status,validation_errors,json_version,data_api_version,endpoint_uri"

// maxFlowJSONBytes is Meta's size limit for a Flow JSON asset.
const maxFlowJSONBytes = 10 << 20

// Flow is a WhatsApp Flow as Graph returns it.
type Flow struct {
	ID               string                `json:"id"`
	Name             string                `json:"name"`
	Status           string                `json:"status"`
	Categories       []string              `json:"categories"`
	ValidationErrors []FlowValidationError `json:"validation_errors"`
	JSONVersion      string                `json:"json_version,omitempty"`
	DataAPIVersion   string                `json:"data_api_version,omitempty"`
	EndpointURI      string                `json:"endpoint_uri,omitempty"`
	DataChannelURI   string                `json:"data_channel_uri,omitempty"`
	Preview          *FlowPreview          `json:"preview,omitempty"`
	HealthStatus     *FlowHealthStatus     `json:"health_status,omitempty"`
	WABA             *struct {
		ID string `json:"id"`
	} `json:"whatsapp_business_account,omitempty"`
}

// Endpoint is the flow's data endpoint, under either of its names.
func (f *Flow) Endpoint() string {
	if f.EndpointURI != "" {
		return f.EndpointURI
	}
	return f.DataChannelURI
}

// BusinessAccountID is the id of the WABA that owns the flow, when Graph returned it.
func (f *Flow) BusinessAccountID() string {
	if f.WABA == nil {
		return ""
	}
	return f.WABA.ID
}

// FlowPreview is the web preview of a flow.
type FlowPreview struct {
	PreviewURL string          `json:"preview_url"`
	ExpiresAt  json.RawMessage `json:"expires_at,omitempty"`
}

// FlowHealthStatus summarises whether messages with the flow can be sent.
type FlowHealthStatus struct {
	CanSendMessage string `json:"can_send_message"`
	Entities       []struct {
		EntityType     string `json:"entity_type"`
		ID             string `json:"id"`
		CanSendMessage string `json:"can_send_message"`
		Errors         []struct {
			ErrorCode        int    `json:"error_code"`
			ErrorDescription string `json:"error_description"`
			PossibleSolution string `json:"possible_solution"`
		} `json:"errors,omitempty"`
	} `json:"entities,omitempty"`
}

// FlowValidationError is one problem Meta found in a Flow JSON document.
type FlowValidationError struct {
	Error       string        `json:"error"`
	ErrorType   string        `json:"error_type"`
	Message     string        `json:"message"`
	LineStart   int           `json:"line_start"`
	LineEnd     int           `json:"line_end"`
	ColumnStart int           `json:"column_start"`
	ColumnEnd   int           `json:"column_end"`
	Pointers    []FlowPointer `json:"pointers,omitempty"`
}

// FlowPointer locates a value a validation error is about.
type FlowPointer struct {
	Path        string `json:"path"`
	LineStart   int    `json:"line_start"`
	LineEnd     int    `json:"line_end"`
	ColumnStart int    `json:"column_start"`
	ColumnEnd   int    `json:"column_end"`
}

// Location renders where the error is: "line 8, columns 19-28" (or a line range).
func (e FlowValidationError) Location() string {
	switch {
	case e.LineStart == 0:
		return ""
	case e.LineStart != e.LineEnd:
		return fmt.Sprintf("lines %d:%d-%d:%d", e.LineStart, e.ColumnStart, e.LineEnd, e.ColumnEnd)
	case e.ColumnStart != e.ColumnEnd:
		return fmt.Sprintf("line %d, columns %d-%d", e.LineStart, e.ColumnStart, e.ColumnEnd)
	default:
		return fmt.Sprintf("line %d, column %d", e.LineStart, e.ColumnStart)
	}
}

// Paths lists the JSON pointers of the error, if Meta gave any.
func (e FlowValidationError) Paths() []string {
	var out []string
	for _, p := range e.Pointers {
		if p.Path != "" {
			out = append(out, p.Path)
		}
	}
	return out
}

// String is a one-line description: pointer, location, code and message.
func (e FlowValidationError) String() string {
	var b strings.Builder
	if paths := e.Paths(); len(paths) > 0 {
		b.WriteString(strings.Join(paths, ", ") + " ")
	}
	if loc := e.Location(); loc != "" {
		b.WriteString("(" + loc + ") ")
	}
	if e.Error != "" {
		b.WriteString(e.Error + ": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// NewFlow is what creating a flow takes.
type NewFlow struct {
	Name        string
	Categories  []string
	EndpointURI string
	// CloneFlowID copies the Flow JSON of another flow of the same WABA.
	CloneFlowID string
}

// FlowMetadata changes a draft flow's metadata; nil fields are left unchanged.
type FlowMetadata struct {
	Name        *string
	Categories  []string
	EndpointURI *string
}

func categoriesParam(c []string) string {
	if c == nil {
		c = []string{}
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// CreateFlow creates a DRAFT flow and returns its id.
//
// Flow names are unique in a WABA, so a create whose response is lost is reconciled by looking
// the name up before trying again, rather than by repeating it blindly.
func (c *Client) CreateFlow(ctx context.Context, wabaID string, f NewFlow) (string, error) {
	form := url.Values{"name": {f.Name}, "categories": {categoriesParam(f.Categories)}}
	if f.EndpointURI != "" {
		form.Set("endpoint_uri", f.EndpointURI)
	}
	if f.CloneFlowID != "" {
		form.Set("clone_flow_id", f.CloneFlowID)
	}
	for attempt := 0; ; attempt++ {
		var created struct {
			ID string `json:"id"`
		}
		err := c.Do(ctx, Request{Method: http.MethodPost, Path: wabaID + "/flows", Form: form}, &created)
		if err == nil {
			return created.ID, nil
		}
		if !IsAmbiguous(err) && attempt == 0 {
			return "", err
		}
		found, findErr := c.FindFlow(ctx, wabaID, f.Name)
		if findErr != nil {
			return "", fmt.Errorf("%w; looking up whether the flow was created anyway also failed: %w", err, findErr)
		}
		if found != nil {
			return found.ID, nil
		}
		if !IsAmbiguous(err) || attempt >= c.cfg.MaxRetries {
			return "", err
		}
		if err := c.retryPause(ctx, attempt); err != nil {
			return "", err
		}
	}
}

// GetFlow reads one flow.
func (c *Client) GetFlow(ctx context.Context, id string) (*Flow, error) {
	return FlowRead(id).Get(ctx, c)
}

// FlowRead is the read of GetFlow.
func FlowRead(id string) Read[*Flow] {
	return objectRead(getRequest(id, url.Values{"fields": {FlowFields}}), pointerTo[Flow])
}

// ListFlows returns every flow of a WABA, across all pages.
func (c *Client) ListFlows(ctx context.Context, wabaID string) ([]Flow, error) {
	return FlowsRead(wabaID).Get(ctx, c)
}

// FlowsRead is the read of ListFlows.
func FlowsRead(wabaID string) Read[[]Flow] {
	return listRead[Flow](wabaID+"/flows", url.Values{"fields": {flowListFields}, "limit": {"100"}})
}

// FindFlow returns the flow with exactly this name (names are unique in a WABA), or nil.
func (c *Client) FindFlow(ctx context.Context, wabaID, name string) (*Flow, error) {
	all, err := c.ListFlows(ctx, wabaID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Name == name {
			return &all[i], nil
		}
	}
	return nil, nil
}

// UpdateFlowMetadata changes a draft flow's name, categories or endpoint. Meta refuses it for a
// published flow (code 139001).
func (c *Client) UpdateFlowMetadata(ctx context.Context, id string, m FlowMetadata) error {
	form := url.Values{}
	if m.Name != nil {
		form.Set("name", *m.Name)
	}
	if m.Categories != nil {
		form.Set("categories", categoriesParam(m.Categories))
	}
	if m.EndpointURI != nil {
		form.Set("endpoint_uri", *m.EndpointURI)
	}
	if len(form) == 0 {
		return nil
	}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: id, Form: form, Idempotent: true}, nil)
}

// UploadFlowJSON replaces a draft flow's Flow JSON. Meta stores the document even when it is
// invalid and returns what is wrong with it; a refused upload (such as an unknown version, code
// 100, or a published flow, 139001) is an error and leaves the previous document in place.
func (c *Client) UploadFlowJSON(ctx context.Context, id string, content []byte) ([]FlowValidationError, error) {
	if len(content) > maxFlowJSONBytes {
		return nil, fmt.Errorf("the Flow JSON is %d bytes; Meta accepts at most %d", len(content), maxFlowJSONBytes)
	}
	var out struct {
		Success          bool                  `json:"success"`
		ValidationErrors []FlowValidationError `json:"validation_errors"`
	}
	req := Request{
		Method:     http.MethodPost,
		Path:       id + "/assets",
		Form:       url.Values{"name": {"flow.json"}, "asset_type": {"FLOW_JSON"}},
		Files:      []FormFile{{Field: "file", Filename: "flow.json", ContentType: "application/json", Content: content}},
		Idempotent: true,
	}
	if err := c.Do(ctx, req, &out); err != nil {
		return nil, err
	}
	return out.ValidationErrors, nil
}

// FlowAsset is one asset of a flow; only FLOW_JSON exists.
type FlowAsset struct {
	Name        string `json:"name"`
	AssetType   string `json:"asset_type"`
	DownloadURL string `json:"download_url"`
}

// ListFlowAssets lists a flow's assets with their download URLs.
func (c *Client) ListFlowAssets(ctx context.Context, id string) ([]FlowAsset, error) {
	return listRead[FlowAsset](id+"/assets", nil).Get(ctx, c)
}

// DownloadFlowJSON returns the flow's Flow JSON as Meta stores it, or nil when the flow has none.
// The document comes from the asset's signed download URL, fetched without the access token.
func (c *Client) DownloadFlowJSON(ctx context.Context, id string) ([]byte, error) {
	return c.DownloadFlowJSONThrough(ctx, c, id)
}

// DownloadFlowJSONThrough is DownloadFlowJSON with the listing of the flow's assets made through
// g (the download itself is not a Graph call).
func (c *Client) DownloadFlowJSONThrough(ctx context.Context, g Getter, id string) ([]byte, error) {
	assets, err := listRead[FlowAsset](id+"/assets", nil).Get(ctx, g)
	if err != nil {
		return nil, err
	}
	for _, a := range assets {
		if a.AssetType != "FLOW_JSON" || a.DownloadURL == "" {
			continue
		}
		body, err := c.download(ctx, a.DownloadURL, maxFlowJSONBytes)
		if err != nil {
			return nil, fmt.Errorf("downloading the Flow JSON of flow %s: %w", id, err)
		}
		return body, nil
	}
	return nil, nil
}

// PublishFlow publishes a draft flow; this cannot be undone. When the response is lost or Graph
// fails ambiguously, the flow is read to learn whether Meta published it.
func (c *Client) PublishFlow(ctx context.Context, id string) error {
	return c.lifecycleCall(ctx, id, "publish", FlowStatusPublished)
}

// DeprecateFlow deprecates a published flow; this cannot be undone. A flow that is already
// deprecated counts as done.
func (c *Client) DeprecateFlow(ctx context.Context, id string) error {
	return c.lifecycleCall(ctx, id, "deprecate", FlowStatusDeprecated)
}

func (c *Client) lifecycleCall(ctx context.Context, id, edge, target string) error {
	err := c.Do(ctx, Request{Method: http.MethodPost, Path: id + "/" + edge}, nil)
	if err == nil {
		return nil
	}
	refused := IsFlowNotPublishable(err) || IsFlowNotDeprecatable(err)
	if !IsAmbiguous(err) && !refused {
		return err
	}
	f, getErr := c.GetFlow(ctx, id)
	if getErr == nil && f.Status == target {
		return nil
	}
	return err
}

// DeleteFlow deletes a draft flow. Meta refuses it for a flow that was ever published (code
// 139004): deprecate those instead. Deleting a flow that is already gone succeeds.
func (c *Client) DeleteFlow(ctx context.Context, id string) error {
	err := c.Do(ctx, Request{Method: http.MethodDelete, Path: id, Idempotent: true}, nil)
	if err == nil || IsNotFound(err) {
		return nil
	}
	return err
}
