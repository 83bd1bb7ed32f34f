package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	rtdebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider"
)

// Generate the registry documentation from the schema, templates/ and examples/.
//go:generate go -C tools tool tfplugindocs generate --provider-dir .. --provider-name whatsapp

// version and commit are set by the release build (goreleaser ldflags
// "-X main.version={{ .Version }} -X main.commit={{ .Commit }}").
var (
	version = "dev"
	commit  = ""
)

func main() {
	var debug, showVersion bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.BoolVar(&showVersion, "version", false, "print the provider version and exit")
	flag.Parse()
	quietUnlessLogging()
	if os.Getenv("GOMEMLIMIT") == "" && os.Getenv("GOGC") == "" {
		// A plan of a thousand templates allocates fast but keeps little: collect rarely, and
		// at the latest when the heap reaches a soft limit well under what a plan may use.
		rtdebug.SetGCPercent(400)
		rtdebug.SetMemoryLimit(memoryLimit)
	}

	if showVersion {
		printVersion(os.Stdout)
		return
	}

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	fastPaths, err := provider.FastPathsFromEnv()
	if err != nil {
		log.Fatal(err.Error())
	}
	server, err := provider.NewServer(version, fastPaths)()
	if err != nil {
		log.Fatal(err.Error())
	}
	err = tf6server.Serve(provider.Address, func() tfprotov6.ProviderServer { return server }, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}

// printVersion writes "terraform-provider-whatsapp <version>", with the commit when known.
func printVersion(w io.Writer) {
	line := "terraform-provider-whatsapp " + version
	if commit != "" {
		line += " (commit " + commit + ")"
	}
	if _, err := fmt.Fprintln(w, line); err != nil {
		log.Fatal(err.Error())
	}
}

// memoryLimit is the provider's soft memory limit unless GOMEMLIMIT sets one.
const memoryLimit = 96 << 20

// quietUnlessLogging turns the plugin SDK's and the provider's logs off when nobody asked for
// logs. Without a level set, the SDK logs every call at TRACE and Terraform parses and discards
// it all, which costs more than the provider's own work in a plan of many resources. Setting
// TF_LOG (or any TF_LOG_PROVIDER / TF_LOG_SDK* level) keeps the usual behaviour.
func quietUnlessLogging() {
	for _, k := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_WHATSAPP", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if os.Getenv(k) != "" {
			return
		}
	}
	for _, k := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		_ = os.Setenv(k, "OFF")
	}
}
