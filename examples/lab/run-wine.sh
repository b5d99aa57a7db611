#!/usr/bin/env bash
# The lab example under Wine with a real backend (default native; `run-wine.sh koffi`):
# apply, apply again (must change nothing), undo, undo again (must have nothing to do),
# each through Windows Node (scripts/wine/run.sh) and checked from its JSON report.
# Needs scripts/wine/setup.sh done and `npx tsc -p .` built. Exit 0 when every check holds.
set -uo pipefail
BACKEND="${1:-native}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
source scripts/wine/env.sh
STATE="$(mktemp -d "${TMPDIR:-/tmp}/infkit-lab-wine.XXXXXX")"
trap 'rm -rf "$STATE"' EXIT
WSTATE="$(wine_path "$STATE")"
failed=0

# step NAME EXPECTED-EXIT CHECK-JS [apply options...]: CHECK-JS gets the report as `r`.
step() {
  local name="$1" want="$2" check="$3"
  shift 3
  NO_COLOR=1 scripts/wine/run.sh dist/cli/main.js apply examples/lab/lab.yaml --backend "$BACKEND" --state "$WSTATE" --json "$@" \
    >"$STATE/out.json" 2>"$STATE/err.txt"
  local rc=$?
  if [[ "$rc" != "$want" ]] || ! node -e "const r=JSON.parse(require('fs').readFileSync('$STATE/out.json','utf8')); if(!($check)) process.exit(1)"; then
    echo "FAIL $name ($BACKEND): exit $rc" >&2
    cat "$STATE/out.json" "$STATE/err.txt" >&2
    failed=1
  else
    echo "ok   $name ($BACKEND): $(node -e "console.log(JSON.stringify(JSON.parse(require('fs').readFileSync('$STATE/out.json','utf8')).summary))")"
  fi
}

step "dry run changes nothing"  0 "r.dryRun && r.summary.failed === 0" --dry-run
step "apply"                    0 "r.summary.failed === 0 && r.summary.changed > 0"
step "apply again: no changes"  0 "r.summary.changed === 0 && r.summary.failed === 0"
step "undo"                     0 "r.operation === 'undo' && r.summary.failed === 0" --undo
step "undo again: nothing"      0 "r.summary.total === 0" --undo
exit "$failed"
