#!/usr/bin/env bash
# run.sh SCRIPT.js [args...]   or   run.sh --eval 'code'
# Runs a script under Windows Node in the Wine prefix. Under Wine, Node's stdio fails with
# EBADF when it is a pipe, so stdin comes from /dev/null and stdout/stderr go to files,
# which are printed afterwards (stdout to stdout, stderr to stderr). Exits with Node's code.
# Paths to the script are converted to Z:\...; the working directory is kept, so relative
# imports of dist/ and node_modules/ resolve through Wine's Z: drive.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if (($# == 0)); then
  echo "usage: run.sh SCRIPT.js [args...] | run.sh --eval CODE" >&2
  exit 2
fi
if [[ ! -f "$INFKIT_WINE_NODE" ]]; then
  echo "[wine-run] Windows Node is missing ($INFKIT_WINE_NODE): run scripts/wine/setup.sh" >&2
  exit 2
fi

args=()
if [[ "$1" == "--eval" || "$1" == "-e" ]]; then
  args=(--eval "${2:?--eval needs code}")
  shift 2
else
  [[ -f "$1" ]] || { echo "[wine-run] no such script: $1" >&2; exit 2; }
  args=("$(wine_path "$1")")
  shift
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/infkit-wine-run.XXXXXX")"
trap 'rm -rf "$out"' EXIT
wine "$INFKIT_WINE_NODE" "${args[@]}" "$@" </dev/null >"$out/stdout" 2>"$out/stderr"
rc=$?
cat "$out/stdout"
cat "$out/stderr" >&2
exit "$rc"
