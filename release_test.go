package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"gopkg.in/yaml.v3"

	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider"
	"github.com/whatsapp-iac/terraform-provider-whatsapp/internal/provider/fastpath"
)

// goreleaserConfig is the part of .goreleaser.yml the Terraform Registry depends on.
type goreleaserConfig struct {
	Version     int    `yaml:"version"`
	ProjectName string `yaml:"project_name"`
	Builds      []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Ldflags []string `yaml:"ldflags"`
		Flags   []string `yaml:"flags"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
	} `yaml:"builds"`
	Archives []struct {
		ID           string   `yaml:"id"`
		IDs          []string `yaml:"ids"`
		Formats      []string `yaml:"formats"`
		NameTemplate string   `yaml:"name_template"`
	} `yaml:"archives"`
	Checksum struct {
		IDs          []string `yaml:"ids"`
		NameTemplate string   `yaml:"name_template"`
		Algorithm    string   `yaml:"algorithm"`
		ExtraFiles   []struct {
			Glob         string `yaml:"glob"`
			NameTemplate string `yaml:"name_template"`
		} `yaml:"extra_files"`
	} `yaml:"checksum"`
	Signs []struct {
		ID        string   `yaml:"id"`
		Artifacts string   `yaml:"artifacts"`
		IDs       []string `yaml:"ids"`
		Args      []string `yaml:"args"`
	} `yaml:"signs"`
	Release struct {
		ExtraFiles []struct {
			Glob         string `yaml:"glob"`
			NameTemplate string `yaml:"name_template"`
		} `yaml:"extra_files"`
	} `yaml:"release"`
}

// The registry ingests a GitHub release only in its exact layout
// (https://developer.hashicorp.com/terraform/registry/providers/publishing): zip archives named
// terraform-provider-<name>_<version>_<os>_<arch>.zip holding terraform-provider-<name>_v<version>,
// a <name>_<version>_SHA256SUMS file listing them and the manifest, and its detached GPG signature.
func TestGoreleaserConfigFollowsTheRegistryLayout(t *testing.T) {
	raw, err := os.ReadFile(".goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg goreleaserConfig
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf(".goreleaser.yml: %v", err)
	}
	if cfg.Version != 2 {
		t.Errorf("version = %d, want 2 (GoReleaser v2 format)", cfg.Version)
	}
	if cfg.ProjectName != "terraform-provider-whatsapp" {
		t.Errorf("project_name = %q, want terraform-provider-whatsapp (archive and binary names derive from it)", cfg.ProjectName)
	}

	builds := map[string]int{}
	for i, b := range cfg.Builds {
		builds[b.ID] = i
	}
	pi, ok := builds["provider"]
	if !ok {
		t.Fatal("no build with id provider")
	}
	provider := cfg.Builds[pi]
	if provider.Main != "" && provider.Main != "." {
		t.Errorf("provider build main = %q, want the module root", provider.Main)
	}
	if provider.Binary != "{{ .ProjectName }}_v{{ .Version }}" {
		t.Errorf("provider binary = %q, want {{ .ProjectName }}_v{{ .Version }}", provider.Binary)
	}
	ldflags := strings.Join(provider.Ldflags, " ")
	for _, want := range []string{"-X main.version={{ .Version }}", "-X main.commit={{ .Commit }}"} {
		if !strings.Contains(ldflags, want) {
			t.Errorf("provider ldflags %q lack %q", ldflags, want)
		}
	}
	if !contains(provider.Env, "CGO_ENABLED=0") {
		t.Error("provider build must set CGO_ENABLED=0 (static binaries for every platform)")
	}
	for _, p := range []string{"linux", "darwin", "windows", "freebsd"} {
		if !contains(provider.Goos, p) {
			t.Errorf("provider build lacks goos %s", p)
		}
	}
	for _, a := range []string{"amd64", "arm64", "arm", "386"} {
		if !contains(provider.Goarch, a) {
			t.Errorf("provider build lacks goarch %s", a)
		}
	}

	ei, ok := builds["emulator"]
	if !ok {
		t.Fatal("no build with id emulator: the Graph API emulator ships with each release")
	}
	emu := cfg.Builds[ei]
	if filepath.Clean(emu.Main) != filepath.Join("internal", "emulator", "cmd", "whatsapp-emulator") {
		t.Errorf("emulator build main = %q", emu.Main)
	}
	if emu.Binary != "whatsapp-emulator" {
		t.Errorf("emulator binary = %q, want whatsapp-emulator", emu.Binary)
	}
	for _, p := range []string{"linux", "darwin", "windows"} {
		if !contains(emu.Goos, p) {
			t.Errorf("emulator build lacks goos %s", p)
		}
	}
	for _, a := range []string{"amd64", "arm64"} {
		if !contains(emu.Goarch, a) {
			t.Errorf("emulator build lacks goarch %s", a)
		}
	}
	if _, err := os.Stat(filepath.Join(emu.Main, "main.go")); err != nil {
		t.Errorf("emulator build main %s: %v", emu.Main, err)
	}

	var providerArchive, emulatorArchive bool
	for _, a := range cfg.Archives {
		switch {
		case contains(a.IDs, "provider"):
			providerArchive = true
			if len(a.IDs) != 1 {
				t.Errorf("the provider archive holds builds %v; the registry's zips hold the provider only", a.IDs)
			}
			if len(a.Formats) != 1 || a.Formats[0] != "zip" {
				t.Errorf("provider archive formats = %v, want [zip]", a.Formats)
			}
			if a.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" {
				t.Errorf("provider archive name_template = %q, want {{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}", a.NameTemplate)
			}
		case contains(a.IDs, "emulator"):
			emulatorArchive = true
			if strings.HasPrefix(a.NameTemplate, "{{ .ProjectName }}") || strings.HasPrefix(a.NameTemplate, "terraform-provider-") {
				t.Errorf("emulator archive name %q could be taken for a provider archive", a.NameTemplate)
			}
		default:
			t.Errorf("archive %q does not select its builds with ids", a.ID)
		}
	}
	if !providerArchive || !emulatorArchive {
		t.Errorf("want a provider archive and an emulator archive (provider %v, emulator %v)", providerArchive, emulatorArchive)
	}

	if cfg.Checksum.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_SHA256SUMS" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum = %q (%s), want {{ .ProjectName }}_{{ .Version }}_SHA256SUMS (sha256)", cfg.Checksum.NameTemplate, cfg.Checksum.Algorithm)
	}
	manifest := func(files []struct {
		Glob         string `yaml:"glob"`
		NameTemplate string `yaml:"name_template"`
	}) bool {
		for _, f := range files {
			if f.Glob == "terraform-registry-manifest.json" && f.NameTemplate == "{{ .ProjectName }}_{{ .Version }}_manifest.json" {
				return true
			}
		}
		return false
	}
	if !manifest(cfg.Checksum.ExtraFiles) {
		t.Error("the SHA256SUMS must list terraform-registry-manifest.json as {{ .ProjectName }}_{{ .Version }}_manifest.json")
	}
	if !manifest(cfg.Release.ExtraFiles) {
		t.Error("the release must attach terraform-registry-manifest.json as {{ .ProjectName }}_{{ .Version }}_manifest.json")
	}

	// The registry's SHA256SUMS lists the provider archives and the manifest, nothing else.
	if len(cfg.Checksum.IDs) != 1 || cfg.Checksum.IDs[0] != "provider" {
		t.Errorf("checksum.ids = %v, want [provider]: the registry's SHA256SUMS lists only the provider archives and the manifest", cfg.Checksum.IDs)
	}

	var checksumSigned, emulatorSigned bool
	for _, sign := range cfg.Signs {
		switch {
		case sign.Artifacts == "checksum":
			checksumSigned = true
		case sign.Artifacts == "archive" && len(sign.IDs) == 1 && sign.IDs[0] == "emulator":
			emulatorSigned = true
		default:
			t.Errorf("unexpected signing step %q (artifacts %q, ids %v)", sign.ID, sign.Artifacts, sign.IDs)
		}
		args := strings.Join(sign.Args, " ")
		for _, want := range []string{"--detach-sign", "--local-user {{ .Env.GPG_FINGERPRINT }}", "--output ${signature}", "${artifact}", "--batch"} {
			if !strings.Contains(args, want) {
				t.Errorf("signs %q args %q lack %q", sign.ID, args, want)
			}
		}
	}
	if !checksumSigned {
		t.Error("no signing step with artifacts: checksum (the registry verifies the SHA256SUMS signature)")
	}
	if !emulatorSigned {
		t.Error("the emulator archives, outside SHA256SUMS, need their own signatures")
	}
}

// The registry reads the plugin protocol version from the manifest; the provider serves protocol 6.
func TestRegistryManifest(t *testing.T) {
	raw, err := os.ReadFile("terraform-registry-manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("terraform-registry-manifest.json: %v", err)
	}
	if m.Version != 1 || len(m.Metadata.ProtocolVersions) != 1 || m.Metadata.ProtocolVersions[0] != "6.0" {
		t.Errorf("manifest = %+v, want version 1 and protocol_versions [\"6.0\"]", m)
	}
}

// The ldflags of the release build reach the binary: -version prints them.
func TestVersionFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider")
	}
	bin := filepath.Join(t.TempDir(), "terraform-provider-whatsapp")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X main.version=1.2.3 -X main.commit=abc1234", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "-version").CombinedOutput()
	if err != nil {
		t.Fatalf("-version: %v\n%s", err, out)
	}
	if got, want := string(out), "terraform-provider-whatsapp 1.2.3 (commit abc1234)\n"; got != want {
		t.Errorf("-version printed %q, want %q", got, want)
	}
}

func TestPrintVersionWithoutCommit(t *testing.T) {
	var b bytes.Buffer
	printVersion(&b)
	if !regexp.MustCompile(`^terraform-provider-whatsapp dev\n$`).MatchString(b.String()) {
		t.Errorf("printVersion = %q", b.String())
	}
}

// CHANGELOG.md follows the HashiCorp provider format: "## X.Y.Z (Unreleased)" or
// "## X.Y.Z (Month D, YYYY)" headings, newest first, with upper-case section labels, and every
// resource and data source the provider serves was announced under FEATURES.
func TestChangelog(t *testing.T) {
	raw, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	heading := regexp.MustCompile(`^## (0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*) \((Unreleased|(January|February|March|April|May|June|July|August|September|October|November|December) [1-9][0-9]?, [0-9]{4})\)$`)
	sections := map[string]bool{"NOTES:": true, "FEATURES:": true, "ENHANCEMENTS:": true, "BUG FIXES:": true, "BREAKING CHANGES:": true}
	headings := 0
	for i, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			if !heading.MatchString(line) {
				t.Errorf("CHANGELOG.md:%d: heading %q is not \"## X.Y.Z (Unreleased)\" or \"## X.Y.Z (Month D, YYYY)\"", i+1, line)
			}
			if headings == 0 && i != 0 {
				t.Errorf("CHANGELOG.md must start with the newest version's heading")
			}
			headings++
		case strings.HasSuffix(line, ":") && strings.ToUpper(line) == line && !strings.HasPrefix(line, "*"):
			if !sections[line] {
				t.Errorf("CHANGELOG.md:%d: unknown section %q", i+1, line)
			}
		case strings.HasPrefix(line, "* ") || line == "":
		default:
			t.Errorf("CHANGELOG.md:%d: %q is neither a heading, a section nor a \"* \" entry", i+1, line)
		}
	}
	if headings == 0 {
		t.Fatal("CHANGELOG.md has no version heading")
	}

	s, err := provider.NewServer("test", fastpath.ModeOff)()
	if err != nil {
		t.Fatal(err)
	}
	schemas, err := s.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for typeName := range schemas.ResourceSchemas {
		if !strings.Contains(text, "**New Resource:** `"+typeName+"`") {
			t.Errorf("CHANGELOG.md does not announce **New Resource:** `%s`", typeName)
		}
	}
	for typeName := range schemas.DataSourceSchemas {
		if !strings.Contains(text, "**New Data Source:** `"+typeName+"`") {
			t.Errorf("CHANGELOG.md does not announce **New Data Source:** `%s`", typeName)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
