package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// Some journeys are only meaningful through the Terraform CLI exactly as users run it (for
// example `terraform plan -generate-config-out`). cliWorkspace runs terraform against a provider
// binary built from this module, installed through a dev_overrides CLI configuration.

var (
	providerBinOnce sync.Once
	providerBinDir  string
	errProviderBin  error
)

// providerBinary builds the provider once per test process and returns its directory.
func providerBinary(t *testing.T) string {
	t.Helper()
	providerBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tf-provider-bin")
		if err != nil {
			errProviderBin = err
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-whatsapp"), "../..")
		if out, err := cmd.CombinedOutput(); err != nil {
			errProviderBin = fmt.Errorf("building the provider: %w\n%s", err, out)
			return
		}
		providerBinDir = dir
	})
	if errProviderBin != nil {
		t.Fatal(errProviderBin)
	}
	return providerBinDir
}

// terraformCLI is the Terraform (or OpenTofu) CLI the tests run: TF_ACC_TERRAFORM_PATH, as for
// terraform-plugin-testing, or terraform on PATH.
func terraformCLI() string {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	return "terraform"
}

type cliWorkspace struct {
	t   *testing.T
	tg  *target
	rc  string
	env []string
}

func newCLIWorkspace(t *testing.T, tg *target) *cliWorkspace {
	t.Helper()
	bin := providerBinary(t)
	rc := filepath.Join(t.TempDir(), "terraformrc")
	// Terraform reads the provider from registry.terraform.io, OpenTofu from registry.opentofu.org.
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/whatsapp-iac/whatsapp\" = %q\n    \"registry.opentofu.org/whatsapp-iac/whatsapp\" = %q\n  }\n  direct {}\n}\n", bin, bin)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", EnvFastPaths+"="+string(fastpath.ModeVerify))
	env = append(env,
		envBaseURL+"="+tg.url,
		envAccessToken+"="+tg.seed.AccessToken,
		envBusinessAccountID+"="+tg.seed.BusinessAccountID,
		envAppID+"="+tg.seed.AppID,
		envAppSecret+"="+tg.seed.AppSecret,
	)
	return &cliWorkspace{t: t, tg: tg, rc: rc, env: env}
}

// setenv adds environment variables (KEY=value) to every later terraform run.
func (w *cliWorkspace) setenv(kv ...string) {
	w.env = append(w.env, kv...)
}

// dir creates a working directory with the given files copied from srcDir (if any).
func (w *cliWorkspace) dir(srcDir string) string {
	w.t.Helper()
	d := w.t.TempDir()
	if srcDir == "" {
		return d
	}
	// Subdirectories come along: an example's files (media, modules) are beside its configuration.
	if err := os.CopyFS(d, os.DirFS(srcDir)); err != nil {
		w.t.Fatal(err)
	}
	return d
}

func (w *cliWorkspace) write(dir, name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// run runs terraform in dir and returns stdout, its exit code and an error for anything but a
// clean exit or exit code 2 (which -detailed-exitcode uses for "changes present").
func (w *cliWorkspace) run(dir string, args ...string) (string, int) {
	w.t.Helper()
	stdout, stderr, code := w.execute(dir, args...)
	return stdout + stderr, code
}

// execute runs terraform in dir and returns its stdout and stderr apart, and its exit code.
func (w *cliWorkspace) execute(dir string, args ...string) (string, string, int) {
	w.t.Helper()
	switch args[0] {
	case "plan", "apply", "destroy", "init", "validate", "output", "import":
		args = append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)
	}
	cmd := exec.Command(terraformCLI(), args...)
	cmd.Dir = dir
	cmd.Env = w.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		w.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return stdout.String(), stderr.String(), code
}

// state returns the state of dir as terraform show -json reports it.
func (w *cliWorkspace) state(dir string) *tfjson.State {
	w.t.Helper()
	stdout, stderr, code := w.execute(dir, "show", "-json")
	if code != 0 {
		w.t.Fatalf("terraform show -json exited %d:\n%s%s", code, stdout, stderr)
	}
	var state tfjson.State
	if err := json.Unmarshal([]byte(stdout), &state); err != nil {
		w.t.Fatalf("decoding terraform show -json: %v\n%s", err, stdout)
	}
	return &state
}

// mustRun runs terraform and fails the test unless it exits 0.
func (w *cliWorkspace) mustRun(dir string, args ...string) string {
	w.t.Helper()
	out, code := w.run(dir, args...)
	if code != 0 {
		w.t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// expectEmptyPlan fails unless `terraform plan -detailed-exitcode` reports no changes.
func (w *cliWorkspace) expectEmptyPlan(dir string) {
	w.t.Helper()
	out, code := w.run(dir, "plan", "-input=false", "-detailed-exitcode")
	if code != 0 {
		w.t.Fatalf("expected an empty plan, terraform plan exited %d:\n%s", code, out)
	}
}

// interruptApply starts terraform apply, sends it SIGINT (Ctrl-C) once ready reports true, and
// returns its output and how long it took to exit after the signal.
func (w *cliWorkspace) interruptApply(dir string, ready func() bool) (string, time.Duration) {
	w.t.Helper()
	cmd := exec.Command(terraformCLI(), "apply", "-no-color", "-input=false", "-auto-approve")
	cmd.Dir, cmd.Env = dir, w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	deadline := time.After(60 * time.Second)
	for !ready() {
		select {
		case <-done:
			w.t.Fatalf("terraform exited before the interrupt:\n%s", out.String())
		case <-deadline:
			_ = cmd.Process.Kill()
			w.t.Fatalf("the apply never reached the point to interrupt:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	sent := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		w.t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
		w.t.Fatalf("terraform did not exit within 30s of Ctrl-C:\n%s", out.String())
	}
	return out.String(), time.Since(sent)
}
