#!/usr/bin/env bash
# Prints the path of a Terraform or OpenTofu CLI of a pinned version, building it from its Go
# module source when it is not cached yet.
#
#   tools/terraform-binary.sh terraform   # Terraform $TERRAFORM_VERSION (default below)
#   tools/terraform-binary.sh tofu        # OpenTofu  $TOFU_VERSION (default below)
#
# Release downloads are not needed: the Go module proxy serves both projects' sources. Terraform's
# go.mod points its remote-state backends (s3, gcs, azurerm, …) at nested modules that the module
# zip leaves out; they are dropped from the build, which keeps every other backend (local, remote,
# cloud, http, inmem). The result is cached outside the clone, in
# ${WHATSAPP_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-whatsapp}/bin, and built
# only when missing; a build takes one to two minutes.
#
# An explicit binary wins: TERRAFORM_BINARY (for terraform) or TOFU_BINARY (for tofu), when set, is
# printed as it is.
set -euo pipefail

TERRAFORM_VERSION="${TERRAFORM_VERSION:-1.15.0}"
TOFU_VERSION="${TOFU_VERSION:-1.12.6}"

kind="${1:-}"
case "$kind" in
terraform)
	[ -n "${TERRAFORM_BINARY:-}" ] && { echo "$TERRAFORM_BINARY"; exit 0; }
	module=github.com/hashicorp/terraform version="$TERRAFORM_VERSION" main=. ;;
tofu)
	[ -n "${TOFU_BINARY:-}" ] && { echo "$TOFU_BINARY"; exit 0; }
	module=github.com/opentofu/opentofu version="$TOFU_VERSION" main=./cmd/tofu ;;
*)
	echo "usage: $0 terraform|tofu" >&2
	exit 2 ;;
esac

cache="${WHATSAPP_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-whatsapp}/bin"
out="$cache/$kind-$version"
if [ -x "$out" ] && "$out" version >/dev/null 2>&1; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "building $kind $version from $module@v$version (cached in $cache)" >&2
src="$(go mod download -json "$module@v$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -d "$src" ] || { echo "go mod download found no source of $module@v$version" >&2; exit 1; }
cp -r "$src/." "$work/src"
chmod -R u+w "$work/src"
cd "$work/src"

# Nested modules the zip leaves out: drop their requires and replaces, and the backends that
# import them.
missing=()
while read -r path; do
	[ -d "$path" ] || missing+=("$path")
done < <(sed -n 's/^replace [^ ]* => \(\.\/[^ ]*\)$/\1/p' go.mod)
if [ ${#missing[@]} -gt 0 ]; then
	for path in "${missing[@]}"; do
		modpath="$module/${path#./}"
		grep -v -F -e "$modpath " -e "$modpath	" go.mod > go.mod.new || true
		mv go.mod.new go.mod
		pkg="$module/${path#./}"
		for f in $(grep -rl --include='*.go' -F "\"$pkg\"" . || true); do
			case "$f" in *_test.go) rm -f "$f"; continue ;; esac
			alias="$(sed -n "s/^[[:space:]]*\([A-Za-z0-9_]*\)[[:space:]]*\"${pkg//\//\\/}\"$/\1/p" "$f" | head -n1)"
			[ -n "$alias" ] || { echo "$f imports $pkg without an alias; cannot drop it" >&2; exit 1; }
			# The import, and the lines that use it (the backend registry's entries).
			sed -i -e "\#\"$pkg\"#d" -e "/\b$alias\./d" "$f"
		done
	done
fi

GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X $module/version.dev=no" -o "$work/$kind" "$main"
"$work/$kind" version >&2
mv "$work/$kind" "$out"
echo "$out"
