package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/graph"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// Address is the provider's address in the Terraform Registry.
const Address = "registry.terraform.io/whatsapp-iac/" + typeName

// typeName is the provider's type name, the prefix of every resource and data source.
const typeName = "whatsapp"

// EnvFastPaths names the environment variable that selects the protocol server's fast paths:
// on (the default), off, or verify (see package fastpath).
const EnvFastPaths = "WHATSAPP_FAST_PATHS"

// FastPathsFromEnv reads EnvFastPaths.
func FastPathsFromEnv() (fastpath.Mode, error) {
	mode, err := fastpath.ParseMode(os.Getenv(EnvFastPaths))
	if err != nil {
		return "", fmt.Errorf("%s %w", EnvFastPaths, err)
	}
	return mode, nil
}

// NewServer returns the factory of the provider's protocol server: terraform-plugin-framework's
// server for a new provider instance, behind the fast paths of package fastpath in the given
// mode. The factory owns one graph.Quota and gives it to every server it makes, so all provider
// configurations it serves (aliases included) share Meta's quota.
func NewServer(version string, mode fastpath.Mode) func() (tfprotov6.ProviderServer, error) {
	return newServer(version, mode, graph.NewQuota())
}

// newServer is NewServer with the quota its servers share.
func newServer(version string, mode fastpath.Mode, quota *graph.Quota) func() (tfprotov6.ProviderServer, error) {
	return newServerWith(version, mode, quota, nil)
}

// newServerWith is newServer whose providers tune changes before they serve (tests set their
// hooks with it).
func newServerWith(version string, mode fastpath.Mode, quota *graph.Quota, tune func(*whatsappProvider)) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &whatsappProvider{version: version, quota: quota}
		if tune != nil {
			tune(p)
		}
		framework, err := providerserver.NewProtocol6WithError(p)()
		if err != nil {
			return nil, err
		}
		s, err := fastpath.New(context.Background(), framework, fastpath.Config{Provider: p, Version: version, Mode: mode, Notices: p.notices})
		if fs, ok := s.(*fastpath.Server); ok {
			p.onConfigure = fs.Configured
		}
		return s, err
	}
}
