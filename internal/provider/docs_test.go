package provider

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// The registry page of every resource, data source and the provider is generated from the
// schemas: each of them, and each attribute at any depth, needs a MarkdownDescription.
func TestSchemasHaveMarkdownDescriptions(t *testing.T) {
	ctx := context.Background()
	p := &whatsappProvider{version: "test"}
	var missing []string
	check := func(where string, desc string) {
		if strings.TrimSpace(desc) == "" {
			missing = append(missing, where)
		}
	}

	var ps fwprovider.SchemaResponse
	p.Schema(ctx, fwprovider.SchemaRequest{}, &ps)
	check("provider", ps.Schema.MarkdownDescription)
	walkSchema("provider", ps.Schema.Attributes, ps.Schema.Blocks, check)

	resources := resourceSchemas(t, p)
	for name, s := range resources {
		check(name, s.MarkdownDescription)
		walkSchema(name, s.Attributes, s.Blocks, check)
	}
	for name, s := range dataSourceSchemas(t, p) {
		check("data."+name, s.MarkdownDescription)
		walkSchema("data."+name, s.Attributes, s.Blocks, check)
	}
	lists := listResourceSchemas(t, p)
	for name, s := range lists {
		check("list."+name, s.MarkdownDescription)
		walkSchema("list."+name, s.Attributes, s.Blocks, check)
	}
	if len(lists) == 0 {
		t.Error("found no list resources; the walk missed them")
	}
	if len(resources) < 12 {
		t.Errorf("found %d resources; the walk missed some", len(resources))
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s has no MarkdownDescription", m)
	}
}

// walkSchema calls check for every attribute and block of a provider, resource or data source
// schema (the three schema packages share method names, so the walk goes by reflection).
func walkSchema(where string, attributes, blocks any, check func(where, desc string)) {
	type described interface{ GetMarkdownDescription() string }
	for _, m := range []any{attributes, blocks} {
		v := reflect.ValueOf(m)
		if v.Kind() != reflect.Map {
			continue
		}
		keys := v.MapKeys()
		for _, k := range keys {
			elem := v.MapIndex(k).Interface()
			at := where + "." + k.String()
			d, ok := elem.(described)
			if !ok {
				check(at, "")
				continue
			}
			check(at, d.GetMarkdownDescription())
			nested := reflect.ValueOf(elem).MethodByName("GetNestedObject")
			if !nested.IsValid() {
				continue
			}
			obj := nested.Call(nil)[0]
			if obj.Kind() == reflect.Interface {
				obj = obj.Elem()
			}
			if !obj.IsValid() {
				continue
			}
			var attrs, blks any
			if f := obj.MethodByName("GetAttributes"); f.IsValid() {
				attrs = f.Call(nil)[0].Interface()
			}
			if f := obj.MethodByName("GetBlocks"); f.IsValid() {
				blks = f.Call(nil)[0].Interface()
			}
			walkSchema(at, attrs, blks, check)
		}
	}
}

func resourceSchemas(t *testing.T, p fwprovider.Provider) map[string]resourceSchemaInfo {
	t.Helper()
	ctx := context.Background()
	out := map[string]resourceSchemaInfo{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "whatsapp"}, &md)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			t.Fatalf("%s schema: %v", md.TypeName, sr.Diagnostics)
		}
		out[md.TypeName] = resourceSchemaInfo{MarkdownDescription: sr.Schema.MarkdownDescription, Attributes: sr.Schema.Attributes, Blocks: sr.Schema.Blocks}
	}
	return out
}

func dataSourceSchemas(t *testing.T, p fwprovider.Provider) map[string]resourceSchemaInfo {
	t.Helper()
	ctx := context.Background()
	out := map[string]resourceSchemaInfo{}
	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var md datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "whatsapp"}, &md)
		var sr datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			t.Fatalf("%s schema: %v", md.TypeName, sr.Diagnostics)
		}
		out[md.TypeName] = resourceSchemaInfo{MarkdownDescription: sr.Schema.MarkdownDescription, Attributes: sr.Schema.Attributes, Blocks: sr.Schema.Blocks}
	}
	return out
}

func listResourceSchemas(t *testing.T, p *whatsappProvider) map[string]resourceSchemaInfo {
	t.Helper()
	ctx := context.Background()
	out := map[string]resourceSchemaInfo{}
	for _, newList := range p.ListResources(ctx) {
		l := newList()
		var md resource.MetadataResponse
		l.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "whatsapp"}, &md)
		var sr list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			t.Fatalf("list %s schema: %v", md.TypeName, sr.Diagnostics)
		}
		out[md.TypeName] = resourceSchemaInfo{MarkdownDescription: sr.Schema.MarkdownDescription, Attributes: sr.Schema.Attributes, Blocks: sr.Schema.Blocks}
	}
	return out
}

// resourceSchemaInfo is the part of a resource or data source schema the docs checks read.
type resourceSchemaInfo struct {
	MarkdownDescription string
	Attributes, Blocks  any
}

