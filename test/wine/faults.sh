#!/usr/bin/env bash
# test/wine/faults.sh: faults during installs, under Wine (issue 6).
#
#   test/wine/faults.sh            (after scripts/wine/setup.sh and `npx tsc -p .`)
#
# For each backend (INFKIT_FAULTS_BACKENDS, default "native koffi"), on copies of the Wine
# prefix (the shared one is never touched), with the manifest test/wine/faults.yaml:
#   1. clean:        `infkit apply` once                       → registry A
#   2. interrupted:  `infkit apply`, killed (SIGKILL, then wineserver -k) once the journal
#                    records its first change, then its second; then `infkit apply` again
#                    → registry B
#                    B must equal A: an interrupted install, run again, converges.
#   3. undo:         on the clean prefix, `infkit apply --undo` → registry C
#                    C must equal the registry before step 1.
# Registries are the prefixes' system.reg, compared by test/wine/faults-reg.js without key
# timestamps and without the values Windows maintains (those a run that installs nothing
# changes, and a short list of known ones). Exit 0 when every check passed, 1 when any
# failed, 2 when Wine or the build is missing. Results: $INFKIT_WINE_RESULTS/faults-*.json.
# INFKIT_FAULTS_KEEP=1 keeps the prefixes, journals and reports (its $WORK) when a check fails,
# with the registry and journals each killed run left (cut*-killed.reg, cut*/killed-journals).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/wine/env.sh"
cd "$INFKIT_ROOT"

BACKENDS="${INFKIT_FAULTS_BACKENDS:-native koffi}"
RESULTS="${INFKIT_WINE_RESULTS:-$INFKIT_ROOT/.wine/results}"
MANIFEST="$INFKIT_ROOT/test/wine/faults.yaml"
RUN="$INFKIT_ROOT/scripts/wine/run.sh"
REG="$INFKIT_ROOT/test/wine/faults-reg.js"
SOURCE_PREFIX="$INFKIT_WINEPREFIX"

say() { printf '[faults] %s\n' "$*" >&2; }
# in_prefix DIR COMMAND...: COMMAND with Wine (and run.sh, which reads INFKIT_WINEPREFIX) on prefix DIR.
in_prefix() {
  local prefix="$1"
  shift
  INFKIT_WINEPREFIX="$prefix" WINEPREFIX="$prefix" "$@"
}
[[ -f "$INFKIT_WINE_READY" ]] || { say "the Wine prefix is not set up: run scripts/wine/setup.sh"; exit 2; }
[[ -f dist/cli/main.js ]] || { say "dist/ is not built: run npx tsc -p ."; exit 2; }

