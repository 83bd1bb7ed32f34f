package provider

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
)

// actionSchemas returns the schema of every action, by type name.
func actionSchemas(t *testing.T, p *whatsappProvider) map[string]resourceSchemaInfo {
	t.Helper()
	ctx := context.Background()
	out := map[string]resourceSchemaInfo{}
	for _, newAction := range p.Actions(ctx) {
		a := newAction()
		var md action.MetadataResponse
		a.Metadata(ctx, action.MetadataRequest{ProviderTypeName: "whatsapp"}, &md)
		var sr action.SchemaResponse
		a.Schema(ctx, action.SchemaRequest{}, &sr)
		if sr.Diagnostics.HasError() {
			t.Fatalf("action %s schema: %v", md.TypeName, sr.Diagnostics)
		}
		out[md.TypeName] = resourceSchemaInfo{MarkdownDescription: sr.Schema.MarkdownDescription, Attributes: sr.Schema.Attributes, Blocks: sr.Schema.Blocks}
	}
	return out
}

// Every action and attribute is documented, and says which Terraform it needs.
func TestActionSchemasHaveMarkdownDescriptions(t *testing.T) {
	actions := actionSchemas(t, &whatsappProvider{version: "test"})
	if len(actions) == 0 {
		t.Fatal("the provider has no actions")
	}
	var missing []string
	for name, s := range actions {
		if !strings.Contains(s.MarkdownDescription, "Terraform 1.14") {
			t.Errorf("action %s does not say it needs Terraform 1.14 or later", name)
		}
		walkSchema("action."+name, s.Attributes, s.Blocks, func(where, desc string) {
			if strings.TrimSpace(desc) == "" {
				missing = append(missing, where)
			}
		})
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s has no MarkdownDescription", m)
	}
}

// Every action has an example, which tfplugindocs puts on its page, and every example directory
// names an action.
func TestActionExamplesExist(t *testing.T) {
	actions := actionSchemas(t, &whatsappProvider{version: "test"})
	root := filepath.Join("..", "..", "examples", "actions")
	for name := range actions {
		if _, err := os.Stat(filepath.Join(root, name, "action.tf")); err != nil {
			t.Errorf("action %s has no examples/actions/%s/action.tf", name, name)
		}
		page := filepath.Join("..", "..", "docs", "actions", strings.TrimPrefix(name, "whatsapp_")+".md")
		if _, err := os.Stat(page); err != nil {
			t.Errorf("action %s has no page %s: run make docs", name, page)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := actions[e.Name()]; !ok {
			t.Errorf("examples/actions/%s names no action of the provider", e.Name())
		}
	}
}
