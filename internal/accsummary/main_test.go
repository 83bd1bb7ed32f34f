package main

import (
	"strings"
	"testing"
)

const run = `{"Action":"run","Package":"p","Test":"TestAccA"}
{"Action":"output","Package":"p","Test":"TestAccA","Output":"=== RUN   TestAccA\n"}
{"Action":"pass","Package":"p","Test":"TestAccA"}
{"Action":"run","Package":"p","Test":"TestAccA/sub"}
{"Action":"skip","Package":"p","Test":"TestAccA/sub"}
{"Action":"output","Package":"p","Test":"TestAccB","Output":"    acc_toolkit_test.go:128: scripts Meta's behaviour through the emulator's control API\n"}
{"Action":"skip","Package":"p","Test":"TestAccB"}
{"Action":"output","Package":"p","Test":"TestAccC","Output":"    x_test.go:9: set WHATSAPP_TEST_USER_ID to run this test against Meta\n"}
{"Action":"skip","Package":"p","Test":"TestAccC"}
{"Action":"skip","Package":"p","Test":"TestAccD"}
{"Action":"output","Package":"p","Test":"TestAccD","Output":"    acc_toolkit_test.go:128: scripts Meta's behaviour through the emulator's control API\n"}
{"Action":"run","Package":"p","Test":"TestAccE"}
{"Action":"pass","Package":"p","Test":"TestUnitF"}
{"Action":"pass","Package":"p"}
`

// Top-level acceptance tests are counted once each; subtests and other tests are not; a test
// that never finished counts as failed; skips are grouped by the reason logged.
func TestTally(t *testing.T) {
	got, err := read(strings.NewReader(run))
	if err != nil {
		t.Fatal(err)
	}
	if got.total() != 5 || len(got.passed) != 1 || len(got.skipped) != 3 || len(got.failed) != 1 || got.failed[0] != "TestAccE" {
		t.Fatalf("passed %v failed %v skipped %v", got.passed, got.failed, got.skipped)
	}
	if r := got.reasons["scripts Meta's behaviour through the emulator's control API"]; len(r) != 2 {
		t.Fatalf("reasons %v", got.reasons)
	}
	if got.ranPercent() != 40 {
		t.Fatalf("ran %.1f%%, want 40%%", got.ranPercent())
	}
	var out strings.Builder
	if err := got.print(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "acceptance tests: 5, ran 2 (40.0%): 1 passed, 1 failed; 3 skipped\n  skipped 2: scripts") {
		t.Fatalf("printed:\n%s", out.String())
	}
}
