#!/usr/bin/env bash
# Tags a release of the GitHub Action. dist/ is built, not committed, but the action runs the
# bundled CLI (dist/cli.mjs) and installs nothing at run time – so a release is a commit on top of
# HEAD that carries the CLI bundle, and the tag points at that commit (not on any branch).
#   bash scripts/release-action.sh v1.2.0
#   git push origin v1.2.0 && git tag -f v1 v1.2.0 && git push -f origin v1   # move the major tag
set -euo pipefail
tag="${1:?usage: bash scripts/release-action.sh <tag, e.g. v1.2.0>}"
cd "$(dirname "$0")/.."
# shellcheck source=scripts/node-env.sh
source scripts/node-env.sh
if [ -n "$(git status --porcelain)" ]; then
  echo "error: commit or stash your changes first: the release must be exactly HEAD plus dist/" >&2
  exit 2
fi
if git rev-parse --verify --quiet "refs/tags/$tag" >/dev/null; then
  echo "error: tag $tag exists already" >&2
  exit 2
fi
node scripts/build.mjs
work="$(mktemp -d)"
trap 'git worktree remove --force "$work" >/dev/null 2>&1 || rm -rf "$work"' EXIT
git worktree add --quiet --detach "$work" HEAD
mkdir -p "$work/dist/encodings"
# Only what the CLI needs: the launcher, the bundle, its lazily loaded tokenizer tables, licences.
cp dist/cli.mjs dist/cli-main.mjs dist/countWorker.cjs "$work/dist/"
cp dist/encodings/*.cjs "$work/dist/encodings/"
cp dist/cli-main*.LEGAL.txt "$work/dist/" 2>/dev/null || true
git -C "$work" add --force dist
git -C "$work" commit --quiet -m "Release $tag: the bundled CLI for the GitHub Action"
git tag "$tag" "$(git -C "$work" rev-parse HEAD)"
echo "Tagged $tag (HEAD + dist/). Push it: git push origin $tag"
