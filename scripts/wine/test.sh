#!/usr/bin/env bash
# npm run test:wine: the Windows tier, for real, under Wine. In order:
#   1. setup.sh (Wine, mingw-w64, Windows Node, a Windows 10 prefix)
#   2. the addon (scripts/build-win.sh x64) when native/ is newer than the prebuild
#   3. the library (tsc -p .) and the contract suite + Wine scripts (tsc -p test/wine)
#   4. for each backend (INFKIT_WINE_BACKENDS, default "native koffi"), inside Windows Node:
#      the contract suite, then the effects scenario, checked from Linux through Wine's
#      registry and the prefix's files (test/wine/verify.ts), then its cleanup, checked again.
# Results go to $INFKIT_WINE_RESULTS (default .wine/results); summary.txt sums them up.
# Exits non-zero when anything failed, and when Wine could not run at all: never skips silently.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$INFKIT_ROOT"

RESULTS="${INFKIT_WINE_RESULTS:-$INFKIT_ROOT/.wine/results}"
BACKENDS="${INFKIT_WINE_BACKENDS:-native koffi}"
RUN="$INFKIT_ROOT/scripts/wine/run.sh"
started=$SECONDS
failures=()

log() { printf '[wine-test %3ss] %s\n' "$((SECONDS - started))" "$*" >&2; }
fatal() {
  printf '[wine-test] FATAL: %s\n' "$*" >&2
  printf 'FATAL: %s\n' "$*" >"$RESULTS/summary.txt"
  exit 1
}

rm -rf "$RESULTS" && mkdir -p "$RESULTS"

log "setup"
"$INFKIT_ROOT/scripts/wine/setup.sh" || fatal "Wine setup failed: the Wine tier could not run"

prebuild="prebuilds/win32-x64/infkit.node"
if [[ ! -f "$prebuild" ]] || [[ -n "$(find native binding.gyp scripts/build-win.sh -newer "$prebuild" -print -quit 2>/dev/null)" ]]; then
  log "building the addon"
  "$INFKIT_ROOT/scripts/build-win.sh" x64 || fatal "the addon did not build"
fi

log "building the library and the contract suite"
# Type errors are the build's business (npm run build); here only the emitted JS matters.
npx tsc -p . >"$RESULTS/tsc-lib.log" 2>&1 || log "tsc -p . reported errors (see $RESULTS/tsc-lib.log); continuing with what it emitted"
npx tsc -p test/wine >"$RESULTS/tsc-test.log" 2>&1 || log "tsc -p test/wine reported errors (see $RESULTS/tsc-test.log)"
for f in dist/backend/native.js dist-test/test/wine/contract.js dist-test/test/wine/effects.js dist-test/test/wine/verify.js; do
  [[ -f "$f" ]] || fatal "$f was not built (see $RESULTS/tsc-*.log)"
done

# Under Wine the registry and the device tree are the prefix's: start each run from a clean slate
# of the effects (an interrupted earlier run may have left them).
for backend in $BACKENDS; do
  log "$backend: contract suite"
  "$RUN" dist-test/test/wine/contract.js --backend "$backend" --out "$RESULTS/contract-$backend.json" \
    >"$RESULTS/contract-$backend.log" 2>&1
  rc=$?
  [[ -f "$RESULTS/contract-$backend.json" ]] || fatal "$backend: Windows Node wrote no results (exit $rc): $(tail -5 "$RESULTS/contract-$backend.log")"
  ((rc == 0)) || failures+=("$backend: contract suite (exit $rc)")

  log "$backend: effects scenario"
  "$RUN" dist-test/test/wine/effects.js --backend "$backend" --phase apply --out "$RESULTS/effects-$backend.json" \
    >"$RESULTS/effects-$backend.log" 2>&1 || failures+=("$backend: effects scenario")
  [[ -f "$RESULTS/effects-$backend.json" ]] || fatal "$backend: the effects scenario wrote nothing: $(tail -5 "$RESULTS/effects-$backend.log")"
  node dist-test/test/wine/verify.js --phase apply --state "$RESULTS/effects-$backend.json" \
    --out "$RESULTS/verify-$backend.json" || failures+=("$backend: Wine's registry/files after the scenario")
  "$RUN" dist-test/test/wine/effects.js --backend "$backend" --phase cleanup --state "$RESULTS/effects-$backend.json" \
    --out "$RESULTS/cleanup-$backend.json" >"$RESULTS/cleanup-$backend.log" 2>&1 || failures+=("$backend: cleanup")
  node dist-test/test/wine/verify.js --phase cleanup --state "$RESULTS/effects-$backend.json" \
    --out "$RESULTS/verify-cleanup-$backend.json" || failures+=("$backend: Wine's registry/files after the cleanup")
done

node - "$RESULTS" $BACKENDS >"$RESULTS/summary.txt" <<'NODE'
const fs = require('node:fs');
const path = require('node:path');
const [dir, ...backends] = process.argv.slice(2);
const read = (f) => { try { return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); } catch { return null; } };
for (const b of backends) {
  const c = read(`contract-${b}.json`);
  console.log(`== ${b}: contract suite ${c?.info ? `(${c.info.wineVersion ? 'Wine ' + c.info.wineVersion : 'Windows'}, ${c.info.osVersion}, ${c.ms} ms)` : ''}`);
  console.log(c?.text ?? `  not run: ${c?.error ?? 'no results'}`);
  for (const f of [`effects-${b}.json`, `cleanup-${b}.json`]) {
    const s = read(f);
    console.log(`== ${b}: ${f.replace('.json', '')}`);
    for (const st of s?.steps ?? []) console.log(`${st.ok ? 'ok  ' : 'FAIL'} ${st.name}${st.ok ? '' : '  ' + JSON.stringify(st.error ?? st.detail)}`);
  }
  for (const f of [`verify-${b}.json`, `verify-cleanup-${b}.json`]) {
    const v = read(f);
    console.log(`== ${b}: second path (${f.replace('.json', '')})`);
    for (const ch of v?.checks ?? []) console.log(`${ch.ok ? 'ok  ' : 'FAIL'} ${ch.name}${ch.ok ? '' : '  ' + ch.detail}`);
  }
}
NODE
cat "$RESULTS/summary.txt"
log "done in $((SECONDS - started)) s; results in $RESULTS"
if ((${#failures[@]})); then
  printf '[wine-test] FAILED:\n' >&2
  printf '  - %s\n' "${failures[@]}" >&2
  exit 1
fi
log "all passed"
