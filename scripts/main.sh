#!/usr/bin/env bash
# The project's main job (README: `npm start`): install what is missing, build the extension and the
# CLI, pack the .vsix, and estimate the examples' tokens and cost (no model is called).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node-env.sh
source scripts/node-env.sh
if ! npm ls --depth=0 >/dev/null 2>&1; then npm ci --no-audit --no-fund; fi
node scripts/package.mjs
echo
node dist/cli.mjs estimate examples
echo
echo "Extension: dist/prompt-workbench.vsix – install with: code --install-extension dist/prompt-workbench.vsix"
echo "CLI:       node dist/cli.mjs --help   (or npx prompt-workbench after npm link)"
