package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

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

	if showVersion {
		printVersion(os.Stdout)
		return
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/whatsapp-iac/whatsapp",
		Debug:   debug,
	})
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
