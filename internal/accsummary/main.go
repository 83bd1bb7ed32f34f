// Command accsummary tallies an acceptance test run: it reads `go test -json` output on stdin,
// counts the top-level TestAcc tests that passed, failed and were skipped, groups the skips by
// the reason the test gave, and prints the tally. It fails (exit 1) when a test failed, when
// the package did not finish, or when fewer than -min-run percent of the acceptance tests ran.
//
//	go test ./internal/provider -run '^TestAcc' -json | go run ./internal/accsummary -min-run 75
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

// event is one line of test2json output.
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// result is what one top-level test did.
type result struct {
	action string
	output strings.Builder
}

// tally is the outcome of a run.
type tally struct {
	passed, failed, skipped []string
	reasons                 map[string][]string // skip reason → tests
	packageFailed           bool
	packageOutput           strings.Builder
}

// fileLine is the "file_test.go:123: " prefix of a test's log line.
var fileLine = regexp.MustCompile(`^\s*[\w.]+_test\.go:\d+: `)

func read(r io.Reader) (*tally, error) {
	tests := map[string]*result{}
	t := &tally{reasons: map[string][]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			continue // not test2json: the build's own output
		}
		if ev.Test == "" {
			if ev.Action == "fail" {
				t.packageFailed = true
			}
			if ev.Action == "output" {
				t.packageOutput.WriteString(ev.Output)
			}
			continue
		}
		if !strings.HasPrefix(ev.Test, "TestAcc") || strings.Contains(ev.Test, "/") {
			continue
		}
		res := tests[ev.Test]
		if res == nil {
			res = &result{}
			tests[ev.Test] = res
		}
		switch ev.Action {
		case "output":
			res.output.WriteString(ev.Output)
		case "pass", "fail", "skip":
			res.action = ev.Action
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for name, res := range tests {
		switch res.action {
		case "pass":
			t.passed = append(t.passed, name)
		case "skip":
			t.skipped = append(t.skipped, name)
			reason := skipReason(res.output.String())
			t.reasons[reason] = append(t.reasons[reason], name)
		default: // failed, or never finished
			t.failed = append(t.failed, name)
		}
	}
	sort.Strings(t.passed)
	sort.Strings(t.failed)
	sort.Strings(t.skipped)
	return t, nil
}

// skipReason is the message a skipped test logged last.
func skipReason(out string) string {
	reason := ""
	for _, line := range strings.Split(out, "\n") {
		if fileLine.MatchString(line) {
			reason = strings.TrimSpace(fileLine.ReplaceAllString(line, ""))
		}
	}
	if reason == "" {
		return "(no reason given)"
	}
	return reason
}

func (t *tally) total() int { return len(t.passed) + len(t.failed) + len(t.skipped) }

// ranPercent is the share of acceptance tests that ran (passed or failed), in percent.
func (t *tally) ranPercent() float64 {
	if t.total() == 0 {
		return 0
	}
	return 100 * float64(len(t.passed)+len(t.failed)) / float64(t.total())
}

func (t *tally) print(out io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "acceptance tests: %d, ran %d (%.1f%%): %d passed, %d failed; %d skipped\n",
		t.total(), len(t.passed)+len(t.failed), t.ranPercent(), len(t.passed), len(t.failed), len(t.skipped))
	reasons := make([]string, 0, len(t.reasons))
	for r := range t.reasons {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if len(t.reasons[reasons[i]]) != len(t.reasons[reasons[j]]) {
			return len(t.reasons[reasons[i]]) > len(t.reasons[reasons[j]])
		}
		return reasons[i] < reasons[j]
	})
	for _, r := range reasons {
		fmt.Fprintf(&b, "  skipped %d: %s\n", len(t.reasons[r]), r)
		for _, name := range t.reasons[r] {
			b.WriteString("    " + name + "\n")
		}
	}
	for _, name := range t.failed {
		b.WriteString("  FAILED: " + name + "\n")
	}
	_, err := io.WriteString(out, b.String())
	return err
}

func main() {
	minRun := flag.Float64("min-run", 0, "fail when fewer than this percent of the acceptance tests ran")
	flag.Parse()
	t, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "accsummary:", err)
		os.Exit(1)
	}
	if err := t.print(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "accsummary:", err)
		os.Exit(1)
	}
	switch {
	case t.total() == 0:
		fmt.Fprint(os.Stderr, t.packageOutput.String())
		fmt.Fprintln(os.Stderr, "accsummary: no acceptance test ran")
		os.Exit(1)
	case len(t.failed) > 0 || t.packageFailed:
		if len(t.failed) == 0 {
			fmt.Fprint(os.Stderr, t.packageOutput.String())
		}
		fmt.Fprintln(os.Stderr, "accsummary: the run failed")
		os.Exit(1)
	case t.ranPercent() < *minRun:
		fmt.Fprintf(os.Stderr, "accsummary: %.1f%% of the acceptance tests ran, fewer than %.0f%%\n", t.ranPercent(), *minRun)
		os.Exit(1)
	}
}
