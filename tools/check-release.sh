#!/usr/bin/env bash
# Checks a goreleaser dist/ directory against the Terraform Registry's layout: one zip per
# platform named terraform-provider-whatsapp_<version>_<os>_<arch>.zip holding only
# terraform-provider-whatsapp_v<version>[.exe]; the manifest as
# terraform-provider-whatsapp_<version>_manifest.json; a SHA256SUMS file whose sums match and
# which lists exactly those archives and the manifest; and the emulator archives beside them.
# Usage: tools/check-release.sh [dist]
set -euo pipefail
dist=${1:-dist}
name=terraform-provider-whatsapp
fail() { echo "release check: $*" >&2; exit 1; }

[ -f "$dist/metadata.json" ] || fail "$dist/metadata.json not found; run goreleaser first"
version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' "$dist/metadata.json")
[ -n "$version" ] || fail "no version in $dist/metadata.json"
echo "release check: version $version"

sums="$dist/${name}_${version}_SHA256SUMS"
[ -f "$sums" ] || fail "$sums missing"
# The manifest is listed under its release name with the sum of terraform-registry-manifest.json
# (goreleaser uploads it at publish time; it is not copied into dist/).
manifest_sum=$(sha256sum terraform-registry-manifest.json | cut -d' ' -f1)
grep -qx "$manifest_sum  ${name}_${version}_manifest.json" "$sums" || fail "SHA256SUMS does not list terraform-registry-manifest.json as ${name}_${version}_manifest.json"
(cd "$dist" && grep -v "_manifest.json\$" "$(basename "$sums")" | sha256sum --check --quiet -) || fail "SHA256SUMS does not match the archives"

platforms="darwin_amd64 darwin_arm64 freebsd_386 freebsd_amd64 freebsd_arm freebsd_arm64 linux_386 linux_amd64 linux_arm linux_arm64 windows_386 windows_amd64 windows_arm64"
for p in $platforms; do
  zip="${name}_${version}_${p}.zip"
  [ -f "$dist/$zip" ] || fail "$zip missing"
  grep -q "  $zip\$" "$sums" || fail "SHA256SUMS does not list $zip"
  bin="${name}_v${version}"
  [[ $p == windows_* ]] && bin="$bin.exe"
  files=$(unzip -Z1 "$dist/$zip")
  [ "$files" = "$bin" ] || fail "$zip holds [$files], want only $bin"
done
provider_zips=$(find "$dist" -maxdepth 1 -name "${name}_*.zip" | wc -l)
[ "$provider_zips" -eq "$(wc -w <<<"$platforms")" ] || fail "$provider_zips provider archives, want $(wc -w <<<"$platforms")"

for p in darwin_amd64 darwin_arm64 linux_amd64 linux_arm64 windows_amd64 windows_arm64; do
  if [[ $p == windows_* ]]; then
    archive="whatsapp-emulator_${version}_${p}.zip"
    [ -f "$dist/$archive" ] || fail "$archive missing"
    unzip -Z1 "$dist/$archive" | grep -qx "whatsapp-emulator.exe" || fail "$archive lacks whatsapp-emulator.exe"
  else
    archive="whatsapp-emulator_${version}_${p}.tar.gz"
    [ -f "$dist/$archive" ] || fail "$archive missing"
    tar -tzf "$dist/$archive" | grep -qx "whatsapp-emulator" || fail "$archive lacks whatsapp-emulator"
  fi
  ! grep -q "  $archive\$" "$sums" || fail "SHA256SUMS lists $archive; it must hold the registry's files only"
done
# SHA256SUMS: exactly the provider archives and the manifest.
[ "$(wc -l <"$sums")" -eq $(($(wc -w <<<"$platforms") + 1)) ] || fail "SHA256SUMS has $(wc -l <"$sums") lines, want one per provider archive and the manifest"

# The host's own binary reports the release version.
host="$(go env GOOS)_$(go env GOARCH)"
if [ -f "$dist/${name}_${version}_${host}.zip" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  unzip -q "$dist/${name}_${version}_${host}.zip" -d "$tmp"
  out=$("$tmp/${name}_v${version}" -version)
  [[ $out == "$name $version"* ]] || fail "the $host binary reports \"$out\", want $name $version"
fi
echo "release check: ok: provider archives for $(wc -w <<<"$platforms") platforms and the manifest in SHA256SUMS, emulator archives for 6 platforms"
