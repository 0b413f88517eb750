#!/usr/bin/env bash
# The project's one test command (README: `npm test`; .ci/run calls exactly that).
# On a fresh machine it installs what is missing (Node 24 when the machine's is older than 22,
# npm packages, and for the real-editor suite Chromium and code-server), builds, runs the unit and
# integration tests, then the real-editor suite. Exits non-zero if anything failed.
#   PW_SKIP_E2E=1 npm test   – skip the real-editor suite (it needs apt and a few minutes)
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node-env.sh
source scripts/node-env.sh || { echo "could not set up Node >= 22" >&2; exit 1; }
echo "== node $(node --version), npm $(npm --version)"

if ! npm ls --depth=0 >/dev/null 2>&1; then
  echo "== npm ci"
  npm ci --no-audit --no-fund || exit 1
fi

echo "== build"
node scripts/build.mjs || exit 1
npx tsc -p tsconfig.json || exit 1
if [ -f webview/tsconfig.json ]; then npx tsc -p webview/tsconfig.json --noEmit || exit 1; fi

status=0
echo "== lint (eslint, prettier, import cycles)"
npm run --silent lint || status=1

echo "== unit and integration tests"
node --test --test-reporter=spec 'out/test/unit/**/*.test.js' || status=1

if [ "${PW_SKIP_E2E:-0}" != "1" ]; then
  echo "== real-editor tests (code-server + Chromium)"
  bash scripts/test-e2e.sh || status=1
fi
exit $status
