// Command whatsapp-emulator serves the Graph API emulator on a TCP address
// for manual testing and for tools outside Go tests.
//
// The first line on stdout is a JSON object describing the seed (base_url,
// access_token, business_id, business_account_id, phone_number_id,
// system_user_id, app_id, app_secret, business_account_ids,
// phone_number_ids); nothing else is written to stdout. Logs go to stderr. The
// process runs until SIGINT or SIGTERM and then exits 0.
//
// Settings come from flags or the environment: -addr / EMULATOR_ADDR
// (default 127.0.0.1:8787, port 0 picks a free port), -access-token /
// EMULATOR_ACCESS_TOKEN, -app-secret / EMULATOR_APP_SECRET, -review-delay /
// EMULATOR_REVIEW_DELAY (Go duration, default 3s),
// -require-appsecret-proof / EMULATOR_REQUIRE_APPSECRET_PROOF,
// -seed-file / EMULATOR_SEED_FILE (a JSON file describing the starting
// account: businesses, WABAs, phone numbers, templates, review rules,
// credentials) and -rate-window / EMULATOR_RATE_WINDOW (Go duration, default
// 1h: the length of Meta's hourly template creation and business-use-case
// windows, shortened to try paced bulk applies quickly). -version prints the
// version and exits.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/emulator"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "whatsapp-emulator:", err)
		os.Exit(2)
	}
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// version and commit are set by the release build's ldflags.
var (
	version = "dev"
	commit  = "none"
)

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("whatsapp-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", envOr("EMULATOR_ADDR", "127.0.0.1:8787"), "listen address (port 0 picks a free port)")
	token := fs.String("access-token", envOr("EMULATOR_ACCESS_TOKEN", ""), "access token to accept (generated if empty)")
	secret := fs.String("app-secret", envOr("EMULATOR_APP_SECRET", ""), "app secret for appsecret_proof (generated if empty)")
	delay := fs.String("review-delay", envOr("EMULATOR_REVIEW_DELAY", "3s"), "delay before a PENDING template gets its review outcome")
	requireProof := fs.String("require-appsecret-proof", envOr("EMULATOR_REQUIRE_APPSECRET_PROOF", "false"), "reject calls without appsecret_proof")
	rateWindow := fs.String("rate-window", envOr("EMULATOR_RATE_WINDOW", "1h"), "length of Meta's hourly rate windows (template creation limit, business-use-case quota)")
	seedFile := fs.String("seed-file", envOr("EMULATOR_SEED_FILE", ""), "JSON file describing the starting account (default: one business, WABA and number)")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		_, err := fmt.Fprintf(stdout, "whatsapp-emulator %s (commit %s)\n", version, commit)
		return err
	}
	var account *emulator.SeedFile
	if *seedFile != "" {
		sf, err := emulator.LoadSeedFile(*seedFile)
		if err != nil {
			return err
		}
		account = sf
	}
	reviewDelay, err := time.ParseDuration(*delay)
	if err != nil {
		return fmt.Errorf("review delay: %w", err)
	}
	window, err := time.ParseDuration(*rateWindow)
	if err != nil || window <= 0 {
		return fmt.Errorf("rate window: %q must be a positive Go duration such as 1h or 2m", *rateWindow)
	}
	proof, err := strconv.ParseBool(*requireProof)
	if err != nil {
		return fmt.Errorf("require appsecret proof: %w", err)
	}

	// Listen for signals before announcing readiness, so that a signal sent
	// right after the ready line still shuts down cleanly.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)

	logger := log.New(stderr, "whatsapp-emulator: ", log.LstdFlags)
	srv, err := emulator.Start(*addr, emulator.Options{
		AccessToken:           *token,
		AppSecret:             *secret,
		ReviewDelay:           reviewDelay,
		RequireAppSecretProof: proof,
		RateWindow:            window,
		SeedFile:              account,
	})
	if err != nil {
		return err
	}
	seed, err := json.Marshal(srv.Emulator.Seed())
	if err != nil {
		srv.Close()
		return err
	}
	if _, err := fmt.Fprintf(stdout, "%s\n", seed); err != nil {
		srv.Close()
		return err
	}
	logger.Printf("serving Graph API emulator at %s (control API at %s/_emulator/)", srv.URL, srv.URL)

	s := <-sig
	logger.Printf("received %s, shutting down", s)
	srv.Close()
	return nil
}
