#!/usr/bin/env bash
# The whole suite: format and lint, type-check, then every test file under test/ with Node's runner.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== lint (biome)"
npx --no-install biome check .
echo "== typecheck (tsc)"
npx --no-install tsc -p tsconfig.json --noEmit
echo "== build (the CLI tests run the compiled bin)"
npm run --silent build
echo "== tests (node --test)"
mapfile -t files < <(find test -name '*.test.ts' | sort)
node --import tsx --test --test-reporter=spec --test-concurrency=2 "${files[@]}"
