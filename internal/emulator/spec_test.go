package emulator

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// specPath is Meta's OpenAPI description of the API, kept outside the
// repository.
const specPath = "../../../shared/graph-api/business-messaging-api_v23.0.yaml"

type openAPISpec struct {
	Paths map[string]map[string]yaml.Node `yaml:"paths"`
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// normalizeSpecPath turns /{Version}/{WABA-ID}/message_templates into
// /{}/{}/message_templates: parameter names differ between paths for the
// same node shape.
func normalizeSpecPath(p string) string {
	return pathParam.ReplaceAllString(p, "{}")
}

func loadSpec(t *testing.T) *openAPISpec {
	t.Helper()
	raw, err := os.ReadFile(specPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("spec not available at %s", specPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	var spec openAPISpec
	if err := yaml.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	return &spec
}

// offSpecRoutes are routes Meta documents outside the OpenAPI file, each with
// the page that documents it.
var offSpecRoutes = map[string]string{
	// Graph API reference: Application subscriptions
	// (https://developers.facebook.com/docs/graph-api/reference/app/subscriptions/).
	"GET /{version}/{id}/subscriptions":    "Graph API reference: Application subscriptions",
	"POST /{version}/{id}/subscriptions":   "Graph API reference: Application subscriptions",
	"DELETE /{version}/{id}/subscriptions": "Graph API reference: Application subscriptions",
	// Resumable Upload API (https://developers.facebook.com/docs/graph-api/guides/upload);
	// GET and POST /{version}/upload:<session> share the /{version}/{id} shape.
	"POST /{version}/{id}/uploads": "Graph API reference: Application uploads",
	// WhatsApp Business Platform: Template migration
	// (https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-migration/).
	"POST /{version}/{id}/migrate_message_templates": "WhatsApp Business Platform: Template migration",
}

func TestRoutesExistInSpec(t *testing.T) {
	spec := loadSpec(t)
	ops := map[string]bool{}
	for p, methods := range spec.Paths {
		for m := range methods {
			ops[strings.ToUpper(m)+" "+normalizeSpecPath(p)] = true
		}
	}
	routes := graphRoutes().patterns()
	sort.Strings(routes)
	if len(routes) == 0 {
		t.Fatal("no routes")
	}
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		if _, documented := offSpecRoutes[r]; documented {
			continue
		}
		if !ops[method+" "+normalizeSpecPath(path)] {
			t.Errorf("emulator serves %s, which the spec does not describe", r)
		}
	}
}

// responseKeys returns the property names of the 200 JSON schema of an
// operation and the keys of each of its examples.
func responseKeys(t *testing.T, spec *openAPISpec, path, method string) (schema []string, examples [][]string) {
	t.Helper()
	node, ok := spec.Paths[path][method]
	if !ok {
		t.Fatalf("spec has no %s %s", method, path)
	}
	var op struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema struct {
					Properties map[string]any `yaml:"properties"`
				} `yaml:"schema"`
				Examples map[string]struct {
					Value map[string]any `yaml:"value"`
				} `yaml:"examples"`
			} `yaml:"content"`
		} `yaml:"responses"`
	}
	if err := node.Decode(&op); err != nil {
		t.Fatal(err)
	}
	content := op.Responses["200"].Content["application/json"]
	schema = sortedKeys(content.Schema.Properties)
	for _, ex := range content.Examples {
		examples = append(examples, sortedKeys(ex.Value))
	}
	return schema, examples
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestTemplateCreateResponseMatchesSpec(t *testing.T) {
	spec := loadSpec(t)
	schema, examples := responseKeys(t, spec, "/{Version}/{WABA-ID}/message_templates", "post")
	h := newHarness(t, Options{})
	r := h.mustOK(h.call(http.MethodPost, h.templatesPath(), utilityTemplate("spec_shape", "en_US")))
	got := sortedKeys(r.body)
	if strings.Join(got, ",") != strings.Join(schema, ",") {
		t.Fatalf("create response keys %v, spec schema %v", got, schema)
	}
	if len(examples) == 0 {
		t.Fatal("spec has no create examples")
	}
	for _, ex := range examples {
		if strings.Join(got, ",") != strings.Join(ex, ",") {
			t.Fatalf("create response keys %v, spec example %v", got, ex)
		}
	}
	if _, ok := r.body["id"].(string); !ok {
		t.Fatalf("id must be a string: %s", r.raw)
	}
}

func TestTemplateGetDefaultsMatchSpec(t *testing.T) {
	spec := loadSpec(t)
	schema, _ := responseKeys(t, spec, "/{Version}/{TEMPLATE_ID}", "get")
	h := newHarness(t, Options{})
	id := h.create(utilityTemplate("spec_get", "en_US"))
	got := sortedKeys(h.template(id, "").body)
	if strings.Join(got, ",") != strings.Join(schema, ",") {
		t.Fatalf("template default keys %v, spec %v", got, schema)
	}
}
