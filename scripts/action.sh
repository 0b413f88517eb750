#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml at the repository root), one subcommand each, so the
# whole flow runs – and is tested – outside GitHub too:
#   bash scripts/action.sh setup|eval|compare|comment|verdict
# Inputs arrive as PW_* environment variables (never interpolated into a script, so a branch name
# or a path cannot inject shell). The CLI is the bundled dist/cli.mjs next to this script's folder:
# nothing is installed at run time.
set -uo pipefail
set -f # paths and globs go to the CLI as written; the CLI expands them itself

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
cli="$action_path/dist/cli.mjs"
out="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/prompt-workbench"

output() { echo "$1=$2" >>"${GITHUB_OUTPUT:-/dev/null}"; }

# dist/cli.mjs's first line sets V8's memory flags (#!/usr/bin/env -S node <flags>), which
# `node "$cli"` alone would skip: the CLI runs here with them, as through its bin.
cli_flags="$(head -n 1 "$cli" 2>/dev/null | sed -n 's/^#!.* node //p')"
pw() {
  # shellcheck disable=SC2086 # the flags split on whitespace; globbing is off (set -f)
  node $cli_flags "$cli" "$@"
}

# The options eval and compare share: which models, how many repeats, anything extra.
run_options() {
  [ -n "${PW_MODELS:-}" ] && opts+=(--models "$PW_MODELS")
  [ -n "${PW_REPEAT:-}" ] && opts+=(--repeat "$PW_REPEAT")
  # shellcheck disable=SC2206 # split on whitespace on purpose; globbing is off (set -f)
  [ -n "${PW_ARGS:-}" ] && opts+=($PW_ARGS)
  return 0
}

setup() {
  if [ ! -f "$cli" ]; then
    echo "::error title=Prompt Workbench::$cli is missing. The action runs the bundled CLI, which only release tags carry (e.g. uses: <owner>/prompt-workbench@v1); a branch has no dist/. See the README's \"GitHub Action\" section."
    exit 2
  fi
  mkdir -p "$out/runs"
  rm -f "$out/eval.exit" "$out/compare.exit" "$out/eval.md" "$out/compare.md"
  local major name
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  name="${PW_ARTIFACT_NAME:-prompt-workbench-runs}"
  [ -n "${PW_SHARD:-}" ] && name="$name-${PW_SHARD//\//-of-}"
  output cli "$cli"
  # For later steps: the CLI with its flags, its path quoted for the shell (run: <command> merge …).
  output command "node $cli_flags $(printf '%q' "$cli")"
  output out "$out"
  output artifact-name "$name"
  output node-ok "$([ "$major" -ge 22 ] && echo true || echo false)"
}

evaluate() {
  local opts=()
  run_options
  [ -n "${PW_FAIL_UNDER:-}" ] && opts+=(--fail-under "$PW_FAIL_UNDER")
  [ -n "${PW_MIN_CASE_PASS_RATE:-}" ] && opts+=(--min-case-pass-rate "$PW_MIN_CASE_PASS_RATE")
  [ -n "${PW_SHARD:-}" ] && opts+=(--shard "$PW_SHARD")
  # shellcheck disable=SC2086 # several paths, split on whitespace; globbing is off (set -f)
  pw eval $PW_PATHS "${opts[@]}" --results-dir "$out/runs" --junit "$out/junit.xml" --markdown "$out/eval.md" --summary
  finish eval $?
}

compare() {
  local rev="${PW_BASE_REF:-}" opts=()
  if [ -z "$rev" ]; then
    echo "No base to compare with (base-ref is empty): comparison skipped."
    return 0
  fi
  # actions/checkout fetches one commit; the base has to be fetched to be read.
  if ! git rev-parse --verify --quiet "$rev^{commit}" >/dev/null; then
    git fetch --no-tags --depth=1 origin "$rev" && rev="$(git rev-parse FETCH_HEAD)"
  fi
  run_options
  [ "${PW_FAIL_ON_REGRESSION:-true}" = "true" ] && opts+=(--fail-on-regression)
  # shellcheck disable=SC2086
  pw compare --base-rev "$rev" $PW_PATHS "${opts[@]}" --alpha "${PW_ALPHA:-0.05}" --no-record --markdown "$out/compare.md" --summary
  finish compare $?
}

# A step's exit code is kept for the verdict; the step itself succeeds, so the summary, the
# artifact and the comment still happen when evals fail.
finish() {
  echo "$2" >"$out/$1.exit"
  output exit-code "$2"
  [ "$1" = compare ] && output regression "$([ "$2" = 1 ] && echo true || echo false)"
  return 0
}

comment() {
  local files=()
  for name in compare eval; do [ -f "$out/$name.md" ] && files+=("$out/$name.md"); done
  if [ "${#files[@]}" = 0 ]; then
    echo "No summary to post."
    return 0
  fi
  pw comment "${files[@]}" ||
    echo "::warning title=Prompt Workbench::the pull-request comment could not be posted (see above; a fork's token is read-only); the job summary has the same text"
  return 0
}

# The job fails with the worst exit code of eval and compare: 130 interrupted > 2 bad input > 1 failed.
verdict() {
  local worst=0 code
  for name in eval compare; do
    [ -f "$out/$name.exit" ] || continue
    code="$(cat "$out/$name.exit")"
    [ "$code" -gt "$worst" ] && worst="$code"
  done
  output exit-code "$worst"
  exit "$worst"
}

case "${1:-}" in
  setup) setup ;;
  eval) evaluate ;;
  compare) compare ;;
  comment) comment ;;
  verdict) verdict ;;
  *)
    echo "usage: scripts/action.sh setup|eval|compare|comment|verdict" >&2
    exit 2
    ;;
esac
