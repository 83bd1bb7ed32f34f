package provider

import (
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// familyExampleTemplates are the templates of examples/template-families, by resource name, with
// the template name each creates.
var familyExampleTemplates = map[string]string{
	"media_carousel":     "summer_carousel",
	"product_carousel":   "weekly_picks",
	"limited_time_offer": "caribbean_offer",
	"coupon_code":        "spring_coupon",
	"catalog":            "browse_catalog",
	"multi_product":      "abandoned_cart_items",
	"single_product":     "abandoned_cart",
	"calling":            "delivery_delayed_call",
	"template_library":   "low_balance_warning",
}

// TestAccTemplateFamiliesExample applies examples/template-families, one template of each family,
// through the terraform CLI: the Template Library template is approved on create while the others
// wait for Meta's review; after the review every template is approved, the next plan is empty,
// and destroy deletes them all.
func TestAccTemplateFamiliesExample(t *testing.T) {
	// A review that takes an hour of emulator time: nothing is approved until the clock moves.
	tg := newTarget(t, emulator.Options{ReviewDelay: time.Hour})
	// The product templates need a catalog connected to the account, and the calling one calling.
	tg.needsSeed(envTestHasCatalog)
	cli := newCLIWorkspace(t, tg)
	const phone = "+15550199876"
	cli.setenv("TF_VAR_support_phone_number=" + phone)
	dir := cli.dir(filepath.Join("..", "..", "examples", "template-families"))
	tg.uniqueTemplateNames(dir)

	out := cli.mustRun(dir, "apply", "-input=false", "-auto-approve")
	if !strings.Contains(out, "Apply complete! Resources: 9 added") {
		t.Fatalf("unexpected apply:\n%s", out)
	}
	if got := len(tg.calls(http.MethodPost, `/message_templates$`)); got != len(familyExampleTemplates) {
		t.Fatalf("%d templates submitted, want %d", got, len(familyExampleTemplates))
	}
	// The media headers' files in media/: three carousel cards and the offer's header.
	if got := len(tg.calls(http.MethodPost, `/`+tg.seed.AppID+`/uploads$`)); got != 4 {
		t.Fatalf("%d files uploaded, want 4", got)
	}
	templates := familyExampleState(t, cli.state(dir))
	for name, attrs := range templates {
		want := "PENDING"
		if name == "template_library" {
			want = "APPROVED" // Meta approves Template Library templates without review
		}
		if tg.emu == nil && attrs["status"] == "APPROVED" {
			continue // Meta may decide at once
		}
		if attrs["status"] != want {
			t.Errorf("%s: status %v right after apply, want %s", name, attrs["status"], want)
		}
	}

	tg.awaitReview(func() bool {
		cli.mustRun(dir, "apply", "-input=false", "-refresh-only", "-auto-approve")
		return !strings.Contains(cli.mustRun(dir, "output", "-json", "template_status"), `"PENDING"`)
	})
	cli.mustRun(dir, "apply", "-input=false", "-refresh-only", "-auto-approve")
	templates = familyExampleState(t, cli.state(dir))
	for name, attrs := range templates {
		if attrs["status"] != "APPROVED" {
			t.Errorf("%s: status %v after review, want APPROVED", name, attrs["status"])
		}
		if attrs["unmodelled_components"] != nil {
			t.Errorf("%s: unmodelled_components %v; the provider models every family", name, attrs["unmodelled_components"])
		}
	}
	library, _ := templates["template_library"]["library_content"].(string)
	for _, want := range []string{`"Your account balance is low"`, `"phone_number":"` + phone + `"`, `"url":"https://shop.example.com/account/{{1}}"`} {
		if !strings.Contains(library, want) {
			t.Errorf("library_content lacks %s: %s", want, library)
		}
	}
	if digest, _ := templates["limited_time_offer"]["header"].(map[string]any)["media_digest"].(string); !strings.HasPrefix(digest, "sha256:") {
		t.Errorf("limited_time_offer: header digest %q, want the file's sha256", digest)
	}
	if content, _ := templates["media_carousel"]["library_content"].(string); content != "" {
		t.Errorf("media_carousel has library_content %s; only library templates have one", content)
	}
	statuses := cli.mustRun(dir, "output", "-json", "template_status")
	if strings.Count(statuses, `"APPROVED"`) != len(familyExampleTemplates) {
		t.Errorf("template_status output: %s", statuses)
	}

	cli.expectEmptyPlan(dir)
	cli.mustRun(dir, "destroy", "-input=false", "-auto-approve")
	if got := len(tg.calls(http.MethodDelete, `/message_templates$`)); got != len(familyExampleTemplates) {
		t.Fatalf("%d template deletes on destroy, want %d", got, len(familyExampleTemplates))
	}
}

// familyExampleState returns the attributes of the example's templates by resource name, and
// fails unless state holds exactly the expected templates under their expected names.
func familyExampleState(t *testing.T, state *tfjson.State) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	if state.Values == nil || state.Values.RootModule == nil {
		t.Fatal("the state holds no resources")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Type != "whatsapp_message_template" {
			continue
		}
		out[r.Name] = r.AttributeValues
		// Against Meta the names carry the run's suffix (uniqueTemplateNames).
		if want, ok := familyExampleTemplates[r.Name]; !ok || !strings.HasPrefix(fmt.Sprint(r.AttributeValues["name"]), want) {
			t.Errorf("%s creates template %v, want %q", r.Address, r.AttributeValues["name"], want)
		}
	}
	if len(out) != len(familyExampleTemplates) {
		names := make([]string, 0, len(out))
		for n := range out {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Fatalf("state holds templates %v, want one of each of the %d families", names, len(familyExampleTemplates))
	}
	return out
}

// envTestHasCatalog, set to 1 against Meta, says the account has a product catalog connected, as
// product templates need.
const envTestHasCatalog = "WHATSAPP_TEST_HAS_CATALOG"
