#!/usr/bin/env bash
# make demo: build the provider and the Graph API emulator, start the emulator on loopback, and
# run terraform init/apply/plan/destroy on an example against it (examples/support-line, or the
# one named by DEMO_EXAMPLE, such as quickstart), using a dev_overrides CLI configuration written
# to a temporary directory. Exits non-zero on any failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
emulator_pid=""
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building the provider and the emulator"
(cd "$root" && go build -o "$work/bin/terraform-provider-whatsapp" . && go build -o "$work/bin/whatsapp-emulator" ./internal/emulator/cmd/whatsapp-emulator)

step "Starting the Graph API emulator"
EMULATOR_ADDR=127.0.0.1:0 EMULATOR_REVIEW_DELAY="${EMULATOR_REVIEW_DELAY:-3s}" \
  "$work/bin/whatsapp-emulator" >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 1 100); do [ -s "$work/emulator.out" ] && break; sleep 0.1; done
ready=$(head -n 1 "$work/emulator.out")
[ -n "$ready" ] || { echo "emulator did not start:"; cat "$work/emulator.log"; exit 1; }
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$ready"; }
base_url=$(field base_url)
echo "emulator at $base_url (WABA $(field business_account_id))"

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/whatsapp-iac/whatsapp" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1
export WHATSAPP_BASE_URL="$base_url" WHATSAPP_ACCESS_TOKEN="$(field access_token)" WHATSAPP_BUSINESS_ACCOUNT_ID="$(field business_account_id)"
export WHATSAPP_APP_ID="$(field app_id)" WHATSAPP_APP_SECRET="$(field app_secret)"
# The support line's inputs: the emulator's seeded number, and its webhook sink as the backend's
# callback (it answers Meta's verification handshake like a real endpoint would).
export TF_VAR_phone_number_id="$(field phone_number_id)"
export TF_VAR_webhook_verify_token="demo-$RANDOM$RANDOM"
export TF_VAR_webhook_callback_url="$base_url/_emulator/webhook-sink?expect_verify_token=$TF_VAR_webhook_verify_token"
example="${DEMO_EXAMPLE:-support-line}"
cp -r "$root/examples/$example" "$work/$example"
cd "$work/$example"
echo "example: examples/$example"

step "terraform init"
terraform init -input=false -no-color | grep -v '^$' || true
step "terraform apply: templates are submitted to review"
terraform apply -input=false -auto-approve
step "Waiting for Meta's review (emulated)"
sleep "${DEMO_REVIEW_WAIT:-5}"
step "terraform apply -refresh-only: the templates are now reviewed"
terraform apply -input=false -refresh-only -auto-approve
step "terraform plan: no changes expected"
set +e
terraform plan -input=false -detailed-exitcode
code=$?
set -e
[ "$code" -eq 0 ] || { echo "expected an empty plan, terraform plan exited $code"; exit 1; }
step "terraform destroy"
terraform destroy -input=false -auto-approve
step "Graph calls the emulator received"
curl -fsS "$base_url/_emulator/requests" | grep -o '"method":"[A-Z]*","path":"[^"]*"' | sed 's/"method":"\([A-Z]*\)","path":"\([^"]*\)"/  \1 \2/' | sort | uniq -c
echo
echo "Demo finished: templates created, reviewed, unchanged on re-plan, and destroyed."
