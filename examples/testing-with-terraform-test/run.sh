#!/usr/bin/env bash
# Runs this example's `terraform test` suite offline, against the Graph API emulator:
#   1. starts whatsapp-emulator from seed.json on a free loopback port, with -review-delay 0s;
#   2. points the provider at it (WHATSAPP_BASE_URL, WHATSAPP_ACCESS_TOKEN... from its ready line);
#   3. installs the test modules and runs terraform test; 4. stops the emulator.
# Extra arguments go to terraform test, e.g. ./run.sh -filter=tests/review.tftest.hcl -verbose.
#
# Binaries:
#   EMULATOR_BIN  the whatsapp-emulator binary (default: whatsapp-emulator on PATH, else built
#                 from this repository with go build).
#   PROVIDER_DIR  a directory holding a terraform-provider-whatsapp binary, used through a
#                 dev_overrides CLI configuration (default: inside this repository, the provider
#                 built from it; elsewhere, none: terraform init installs the provider from the
#                 registry).
#   TERRAFORM     the CLI to run (default: terraform on PATH; tofu for OpenTofu).
set -euo pipefail
terraform="${TERRAFORM:-terraform}"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The repository root when the example sits in the provider's repository.
repo=""
if [ -f "$here/../../go.mod" ] && grep -q '^module github.com/whatsapp-iac/terraform-provider-whatsapp' "$here/../../go.mod"; then
  repo=$(cd "$here/../.." && pwd)
fi

emulator=${EMULATOR_BIN:-}
if [ -z "$emulator" ]; then
  if command -v whatsapp-emulator >/dev/null; then
    emulator=$(command -v whatsapp-emulator)
  elif [ -n "$repo" ]; then
    (cd "$repo" && go build -o "$work/bin/whatsapp-emulator" ./internal/emulator/cmd/whatsapp-emulator)
    emulator="$work/bin/whatsapp-emulator"
  else
    echo "whatsapp-emulator not found: put it on PATH or set EMULATOR_BIN" >&2
    exit 2
  fi
fi
provider_dir=${PROVIDER_DIR:-}
if [ -z "$provider_dir" ] && [ -n "$repo" ]; then
  (cd "$repo" && go build -o "$work/bin/terraform-provider-whatsapp" .)
  provider_dir="$work/bin"
fi

# Start the emulator; its first stdout line is the JSON ready line.
"$emulator" -addr 127.0.0.1:0 -review-delay 0s -seed-file "$here/seed.json" >"$work/ready.json" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 1 100); do [ -s "$work/ready.json" ] && break; sleep 0.1; done
ready=$(head -n 1 "$work/ready.json")
[ -n "$ready" ] || { echo "the emulator did not start:" >&2; cat "$work/emulator.log" >&2; exit 1; }
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$ready"; }

export WHATSAPP_BASE_URL="$(field base_url)" WHATSAPP_ACCESS_TOKEN="$(field access_token)"
export WHATSAPP_BUSINESS_ACCOUNT_ID="$(field business_account_id)" WHATSAPP_APP_ID="$(field app_id)" WHATSAPP_APP_SECRET="$(field app_secret)"
export TF_VAR_emulator_url="$WHATSAPP_BASE_URL" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
# Keep .terraform out of the example directory.
export TF_DATA_DIR="$work/terraform-data"
echo "emulator at $WHATSAPP_BASE_URL (seed: $here/seed.json)"

cd "$here"
if [ -n "$provider_dir" ]; then
  # A development build: Terraform takes the provider from provider_dir. terraform init is not
  # needed (and fails offline); terraform get installs the modules the tests use.
  cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/whatsapp-iac/whatsapp" = "$provider_dir"
    "registry.opentofu.org/whatsapp-iac/whatsapp" = "$provider_dir"
  }
  direct {}
}
RC
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
  "$terraform" get -no-color >/dev/null
else
  "$terraform" init -input=false -no-color >/dev/null
fi
"$terraform" test -no-color "$@"
