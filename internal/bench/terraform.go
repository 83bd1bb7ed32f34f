package main

import (
	"bytes"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

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