failures=0
WORK="$(mktemp -d "${TMPDIR:-/tmp}/infkit-faults.XXXXXX")"
cleanup() {
  for p in "$WORK"/base "$WORK"/*/prefix; do [[ -d "$p" ]] && in_prefix "$p" wineserver -k >/dev/null 2>&1; done
  if ((failures > 0)) && [[ "${INFKIT_FAULTS_KEEP:-}" == 1 ]]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
mkdir -p "$RESULTS"

# A settled copy of the shared prefix, from which every scenario starts.
say "copying the prefix"
cp -a "$SOURCE_PREFIX" "$WORK/base" || exit 2
rm -f "$WORK/base"/wineserver* 2>/dev/null
in_prefix "$WORK/base" "$RUN" --eval 0 >/dev/null 2>&1
in_prefix "$WORK/base" wineserver -w

fail() {
  say "FAIL: $*"
  failures=$((failures + 1))
}

# new_machine NAME: a fresh copy of the base prefix, with its own infkit state directory.
new_machine() {
  mkdir -p "$WORK/$1/state"
  cp -a "$WORK/base" "$WORK/$1/prefix"
}

# infkit NAME ARGS...: the CLI under Windows Node in machine NAME; JSON report in NAME/last.json.
infkit() {
  local name="$1"
  shift
  in_prefix "$WORK/$name/prefix" "$RUN" dist/cli/main.js "$@" --json --backend "$BACKEND" --state "$(wine_path "$WORK/$name/state")" \
    >"$WORK/$name/last.json" 2>"$WORK/$name/last.err"
}

# snapshot NAME FILE: the machine's system.reg once Wine has written it out.
snapshot() {
  in_prefix "$WORK/$1/prefix" wineserver -w
  cp "$WORK/$1/prefix/system.reg" "$2"
}

# done_count NAME: how many changes the machine's journal records as done. Bash builtins
# only (no cat/grep per poll), so that the kill below lands right after the wanted change.
done_count() {
  local file text marks=''
  for file in "$WORK/$1"/state/journals/*.json; do
    [[ -f "$file" ]] || continue
    IFS= read -r -d '' text <"$file"
    text="${text//\"status\": \"done\"/$'\x01'}"
    marks+="${text//[^$'\x01']/}"
  done
  echo "${#marks}"
}

# windows_processes PID: the pids of the Wine processes under the shell PID (the Windows Node
# process run.sh starts), found once while the run starts up so that the kill below is one
# builtin `kill` (looking them up then, or `wineserver -k` alone, lets the run make a few
# more changes first).
windows_processes() {
  local child
  for child in $(pgrep -P "$1"); do
    windows_processes "$child"
    [[ "$(ps -o comm= -p "$child" 2>/dev/null)" == bash ]] || echo "$child"
  done
}

# compare WHAT EXPECTED ACTUAL: the registries must match, apart from what Windows maintains.
compare() {
  local out="$RESULTS/faults-$BACKEND-$1.json"
  if node "$REG" diff "$2" "$3" --noise "$WORK/noise-before.reg" "$WORK/noise-after.reg" >"$out"; then
    say "ok: $1"
  else
    fail "$1 (backend $BACKEND): the registries differ; see $out"
    head -c 2000 "$out" >&2
  fi
}

# What a run that installs nothing changes: Windows' own bookkeeping, left out of every comparison.
new_machine noise
snapshot noise "$WORK/noise-before.reg"
in_prefix "$WORK/noise/prefix" "$RUN" --eval 0 >/dev/null 2>&1
in_prefix "$WORK/noise/prefix" "$RUN" dist/cli/main.js classes --json >/dev/null 2>&1
snapshot noise "$WORK/noise-after.reg"

for BACKEND in $BACKENDS; do
  say "backend $BACKEND"
  rm -rf "$WORK/clean" "$WORK"/cut*

  # 1. A clean install.
  new_machine clean
  snapshot clean "$WORK/before.reg"
  if ! infkit clean apply "$MANIFEST"; then
    fail "clean apply (backend $BACKEND) failed: $(head -c 1500 "$WORK/clean/last.json") $(head -c 500 "$WORK/clean/last.err")"
    continue
  fi
  snapshot clean "$WORK/clean.reg"

  # 2. Installs interrupted after the first and after the second change, then run again.
  interrupted=0
  for cut in 1 2; do
    name="cut$cut"
    new_machine "$name"
    infkit "$name" apply "$MANIFEST" &
    pid=$!
    victims=''
    for _ in $(seq 1 3000); do
      [[ -n "$victims" ]] || victims="$(windows_processes "$pid")"
      (($(done_count "$name") >= cut)) && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.005
    done
    # shellcheck disable=SC2086 # one pid per word
    [[ -n "$victims" ]] && kill -KILL $victims 2>/dev/null
    in_prefix "$WORK/$name/prefix" wineserver -k >/dev/null 2>&1
    wait "$pid"
    if [[ "${INFKIT_FAULTS_KEEP:-}" == 1 ]]; then # what the killed run left, for a failure's post-mortem
      snapshot "$name" "$WORK/$name-killed.reg"
      cp -r "$WORK/$name/state/journals" "$WORK/$name/killed-journals"
    fi
    # A killed Windows process still exits 0 through wine: a finished run is known by its report.
    if grep -q '"summary"' "$WORK/$name/last.json"; then
      say "warning: the apply meant to be cut after $cut change(s) (backend $BACKEND) finished first"
      continue
    fi
    interrupted=$((interrupted + 1))
    say "interrupted after $(done_count "$name") change(s); running apply again"
    if ! infkit "$name" apply "$MANIFEST"; then
      fail "apply after an interruption (backend $BACKEND, cut $cut) failed: $(head -c 1500 "$WORK/$name/last.json")"
      continue
    fi
    snapshot "$name" "$WORK/$name.reg"
    compare "interrupted-after-$cut-then-rerun-vs-clean" "$WORK/clean.reg" "$WORK/$name.reg"
  done
  ((interrupted > 0)) || fail "no apply could be interrupted part-way (backend $BACKEND): nothing was tested"

  # 3. Undo returns the registry to what it was.
  if ! infkit clean apply "$MANIFEST" --undo; then
    fail "apply --undo (backend $BACKEND) failed: $(head -c 1500 "$WORK/clean/last.json")"
    continue
  fi
  snapshot clean "$WORK/undone.reg"
  compare "undo-vs-before" "$WORK/before.reg" "$WORK/undone.reg"
done

if ((failures > 0)); then
  say "$failures check(s) failed"
  exit 1
fi
say "all checks passed"
