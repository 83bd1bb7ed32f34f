// Command bench measures terraform plan and apply of many message templates against the Graph
// API emulator (with latency added to every Graph call), next to the same number of
// terraform_data resources holding the same content, the baseline of Terraform's own cost,
// measured in the same run.
//
// It builds the provider, installs it through a dev_overrides CLI configuration, and for each
// N measures apply (creating N templates), the first plan after Meta's reviews ended (every
// refresh finds a new status) and the everyday plan of a state that holds what Meta holds:
// wall time, Graph calls from the emulator's request log, calls per template, the provider
// processes' peak RSS and the CPU time of Terraform and of the provider. Everyday plans
// alternate with the baseline's and the median of several runs is reported. A separate case
// applies 500 templates against Meta's creation limit (100 per hour per WABA) with the
// emulator's hourly window shortened, so the apply paces itself.
//
// Usage: go run ./internal/bench [-n 10,100,1000] [-latency 50ms] [-repeats 3] [-paced 500] [-out bench/results.json]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Result is one measured terraform command.
type Result struct {
	Case      string  `json:"case"` // "whatsapp" or "terraform_data"
	Command   string  `json:"command"`
	N         int     `json:"n"`
	WallMS    int64   `json:"wall_ms"`
	Calls     int     `json:"graph_calls"`
	PerItem   float64 `json:"calls_per_template"`
	PeakRSSMB float64 `json:"provider_peak_rss_mb"`
	// ProviderCPU and TerraformCPU split the CPU seconds of the command between the provider
	// processes and Terraform itself.
	ProviderCPU  float64 `json:"provider_cpu_s"`
	TerraformCPU float64 `json:"terraform_cpu_s"`
	// Ratio is the wall time over the terraform_data baseline of the same command and N.
	Ratio float64 `json:"ratio_to_baseline,omitempty"`
	// RunsMS are the wall times of every run of a repeated plan, in order; WallMS is their median.
	RunsMS []int64 `json:"runs_wall_ms,omitempty"`
	// RateLimited counts Graph calls refused with a rate limit (paced case).
	RateLimited int `json:"rate_limited,omitempty"`
	// ProgressLines counts the provider's progress log lines (paced case).
	ProgressLines int `json:"progress_lines,omitempty"`
}

// Report is the JSON the command writes.
type Report struct {
	Date      time.Time `json:"date"`
	LatencyMS int       `json:"latency_ms_per_graph_call"`
	PageSize  int       `json:"template_page_size"`
	Repeats   int       `json:"plan_repeats"`
	Results   []Result  `json:"results"`
}

