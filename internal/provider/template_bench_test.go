package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
)

// The hot paths of a plan of many templates: converting a listed template to state, planning an
// unchanged template, validating a configuration, and finding a template in the cache.

func benchTemplate(i int) *graph.MessageTemplate {
	f := false
	return &graph.MessageTemplate{
		ID: fmt.Sprint(1000000000000000 + i), Name: fmt.Sprintf("order_update_%d", i), Language: "en_US",
		Status: "APPROVED", Category: "UTILITY", ParameterFormat: "POSITIONAL", RejectedReason: "NONE",
		QualityScore: &graph.QualityScore{Score: "GREEN"}, CTAURLLinkTrackingOptedOut: &f,
		Components: []graph.TemplateComponent{
			{Type: "BODY", Text: "Hi {{1}}, your order {{2}} has shipped.", Example: &graph.ComponentExample{BodyText: [][]string{{"Ana", "A-1042"}}}},
			{Type: "FOOTER", Text: "Reply STOP to opt out"},
			{Type: "BUTTONS", Buttons: []graph.TemplateButton{
				{Type: "URL", Text: "Track order", URL: "https://shop.example.com/track/{{1}}", Example: []string{"https://shop.example.com/track/A-1042"}},
				{Type: "QUICK_REPLY", Text: "Talk to us"},
			}},
		},
	}
}

func BenchmarkApplyRemote(b *testing.B) {
	t := benchTemplate(1)
	var prior messageTemplateModel
	prior.applyRemote(t, nil)
	b.ReportAllocs()
	for b.Loop() {
		m := prior
		m.applyRemote(t, &prior)
	}
}

func BenchmarkValidateTemplate(b *testing.B) {
	var m messageTemplateModel
	m.applyRemote(benchTemplate(1), nil)
	b.ReportAllocs()
	for b.Loop() {
		if d := validateTemplate(&m); d.HasError() {
			b.Fatal(d)
		}
	}
}

// BenchmarkModifyPlanUnchanged plans a template whose configuration matches its state, the
// case of every template in a refresh-only plan.
func BenchmarkModifyPlanUnchanged(b *testing.B) {
	ctx := context.Background()
	r := &messageTemplateResource{}
	state := templateState(b, nil)
	s := state.Schema
	plan := tfsdk.Plan{Schema: s, Raw: state.Raw.Copy()}
	b.ReportAllocs()
	for b.Loop() {
		resp := resource.ModifyPlanResponse{Plan: tfsdk.Plan{Schema: s, Raw: plan.Raw.Copy()}}
		r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: state, Plan: plan, Config: tfsdk.Config{Schema: s, Raw: plan.Raw}}, &resp)
		if resp.Diagnostics.HasError() {
			b.Fatal(resp.Diagnostics)
		}
	}
}

// templateState is the state of benchTemplate(1) as Read writes it, changed by mutate.
func templateState(tb testing.TB, mutate func(*messageTemplateModel)) tfsdk.State {
	tb.Helper()
	ctx := context.Background()
	var sresp resource.SchemaResponse
	(&messageTemplateResource{}).Schema(ctx, resource.SchemaRequest{}, &sresp)
	s := sresp.Schema
	var m messageTemplateModel
	m.applyRemote(benchTemplate(1), nil)
	m.BusinessAccountID = types.StringValue("102290129340398")
	m.WaitForReview = types.BoolValue(false)
	m.AllowCategoryChange = types.BoolNull()
	m.Timeouts = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "update": types.StringType})}
	if mutate != nil {
		mutate(&m)
	}
	state := tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}
	if d := state.Set(ctx, m); d.HasError() {
		tb.Fatal(d)
	}
	return state
}

func BenchmarkTemplateCacheGet(b *testing.B) {
	c := newTemplateCache(nil)
	l := &templateListing{ready: make(chan struct{}), byID: map[string]*graph.MessageTemplate{}, byKey: map[templateKey]string{}}
	for i := range 1000 {
		l.set(benchTemplate(i))
	}
	close(l.ready)
	c.wabas["102290129340398"] = l
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := fmt.Sprint(1000000000000000 + i%1000)
		if t, err := c.get(ctx, "102290129340398", id); err != nil || t.ID != id {
			b.Fatal(err)
		}
		i++
	}
}
