package fastpath_test

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// The tests run the fast paths in front of a provider of notes kept in a remote store. A note
// has content the user configures and a status the remote side sets on its own; Read copies the
// status as it is. test_note takes every fast path, test_identified_note has an identity too.

// remote is the notes' remote side.
type remote struct {
	mu    sync.Mutex
	notes map[string]*note
}

type note struct{ text, status string }

func (r *remote) get(id string) (note, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n, ok := r.notes[id]
	if !ok {
		return note{}, false
	}
	return *n, true
}

func (r *remote) set(id string, n note) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes[id] = &n
}

type testProvider struct {
	remote *remote
	// onConfigure is given the resource data, as the provider's server wiring does.
	onConfigure func(any)
}

func (p *testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "test"
}

func (p *testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *testProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.ResourceData = p
	if p.onConfigure != nil {
		p.onConfigure(p)
	}
}

func (p *testProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return &noteResource{} },
		func() resource.Resource { return &identifiedNoteResource{} },
	}
}

func (p *testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type noteModel struct {
	ID     types.String `tfsdk:"id"`
	Text   types.String `tfsdk:"text"`
	Status types.String `tfsdk:"status"`
	Pinned types.Bool   `tfsdk:"pinned"`
	// Attachment is write-only: it is never in state, so only the configuration shows it.
	Attachment types.String `tfsdk:"attachment"`
}

type noteResource struct{ p *testProvider }

var (
	_ fastpath.UnchangedPlanner         = &noteResource{}
	_ fastpath.Refresher                = &noteResource{}
	_ resource.ResourceWithModifyPlan   = &noteResource{}
	_ resource.ResourceWithConfigure    = &noteResource{}
	_ resource.ResourceWithIdentity     = &identifiedNoteResource{}
	_ resource.ResourceWithImportState  = &noteResource{}
	_ resource.ResourceWithUpgradeState = &noteResource{}
)

func (r *noteResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_note"
}

func (r *noteResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":         schema.StringAttribute{Computed: true},
		"text":       schema.StringAttribute{Required: true},
		"status":     schema.StringAttribute{Computed: true},
		"pinned":     schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false)},
		"attachment": schema.StringAttribute{Optional: true, WriteOnly: true},
	}}
}

func (r *noteResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if p, ok := req.ProviderData.(*testProvider); ok {
		r.p = p
	}
}

func (r *noteResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader { return nil }

func (r *noteResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

func (r *noteResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m noteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID, m.Status = types.StringValue("n-"+m.Text.ValueString()), types.StringValue("PENDING")
	r.p.remote.set(m.ID.ValueString(), note{text: m.Text.ValueString(), status: "PENDING"})
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *noteResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m noteModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	n, ok := r.p.remote.get(m.ID.ValueString())
	if !ok {
		resp.State.RemoveResource(ctx)
		return
	}
	m.Text, m.Status = types.StringValue(n.text), types.StringValue(n.status)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *noteResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m noteModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	r.p.remote.set(m.ID.ValueString(), note{text: m.Text.ValueString(), status: "PENDING"})
	m.Status = types.StringValue("PENDING")
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (r *noteResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func (r *noteResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if fastpath.PlannedUnchanged(ctx, r, req, resp) {
		return
	}
	if !req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
	}
}

// PlanUnchanged warns about a paused note.
func (r *noteResource) PlanUnchanged(_ context.Context, prior fastpath.State) diag.Diagnostics {
	var diags diag.Diagnostics
	if prior.String("status").ValueString() == "PAUSED" {
		diags.AddAttributeWarning(path.Root("status"), "Note paused", "The remote side paused "+prior.String("text").ValueString()+".")
	}
	return diags
}

func (r *noteResource) Remote(_ context.Context, state fastpath.State) (fastpath.Remote, bool) {
	if r.p == nil {
		return fastpath.Remote{}, false
	}
	n, ok := r.p.remote.get(state.String("id").ValueString())
	if !ok {
		return fastpath.Remote{}, false
	}
	return fastpath.Remote{Digest: []byte(n.text), Copied: map[string]attr.Value{"status": types.StringValue(n.status)}}, true
}

// lyingNoteResource is a note whose PlanUnchanged reports what its ModifyPlan does not.
type lyingNoteResource struct{ noteResource }

func (r *lyingNoteResource) PlanUnchanged(context.Context, fastpath.State) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddWarning("Not what the framework says", "")
	return diags
}

func (r *lyingNoteResource) ModifyPlan(context.Context, resource.ModifyPlanRequest, *resource.ModifyPlanResponse) {
}

// identifiedNoteResource is a note with an identity: its id.
type identifiedNoteResource struct{ noteResource }

func (r *identifiedNoteResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_identified_note"
}

func (r *identifiedNoteResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true},
	}}
}

func (r *identifiedNoteResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.noteResource.Create(ctx, req, resp)
	var id types.String
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *identifiedNoteResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.noteResource.Read(ctx, req, resp)
	var id types.String
	if resp.State.Raw.IsNull() {
		return
	}
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
}

// newServer starts a test provider behind verified fast paths, configured.
func newServer(t testingT, resources ...func() resource.Resource) (*fastpath.Server, *testProvider) {
	t.Helper()
	p := &testProvider{remote: &remote{notes: map[string]*note{}}}
	var prov provider.Provider = p
	if len(resources) > 0 {
		prov = &withResources{testProvider: p, resources: resources}
	}
	framework, err := providerserver.NewProtocol6WithError(prov)()
	if err != nil {
		t.Fatal(err)
	}
	s, err := fastpath.New(context.Background(), framework, fastpath.Config{Provider: prov, Version: "1.0.0", Mode: fastpath.ModeVerify})
	if err != nil {
		t.Fatal(err)
	}
	fs := s.(*fastpath.Server)
	p.onConfigure = fs.Configured
	empty := tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}
	cfg, err := tfprotov6.NewDynamicValue(empty, tftypes.NewValue(empty, map[string]tftypes.Value{}))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := s.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{Config: &cfg}); err != nil || len(resp.Diagnostics) > 0 {
		t.Fatal(err, resp.Diagnostics)
	}
	return fs, p
}

// withResources is the test provider with other resource types.
type withResources struct {
	*testProvider
	resources []func() resource.Resource
}

func (p *withResources) Resources(context.Context) []func() resource.Resource { return p.resources }

type testingT interface {
	Helper()
	Fatal(args ...any)
}