func main() {
	ns := flag.String("n", "10,100,1000", "template counts to measure")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency added to every Graph call")
	paced := flag.Int("paced", 500, "templates in the paced apply case (0 skips it)")
	window := flag.Duration("rate-window", time.Minute, "length of Meta's hourly windows in the paced case")
	out := flag.String("out", "bench/results.json", "where to write the JSON results")
	repeats := flag.Int("repeats", 3, "runs of each plan, alternating with the baseline's; the median is reported")
	flag.StringVar(&prebuilt, "provider-dir", "", "directory holding a prebuilt terraform-provider-whatsapp (default: build one)")
	flag.StringVar(&reference, "reference-provider-dir", "", "directory holding another build of terraform-provider-whatsapp whose plans run beside this build's, alternating with them (case whatsapp_reference)")
	flag.Parse()
	if err := run(*ns, *latency, *paced, *window, *out, max(*repeats, 1)); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

var prebuilt, reference string

type bench struct {
	work    string
	binDir  string
	rc      string
	latency time.Duration
	// referenceRC is the CLI configuration of the reference build, or "".
	referenceRC string
}

func run(nsFlag string, latency time.Duration, paced int, window time.Duration, out string, repeats int) error {
	var ns []int
	for _, s := range strings.Split(nsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("-n: %q is not a positive count", s)
		}
		ns = append(ns, n)
	}
	work, err := os.MkdirTemp("", "whatsapp-bench")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	b := &bench{work: work, binDir: filepath.Join(work, "bin"), rc: filepath.Join(work, "terraformrc"), latency: latency}
	if prebuilt != "" {
		b.binDir = prebuilt
	} else {
		fmt.Fprintln(os.Stderr, "building the provider…")
		build := exec.Command("go", "build", "-o", filepath.Join(b.binDir, "terraform-provider-whatsapp"), ".")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building the provider: %w", err)
		}
	}
	if err := writeCLIConfig(b.rc, b.binDir); err != nil {
		return err
	}
	if reference != "" {
		b.referenceRC = filepath.Join(work, "terraformrc-reference")
		if err := writeCLIConfig(b.referenceRC, reference); err != nil {
			return err
		}
	}

	report := Report{Date: time.Now().UTC(), LatencyMS: int(latency / time.Millisecond), PageSize: 100, Repeats: repeats}
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{CreationLimitPerHour: 1 << 30, BUCQuotaPerHour: 1 << 30, ReviewDelay: reviewDelay})
	if err != nil {
		return err
	}
	defer srv.Close()
	srv.Emulator.AddFault(emulator.Fault{PathRegex: ".", LatencyMS: int(latency / time.Millisecond)})
	for _, n := range ns {
		results, err := b.measureN(srv, n, repeats)
		if err != nil {
			return err
		}
		report.Results = append(report.Results, results...)
	}
	if paced > 0 {
		r, err := b.pacedApply(paced, window)
		if err != nil {
			return err
		}
		report.Results = append(report.Results, r)
		printRow(r)
	}
	fmt.Println()
	printTable(report)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	j, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(j, '\n'), 0o600); err != nil {
		return err
	}
	fmt.Println("\nresults written to", out)
	return nil
}

// writeCLIConfig writes a Terraform CLI configuration that installs the provider from binDir.
func writeCLIConfig(path, binDir string) error {
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/whatsapp-iac/whatsapp\" = %q\n  }\n  direct {}\n}\n", binDir)
	return os.WriteFile(path, []byte(rc), 0o600)
}

// reviewDelay is how long the emulator keeps a new template PENDING.
const reviewDelay = 2 * time.Second

