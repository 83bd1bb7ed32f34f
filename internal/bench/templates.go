package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

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
		if err := writeConfig(dir, config(c, n)); err != nil {
			return nil, err
		}
		dirs[c] = dir
	}
	var out []Result
	add := func(r Result) {
		out = append(out, r)
		printRow(r)
	}
	baseApply, err := b.measure(srv, dirs["terraform_data"], "terraform_data", "apply", n, n)
	if err != nil {
		return nil, err
	}
	add(baseApply)
	apply, err := b.measure(srv, dirs["whatsapp"], "whatsapp", "apply", n, n)
	if err != nil {
		return nil, err
	}
	b.applyFloor(&apply, baseApply, n)
	add(apply)
	if b.referenceRC != "" {
		refApply, err := b.measure(srv, dirs[referenceCase], referenceCase, "apply", n, n, b.referenceEnv())
		if err != nil {
			return nil, err
		}
		b.applyFloor(&refApply, baseApply, n)
		add(refApply)
	}

	time.Sleep(reviewDelay)
	// plans runs the baseline's plan and the templates' plan in turn, repeats times.
	var basePlans []Result
	// plans returns this build's runs and the reference build's (nil without one).
	plans := func(command string) ([]Result, []Result, error) {
		var runs, refRuns []Result
		for i := 0; i < repeats; i++ {
			base, err := b.measure(srv, dirs["terraform_data"], "terraform_data", "plan", n, n)
			if err != nil {
				return nil, nil, err
			}
			basePlans = append(basePlans, base)
			r, err := b.measure(srv, dirs["whatsapp"], "whatsapp", "plan", n, n)
			if err != nil {
				return nil, nil, err
			}
			r.Command = command
			runs = append(runs, r)
			if b.referenceRC != "" {
				ref, err := b.measure(srv, dirs[referenceCase], referenceCase, "plan", n, n, b.referenceEnv())
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
	off, err := b.measure(srv, dirs["whatsapp"], "whatsapp", "plan", n, n, "WHATSAPP_FAST_PATHS=off")
	if err != nil {
		return nil, err
	}
	off.Command = "plan_fast_paths_off"
	base := median(basePlans)
	add(base)
	for _, r := range []Result{median(everyday), median(afterReviews), off} {
		b.planFloor(&r, base)
		add(r)
	}
	if b.referenceRC != "" {
		for _, r := range []Result{median(refEveryday), median(refAfterReviews)} {
			b.planFloor(&r, base)
			add(r)
		}
	}
	return out, nil
}

// referenceCase names the reference build's results.
const referenceCase = "whatsapp_reference"

// referenceEnv points Terraform at the reference build.
func (b *bench) referenceEnv() string { return "TF_CLI_CONFIG_FILE=" + b.referenceRC }

// templateContent is every benchmarked template's content, and the baseline resources' input.
const templateContent = `
    name     = "%[2]s_%[1]d_${count.index}"
    language = "en_US"
    category = "UTILITY"
    body = {
      text     = "Hi {{1}}, your order {{2}} has shipped."
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
	return providerBlock + fmt.Sprintf(`
resource "whatsapp_message_template" "t" {
  count = %[1]d`+templateContent+`}
`, n, prefix)
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
	if err := writeConfig(dir, config("whatsapp", n)); err != nil {
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
	res := Result{Case: "whatsapp paced", Command: "apply", N: n, Objects: n, WallMS: wall.Milliseconds(), PeakRSSMB: rss}
	res.count(reqs)
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
	res.RateLimited, res.ProgressLines = limited, progress
	return res, nil
}
