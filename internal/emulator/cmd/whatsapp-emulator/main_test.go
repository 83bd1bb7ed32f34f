package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinaryPrintsSeedAndStopsOnSignal builds the command, runs it on port
// 0 and checks the ready line, a Graph call and a clean exit on SIGINT.
func TestBinaryPrintsSeedAndStopsOnSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses POSIX signals")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go toolchain not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "whatsapp-emulator")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "EMULATOR_ACCESS_TOKEN=EAAbinarytest", "EMULATOR_REVIEW_DELAY=0s")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()

	// The first stdout line is the seed; any further line is an error.
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(30 * time.Second):
		t.Fatalf("no ready line; stderr: %s", stderr.String())
	}
	var seed struct {
		BaseURL           string `json:"base_url"`
		AccessToken       string `json:"access_token"`
		BusinessID        string `json:"business_id"`
		BusinessAccountID string `json:"business_account_id"`
		PhoneNumberID     string `json:"phone_number_id"`
		AppID             string `json:"app_id"`
		AppSecret         string `json:"app_secret"`
	}
	if err := json.Unmarshal([]byte(line), &seed); err != nil {
		t.Fatalf("ready line %q: %v", line, err)
	}
	if !strings.HasPrefix(seed.BaseURL, "http://127.0.0.1:") || strings.HasSuffix(seed.BaseURL, ":0") ||
		seed.AccessToken != "EAAbinarytest" || seed.BusinessAccountID == "" || seed.PhoneNumberID == "" {
		t.Fatalf("seed %+v", seed)
	}

	req, _ := http.NewRequest(http.MethodGet, seed.BaseURL+"/v23.0/"+seed.BusinessAccountID, nil)
	req.Header.Set("Authorization", "Bearer "+seed.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("graph call status %d", resp.StatusCode)
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v; stderr: %s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("did not exit after SIGINT")
	}
	if extra, more := <-lines; more {
		t.Fatalf("extra output on stdout: %q", extra)
	}
}

func TestRejectsInvalidRateWindow(t *testing.T) {
	var out, errOut strings.Builder
	err := run([]string{"-addr", "127.0.0.1:0", "-rate-window", "0s"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "rate window") {
		t.Fatalf("err = %v, want a rate window error", err)
	}
}

// An invalid seed file stops the command before it listens, with an error naming the field.
func TestSeedFileFlagRejectsInvalidFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(`{"phone_numbers": [{"business_account_id": "42"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	err := run([]string{"-addr", "127.0.0.1:0", "-seed-file", path}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), `phone_numbers[0].business_account_id: "42"`) {
		t.Fatalf("err = %v", err)
	}
	if stdout.Len() != 0 {
		t.Fatalf("ready line printed for an invalid seed: %q", stdout.String())
	}
	t.Setenv("EMULATOR_SEED_FILE", filepath.Join(t.TempDir(), "absent.json"))
	if err := run([]string{"-addr", "127.0.0.1:0"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "absent.json") {
		t.Fatalf("EMULATOR_SEED_FILE not read: %v", err)
	}
}

func TestVersionFlagPrintsVersionAndExits(t *testing.T) {
	var out, errOut strings.Builder
	if err := run([]string{"-version"}, &out, &errOut); err != nil {
		t.Fatalf("run -version: %v (stderr %q)", err, errOut.String())
	}
	if got, want := out.String(), "whatsapp-emulator dev (commit none)\n"; got != want {
		t.Fatalf("stdout = %q, want %q", got, want)
	}
}
