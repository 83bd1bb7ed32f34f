package graph

import (
	"context"
	"testing"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Meta serves a call to a retired version with the oldest version still available; the client
// reports the first such call, and nothing while the pinned version serves.
func TestServedVersion(t *testing.T) {
	v23Retired := func() time.Time { return time.Date(2027, 11, 1, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name, pinned string
		now          func() time.Time
		want         string
	}{
		{"pinned version serves", "v23.0", nil, ""},
		{"retired version upgraded", "v23.0", v23Retired, "v24.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, emu := newEmulatorClient(t, emulator.Options{Now: tc.now}, Config{APIVersion: tc.pinned})
			for range 2 {
				if _, err := c.GetWABA(context.Background(), emu.Seed().BusinessAccountID); err != nil {
					t.Fatal(err)
				}
			}
			got, ok := c.ServedVersion()
			if got != tc.want || ok != (tc.want != "") {
				t.Fatalf("ServedVersion() = %q, %v; want %q, %v", got, ok, tc.want, tc.want != "")
			}
		})
	}
}
