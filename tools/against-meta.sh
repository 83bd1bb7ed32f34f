#!/usr/bin/env bash
# The acceptance tests in the against-Meta mode, tallied by internal/accsummary.
#
#   tools/against-meta.sh            against Meta, with the WHATSAPP_* variables already set
#                                    (docs/guides/testing-against-meta.md lists them)
#   tools/against-meta.sh emulator   against a standalone emulator started here from
#                                    internal/provider/testdata/against-meta-seed.json: the
#                                    tests reach it only as they would reach Meta (the control
#                                    API is refused), with the account's ids as the guide's
#                                    variables and every opt-in set, since nothing real changes
#
# MIN_RUN is the least share of acceptance tests that must run, in percent (default 0 against
# Meta, 73 against the emulator); TESTS narrows the run (a go test -run pattern).
set -euo pipefail
cd "$(dirname "$0")/.."
newest="${TF_ACC_TERRAFORM_PATH:-$(bash tools/terraform-binary.sh terraform)}"
min_run="${MIN_RUN:-0}"

if [ "${1:-}" = emulator ]; then
	min_run="${MIN_RUN:-73}"
	work="$(mktemp -d)"
	pid=""
	trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
	go build -o "$work/whatsapp-emulator" ./internal/emulator/cmd/whatsapp-emulator
	seed=internal/provider/testdata/against-meta-seed.json
	# Meta's hourly windows (template creations, the business-use-case quota) last two minutes
	# here, so that the whole suite on one account stays within them as it would in an hour.
	"$work/whatsapp-emulator" -addr 127.0.0.1:0 -review-delay 2s -rate-window 2m -seed-file "$seed" >"$work/ready" 2>"$work/log" &
	pid=$!
	for _ in $(seq 1 100); do [ -s "$work/ready" ] && break; sleep 0.1; done
	[ -s "$work/ready" ] || { cat "$work/log" >&2; echo "the emulator did not start" >&2; exit 1; }
	ready="$(head -1 "$work/ready")"
	field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$ready"; }
	export WHATSAPP_BASE_URL="$(field base_url)"
	export WHATSAPP_ACCESS_TOKEN="$(field access_token)"
	export WHATSAPP_BUSINESS_ACCOUNT_ID="$(field business_account_id)"
	export WHATSAPP_BUSINESS_ID="$(field business_id)"
	export WHATSAPP_PHONE_NUMBER_ID="$(field phone_number_id)"
	export WHATSAPP_APP_ID="$(field app_id)"
	export WHATSAPP_APP_SECRET="$(field app_secret)"
	# The seed file's other objects, by the ids it gives them.
	export WHATSAPP_TEST_USER_ID=540000000000001 WHATSAPP_TEST_SECOND_USER_ID=540000000000002
	export WHATSAPP_TEST_SECOND_PHONE_NUMBER_ID=530000000000003
	export WHATSAPP_TEST_UNREGISTERED_PHONE_NUMBER_ID=530000000000002
	export WHATSAPP_TEST_NO_TWO_STEP_PHONE_NUMBER_ID=530000000000004
	export WHATSAPP_TEST_SECOND_BUSINESS_ACCOUNT_ID=520000000000002
	export WHATSAPP_TEST_CLIENT_BUSINESS_ACCOUNT_ID=520000000000003
	export WHATSAPP_TEST_PENDING_PHONE_NUMBER_ID=530000000000002
	export WHATSAPP_TEST_EMPTY_BUSINESS_ACCOUNT_ID=520000000000004
	export WHATSAPP_TEST_CREDIT_LINE_ID=550000000000001
	export WHATSAPP_TEST_RECIPIENT=16505551234 WHATSAPP_TEST_HAS_CATALOG=1
	export WHATSAPP_ACC_MAY_CHANGE_ACCOUNT=1 WHATSAPP_ACC_SLOW=1
	echo "== the acceptance tests against a standalone emulator at $WHATSAPP_BASE_URL, in the against-Meta mode"
else
	[ -n "${WHATSAPP_ACCESS_TOKEN:-}" ] && [ -n "${WHATSAPP_BUSINESS_ACCOUNT_ID:-}" ] ||
		{ echo "set WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID (docs/guides/testing-against-meta.md)" >&2; exit 1; }
	echo "== the acceptance tests against ${WHATSAPP_BASE_URL:-https://graph.facebook.com}"
fi

# ACC_LOG keeps the run's go test -json output (default: a temporary file).
log="${ACC_LOG:-$(mktemp)}"
set +e
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$newest" go test ./internal/provider -run "${TESTS:-^TestAcc}" -count=1 -timeout "${TIMEOUT:-120m}" -json >"$log" 2>&1
rc=$?
set -e
go run ./internal/accsummary -min-run "$min_run" <"$log" || exit 1
exit $rc
