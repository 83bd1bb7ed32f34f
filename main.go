package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider"
)

// Generate the registry documentation from the schema, templates/ and examples/.
//go:generate go -C tools tool tfplugindocs generate --provider-dir .. --provider-name whatsapp

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/whatsapp-iac/whatsapp",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