// measureN measures apply and plan of n templates and of n terraform_data resources:
//   - apply creates them (templates are PENDING until Meta's review);
//   - plan_after_reviews is the first plan once the reviews ended: every template's refresh
//     finds a status its state does not hold yet;
//   - plan is the plan of an account whose state holds what Meta holds (after an apply that
//     saved the reviews' outcome), the everyday case;
//   - plan_fast_paths_off is that plan once more with the protocol server's fast paths off.
//
// The plans of the first two cases alternate with the baseline's, repeats times each, and the
// medians are reported (the baseline's over all its runs). With a reference build, its apply and
// plans of templates of its own (case whatsapp_reference) run beside this build's, its plans
// alternating with them.
func (b *bench) measureN(srv *emulator.Server, n, repeats int) ([]Result, error) {
	dirs := map[string]string{}
	cases := []string{"terraform_data", "whatsapp"}
	if b.referenceRC != "" {
		cases = append(cases, referenceCase)
	}
	for _, c := range cases {
		dir := filepath.Join(b.work, fmt.Sprintf("%s_%d", c, n))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(c, n)), 0o600); err != nil {
			return nil, err
		}
		dirs[c] = dir
	}
	var out []Result
	add := func(r Result, base *Result) {
		if base != nil && base.WallMS > 0 {
			r.Ratio = round(float64(r.WallMS)/float64(base.WallMS), 2)
		}
		out = append(out, r)
		printRow(r)
	}
	baseApply, err := b.measure(srv, dirs["terraform_data"], "terraform_data", "apply", n)
	if err != nil {
		return nil, err
	}
	add(baseApply, nil)
	apply, err := b.measure(srv, dirs["whatsapp"], "whatsapp", "apply", n)
	if err != nil {
		return nil, err
	}
	add(apply, &baseApply)
	if b.referenceRC != "" {
		refApply, err := b.measure(srv, dirs[referenceCase], referenceCase, "apply", n, b.referenceEnv())
		if err != nil {
			return nil, err
		}
		add(refApply, &baseApply)
	}

	time.Sleep(reviewDelay)
	// plans runs the baseline's plan and the templates' plan in turn, repeats times.
	var basePlans []Result
	// plans returns this build's runs and the reference build's (nil without one).
	plans := func(command string) ([]Result, []Result, error) {
		var runs, refRuns []Result
		for i := 0; i < repeats; i++ {
			base, err := b.measure(srv, dirs["terraform_data"], "terraform_data", "plan", n)
			if err != nil {
				return nil, nil, err
			}
			basePlans = append(basePlans, base)
			r, err := b.measure(srv, dirs["whatsapp"], "whatsapp", "plan", n)
			if err != nil {
				return nil, nil, err
			}
			r.Command = command
			runs = append(runs, r)
			if b.referenceRC != "" {
				ref, err := b.measure(srv, dirs[referenceCase], referenceCase, "plan", n, b.referenceEnv())
				if err != nil {
					return nil, nil, err
				}
				ref.Command = command
				refRuns = append(refRuns, ref)
			}
		}
		return runs, refRuns, nil
	}
	afterReviews, refAfterReviews, err := plans("plan_after_reviews") // a plan does not save the refreshed state
	if err != nil {
		return nil, err
	}
	if _, err := b.terraformUsage(dirs["whatsapp"], b.env(srv), "apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return nil, fmt.Errorf("saving the reviews' outcome: %w", err)
	}
	if b.referenceRC != "" {
		if _, err := b.terraformUsage(dirs[referenceCase], b.env(srv, b.referenceEnv()), "apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color"); err != nil {
			return nil, fmt.Errorf("saving the reviews' outcome (reference build): %w", err)
		}
	}
	everyday, refEveryday, err := plans("plan")
	if err != nil {
		return nil, err
	}
	off, err := b.measure(srv, dirs["whatsapp"], "whatsapp", "plan", n, "WHATSAPP_FAST_PATHS=off")
	if err != nil {
		return nil, err
	}
	off.Command = "plan_fast_paths_off"
	base := median(basePlans)
	add(base, nil)
	add(median(everyday), &base)
	add(median(afterReviews), &base)
	add(off, &base)
	if b.referenceRC != "" {
		add(median(refEveryday), &base)
		add(median(refAfterReviews), &base)
	}
	return out, nil
}

// referenceCase names the reference build's results.
const referenceCase = "whatsapp_reference"

// referenceEnv points Terraform at the reference build.
func (b *bench) referenceEnv() string { return "TF_CLI_CONFIG_FILE=" + b.referenceRC }

// median returns the run of median wall time, with every run's wall time.
func median(runs []Result) Result {
	sorted := append([]Result(nil), runs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].WallMS < sorted[j].WallMS })
	m := sorted[len(sorted)/2]
	for _, r := range runs {
		m.RunsMS = append(m.RunsMS, r.WallMS)
	}
	return m
}

// templateContent is every benchmarked template's content, and the baseline resources' input.
const templateContent = `
    name     = "%[2]s_%[1]d_${count.index}"
    language = "en_US"
    category = "UTILITY"
    body = {
      text     = "Hi {{1}}, order {{2}} has shipped."
      examples = ["Ana", "A-1042"]
    }
    footer = { text = "Reply STOP to opt out" }
    buttons = [
      { type = "URL", text = "Track order", url = "https://shop.example.com/track/{{1}}", example = "https://shop.example.com/track/A-1042" },
      { type = "QUICK_REPLY", text = "Talk to us", url = null, example = null },
    ]
`

