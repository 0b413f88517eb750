#!/usr/bin/env bash
# The project's main job (README: `npm start`): install what is missing, build the extension (.vsix)
# and the CLI, then run `prompt-workbench eval examples/`:
#   - with OPENAI_API_KEY (and optionally OPENAI_BASE_URL) set: against that endpoint – real models,
#     real cost (the estimate is printed first);
#   - without: against the local OpenAI-compatible test server, which answers from
#     test/fixtures/example-replies.json – canned answers, not a model – so everything can be seen
#     working offline. Some cases fail on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node-env.sh
source scripts/node-env.sh
if ! npm ls --depth=0 >/dev/null 2>&1; then npm ci --no-audit --no-fund; fi
node scripts/package.mjs
npx tsc -p tsconfig.json

echo
(cd examples && node ../dist/cli.mjs estimate .)

server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; true; }
trap cleanup EXIT
if [ -z "${OPENAI_API_KEY:-}" ]; then
  log="$(mktemp)"
  node out/test/support/openaiServerMain.js --port 0 --rules test/fixtures/example-replies.json >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 50); do grep -q '"url"' "$log" && break; sleep 0.1; done
  OPENAI_BASE_URL="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]).url)' "$log")"
  export OPENAI_BASE_URL OPENAI_API_KEY=local-test-server
  echo
  echo "No OPENAI_API_KEY set: running the examples against the local test server at $OPENAI_BASE_URL"
  echo "(canned answers from test/fixtures/example-replies.json, not a real model; some cases fail on purpose)."
else
  echo
  echo "Running the examples against ${OPENAI_BASE_URL:-https://api.openai.com/v1}"
fi
status=0
(cd examples && node ../dist/cli.mjs eval .) || status=$?

echo
echo "Extension: dist/prompt-workbench.vsix – install with: code --install-extension dist/prompt-workbench.vsix"
echo "CLI:       node dist/cli.mjs --help"
# Exit 1 only means some cases failed, which the demo data intends; anything else is a real error.
[ "$status" -le 1 ] || exit "$status"
