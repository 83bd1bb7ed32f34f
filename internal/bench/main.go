// Command bench measures terraform plan and apply against the Graph API emulator (with latency
// added to every Graph call) next to terraform_data resources holding the same content, the
// baseline of Terraform's own cost, and next to the floor, in the same run:
//
//   - the plugin's fixed cost: an empty configuration's plan with the provider configured, less
//     the same plan without it (Terraform's own start);
//   - the floor of a plan: the baseline, plus the fixed cost, plus the Graph round trips no
//     provider can avoid: the pages of the longest listing the plan reads, one after the other,
//     at the configured latency (an apply's: one create call per new object, ten at a time);
//   - message templates: for each N, apply (creating N templates), the first plan after Meta's
//     reviews ended (every refresh finds a new status) and the everyday plan of a state that
//     holds what Meta holds;
//   - an account with 100 phone numbers, each with its business profile, conversational
//     automation, commerce settings, webhook override and two QR codes: apply, and the everyday
//     plan, with read-ahead on (the default) and off;
//   - a paced apply of 500 templates against Meta's creation limit (100 per hour per WABA) with
//     the emulator's hourly window shortened.
//
// Each row reports wall time, its ratio to the baseline and to the floor, the HTTP calls made to
// Graph (a batch is one), the Graph requests (each request of a batch counts against Meta's
// limits as a call), calls per object, the provider processes' peak RSS, and the CPU time of
// Terraform and of the provider. Plans alternate with the baseline's and the median of several
// runs is reported.
//
// Usage: go run ./internal/bench [-n 10,100,1000] [-numbers 100] [-latency 50ms] [-repeats 3] [-paced 500] [-out bench/results.json]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

// Result is one measured terraform command.
type Result struct {
	// Case is "terraform_data" (the baseline), "whatsapp" (templates), "whatsapp numbers" (the
	// phone number account), "whatsapp paced", or a fixed-cost case ("empty", "empty+provider",
	// "fixed").
	Case    string `json:"case"`
	Command string `json:"command"`
	// N is the number of templates, or of phone numbers; Objects the objects the configuration
	// manages.
	N       int   `json:"n"`
	Objects int   `json:"objects"`
	WallMS  int64 `json:"wall_ms"`
	// Calls are the HTTP calls made to Graph (a batch is one call); Requests the Graph requests,
	// each request of a batch counted as Meta's limits count it; Batches the batch calls.
	Calls    int `json:"graph_http_calls"`
	Requests int `json:"graph_requests"`
	Batches  int `json:"batch_calls,omitempty"`
	// PerObject is Calls per object.
	PerObject float64 `json:"http_calls_per_object"`
	// ListingPages are the pages of the longest listing the command read (template listing
	// pages, or phone number listing pages), which follow one another.
	ListingPages int     `json:"listing_pages,omitempty"`
	PeakRSSMB    float64 `json:"provider_peak_rss_mb"`
	// ProviderCPU and TerraformCPU split the CPU seconds of the command between the provider
	// processes and Terraform itself.
	ProviderCPU  float64 `json:"provider_cpu_s"`
	TerraformCPU float64 `json:"terraform_cpu_s"`
	// Ratio is the wall time over the terraform_data baseline of the same command and size.
	Ratio float64 `json:"ratio_to_baseline,omitempty"`
	// FloorMS is the floor of the command (see the package comment), FloorRatio the wall time
	// over it.
	FloorMS    int64   `json:"floor_ms,omitempty"`
	FloorRatio float64 `json:"ratio_to_floor,omitempty"`
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
	// FixedMS is the plugin's fixed cost of a plan (see fixedCost).
	FixedMS int64    `json:"plugin_fixed_cost_ms"`
	Results []Result `json:"results"`
}