func config(c string, n int) string {
	prefix := "bench"
	if c == referenceCase {
		prefix = "bench_reference"
	}
	if c == "terraform_data" {
		// The same content as the templates, so that the baseline is Terraform's own cost of
		// planning values of this size.
		return fmt.Sprintf(`
resource "terraform_data" "t" {
  count = %[1]d
  input = {`+templateContent+`  }
}
`, n, prefix)
	}
	return fmt.Sprintf(`
terraform {
  required_providers {
    whatsapp = { source = "whatsapp-iac/whatsapp" }
  }
}

provider "whatsapp" {
  retry_min_wait = "1s"
  retry_max_wait = "10s"
}

resource "whatsapp_message_template" "t" {
  count = %[1]d`+templateContent+`}
`, n, prefix)
}

func (b *bench) env(srv *emulator.Server, extra ...string) []string {
	seed := srv.Emulator.Seed()
	return append(append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+b.rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"WHATSAPP_BASE_URL="+srv.URL, "WHATSAPP_ACCESS_TOKEN="+seed.AccessToken,
		"WHATSAPP_BUSINESS_ACCOUNT_ID="+seed.BusinessAccountID,
	), extra...)
}

// measure runs terraform apply or plan in dir and collects its cost.
func (b *bench) measure(srv *emulator.Server, dir, c, cmd string, n int, env ...string) (Result, error) {
	args := []string{cmd, "-input=false", "-no-color"}
	if cmd == "apply" {
		args = append(args, "-auto-approve")
	} else {
		args = append(args, "-detailed-exitcode")
	}
	srv.Emulator.ClearRequests()
	u, err := b.terraformUsage(dir, b.env(srv, env...), args...)
	if err != nil {
		return Result{}, fmt.Errorf("%s: terraform %s (N=%d): %w\n%s", c, cmd, n, err, tail(u.output))
	}
	calls := len(srv.Emulator.Requests())
	r := Result{Case: c, Command: cmd, N: n, WallMS: u.wall.Milliseconds(), Calls: calls, PerItem: round(float64(calls)/float64(n), 3), PeakRSSMB: u.peakMB,
		ProviderCPU: u.providerCPU, TerraformCPU: round(u.allCPU-u.providerCPU, 2)}
	return r, nil
}

// pacedApply creates templates past Meta's creation limit of 100 per window.
func (b *bench) pacedApply(n int, window time.Duration) (Result, error) {
	srv, err := emulator.Start("127.0.0.1:0", emulator.Options{RateWindow: window})
	if err != nil {
		return Result{}, err
	}
	defer srv.Close()
	srv.Emulator.AddFault(emulator.Fault{PathRegex: ".", LatencyMS: int(b.latency / time.Millisecond)})
	dir := filepath.Join(b.work, fmt.Sprintf("paced_%d", n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config("whatsapp", n)), 0o600); err != nil {
		return Result{}, err
	}
	logPath := filepath.Join(dir, "terraform.log")
	fmt.Fprintf(os.Stderr, "paced apply of %d templates (Meta's hourly window shortened to %s)…\n", n, window)
	wall, rss, output, err := b.terraform(dir, b.env(srv, "TF_LOG_PROVIDER=INFO", "TF_LOG_PATH="+logPath), "apply", "-input=false", "-no-color", "-auto-approve")
	if err != nil {
		return Result{}, fmt.Errorf("paced apply: %w\n%s", err, tail(output))
	}
	reqs := srv.Emulator.Requests()
	limited := 0
	for _, r := range reqs {
		if r.Code == 80008 {
			limited++
		}
	}
	progress := 0
	if f, err := os.Open(logPath); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			// The provider's progress entries: every ten templates, and at each wait.
			if line := sc.Text(); strings.Contains(line, "message templates created in this run") ||
				strings.Contains(line, "waiting for Meta's template creation limit") {
				progress++
			}
		}
		_ = f.Close()
	}
	return Result{Case: "whatsapp paced", Command: "apply", N: n, WallMS: wall.Milliseconds(), Calls: len(reqs),
		PerItem: round(float64(len(reqs))/float64(n), 3), PeakRSSMB: rss, RateLimited: limited, ProgressLines: progress}, nil
}

// terraform runs one terraform command, polling the peak RSS (VmHWM) of the provider processes
// it starts.
func (b *bench) terraform(dir string, env []string, args ...string) (time.Duration, float64, string, error) {
	u, err := b.terraformUsage(dir, env, args...)
	return u.wall, u.peakMB, u.output, err
}

