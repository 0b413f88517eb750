#!/usr/bin/env bash
# The real-editor suite (test/e2e/): code-server + Chromium driven by playwright-core.
#
#   bash scripts/test-e2e.sh                               # every out/test/e2e/**/*.test.js
#   bash scripts/test-e2e.sh out/test/e2e/probe.test.js    # some files only
#
# Installs what is missing (scripts/setup-e2e.sh: apt chromium + libkrb5-dev, Node 24, code-server
# in .cache/), compiles with tsc (PW_E2E_NO_COMPILE=1 skips that when the caller just did), then runs
# the files one at a time (2 cores: one code-server + one browser at once). Screenshots and logs:
# test-results/e2e/. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/node-env.sh
source scripts/node-env.sh
bash scripts/setup-e2e.sh

if [ "${PW_E2E_NO_COMPILE:-0}" != 1 ]; then
  npx tsc -p tsconfig.json
fi

# A fresh artifacts folder per run, so what is there belongs to this run.
rm -rf test-results/e2e
mkdir -p test-results/e2e

files=("$@")
if [ "${#files[@]}" -eq 0 ]; then files=('out/test/e2e/**/*.test.js'); fi

status=0
node --test --test-reporter=spec --test-concurrency=1 --test-timeout=600000 "${files[@]}" || status=$?
echo "e2e artifacts (screenshots, logs): $(pwd)/test-results/e2e"
exit "$status"
