package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func TestVersionWarnings(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	p := &whatsappProvider{now: func() time.Time { return now }}
	cases := map[string]string{
		"v23.0": "",
		"v26.0": "",
		"v21.0": "retires soon", // 2027-01-21, 60 days away
		"v19.0": "retired",
		"v99.0": "Unknown Graph API version",
	}
	for version, want := range cases {
		var d diag.Diagnostics
		p.warnAboutVersion(version, &d)
		if d.HasError() {
			t.Errorf("%s: version problems are warnings, got %v", version, d)
		}
		if want == "" {
			if d.WarningsCount() != 0 {
				t.Errorf("%s: want no warning, got %v", version, d)
			}
			continue
		}
		if d.WarningsCount() != 1 || !strings.Contains(d[0].Summary()+d[0].Detail(), want) {
			t.Errorf("%s: want one warning mentioning %q, got %v", version, want, d)
		}
	}
}