type usage struct {
	wall                time.Duration
	peakMB              float64
	providerCPU, allCPU float64
	output              string
}

// terraformUsage runs one terraform command, polling the peak RSS (VmHWM) and CPU time of the
// provider processes it starts.
func (b *bench) terraformUsage(dir string, env []string, args ...string) (usage, error) {
	cmd := exec.Command("terraform", args...)
	cmd.Dir, cmd.Env = dir, env
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return usage{}, err
	}
	var peak float64
	ticks := map[string]int{}
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			kb := providerPeakKB(cmd.Process.Pid, ticks, &mu)
			mu.Lock()
			peak = math.Max(peak, float64(kb)/1024)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(stop)
	<-done
	if err != nil {
		// plan -detailed-exitcode exits 2 when there are changes: not a failure here.
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) && ee.ExitCode() == 2 {
			err = nil
		}
	}
	mu.Lock()
	defer mu.Unlock()
	provider := 0
	for _, t := range ticks {
		provider += t
	}
	all := 0.0
	if ps := cmd.ProcessState; ps != nil {
		all = (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	return usage{wall: wall, peakMB: round(peak, 1), providerCPU: round(float64(provider)/100, 2), allCPU: round(all, 2), output: buf.String()}, err
}

// providerPeakKB is the largest VmHWM of the terraform-provider-whatsapp processes terraform
// (parent) started; it records their CPU ticks (utime+stime, 100 per second) in ticks.
func providerPeakKB(parent int, ticks map[string]int, mu *sync.Mutex) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	most := 0
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil || !bytes.HasPrefix(status, []byte("Name:\tterraform-provi")) {
			continue
		}
		exe, _ := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if !strings.HasSuffix(exe, "terraform-provider-whatsapp") {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		if i := bytes.LastIndexByte(stat, ')'); i > 0 {
			f := strings.Fields(string(stat[i+1:]))
			if len(f) > 12 {
				if ppid, _ := strconv.Atoi(f[1]); ppid != parent {
					continue
				}
				ut, _ := strconv.Atoi(f[11])
				st, _ := strconv.Atoi(f[12])
				mu.Lock()
				ticks[e.Name()] = ut + st
				mu.Unlock()
			}
		}
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
				most = max(most, kb)
			}
		}
	}
	return most
}

func printRow(r Result) {
	fmt.Fprintf(os.Stderr, "  %-15s %-5s N=%-5d %8.2fs  %6d calls  cpu: terraform %.1fs provider %.1fs\n", r.Case, r.Command, r.N, float64(r.WallMS)/1000, r.Calls, r.TerraformCPU, r.ProviderCPU)
}

func printTable(rep Report) {
	fmt.Printf("Graph latency %d ms per call; template list page size %d\n\n", rep.LatencyMS, rep.PageSize)
	fmt.Println("| case | command | N | wall (s) | × terraform_data | Graph calls | calls/template | provider peak RSS (MB) | CPU s: terraform / provider |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rep.Results {
		rss, ratio, calls, per := "–", "–", "–", "–"
		if r.Case != "terraform_data" {
			rss = fmt.Sprintf("%.1f", r.PeakRSSMB)
			calls, per = strconv.Itoa(r.Calls), fmt.Sprintf("%.2f", r.PerItem)
		}
		if r.Ratio > 0 {
			ratio = fmt.Sprintf("%.2f", r.Ratio)
		}
		extra := ""
		if r.RateLimited > 0 || r.ProgressLines > 0 {
			extra = fmt.Sprintf(" (%d refused by the creation limit, %d progress lines)", r.RateLimited, r.ProgressLines)
		}
		fmt.Printf("| %s%s | %s | %d | %.2f | %s | %s | %s | %s | %.1f / %.1f |\n", r.Case, extra, r.Command, r.N, float64(r.WallMS)/1000, ratio, calls, per, rss, r.TerraformCPU, r.ProviderCPU)
	}
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}