func main() {
	ns := flag.String("n", "10,100,1000", "template counts to measure (empty: none)")
	numbers := flag.Int("numbers", 100, "phone numbers in the account case (0 skips it)")
	latency := flag.Duration("latency", 50*time.Millisecond, "latency added to every Graph call")
	paced := flag.Int("paced", 500, "templates in the paced apply case (0 skips it)")
	window := flag.Duration("rate-window", time.Minute, "length of Meta's hourly windows in the paced case")
	out := flag.String("out", "bench/results.json", "where to write the JSON results")
	repeats := flag.Int("repeats", 3, "runs of each plan, alternating with the baseline's; the median is reported")
	flag.StringVar(&prebuilt, "provider-dir", "", "directory holding a prebuilt terraform-provider-whatsapp (default: build one)")
	flag.StringVar(&reference, "reference-provider-dir", "", "directory holding another build of terraform-provider-whatsapp whose plans run beside this build's, alternating with them (case whatsapp_reference)")
	flag.Parse()
	if err := run(*ns, *numbers, *latency, *paced, *window, *out, max(*repeats, 1)); err != nil {
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
	// fixed is the plugin's fixed cost of a plan.
	fixed time.Duration
}

func run(nsFlag string, numbers int, latency time.Duration, paced int, window time.Duration, out string, repeats int) error {
	var ns []int
	for _, s := range strings.Split(nsFlag, ",") {
		if strings.TrimSpace(s) == "" {
			continue
		}
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
	fixed, err := b.fixedCost(srv, repeats)
	if err != nil {
		return err
	}
	report.Results = append(report.Results, fixed...)
	report.FixedMS = b.fixed.Milliseconds()
	for _, n := range ns {
		results, err := b.measureN(srv, n, repeats)
		if err != nil {
			return err
		}
		report.Results = append(report.Results, results...)
	}
	if numbers > 0 {
		results, err := b.measureNumbers(numbers, repeats)
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

// writeConfig creates dir with main.tf.
func writeConfig(dir, content string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(content), 0o600)
}

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

func (b *bench) env(srv *emulator.Server, extra ...string) []string {
	seed := srv.Emulator.Seed()
	return append(append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+b.rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"WHATSAPP_BASE_URL="+srv.URL, "WHATSAPP_ACCESS_TOKEN="+seed.AccessToken,
		"WHATSAPP_BUSINESS_ACCOUNT_ID="+seed.BusinessAccountID,
	), extra...)
}

// listingPage is a page of a listing whose pages follow one another: the templates or the phone
// numbers of an account.
var (
	templateListing = regexp.MustCompile(`^/v[0-9.]+/[0-9]+/message_templates$`)
	phoneListing    = regexp.MustCompile(`^/v[0-9.]+/[0-9]+/phone_numbers$`)
)

// measure runs terraform apply or plan in dir and collects its cost; objects is the size of the
// configuration.
func (b *bench) measure(srv *emulator.Server, dir, c, cmd string, n, objects int, env ...string) (Result, error) {
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
	r := Result{Case: c, Command: cmd, N: n, Objects: objects, WallMS: u.wall.Milliseconds(), PeakRSSMB: u.peakMB,
		ProviderCPU: u.providerCPU, TerraformCPU: round(u.allCPU-u.providerCPU, 2)}
	r.count(srv.Emulator.Requests())
	return r, nil
}

// count fills the call counts of r from the emulator's request log.
func (r *Result) count(log []emulator.RequestRecord) {
	templatePages, phonePages := 0, 0
	for _, rec := range log {
		if rec.Batch == 0 {
			r.Calls++
		}
		if rec.BatchSize > 0 {
			r.Batches++
		} else {
			r.Requests++
		}
		if rec.Method == http.MethodGet && templateListing.MatchString(rec.Path) {
			templatePages++
		}
		if rec.Method == http.MethodGet && phoneListing.MatchString(rec.Path) {
			phonePages++
		}
	}
	r.ListingPages = max(templatePages, phonePages)
	if r.Objects > 0 {
		r.PerObject = round(float64(r.Calls)/float64(r.Objects), 3)
	}
}

func printRow(r Result) {
	fmt.Fprintf(os.Stderr, "  %-17s %-19s N=%-5d %8.2fs  %5d calls %5d requests  cpu: terraform %.1fs provider %.1fs\n", r.Case, r.Command, r.N, float64(r.WallMS)/1000, r.Calls, r.Requests, r.TerraformCPU, r.ProviderCPU)
}

func printTable(rep Report) {
	fmt.Printf("Graph latency %d ms per call; template list page size %d; plugin fixed cost %d ms; plans: medians of %d runs\n\n", rep.LatencyMS, rep.PageSize, rep.FixedMS, rep.Repeats)
	fmt.Println("| case | command | N | objects | wall (s) | floor (s) | × floor | × terraform_data | Graph HTTP calls | Graph requests | calls/object | listing pages | provider peak RSS (MB) | CPU s: terraform / provider |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	dash := func(ok bool, s string) string {
		if !ok {
			return "–"
		}
		return s
	}
	for _, r := range rep.Results {
		provider := r.Case != "terraform_data" && r.Case != "empty"
		extra := ""
		if r.RateLimited > 0 || r.ProgressLines > 0 {
			extra = fmt.Sprintf(" (%d refused by the creation limit, %d progress lines)", r.RateLimited, r.ProgressLines)
		}
		fmt.Printf("| %s%s | %s | %d | %d | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %.1f / %.1f |\n",
			r.Case, extra, r.Command, r.N, r.Objects, float64(r.WallMS)/1000,
			dash(r.FloorMS > 0, fmt.Sprintf("%.2f", float64(r.FloorMS)/1000)),
			dash(r.FloorRatio > 0, fmt.Sprintf("%.2f", r.FloorRatio)),
			dash(r.Ratio > 0, fmt.Sprintf("%.2f", r.Ratio)),
			dash(provider, strconv.Itoa(r.Calls)), dash(provider, strconv.Itoa(r.Requests)),
			dash(provider && r.Objects > 0, fmt.Sprintf("%.3f", r.PerObject)),
			dash(provider, strconv.Itoa(r.ListingPages)),
			dash(provider, fmt.Sprintf("%.1f", r.PeakRSSMB)), r.TerraformCPU, r.ProviderCPU)
	}
}
