#!/usr/bin/env bash
# The Windows tier's body, shared by the Wine run (scripts/wine/test.sh) and the Windows runner
# (.github/workflows/windows.yml → scripts/windows-tier.sh). Sourced with these set:
#   INFKIT_ROOT  the project root (the working directory)
#   RUN          runs a JS file under Windows Node: `$RUN script.js args...`
#   RESULTS      the results directory (created empty)
#   BACKENDS     the backends to run, e.g. "native koffi"
#   TIER         a label for the log ("wine" or "windows")
# For each backend, inside Windows Node: the contract suite; the effects scenario, checked
# through a second path (test/wine/verify.ts: the registry through reg.exe, the machine's
# files), then its cleanup, checked again; then the backend's own checks
# (test/wine/<backend>-checks.ts) when it has them. summary.txt sums everything up.
# Exits non-zero when anything failed or could not run: it never skips silently.
# Source it for log/fatal, then call tier_run.

started=${started:-$SECONDS}

log() { printf '[%s-tier %3ss] %s\n' "$TIER" "$((SECONDS - started))" "$*" >&2; }
fatal() {
  printf '[%s-tier] FATAL: %s\n' "$TIER" "$*" >&2
  printf 'FATAL: %s\n' "$*" >"$RESULTS/summary.txt"
  exit 1
}

tier_run() {
  failures=()
  log "building the library and the contract suite"
  # Type errors are the build's business (npm run build); here only the emitted JS matters.
  npx tsc -p . >"$RESULTS/tsc-lib.log" 2>&1 || log "tsc -p . reported errors (see $RESULTS/tsc-lib.log); continuing with what it emitted"
  # The bin script as npm run build makes it (the scripts below run dist/cli/main.js).
  node scripts/build-cli.js >"$RESULTS/build-cli.log" 2>&1 || fatal "the command line did not bundle (see $RESULTS/build-cli.log)"
  npx tsc -p test/wine >"$RESULTS/tsc-test.log" 2>&1 || log "tsc -p test/wine reported errors (see $RESULTS/tsc-test.log)"
  for f in dist/backend/native.js dist-test/test/wine/contract.js dist-test/test/wine/effects.js dist-test/test/wine/verify.js; do
    [[ -f "$f" ]] || fatal "$f was not built (see $RESULTS/tsc-*.log)"
  done

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

    if [[ -f "dist-test/test/wine/$backend-checks.js" ]]; then
      log "$backend: backend checks"
      "$RUN" "dist-test/test/wine/$backend-checks.js" --out "$RESULTS/checks-$backend.json" \
        >"$RESULTS/checks-$backend.log" 2>&1 || failures+=("$backend: backend checks")
    fi
  done

  # Steps only one tier has (the Wine tier: the lab example end to end with the native backend).
  if declare -F tier_extra >/dev/null; then tier_extra; fi

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
  const k = read(`checks-${b}.json`);
  if (k) console.log(`== ${b}: backend checks\n${k.text}`);
  for (const f of [`verify-${b}.json`, `verify-cleanup-${b}.json`]) {
    const v = read(f);
    console.log(`== ${b}: second path (${f.replace('.json', '')})`);
    for (const ch of v?.checks ?? []) console.log(`${ch.ok ? 'ok  ' : 'FAIL'} ${ch.name}${ch.ok ? '' : '  ' + ch.detail}`);
  }
}
NODE
  cat "$RESULTS/summary.txt"
  for f in "$RESULTS"/extra-*.log; do [[ -f "$f" ]] && { echo "== $(basename "$f" .log)"; cat "$f"; }; done
  log "done in $((SECONDS - started)) s; results in $RESULTS"
  if ((${#failures[@]})); then
    printf '[%s-tier] FAILED:\n' "$TIER" >&2
    printf '  - %s\n' "${failures[@]}" >&2
    exit 1
  fi
  log "all passed"
}
