#!/usr/bin/env bash
# The whole suite: format and lint, type-check, then every test file under test/ with Node's runner.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== lint (biome)"
npx --no-install biome check --error-on-warnings .
echo "== typecheck (tsc)"
npx --no-install tsc -p tsconfig.json --noEmit
npx --no-install tsc -p tsconfig.renderer.json
echo "== build (the CLI tests run the compiled bin)"
npm run --silent build
echo "== tests (node --test)"
# Each run also writes TAP to a file, so the closing line below can sum all of them.
tap_dir=$(mktemp -d)
trap 'rm -rf "$tap_dir"' EXIT
run_tests() {
  local name=$1
  shift
  "$@" --import tsx --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap_dir/$name.tap" --test-concurrency=2 "${files[@]}"
}
mapfile -t files < <(find test -name '*.test.ts' -not -path 'test/keychain/*' | sort)
run_tests main node
files=(test/keychain/*.test.ts)
echo "== keychain: a real Secret Service (gnome-keyring-daemon in dbus-run-session)"
run_tests keyring dbus-run-session -- scripts/with-keyring.sh node
echo "== keychain: no Secret Service at all (must fail clearly)"
run_tests no-keyring env -u DBUS_SESSION_BUS_ADDRESS node
passed=$(cat "$tap_dir"/*.tap | awk '/^# pass /{s+=$3} END{print s+0}')
failed=$(cat "$tap_dir"/*.tap | awk '/^# fail /{s+=$3} END{print s+0}')
skipped=$(cat "$tap_dir"/*.tap | awk '/^# skipped /{s+=$3} END{print s+0}')
echo "all: ${passed} passed, ${failed} failed, ${skipped} skipped"
