#!/usr/bin/env bash
# The real-editor suite (test/e2e/): code-server + Chromium driven by playwright-core.
#
#   bash scripts/test-e2e.sh                               # every out/test/e2e/**/*.test.js
#   bash scripts/test-e2e.sh out/test/e2e/probe.test.js    # some files only
#   PW_E2E_LOAD=1 bash scripts/test-e2e.sh                 # with one core kept busy meanwhile
#
# Installs what is missing (scripts/setup-e2e.sh: apt chromium + libkrb5-dev, Node 24, code-server
# in .cache/), compiles with tsc (PW_E2E_NO_COMPILE=1 skips that when the caller just did), then runs
# the files one at a time (2 cores: one code-server + one browser at once). Screenshots and logs:
# test-results/e2e/. Exits non-zero on any failure.
#
# PW_E2E_LOAD=<n> (n >= 1) runs the tests under load: n busy loops (`node -e 'for(;;){}'`), pinned
# with taskset to cores 0..n-1 when taskset is there, start before the first test and are killed
# (by their own pids) when the run ends, however it ends. CI machines are busy; this makes "busy"
# reproducible. Their pids and cores are printed, and written to test-results/e2e/logs/load.txt.
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

# ---------------------------------------------------------------------------------------------
# Optional load: busy loops pinned to cores, stopped by pid on exit (never by name).
load_pids=()
test_pid=""
stop_load() {
  local pid
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${load_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${#load_pids[@]}" -gt 0 ]; then echo "test-e2e: load stopped (pids ${load_pids[*]})"; fi
  load_pids=()
}
# On INT/TERM the test runner (our child, by pid) is told to stop too; the harness then stops the
# code-server groups it started.
stop_all() {
  if [ -n "$test_pid" ]; then kill -TERM "$test_pid" 2>/dev/null || true; wait "$test_pid" 2>/dev/null || true; fi
  stop_load
}
trap stop_load EXIT
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
load="${PW_E2E_LOAD:-0}"
case "$load" in ''|*[!0-9]*) echo "test-e2e: PW_E2E_LOAD must be a number of busy cores, not '$load'" >&2; exit 2 ;; esac
if [ "$load" -gt 0 ]; then
  cores="$(nproc 2>/dev/null || echo 1)"
  mkdir -p test-results/e2e/logs
  for ((i = 0; i < load; i++)); do
    core=$((i % cores))
    if command -v taskset >/dev/null 2>&1; then
      taskset -c "$core" node -e 'for (;;) {}' &
    else
      core="any"
      node -e 'for (;;) {}' &
    fi
    load_pids+=("$!")
    echo "busy loop pid $! on core $core" | tee -a test-results/e2e/logs/load.txt
  done
  echo "test-e2e: under load: ${load} busy loop(s) of ${cores} core(s) (PW_E2E_LOAD=${load})"
fi

files=("$@")
if [ "${#files[@]}" -eq 0 ]; then files=('out/test/e2e/**/*.test.js'); fi

status=0
T0="$(date +%s)"
# In the background and waited for, so that INT/TERM reach the traps at once.
node --test --test-reporter=spec --test-concurrency=1 --test-timeout=600000 "${files[@]}" &
test_pid=$!
wait "$test_pid" || status=$?
test_pid=""
stop_load
echo "test-e2e: exit $status after $(($(date +%s) - T0))s$([ "$load" -gt 0 ] && echo " under load (PW_E2E_LOAD=$load)")"
echo "e2e artifacts (screenshots, logs): $(pwd)/test-results/e2e"
exit "$status"
