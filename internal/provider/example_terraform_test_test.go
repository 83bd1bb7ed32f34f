package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestAccExampleTerraformTest runs examples/testing-with-terraform-test exactly as its users do,
// through its run.sh (which starts the whatsapp-emulator binary from the example's seed file and
// runs `terraform test`), so the example and the script never rot. Every run block declared in
// the example's test files must be reported as passed.
func TestAccExampleTerraformTest(t *testing.T) {
	if againstMeta() {
		t.Skip("the example runs against the emulator it starts from its seed file")
	}
	example := filepath.Join("..", "..", "examples", "testing-with-terraform-test")
	want := exampleRunBlocks(t, filepath.Join(example, "tests"))
	if len(want) < 6 {
		t.Fatalf("found only %d run blocks in the example's tests: %v", len(want), want)
	}

	bin := providerBinary(t)
	emulatorBin := filepath.Join(t.TempDir(), "whatsapp-emulator")
	if out, err := exec.Command("go", "build", "-o", emulatorBin, "../emulator/cmd/whatsapp-emulator").CombinedOutput(); err != nil {
		t.Fatalf("building the emulator: %v\n%s", err, out)
	}

	cmd := exec.Command("bash", filepath.Join(example, "run.sh"))
	cmd.Env = append(os.Environ(), "PROVIDER_DIR="+bin, "EMULATOR_BIN="+emulatorBin, "TERRAFORM="+terraformCLI())
	outBytes, err := cmd.CombinedOutput()
	out := string(outBytes)
	if err != nil {
		t.Fatalf("run.sh failed: %v\n%s", err, out)
	}

	passed := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s*run "([^"]+)"\.\.\. (\w+)`).FindAllStringSubmatch(out, -1) {
		if m[2] != "pass" {
			t.Errorf("run %q: %s", m[1], m[2])
			continue
		}
		passed[m[1]] = true
	}
	for _, name := range want {
		if !passed[name] {
			t.Errorf("run %q was not reported as passed", name)
		}
	}
	summary := regexp.MustCompile(`Success! (\d+) passed, 0 failed\.`).FindStringSubmatch(out)
	if summary == nil {
		t.Errorf("no successful summary in the output")
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
}

// exampleRunBlocks lists the run block names declared in the .tftest.hcl files of dir.
func exampleRunBlocks(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tftest.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files in %s: %v", dir, err)
	}
	var names []string
	re := regexp.MustCompile(`(?m)^run "([^"]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			names = append(names, m[1])
		}
	}
	// Run names are unique within a file, not across files.
	slices.Sort(names)
	return slices.Compact(names)
}