// Every resource has a registry example and an import example, and every data source an
// example; tfplugindocs puts them on the registry pages.
func TestExamplesExist(t *testing.T) {
	p := &whatsappProvider{version: "test"}
	root := filepath.Join("..", "..", "examples")
	for name := range resourceSchemas(t, p) {
		for _, f := range []string{"resource.tf", "import.sh", "import-by-identity.tf"} {
			if _, err := os.Stat(filepath.Join(root, "resources", name, f)); err != nil {
				t.Errorf("resource %s has no examples/resources/%s/%s", name, name, f)
			}
		}
	}
	for name := range dataSourceSchemas(t, p) {
		if _, err := os.Stat(filepath.Join(root, "data-sources", name, "data-source.tf")); err != nil {
			t.Errorf("data source %s has no examples/data-sources/%s/data-source.tf", name, name)
		}
	}
	for name := range listResourceSchemas(t, p) {
		if _, err := os.Stat(filepath.Join(root, "list-resources", name, "list-resource.tfquery.hcl")); err != nil {
			t.Errorf("list resource %s has no examples/list-resources/%s/list-resource.tfquery.hcl", name, name)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "provider", "provider.tf")); err != nil {
		t.Error("the provider has no examples/provider/provider.tf")
	}
	// No example directory may name a resource or data source that does not exist (a rename
	// would leave its docs behind).
	for kind, known := range map[string]map[string]resourceSchemaInfo{"resources": resourceSchemas(t, p), "data-sources": dataSourceSchemas(t, p), "list-resources": listResourceSchemas(t, p)} {
		entries, err := os.ReadDir(filepath.Join(root, kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, ok := known[e.Name()]; !ok {
				t.Errorf("examples/%s/%s names no %s of the provider", kind, e.Name(), strings.TrimSuffix(kind, "s"))
			}
		}
	}
}

// exampleAppID is the Meta app id the examples use.
const exampleAppID = "1234567890123456"

var importLine = regexp.MustCompile(`^terraform import ([a-z0-9_]+)\.([a-zA-Z0-9_-]+) (\S+)$`)

// The ids in each import.sh are accepted by the resource's import: the test imports them through
// the provider server against an emulator, where the objects do not exist, so lookups may fail,
// but never with "Invalid import id". Malformed ids are refused by every resource.
func TestImportExamplesFollowTheIDFormat(t *testing.T) {
	ctx := context.Background()
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	seed := srv.Emulator.Seed()
	server, err := NewServer("test", fastpath.ModeOff)()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cfgType := schemas.Provider.ValueType().(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, typ := range cfgType.AttributeTypes {
		vals[name] = tftypes.NewValue(typ, nil)
	}
	vals["base_url"] = tftypes.NewValue(tftypes.String, srv.URL)
	vals["access_token"] = tftypes.NewValue(tftypes.String, seed.AccessToken)
	vals["business_account_id"] = tftypes.NewValue(tftypes.String, seed.BusinessAccountID)
	vals["max_retries"] = tftypes.NewValue(tftypes.Number, 0)
	// The app the examples name: an app-level import id must name the provider's own app.
	vals["app_id"] = tftypes.NewValue(tftypes.String, exampleAppID)
	vals["app_secret"] = tftypes.NewValue(tftypes.String, seed.AppSecret)
	cfg, err := tfprotov6.NewDynamicValue(cfgType, tftypes.NewValue(cfgType, vals))
	if err != nil {
		t.Fatal(err)
	}
	cresp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: &cfg})
	if err != nil || diagsHaveError(cresp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %s", err, describeProtoDiags(cresp.Diagnostics))
	}
	importID := func(typeName, id string) []*tfprotov6.Diagnostic {
		resp, err := server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: id})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Diagnostics
	}
	invalid := func(diags []*tfprotov6.Diagnostic) bool {
		for _, d := range diags {
			if d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == "Invalid import id" {
				return true
			}
		}
		return false
	}

	dirs, err := filepath.Glob(filepath.Join("..", "..", "examples", "resources", "*", "import.sh"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no import.sh found: %v", err)
	}
	for _, file := range dirs {
		typeName := filepath.Base(filepath.Dir(file))
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		commands := 0
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			m := importLine.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("%s: %q is not `terraform import <type>.<name> <id>`", file, line)
				continue
			}
			commands++
			if m[1] != typeName {
				t.Errorf("%s imports a %s, not a %s", file, m[1], typeName)
				continue
			}
			if diags := importID(typeName, m[3]); invalid(diags) {
				t.Errorf("%s: the documented id %q is refused: %s", file, m[3], describeProtoDiags(diags))
			}
		}
		f.Close()
		if commands == 0 {
			t.Errorf("%s has no terraform import command", file)
		}
		if diags := importID(typeName, "not a valid/id//at all!"); !invalid(diags) {
			t.Errorf("%s accepts a malformed import id: %s", typeName, describeProtoDiags(diags))
		}
	}
	for _, r := range srv.Emulator.Requests() {
		if r.Method != http.MethodGet {
			t.Errorf("importing made a %s %s call; import only reads", r.Method, r.Path)
		}
	}
}

// The generated pages render on the registry: every code fence is closed and none is opened
// twice (a template that wraps tffile, which fences by itself, in another fence).
func TestGeneratedDocsFences(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "*", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	index := filepath.Join("..", "..", "docs", "index.md")
	pages = append(pages, index)
	if len(pages) < 10 {
		t.Fatalf("found %d generated pages; run make docs", len(pages))
	}
	for _, page := range pages {
		raw, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		open := false
		for i, line := range strings.Split(string(raw), "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "```") {
				continue
			}
			info := strings.TrimPrefix(strings.TrimSpace(line), "```")
			switch {
			case !open:
				open = true
			case info != "":
				t.Errorf("%s:%d: a code fence opens inside another one", page, i+1)
			default:
				open = false
			}
		}
		if open {
			t.Errorf("%s: a code fence is not closed", page)
		}
	}
}
